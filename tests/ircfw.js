/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * A client for tests/web.bats made with irc-framework, the IRC library
 * Kiwi IRC runs on, over its WebSocket transport: natter's own code
 * takes no part in what this client sends or how it reads the replies.
 *
 *	node ircfw.js URL NICK [PROTOCOL]
 *
 * URL is ws://host:port/path (or wss://); PROTOCOL the subprotocol to
 * offer ("none" for none; irc-framework's default is text.ircv3.net).
 * Lines read from standard input are actions, one a line:
 *
 *	join CHAN | part CHAN | say TARGET TEXT | action TARGET TEXT
 *	topic CHAN TEXT | away TEXT | back | who CHAN | whois NICK
 *	raw LINE | quit TEXT
 *
 * and what irc-framework makes of the server's lines is written to
 * standard output, a line each, in the forms the switch below prints
 * ("REGISTERED nick", "PRIVMSG from target text", ...).  The options
 * are irc-framework's own defaults but for echo-message, which Kiwi IRC
 * turns on.  NODE_PATH must name the node_modules that holds
 * irc-framework and ws (tests/web.bats sets it): irc-framework's
 * transport uses the WebSocket of a browser, which ws stands in for
 * where Node.js has none of its own.
 */

"use strict";

const IRC = require("irc-framework");
globalThis.WebSocket ??= require("ws");
const readline = require("readline");

function out(...words) {
	process.stdout.write(words.join(" ") + "\n");
}

const [url, nick, proto] = process.argv.slice(2);
const u = new URL(url);
const client = new IRC.Client();

client.on("registered", (e) => out("REGISTERED", e.nick));
client.on("server options", (e) => out("CAPS", e.cap.join(" ")));
client.on("join", (e) => out("JOIN", e.nick, e.channel,
    e.time ? "time" : "notime"));
client.on("part", (e) => out("PART", e.nick, e.channel, e.message));
client.on("quit", (e) => out("QUIT", e.nick, e.message));
client.on("userlist", (e) => out("USERLIST", e.channel,
    e.users.map((m) => (m.modes.includes("o") ? "@" : "") + m.nick)
    .sort().join(" ")));
client.on("privmsg", (e) => out("PRIVMSG", e.nick, e.target, e.message,
    e.time ? "time" : "notime"));
client.on("action", (e) => out("ACTION", e.nick, e.target, e.message));
client.on("notice", (e) => {
	if (e.from_server)
		return;
	out("NOTICE", e.nick, e.target, e.message);
});
client.on("topic", (e) => out("TOPIC", e.channel, e.nick || "-",
    e.topic));
client.on("away", (e) => out("AWAY", e.nick, e.message));
client.on("back", (e) => out("BACK", e.nick));
client.on("wholist", (e) => out("WHOLIST", e.target,
    e.users.map((w) => w.nick).sort().join(" ")));
client.on("whois", (e) => out("WHOIS", e.nick, e.ident, e.hostname,
    e.real_name));
client.on("irc error", (e) => out("ERROR", e.error, e.channel || "",
    e.reason || ""));
client.on("nick in use", (e) => out("NICKINUSE", e.nick));
client.on("unknown command", (c) => {
	/* Numerics and commands irc-framework has no handler for. */
	out("UNKNOWN", c.command, c.params.join(" "));
});
client.on("socket close", () => {
	out("CLOSED");
	process.exit(0);
});

client.connect({
	host: u.hostname,
	port: Number(u.port),
	path: u.pathname,
	tls: u.protocol === "wss:",
	nick: nick,
	username: nick.toLowerCase(),
	gecos: nick + " Kiwi",
	transport: require("irc-framework/src/transports/websocket"),
	websocket_protocol: proto === "none" ? "" : proto,
	enable_echomessage: true,
	auto_reconnect: false,
});

const actions = {
	join: (w) => client.join(w[0]),
	part: (w) => client.part(w[0], w.slice(1).join(" ")),
	say: (w) => client.say(w[0], w.slice(1).join(" ")),
	action: (w) => client.action(w[0], w.slice(1).join(" ")),
	topic: (w) => client.setTopic(w[0], w.slice(1).join(" ")),
	away: (w) => client.raw("AWAY", w.join(" ")),
	back: () => client.raw("AWAY"),
	who: (w) => client.who(w[0]),
	whois: (w) => client.whois(w[0]),
	raw: (w) => client.raw(w.join(" ")),
	quit: (w) => client.quit(w.join(" ")),
};

readline.createInterface({ input: process.stdin }).on("line", (line) => {
	const w = line.split(" ");
	const act = actions[w.shift()];
	if (act === undefined)
		out("BADACTION", line);
	else
		act(w);
});
