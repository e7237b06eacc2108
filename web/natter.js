/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * The web chat page: an IRC client over a WebSocket (IRCv3
 * text.ircv3.net: one IRC line per text frame), so a person in a
 * browser is an ordinary IRC user, in the same rooms as IRC clients and
 * people on nc.  Plain JavaScript, nothing loaded from elsewhere.
 *
 * State: one view per channel and per private conversation, each with
 * its lines; the current view's members beside it.  What the server
 * says goes through handle(); what the person types through say().
 */

"use strict";

(function () {
	const CAPS = ["server-time", "echo-message", "multi-prefix",
	    "away-notify", "message-tags"];
	const MAX_LINES = 1000;		/* kept per view */

	const $ = (id) => document.getElementById(id);
	let ws = null;
	let me = "";
	let registered = false;
	let away = false;
	let wantRoom = "";
	let chanTypes = "#";
	let prefixModes = { "@": "o", "+": "v" };
	const views = new Map();	/* folded name -> view */
	let current = null;
	let listing = [];
	let offered = [];		/* capabilities, across CAP LS lines */
	/*
	 * Connecting again after the server went away (a restart, a
	 * network break): not after /quit.  The wait doubles from 1 s to
	 * RETRY_MAX s; the rooms joined are joined again.
	 */
	const RETRY_MAX = 60;
	let quitting = false;
	let retries = 0;
	let rejoin = [];

	/* rfc1459 case mapping, as the server's CASEMAPPING says. */
	function fold(s) {
		return s.toLowerCase().replace(/\[/g, "{").replace(/\]/g, "}")
		    .replace(/\\/g, "|").replace(/~/g, "^");
	}

	function isChannel(name) {
		return name.length > 0 && chanTypes.includes(name[0]);
	}

	/* Parse "@tags :prefix COMMAND params :trailing". */
	function parse(line) {
		const m = { tags: {}, prefix: "", nick: "", command: "",
		    params: [] };
		let rest = line;

		if (rest.startsWith("@")) {
			const sp = rest.indexOf(" ");
			for (const t of rest.slice(1, sp < 0 ? undefined : sp)
			    .split(";")) {
				const eq = t.indexOf("=");
				if (eq < 0)
					m.tags[t] = "";
				else
					m.tags[t.slice(0, eq)] = unescapeTag(
					    t.slice(eq + 1));
			}
			rest = sp < 0 ? "" : rest.slice(sp + 1).trimStart();
		}
		if (rest.startsWith(":")) {
			const sp = rest.indexOf(" ");
			m.prefix = rest.slice(1, sp < 0 ? undefined : sp);
			m.nick = m.prefix.split("!")[0];
			rest = sp < 0 ? "" : rest.slice(sp + 1).trimStart();
		}
		while (rest.length > 0) {
			if (rest.startsWith(":") && m.command !== "") {
				m.params.push(rest.slice(1));
				break;
			}
			const sp = rest.indexOf(" ");
			const word = sp < 0 ? rest : rest.slice(0, sp);
			if (m.command === "")
				m.command = word.toUpperCase();
			else
				m.params.push(word);
			rest = sp < 0 ? "" : rest.slice(sp + 1).trimStart();
		}
		return m;
	}

	function unescapeTag(v) {
		return v.replace(/\\(.)/g, (all, c) =>
		    ({ ":": ";", s: " ", r: "\r", n: "\n", "\\": "\\" })[c] ??
		    c);
	}

	function send(line) {
		if (ws !== null && ws.readyState === WebSocket.OPEN)
			ws.send(line);
	}

	/* A view: a channel or a private conversation. */
	function view(name, create) {
		const key = fold(name);
		let v = views.get(key);

		if (v === undefined && create) {
			v = { name: name, key: key, channel: isChannel(name),
			    lines: [], members: new Map(), topic: "",
			    unread: false, joined: false };
			views.set(key, v);
			drawViews();
		}
		return v;
	}

	function stamp(m) {
		const d = m !== undefined && m.tags.time !== undefined ?
		    new Date(m.tags.time) : new Date();
		return isNaN(d) ? new Date() : d;
	}

	/* Add a line to view v; kind is "msg", "action", "event", "error". */
	function addLine(v, when, kind, nick, text) {
		if (v === null || v === undefined)
			v = current !== null ? current : serverView();
		v.lines.push({ when: when, kind: kind, nick: nick,
		    text: text });
		if (v.lines.length > MAX_LINES)
			v.lines.shift();
		if (v === current)
			drawLine(v.lines[v.lines.length - 1], true);
		else if (kind === "msg" || kind === "action") {
			v.unread = true;
			drawViews();
		}
	}

	function serverView() {
		return view("*server*", true);
	}

	function show(v) {
		current = v;
		v.unread = false;
		$("title").textContent = v.channel ? v.name :
		    v.name === "*server*" ? "natter" : v.name;
		$("topic").textContent = v.topic;
		$("topic").title = v.topic;
		$("leave").hidden = v.name === "*server*";
		$("leave").textContent = v.channel ? "Leave" : "Close";
		$("leave").title = v.channel ? "Leave " + v.name :
		    "Close this conversation";
		$("chat").classList.toggle("solo", !v.channel);
		$("toggle-members").hidden = !v.channel;
		$("log").replaceChildren();
		for (const l of v.lines)
			drawLine(l, false);
		$("log").scrollTop = $("log").scrollHeight;
		drawViews();
		drawMembers();
		closePanels();
	}

	function drawLine(l, scroll) {
		const log = $("log");
		const atEnd = log.scrollTop + log.clientHeight >=
		    log.scrollHeight - 8;
		const p = document.createElement("p");
		const t = document.createElement("time");

		t.dateTime = l.when.toISOString();
		t.textContent = l.when.toLocaleTimeString([], {
		    hour: "2-digit", minute: "2-digit" });
		p.append(t);
		if (l.kind === "msg") {
			const n = document.createElement("span");
			n.className = "nick";
			n.textContent = l.nick + ": ";
			p.append(n, l.text);
		} else if (l.kind === "action") {
			p.className = "action";
			p.append("* " + l.nick + " " + l.text);
		} else {
			p.className = l.kind;
			p.append(l.text);
		}
		log.append(p);
		if (scroll && atEnd)
			log.scrollTop = log.scrollHeight;
	}

	function drawViews() {
		const rooms = $("room-list"), queries = $("query-list");

		rooms.replaceChildren();
		queries.replaceChildren();
		for (const v of views.values()) {
			if (v.name === "*server*")
				continue;
			const li = document.createElement("li");
			const b = document.createElement("button");
			b.type = "button";
			b.textContent = v.name;
			b.setAttribute("aria-current", v === current ?
			    "true" : "false");
			if (v.unread)
				b.classList.add("unread");
			b.addEventListener("click", () => {
				show(v);
				$("say").focus();
			});
			li.append(b);
			(v.channel ? rooms : queries).append(li);
		}
		$("me").textContent = me;
		$("away-state").textContent = away ? "(away)" : "";
	}

	function drawMembers() {
		const ul = $("member-list");
		const v = current;

		ul.replaceChildren();
		$("members").hidden = v === null || !v.channel;
		if (v === null || !v.channel)
			return;
		const rank = (p) => p.includes("@") ? 0 : p.includes("+") ?
		    1 : 2;
		const list = [...v.members.entries()].sort((a, b) =>
		    rank(a[1].prefix) - rank(b[1].prefix) ||
		    fold(a[0]).localeCompare(fold(b[0])));
		for (const [nick, m] of list) {
			const li = document.createElement("li");
			const b = document.createElement("button");
			b.type = "button";
			b.textContent = (m.prefix[0] || "") + nick +
			    (m.away ? " (away)" : "");
			b.title = "Talk privately with " + nick;
			b.addEventListener("click", () => {
				show(view(nick, true));
				$("say").focus();
			});
			li.append(b);
			ul.append(li);
		}
	}

	function closePanels() {
		for (const id of ["views", "members"]) {
			$(id).classList.remove("open");
			$("toggle-" + id).setAttribute("aria-expanded", "false");
		}
	}

	/* Join a room, or show it if we are in it already. */
	function join(name) {
		const v = view(name, false);

		if (v !== undefined && v.joined)
			show(v);
		else
			send("JOIN " + name);
	}

	/* Leave the room shown, or close the private conversation. */
	function leave(why) {
		const v = current;

		if (v === null || v.name === "*server*")
			return;
		if (v.channel && v.joined)
			send("PART " + v.name + (why ? " :" + why : ""));
		else {
			views.delete(v.key);
			show(serverView());
		}
	}

	/* Split "@+nick" into prefix and nick, as PREFIX says. */
	function splitPrefix(s) {
		let i = 0;

		while (i < s.length && prefixModes[s[i]] !== undefined)
			i++;
		return [s.slice(0, i), s.slice(i)];
	}

	/* The views a user is in (for quits, nick changes, away). */
	function viewsOf(nick) {
		const out = [];

		for (const v of views.values()) {
			if (v.members.has(nick))
				out.push(v);
			else if (!v.channel && fold(v.name) === fold(nick))
				out.push(v);
		}
		return out;
	}

	function memberKey(v, nick) {
		for (const k of v.members.keys())
			if (fold(k) === fold(nick))
				return k;
		return null;
	}

	function handle(line) {
		const m = parse(line);
		const p = m.params;
		const when = stamp(m);
		const self = fold(m.nick) === fold(me);
		let v, k;

		switch (m.command) {
		case "PING":
			send("PONG :" + (p[0] ?? ""));
			return;
		case "CAP":
			if (p[1] === "LS" && !registered) {
				offered.push(...(p[p.length - 1] ?? "")
				    .split(" ").map((c) => c.split("=")[0]));
				if (p[2] === "*")
					return;	/* more lines to come */
				const want = CAPS.filter((c) =>
				    offered.includes(c));
				if (want.length > 0)
					send("CAP REQ :" + want.join(" "));
				else
					send("CAP END");
			} else if (p[1] === "ACK" || p[1] === "NAK") {
				if (!registered)
					send("CAP END");
			}
			return;
		case "001":
			registered = true;
			me = p[0];
			$("login").hidden = true;
			$("chat").hidden = false;
			$("say").disabled = false;
			if (retries === 0)
				show(serverView());
			addLine(serverView(), when, "event", "", p[1] ?? "");
			retries = 0;
			for (const name of rejoin)
				join(name);
			if (rejoin.length === 0 && wantRoom !== "")
				join(roomName(wantRoom));
			rejoin = [];
			wantRoom = "";
			$("say").focus();
			return;
		case "005":
			for (const tok of p.slice(1, -1)) {
				const [key, value] = tok.split("=");
				if (key === "CHANTYPES" && value)
					chanTypes = value;
				if (key === "PREFIX" && value) {
					const mm = /^\(([^)]*)\)(.*)$/.exec(value);
					if (mm !== null) {
						prefixModes = {};
						for (let i = 0; i < mm[2].length;
						    i++)
							prefixModes[mm[2][i]] =
							    mm[1][i];
					}
				}
			}
			return;
		case "432":
		case "433":
			if (!registered && retries > 0 && m.command === "433") {
				/* Our old self may linger: another nick. */
				send("NICK " + (p[1] ?? me) + "_");
				return;
			}
			if (!registered) {
				$("login-error").textContent = p[2] ?? "";
				ws.close();
				return;
			}
			break;
		case "JOIN":
			v = view(p[0], true);
			if (self) {
				v.joined = true;
				v.members.clear();
				show(v);
			} else {
				v.members.set(m.nick, { prefix: "",
				    away: false });
				addLine(v, when, "event", "", m.nick +
				    " joined " + v.name);
				if (v === current)
					drawMembers();
			}
			return;
		case "PART":
		case "KICK":
			v = view(p[0], false);
			if (v === undefined)
				return;
			{
				const who = m.command === "KICK" ? p[1] : m.nick;
				const why = m.command === "KICK" ? p[2] : p[1];
				const gone = fold(who) === fold(me);
				if (gone) {
					v.joined = false;
					v.members.clear();
				} else if ((k = memberKey(v, who)) !== null)
					v.members.delete(k);
				addLine(v, when, "event", "", m.command ===
				    "KICK" ? who + " was kicked by " + m.nick +
				    (why ? " (" + why + ")" : "") :
				    (gone ? "You left " : who + " left ") +
				    v.name + (why ? " (" + why + ")" : ""));
				if (gone && m.command === "PART") {
					views.delete(v.key);
					show(serverView());
				} else if (v === current)
					drawMembers();
			}
			return;
		case "QUIT":
			for (const w of viewsOf(m.nick)) {
				if ((k = memberKey(w, m.nick)) !== null)
					w.members.delete(k);
				addLine(w, when, "event", "", m.nick + " quit" +
				    (p[0] ? " (" + p[0] + ")" : ""));
			}
			drawMembers();
			return;
		case "NICK":
			if (self)
				me = p[0];
			for (const w of viewsOf(m.nick)) {
				if ((k = memberKey(w, m.nick)) !== null) {
					const mem = w.members.get(k);
					w.members.delete(k);
					w.members.set(p[0], mem);
				}
				if (!w.channel) {
					views.delete(w.key);
					w.name = p[0];
					w.key = fold(p[0]);
					views.set(w.key, w);
				}
				addLine(w, when, "event", "", m.nick +
				    " is now known as " + p[0]);
			}
			drawViews();
			drawMembers();
			return;
		case "AWAY":
			for (const w of viewsOf(m.nick))
				if ((k = memberKey(w, m.nick)) !== null)
					w.members.get(k).away = p.length > 0;
			drawMembers();
			return;
		case "PRIVMSG":
		case "NOTICE":
			{
				const target = p[0] ?? "";
				const text = p[1] ?? "";
				let name = isChannel(target) ? target :
				    self ? target : m.nick;
				if (m.prefix === "" || !m.prefix.includes("!")) {
					addLine(current, when, "event", "",
					    text);
					return;
				}
				v = view(name, true);
				if (text.startsWith("\x01ACTION ")) {
					addLine(v, when, "action", m.nick,
					    text.slice(8).replace(/\x01$/, ""));
				} else if (text.startsWith("\x01")) {
					return;	/* other CTCP */
				} else
					addLine(v, when, "msg", m.command ===
					    "NOTICE" ? "-" + m.nick + "-" :
					    m.nick, text);
			}
			return;
		case "TOPIC":
			v = view(p[0], true);
			v.topic = p[1] ?? "";
			addLine(v, when, "event", "", m.nick +
			    " set the topic: " + v.topic);
			if (v === current)
				$("topic").textContent = v.topic;
			return;
		case "332":
			v = view(p[1], true);
			v.topic = p[2] ?? "";
			if (v === current)
				$("topic").textContent = v.topic;
			return;
		case "353":
			v = view(p[2], true);
			for (const n of (p[3] ?? "").split(" ")) {
				if (n === "")
					continue;
				const [pfx, nick] = splitPrefix(n);
				v.members.set(nick.split("!")[0], {
				    prefix: pfx, away: false });
			}
			if (v === current)
				drawMembers();
			return;
		case "MODE":
			v = view(p[0], false);
			if (v !== undefined && v.channel) {
				applyModes(v, p.slice(1));
				addLine(v, when, "event", "", m.nick +
				    " sets mode " + p.slice(1).join(" "));
			}
			return;
		case "305":
		case "306":
			away = m.command === "306";
			drawViews();
			addLine(current, when, "event", "", p[1] ?? "");
			return;
		case "321":
			listing = [];
			return;
		case "322":
			listing.push({ name: p[1], users: p[2],
			    topic: p[3] ?? "" });
			return;
		case "323":
			showRooms();
			return;
		case "366":
		case "333":
		case "329":
		case "324":
		case "002":
		case "003":
		case "004":
		case "251":
		case "252":
		case "253":
		case "254":
		case "255":
		case "265":
		case "266":
		case "375":
		case "376":
		case "315":
			return;
		case "ERROR":
			addLine(current, when, "error", "", p[0] ?? "Closed");
			return;
		}
		/* Other numerics: errors and answers, shown as they read. */
		if (/^\d{3}$/.test(m.command)) {
			const about = p.slice(1, -1).join(" ");
			const text = (about !== "" ? about + ": " : "") +
			    (p.length > 1 ? p[p.length - 1] : "");
			addLine(current, when, m.command[0] === "4" ||
			    m.command[0] === "5" ? "error" : "event", "", text);
		}
	}

	function applyModes(v, args) {
		let dir = "+", ai = 1;
		const modes = args[0] ?? "";

		for (const c of modes) {
			if (c === "+" || c === "-") {
				dir = c;
				continue;
			}
			const sym = Object.keys(prefixModes).find((s) =>
			    prefixModes[s] === c);
			if (sym !== undefined) {
				const k = memberKey(v, args[ai++] ?? "");
				if (k !== null) {
					const mem = v.members.get(k);
					mem.prefix = dir === "+" ?
					    (mem.prefix.includes(sym) ?
					    mem.prefix : mem.prefix + sym) :
					    mem.prefix.replace(sym, "");
				}
			} else if ("bkl".includes(c) && (c !== "l" ||
			    dir === "+"))
				ai++;
		}
		if (v === current)
			drawMembers();
	}

	function showRooms() {
		const ul = $("rooms-all");

		ul.replaceChildren();
		if (!$("rooms-dialog").open)
			return;		/* closed before the answer came */
		if (listing.length === 0) {
			const li = document.createElement("li");
			li.textContent = "No rooms yet: type /join #name to " +
			    "start one.";
			ul.append(li);
		}
		for (const r of listing) {
			const li = document.createElement("li");
			const b = document.createElement("button");
			const s = document.createElement("span");
			b.type = "button";
			b.textContent = r.name;
			b.addEventListener("click", () => {
				$("rooms-dialog").close();
				join(r.name);
				$("say").focus();
			});
			s.textContent = r.users + (r.users === "1" ?
			    " person" : " people") + (r.topic ? " – " +
			    r.topic : "");
			li.append(b, s);
			ul.append(li);
		}
	}

	/* "general" is room "#general". */
	function roomName(s) {
		return isChannel(s) ? s : "#" + s;
	}

	/* The rooms dialog: opened at once, the list filled when LIST ends. */
	function openRooms() {
		const li = document.createElement("li");

		listing = [];
		li.textContent = "Asking the server for its rooms…";
		$("rooms-all").replaceChildren(li);
		$("join-room").value = "";
		if (!$("rooms-dialog").open)
			$("rooms-dialog").showModal();
		$("join-room").focus();
		send("LIST");
	}

	const HELP = [
		"/join #room: join a room; /part: leave this one",
		"/msg nick text: a private message; /query nick: talk with",
		"/me text: an action; /topic text: set this room's topic",
		"/away [text]: away, or back; /nick name: a new nickname",
		"/list: all rooms; /quote LINE: send a raw IRC line",
	];

	/* What the person typed: a command or a line for this view. */
	function say(text) {
		const v = current;
		const target = v !== null && v.name !== "*server*" ?
		    v.name : null;

		if (text.startsWith("/") && !text.startsWith("//")) {
			const sp = text.indexOf(" ");
			const cmd = text.slice(1, sp < 0 ? undefined : sp)
			    .toLowerCase();
			const arg = sp < 0 ? "" : text.slice(sp + 1).trim();
			switch (cmd) {
			case "join":
				if (arg === "")
					break;
				join(roomName(arg));
				return;
			case "part":
			case "leave":
			case "close":
				leave(arg);
				return;
			case "msg":
			case "query": {
				const sp2 = arg.indexOf(" ");
				const to = sp2 < 0 ? arg : arg.slice(0, sp2);
				if (to === "")
					break;
				show(view(to, true));
				if (sp2 >= 0 && cmd === "msg")
					send("PRIVMSG " + to + " :" +
					    arg.slice(sp2 + 1));
				return;
			}
			case "me":
				if (target !== null)
					send("PRIVMSG " + target +
					    " :\x01ACTION " + arg + "\x01");
				return;
			case "topic":
				if (v !== null && v.channel)
					send("TOPIC " + v.name +
					    (arg ? " :" + arg : ""));
				return;
			case "away":
				send(arg ? "AWAY :" + arg : "AWAY");
				return;
			case "nick":
				if (arg !== "")
					send("NICK " + arg);
				return;
			case "list":
			case "rooms":
				openRooms();
				return;
			case "quote":
				send(arg);
				return;
			case "quit":
				quitting = true;
				send("QUIT" + (arg ? " :" + arg : ""));
				return;
			case "help":
				for (const h of HELP)
					addLine(v, new Date(), "event", "", h);
				return;
			}
			addLine(v, new Date(), "error", "", "Unknown command: /" +
			    cmd + ". Type /help.");
			return;
		}
		if (text.startsWith("//"))
			text = text.slice(1);
		if (target === null) {
			addLine(v, new Date(), "error", "",
			    "Join a room first: /join #general");
			return;
		}
		send("PRIVMSG " + target + " :" + text);
	}

	function socketURL() {
		const meta = document.querySelector("meta[name=natter-socket]");
		const path = meta !== null ? meta.content : "/";
		const scheme = location.protocol === "https:" ? "wss:" : "ws:";
		return scheme + "//" + location.host + path;
	}

	function connect(nick) {
		registered = false;
		quitting = false;
		offered = [];
		$("login-go").disabled = true;
		$("login-error").textContent = "";
		ws = new WebSocket(socketURL(), ["text.ircv3.net"]);
		ws.addEventListener("open", () => {
			send("CAP LS 302");
			send("NICK " + nick);
			send("USER " + nick.toLowerCase().replace(/[^a-z0-9]/g,
			    "").slice(0, 10) + " 0 * :" + nick + " (web)");
		});
		ws.addEventListener("message", (e) => {
			if (typeof e.data === "string")
				handle(e.data);
		});
		ws.addEventListener("close", () => {
			$("login-go").disabled = false;
			ws = null;
			if ((registered || retries > 0) && !quitting) {
				if (registered)
					rejoin = [...views.values()].filter(
					    (v) => v.channel && v.joined)
					    .map((v) => v.name);
				for (const v of views.values()) {
					v.joined = false;
					v.members.clear();
				}
				drawMembers();
				const wait = Math.min(RETRY_MAX, 2 ** retries++);
				addLine(current, new Date(), "error", "",
				    "Disconnected from the server; connecting " +
				    "again in " + wait + " s.");
				$("say").disabled = true;
				setTimeout(() => connect(me), wait * 1000);
			} else if (registered) {
				addLine(current, new Date(), "error", "",
				    "Disconnected from the server; reload the " +
				    "page to connect again.");
				$("say").disabled = true;
			} else if ($("login-error").textContent === "")
				$("login-error").textContent =
				    "Could not connect to the server.";
		});
	}

	function setup() {
		$("login-form").addEventListener("submit", (e) => {
			e.preventDefault();
			wantRoom = $("login-room").value.trim();
			connect($("login-nick").value.trim());
		});
		$("say-form").addEventListener("submit", (e) => {
			e.preventDefault();
			const text = $("say").value;
			if (text.trim() === "")
				return;
			$("say").value = "";
			say(text);
		});
		$("list-rooms").addEventListener("click", openRooms);
		$("join-form").addEventListener("submit", (e) => {
			const name = $("join-room").value.trim();

			e.preventDefault();
			if (name === "")
				return;
			$("rooms-dialog").close();
			join(roomName(name));
			$("say").focus();
		});
		$("leave").addEventListener("click", () => {
			leave("");
			$("say").focus();
		});
		for (const id of ["views", "members"]) {
			$("toggle-" + id).addEventListener("click", () => {
				const open = $(id).classList.toggle("open");
				$("toggle-" + id).setAttribute("aria-expanded",
				    open ? "true" : "false");
			});
		}
		document.addEventListener("keydown", (e) => {
			if (e.key === "Escape")
				closePanels();
			/* Alt+Up and Alt+Down go through the views. */
			if (e.altKey && (e.key === "ArrowUp" ||
			    e.key === "ArrowDown") && current !== null) {
				const all = [...views.values()];
				const i = all.indexOf(current);
				const j = (i + (e.key === "ArrowUp" ? -1 : 1) +
				    all.length) % all.length;
				show(all[j]);
				$("say").focus();
				e.preventDefault();
			}
		});
		$("login-nick").focus();
	}

	setup();
})();
