#!/usr/bin/env bats
# Real clients end to end: irssi (in tmux), WeeChat (weechat-headless,
# driven through its FIFO) and HexChat (under Xvfb, driven with xdotool)
# register, join, chat, query and quit against natterd.  Each step is
# checked in the client's own log files and from the scripted peer's
# side; rawproxy.pl records the raw lines for the report.  doc/clients.md
# explains how each client is driven.

load helpers
load clients/lib

setup() {
	# .ci/run's sanitizer pass: these drive irssi, WeeChat and HexChat
	# for two minutes of CPU; the first pass runs them, and their
	# natterd side is the IRC every other file runs under the sanitizers.
	[ -z "${NATTER_SKIP_CLIENTS:-}" ] ||
	    skip "real clients run in the first pass (NATTER_SKIP_CLIENTS)"
	CLIENT_TLS=
	CLIENT_PIDS=()
	TMUX_SOCK=
	FINISH=
}

teardown() {
	local pid
	[ -n "${FINISH:-}" ] && $FINISH
	[ -n "${TMUX_SOCK:-}" ] && tmux -S "$TMUX_SOCK" kill-server 2>/dev/null
	for pid in "${CLIENT_PIDS[@]}"; do
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	proxy_stop
	natterd_stop
}

# Lines in a client's status window that a user would read as an error
# or a stall.
IRSSI_ERRORS='Unknown command|not registered|Irssi: Error|Error:|Not enough parameters|Unknown settings|Couldn.t|Unknown mode|No such|Permission denied|Input line too long|No PONG reply|Closing Link|Connection lost|not channel operator'

# --- irssi -------------------------------------------------------------

# irssi_start NICK: write a config that logs every window (autolog for
# channels and queries, one "all" log for everything, status included)
# and run irssi in a detached tmux session, connected through the proxy.
irssi_start() {
	IRSSI_NICK=$1
	IRSSI_DIR=$BATS_TEST_TMPDIR/irssi
	IRSSI_LOGS=$IRSSI_DIR/logs
	IRSSI_ALL=$IRSSI_LOGS/all.log
	FINISH=irssi_finish
	TMUX_SOCK=$BATS_TEST_TMPDIR/tmux.sock
	mkdir -p "$IRSSI_LOGS"
	cat > "$IRSSI_DIR/config" <<-EOF
	settings = {
	  core = {
	    real_name = "Irssi Tester";
	    user_name = "$1";
	    nick = "$1";
	    log_timestamp = "%H:%M:%S ";
	  };
	  "irc/core" = {
	    cmd_queue_speed = "100msec";
	  };
	  "fe-common/core" = {
	    autolog = "yes";
	    autolog_path = "$IRSSI_LOGS/\$0.log";
	    autolog_level = "all";
	  };
	};
	logs = {
	  "$IRSSI_ALL" = { auto_open = "yes"; level = "all"; };
	};
	EOF
	local connect="-c 127.0.0.1 -p $PROXY_PORT"
	if [ -n "${CLIENT_TLS:-}" ]; then
		# Over TLS, verifying the server against the test's certificate.
		cat >> "$IRSSI_DIR/config" <<-EOF
		chatnets = { natter = { type = "IRC"; }; };
		servers = (
		  {
		    address = "127.0.0.1";
		    chatnet = "natter";
		    port = "$PROXY_PORT";
		    use_tls = "yes";
		    tls_verify = "yes";
		    tls_cafile = "$CLIENT_CERT";
		    autoconnect = "yes";
		  }
		);
		EOF
		connect=
	fi
	tmux -S "$TMUX_SOCK" new-session -d -s irssi -x 200 -y 50 \
	    "irssi --home=$IRSSI_DIR $connect -n $1" 3>&-
}

# irssi_type TEXT: type TEXT into irssi's input line and press Enter.
irssi_type() {
	tmux -S "$TMUX_SOCK" send-keys -t irssi -l "$1"
	tmux -S "$TMUX_SOCK" send-keys -t irssi Enter
}

irssi_screen() {
	tmux -S "$TMUX_SOCK" capture-pane -p -t irssi 2>/dev/null
}

irssi_gone() {
	! tmux -S "$TMUX_SOCK" has-session -t irssi 2>/dev/null
}

irssi_finish() {
	irssi_screen > "$IRSSI_DIR/screen.txt" 2>/dev/null
	save_artifacts irssi "$IRSSI_LOGS" "$IRSSI_DIR/screen.txt"
}

# The steps of "register, join, NAMES, chat, whois, topic, query, part, quit", over plain TCP or,
# with CLIENT_TLS set, over TLS.
irssi_session() {
	need irssi tmux perl
	client_natterd_start
	proxy_start
	peer_start
	irssi_start irssiuser

	# Register.
	wait_file "$IRSSI_ALL" "Welcome to the natter IRC Network irssiuser"
	wait_file "$IRSSI_ALL" "End of MOTD"
	log_wait "irssiuser registered from"
	client_secure irssiuser

	# Join #test and see the NAMES list (353/366); irssi then asks for
	# MODE #test, WHO #test and MODE #test b and calls the join synced
	# only when 324, 315 and 368 came back.
	irssi_type "/join #test"
	wait_for p "^:irssiuser![^ ]+ JOIN #test$"
	wait_file "$IRSSI_LOGS/#test.log" "irssiuser .* has joined #test"
	wait_file "$IRSSI_LOGS/#test.log" "\\[Users #test\\]"
	wait_file "$IRSSI_LOGS/#test.log" "\\[@peer *\\] \\[ irssiuser *\\]"
	wait_file "$IRSSI_LOGS/#test.log" "Total of 2 nicks"
	wait_file "$IRSSI_LOGS/#test.log" "Join to #test was synced"
	raw_wait "S> :[^ ]+ 324 irssiuser #test "
	# 005 offers WHOX, so irssi asks WHO #test %tcuhnfdar,<token>.
	raw_wait "C> WHO #test %[a-z]+,[0-9]+$"
	raw_wait "S> :[^ ]+ 354 irssiuser [0-9]+ #test ~peer [^ ]+ peer H@ "
	raw_wait "S> :[^ ]+ 315 irssiuser #test "
	raw_wait "S> :[^ ]+ 368 irssiuser #test "

	# Channel messages both ways.
	irssi_type "hello from irssi"
	wait_for p "^:irssiuser![^ ]+ PRIVMSG #test :hello from irssi$"
	wait_file "$IRSSI_LOGS/#test.log" "< ?irssiuser> hello from irssi"
	send p "PRIVMSG #test :hello from peer"
	wait_file "$IRSSI_LOGS/#test.log" "<@peer> hello from peer"

	# WHOIS.
	irssi_type "/whois peer"
	raw_wait "C> WHOIS peer"
	wait_file "$IRSSI_ALL" "-!- peer \\[~peer@127.0.0.1\\]"
	wait_file "$IRSSI_ALL" "ircname +: peer Real"
	wait_file "$IRSSI_ALL" "channels +: @#test"
	wait_file "$IRSSI_ALL" "End of WHOIS"

	# The peer makes irssi a channel operator (the channel is +t).
	send p "MODE #test +o irssiuser"
	wait_file "$IRSSI_LOGS/#test.log" "mode/#test \\[\\+o irssiuser\\] by peer"

	# TOPIC: set it, the peer sees it; the peer changes it, irssi sees
	# that; /topic alone shows it.
	irssi_type "/topic Topic from irssi"
	wait_for p "^:irssiuser![^ ]+ TOPIC #test :Topic from irssi$"
	wait_file "$IRSSI_LOGS/#test.log" "irssiuser changed the topic of #test to: Topic from irssi"
	send p "TOPIC #test :Topic from peer"
	wait_file "$IRSSI_LOGS/#test.log" "peer changed the topic of #test to: Topic from peer"
	irssi_type "/topic"
	wait_file "$IRSSI_LOGS/#test.log" "Topic for #test: Topic from peer"
	wait_file "$IRSSI_LOGS/#test.log" "Topic set by peer"

	# A private message both ways.
	irssi_type "/msg peer private hello from irssi"
	wait_for p "^:irssiuser![^ ]+ PRIVMSG peer :private hello from irssi$"
	send p "PRIVMSG irssiuser :private hello from peer"
	wait_file "$IRSSI_LOGS/peer.log" "<peer> private hello from peer"
	wait_file "$IRSSI_LOGS/peer.log" "< ?irssiuser> private hello from irssi"

	# PART.
	irssi_type "/part #test see you"
	wait_for p "^:irssiuser![^ ]+ PART #test :see you$"
	wait_file "$IRSSI_LOGS/#test.log" "irssiuser .* has left #test \\[see you\\]"

	# Nothing in any window a user would read as an error.
	irssi_screen > "$IRSSI_DIR/screen.txt"
	refute_file "$IRSSI_ALL" "$IRSSI_ERRORS" "irssi showed errors"
	refute_file "$IRSSI_DIR/screen.txt" "$IRSSI_ERRORS" "irssi showed errors"

	# QUIT, back on #test so that the peer sees it; irssi exits.
	irssi_type "/join #test"
	wait_for p "^:irssiuser![^ ]+ JOIN #test$"
	# On this join natterd sends the topic (332/333); irssi's "/topic"
	# above answered from its cache.
	wait_count "$IRSSI_LOGS/#test.log" "Topic for #test: Topic from peer" 2
	irssi_type "/quit gone fishing"
	raw_wait "C> QUIT :gone fishing"
	wait_for p "^:irssiuser![^ ]+ QUIT :(Quit: )?gone fishing$"
	log_wait "irssiuser disconnected"
	wait_until irssi_gone
}

@test "irssi: register, join, NAMES, chat, whois, topic, query, part, quit" {
	irssi_session
}

@test "irssi over TLS: register, join, NAMES, chat, whois, topic, query, part, quit" {
	CLIENT_TLS=1
	irssi_session
}

# The steps of "stays connected while idle, PING and PONG both ways", over plain TCP or,
# with CLIENT_TLS set, over TLS.
irssi_idle() {
	need irssi tmux perl
	client_natterd_start -o ping_interval=2 -o ping_timeout=3
	proxy_start
	irssi_start irssiuser
	wait_file "$IRSSI_ALL" "End of MOTD"
	# The server pings irssi and irssi answers.
	raw_wait "S> PING "
	raw_wait "C> PONG "
	# irssi pings the server (lag check) and natterd answers; irssi
	# checks lag every lag_check_time (60 s), so ask now.
	irssi_type "/quote PING natter-idle-check"
	raw_wait "S> :[^ ]+ PONG [^ ]+ :?natter-idle-check"
	# Idle for several ping rounds: the fourth server PING must be
	# answered as well.
	wait_count "$RAW_LOG" "S> PING " 4
	wait_count "$RAW_LOG" "C> PONG " 3
	peer_start
	peer_whois_finds irssiuser
	refute_disconnected irssiuser
	refute_file "$IRSSI_ALL" "$IRSSI_ERRORS" "irssi showed errors"
}

@test "irssi: stays connected while idle, PING and PONG both ways" {
	irssi_idle
}

@test "irssi over TLS: stays connected while idle, PING and PONG both ways" {
	CLIENT_TLS=1
	irssi_idle
}

# --- WeeChat -----------------------------------------------------------

WEECHAT_ERRORS='=!=|Unknown command|not registered|Not enough parameters|No such|not channel operator|lag is high|Closing Link|disconnected from server'

# weechat_start NICK: pre-write fifo.conf and logger.conf (every buffer
# logged, flushed at once), run weechat-headless, then configure and add
# the server through the FIFO and connect.
weechat_start() {
	WEE_NICK=$1
	WEE_DIR=$BATS_TEST_TMPDIR/weechat
	WEE_LOGS=$WEE_DIR/logs
	WEE_FIFO=$WEE_DIR/weechat_fifo
	WEE_SERVER=$WEE_LOGS/irc.server.natter.weechatlog
	WEE_CHAN=$WEE_LOGS/irc.natter.#test.weechatlog
	FINISH=weechat_finish
	mkdir -p "$WEE_LOGS"
	cat > "$WEE_DIR/fifo.conf" <<-EOF
	[file]
	enabled = on
	path = "$WEE_FIFO"
	EOF
	cat > "$WEE_DIR/logger.conf" <<-EOF
	[look]
	backlog = 0
	[file]
	auto_log = on
	flush_delay = 0
	path = "$WEE_LOGS"
	mask = "\$plugin.\$name.weechatlog"
	time_format = "%H:%M:%S"
	EOF
	weechat-headless --dir "$WEE_DIR" > "$WEE_DIR/stdout" 2>&1 3>&- &
	WEE_PID=$!
	CLIENT_PIDS+=("$WEE_PID")
	wait_until test -p "$WEE_FIFO" || return 1
	wait_file "$WEE_LOGS/core.weechat.weechatlog" "Plugins loaded" || return 1
	# Show the NAMES list (353) in the channel, not only its count (366);
	# no client-side anti-flood delay, so the test runs quickly.
	weechat_cmd core.weechat '/set irc.look.display_join_message "329,332,333,353,366"'
	weechat_cmd core.weechat '/set irc.server_default.anti_flood_prio_high 0'
	weechat_cmd core.weechat '/set irc.server_default.anti_flood_prio_low 0'
	[ -n "${WEE_LAG_CHECK:-}" ] && weechat_cmd core.weechat \
	    "/set irc.network.lag_check $WEE_LAG_CHECK"
	if [ -n "${CLIENT_TLS:-}" ]; then
		# Over TLS, verifying the server against the test's certificate.
		weechat_cmd core.weechat "/set weechat.network.gnutls_ca_user \"$CLIENT_CERT\""
		# WeeChat 3.8 still calls TLS "ssl" (4.0 renamed it "tls").
		weechat_cmd core.weechat "/server add natter 127.0.0.1/$PROXY_PORT -ssl -nicks=$1 -username=$1"
		weechat_cmd core.weechat '/set irc.server.natter.ssl_verify on'
	else
		weechat_cmd core.weechat "/server add natter 127.0.0.1/$PROXY_PORT -notls -nicks=$1 -username=$1"
	fi
	weechat_cmd core.weechat '/set irc.server.natter.realname "WeeChat Tester"'
	weechat_cmd core.weechat '/connect natter'
}

# weechat_cmd BUFFER TEXT: what a user types in BUFFER (full name, e.g.
# irc.natter.#test), through the FIFO plugin.
weechat_cmd() {
	printf '%s *%s\n' "$1" "$2" | timeout 5 tee "$WEE_FIFO" >/dev/null
}

weechat_gone() {
	! kill -0 "$WEE_PID" 2>/dev/null
}

weechat_finish() {
	save_artifacts weechat "$WEE_LOGS" "$WEE_DIR/weechat.log"
}

# The steps of "register, join, NAMES, chat, whois, topic, query, part, quit", over plain TCP or,
# with CLIENT_TLS set, over TLS.
weechat_session() {
	need weechat-headless perl
	client_natterd_start
	proxy_start
	peer_start
	weechat_start weeuser

	# Register.
	wait_file "$WEE_SERVER" "Welcome to the natter IRC Network weeuser"
	wait_file "$WEE_SERVER" "End of MOTD"
	log_wait "weeuser registered from"
	client_secure weeuser

	# Join #test and see the NAMES list (353 and 366); WeeChat asks for
	# the channel modes.
	weechat_cmd irc.server.natter "/join #test"
	wait_for p "^:weeuser![^ ]+ JOIN #test$"
	wait_file "$WEE_CHAN" "weeuser (\\([^)]*\\) )?\\(~weeuser@127.0.0.1\\) has joined #test"
	wait_file "$WEE_CHAN" "Nicks #test: \\[@peer weeuser\\]"
	wait_file "$WEE_CHAN" "Channel #test: 2 nicks \\(1 op, 0 voices, 1 normal\\)"
	raw_wait "C> MODE #test$"
	raw_wait "S> :[^ ]+ 324 weeuser #test "
	# With WHOX in 005 WeeChat fills its nick list from WHO %cuhsnfdar.
	raw_wait "C> WHO #test %[a-z]+$"
	raw_wait "S> :[^ ]+ 354 weeuser #test ~peer [^ ]+ natter.local peer H@ "

	# Channel messages both ways.
	weechat_cmd irc.natter.#test "hello from weechat"
	wait_for p "^:weeuser![^ ]+ PRIVMSG #test :hello from weechat$"
	wait_file "$WEE_CHAN" "[[:space:]]weeuser[[:space:]]hello from weechat"
	send p "PRIVMSG #test :hello from peer"
	wait_file "$WEE_CHAN" "[[:space:]]@peer[[:space:]]hello from peer"

	# WHOIS (shown in the server buffer).
	weechat_cmd irc.natter.#test "/whois peer"
	raw_wait "C> WHOIS peer$"
	wait_file "$WEE_SERVER" "\\[peer\\] \\(~peer@127.0.0.1\\): peer Real"
	wait_file "$WEE_SERVER" "\\[peer\\] @#test"
	wait_file "$WEE_SERVER" "\\[peer\\] End of WHOIS"

	# The peer makes weechat a channel operator (the channel is +t).
	send p "MODE #test +o weeuser"
	wait_file "$WEE_CHAN" "Mode #test \\[\\+o weeuser\\] by peer"

	# TOPIC: set, changed by the peer, asked for (332/333).
	weechat_cmd irc.natter.#test "/topic Topic from weechat"
	wait_for p "^:weeuser![^ ]+ TOPIC #test :Topic from weechat$"
	wait_file "$WEE_CHAN" "weeuser has changed topic for #test to \"Topic from weechat\""
	send p "TOPIC #test :Topic from peer"
	wait_file "$WEE_CHAN" "peer has changed topic for #test from \"Topic from weechat\" to \"Topic from peer\""
	weechat_cmd irc.natter.#test "/topic"
	raw_wait "C> TOPIC #test$"
	wait_file "$WEE_CHAN" "Topic for #test is \"Topic from peer\""
	wait_file "$WEE_CHAN" "Topic set by peer"

	# A private message both ways, in a query buffer.
	weechat_cmd irc.server.natter "/query peer private hello from weechat"
	wait_for p "^:weeuser![^ ]+ PRIVMSG peer :private hello from weechat$"
	send p "PRIVMSG weeuser :private hello from peer"
	wait_file "$WEE_LOGS/irc.natter.peer.weechatlog" "[[:space:]]weeuser[[:space:]]private hello from weechat"
	wait_file "$WEE_LOGS/irc.natter.peer.weechatlog" "[[:space:]]peer[[:space:]]private hello from peer"

	# PART.
	weechat_cmd irc.natter.#test "/part #test see you"
	wait_for p "^:weeuser![^ ]+ PART #test :see you$"
	wait_file "$WEE_CHAN" "weeuser \\(~weeuser@127.0.0.1\\) has left #test \\(see you\\)"

	# Nothing in any buffer a user would read as an error.
	local f
	for f in "$WEE_LOGS"/*.weechatlog; do
		refute_file "$f" "$WEECHAT_ERRORS" "weechat showed errors"
	done

	# QUIT, back on #test so that the peer sees it; WeeChat exits.
	weechat_cmd irc.server.natter "/join #test"
	wait_for p "^:weeuser![^ ]+ JOIN #test$"
	weechat_cmd irc.natter.#test "/quit gone fishing"
	raw_wait "C> QUIT :gone fishing"
	wait_for p "^:weeuser![^ ]+ QUIT :(Quit: )?gone fishing$"
	log_wait "weeuser disconnected"
	wait_until weechat_gone
}

@test "weechat: register, join, NAMES, chat, whois, topic, query, part, quit" {
	weechat_session
}

@test "weechat over TLS: register, join, NAMES, chat, whois, topic, query, part, quit" {
	CLIENT_TLS=1
	weechat_session
}

# The steps of "stays connected while idle, PING and PONG both ways", over plain TCP or,
# with CLIENT_TLS set, over TLS.
weechat_idle() {
	need weechat-headless perl
	# The server PINGs only after ping_interval quiet seconds; WeeChat's
	# own lag PING every 2 s must leave such gaps, so 1 s here.
	client_natterd_start -o ping_interval=1 -o ping_timeout=3
	proxy_start
	# WeeChat checks its lag with a PING every lag_check seconds.
	WEE_LAG_CHECK=2 weechat_start weeuser
	wait_file "$WEE_SERVER" "End of MOTD"
	raw_wait "S> PING "
	raw_wait "C> PONG "
	raw_wait "C> PING "
	raw_wait "S> :[^ ]+ PONG "
	wait_count "$RAW_LOG" "S> PING " 4
	wait_count "$RAW_LOG" "C> PONG " 3
	wait_count "$RAW_LOG" "C> PING " 3
	peer_start
	peer_whois_finds weeuser
	refute_disconnected weeuser
	refute_file "$RAW_LOG" " 2 -- connected" "the client reconnected"
	local f
	for f in "$WEE_LOGS"/*.weechatlog; do
		refute_file "$f" "$WEECHAT_ERRORS" "weechat showed errors"
	done
}

@test "weechat: stays connected while idle, PING and PONG both ways" {
	weechat_idle
}

@test "weechat over TLS: stays connected while idle, PING and PONG both ways" {
	CLIENT_TLS=1
	weechat_idle
}

# --- HexChat -----------------------------------------------------------

HEXCHAT_ERRORS='Unknown command|not registered|Not enough parameters|No such|not channel operator|Disconnected|Connection failed|Closing Link|Error|error|Lag|lag'
# Lines about the test machine, not about natterd: no D-Bus session for
# the notification plugin, and HexChat's warning when run as root.
HEXCHAT_NOISE='dbus|D-Bus|session bus|notification plugin|as root'

# xvfb_start: a private X server on a free display; sets HC_DISPLAY.
xvfb_start() {
	local fd
	exec {fd}> "$BATS_TEST_TMPDIR/display"
	Xvfb -displayfd "$fd" -screen 0 1280x800x24 -nolisten tcp \
	    > "$BATS_TEST_TMPDIR/xvfb.log" 2>&1 3>&- &
	XVFB_PID=$!
	exec {fd}>&-
	wait_until test -s "$BATS_TEST_TMPDIR/display" || return 1
	HC_DISPLAY=:$(cat "$BATS_TEST_TMPDIR/display")
}

xdo() {
	DISPLAY=$HC_DISPLAY xdotool "$@"
}

# hexchat_start NICK: pre-write hexchat.conf (nick, logging of every tab
# to logs/NETWORK-TAB.log with time stamps, no dialogs) and servlist.conf
# (network "natter", auto-connect, auto-join #test), run HexChat, dismiss
# its "running as root" dialog if it shows one, and find the main window.
hexchat_start() {
	HC_NICK=$1
	HC_DIR=$BATS_TEST_TMPDIR/hexchat
	HC_LOGS=$HC_DIR/logs
	HC_CHAN=$HC_LOGS/natter-#test.log
	FINISH=hexchat_finish
	mkdir -p "$HC_DIR"
	cat > "$HC_DIR/hexchat.conf" <<-EOF
	version = 2.16.1
	irc_nick1 = $1
	irc_nick2 = ${1}_
	irc_nick3 = ${1}__
	irc_user_name = $1
	irc_real_name = HexChat Tester
	irc_logging = 1
	irc_logmask = %n-%c.log
	stamp_log = 1
	stamp_log_format = %H:%M:%S
	gui_slist_skip = 1
	gui_join_dialog = 0
	gui_quit_dialog = 0
	gui_tray = 0
	gui_win_left = 0
	gui_win_top = 0
	gui_win_width = 1200
	gui_win_height = 760
	text_replay = 0
	net_throttle = 0
	EOF
	# F: auto-connect and global user info (10), and use TLS (4).
	local hc_flags=10
	[ -n "${CLIENT_TLS:-}" ] && hc_flags=14
	cat > "$HC_DIR/servlist.conf" <<-EOF
	v=2.16.1

	N=natter
	E=UTF-8 (Unicode)
	F=$hc_flags
	D=0
	S=127.0.0.1/$PROXY_PORT
	J=#test

	EOF
	xvfb_start || return 1
	# Over TLS HexChat verifies the server with OpenSSL's default
	# trust, which SSL_CERT_FILE sets to the test's certificate.
	env DISPLAY="$HC_DISPLAY" ${CLIENT_TLS:+SSL_CERT_FILE="$CLIENT_CERT"} \
	    hexchat --cfgdir="$HC_DIR" --no-plugins \
	    > "$HC_DIR/stdout" 2>&1 3>&- &
	HC_PID=$!
	CLIENT_PIDS+=("$HC_PID")
	wait_until hexchat_main_window || return 1
}

# hexchat_main_window: set HC_WIN to HexChat's main window ("NICK @
# natter / ..." in its title); press Enter on any dialog in the way.
hexchat_main_window() {
	local w
	HC_WIN=$(xdo search --onlyvisible --name " - HexChat\$" | head -n 1)
	[ -n "$HC_WIN" ] && return 0
	for w in $(xdo search --onlyvisible --class hexchat); do
		xdo windowfocus --sync "$w" key Return
	done
	return 1
}

# hexchat_type TEXT: type TEXT into HexChat's input box, press Enter.
hexchat_type() {
	xdo windowfocus --sync "$HC_WIN"
	xdo type --delay 2 -- "$1"
	xdo key Return
}

# hexchat_screenshot [fixed]: the whole X screen to the test's directory
# (then to the artefacts); with "fixed", also to
# tests/clients/hexchat-screenshot.png (gitignored).
hexchat_screenshot() {
	DISPLAY=$HC_DISPLAY import -window root "$BATS_TEST_TMPDIR/hexchat.png" ||
	    return 1
	[ "${1:-}" = fixed ] &&
	    cp "$BATS_TEST_TMPDIR/hexchat.png" "$CLIENTS_DIR/hexchat-screenshot.png"
	return 0
}

# hexchat_errors: the lines of every tab's log a user would read as an
# error, machine noise left out.
hexchat_errors() {
	cat "$HC_LOGS"/*.log 2>/dev/null | grep -aE -- "$HEXCHAT_ERRORS" |
	    grep -avE -- "$HEXCHAT_NOISE"
}

hexchat_finish() {
	[ -n "${HC_DISPLAY:-}" ] && hexchat_screenshot
	save_artifacts hexchat "$HC_LOGS" "$BATS_TEST_TMPDIR/hexchat.png"
	if [ -n "${HC_PID:-}" ]; then
		kill "$HC_PID" 2>/dev/null
		wait "$HC_PID" 2>/dev/null
	fi
	if [ -n "${XVFB_PID:-}" ]; then
		kill "$XVFB_PID" 2>/dev/null
		wait "$XVFB_PID" 2>/dev/null
	fi
}

# The steps of "register, join, NAMES, chat, whois, topic, query, part, quit", over plain TCP or,
# with CLIENT_TLS set, over TLS.
hexchat_session() {
	need hexchat Xvfb xdotool import perl
	client_natterd_start
	proxy_start
	peer_start
	hexchat_start hexuser

	# Register; HexChat joins #test by itself after the MOTD.
	wait_glob "$HC_LOGS/*.log" "Welcome to the natter IRC Network hexuser"
	wait_glob "$HC_LOGS/*.log" "End of MOTD"
	log_wait "hexuser registered from"
	wait_for p "^:hexuser![^ ]+ JOIN #test$"
	client_secure hexuser
	wait_file "$HC_CHAN" "Now talking on #test"
	# On its own JOIN HexChat asks for MODE #test and WHO #test.
	raw_wait "C> (MODE|mode) #test$"
	raw_wait "S> :[^ ]+ 324 hexuser #test "
	raw_wait "C> (WHO|who) #test %[a-z]+,[0-9]+$"
	raw_wait "S> :[^ ]+ 354 hexuser [0-9]+ #test ~peer [^ ]+ natter.local peer H@ "
	raw_wait "S> :[^ ]+ 315 hexuser #test "

	# The NAMES list: HexChat fills its user list from 353/366 on join;
	# /names prints it in the channel.
	raw_wait "S> :[^ ]+ 353 hexuser = #test :"
	raw_wait "S> :[^ ]+ 366 hexuser #test "
	hexchat_type "/names"
	wait_file "$HC_CHAN" "Users on #test: @peer(![^ ]*)? hexuser(![^ ]*)?$"

	# Channel messages both ways.
	hexchat_type "hello from hexchat"
	wait_for p "^:hexuser![^ ]+ PRIVMSG #test :hello from hexchat$"
	wait_file "$HC_CHAN" "<hexuser>[[:space:]]hello from hexchat"
	send p "PRIVMSG #test :hello from peer"
	wait_file "$HC_CHAN" "<peer>[[:space:]]hello from peer"

	# WHOIS (printed in the current tab).
	hexchat_type "/whois peer"
	raw_wait "C> (WHOIS|whois) peer"
	wait_file "$HC_CHAN" "\\[peer\\] \\(~peer@127.0.0.1\\): peer Real"
	wait_file "$HC_CHAN" "\\[peer\\] End of WHOIS"

	# The peer makes HexChat a channel operator (the channel is +t).
	send p "MODE #test +o hexuser"
	wait_file "$HC_CHAN" "peer gives channel operator status to hexuser"

	# TOPIC: set, changed by the peer, asked for (332/333).
	hexchat_type "/topic Topic from hexchat"
	wait_for p "^:hexuser![^ ]+ TOPIC #test :Topic from hexchat$"
	wait_file "$HC_CHAN" "hexuser has changed the topic to: Topic from hexchat"
	send p "TOPIC #test :Topic from peer"
	wait_file "$HC_CHAN" "peer has changed the topic to: Topic from peer"
	hexchat_type "/topic"
	raw_wait "C> (TOPIC|topic) #test$"
	wait_file "$HC_CHAN" "Topic for #test is: Topic from peer"
	wait_file "$HC_CHAN" "Topic for #test set by peer"

	# A private message both ways (HexChat opens a tab for the reply).
	hexchat_type "/msg peer private hello from hexchat"
	wait_for p "^:hexuser![^ ]+ PRIVMSG peer :private hello from hexchat$"
	wait_file "$HC_CHAN" ">peer<[[:space:]]private hello from hexchat"
	send p "PRIVMSG hexuser :private hello from peer"
	wait_file "$HC_LOGS/natter-peer.log" "<peer>[[:space:]]private hello from peer"

	# The conversation so far, as a user sees it.
	hexchat_screenshot fixed

	# PART.
	hexchat_type "/part #test see you"
	wait_for p "^:hexuser![^ ]+ PART #test :see you$"
	wait_file "$HC_CHAN" "You have left channel #test \\(see you\\)"

	# Nothing in any tab a user would read as an error.
	local errors
	errors=$(hexchat_errors) || true
	if [ -n "$errors" ]; then
		echo "hexchat showed errors:" >&2
		echo "$errors" >&2
		false
	fi

	# QUIT, back on #test so that the peer sees it.
	hexchat_type "/join #test"
	wait_for p "^:hexuser![^ ]+ JOIN #test$"
	hexchat_type "/quit gone fishing"
	raw_wait "C> (QUIT|quit) :gone fishing"
	wait_for p "^:hexuser![^ ]+ QUIT :(Quit: )?gone fishing$"
	log_wait "hexuser disconnected"
}

@test "hexchat: register, join, NAMES, chat, whois, topic, query, part, quit" {
	hexchat_session
}

@test "hexchat over TLS: register, join, NAMES, chat, whois, topic, query, part, quit" {
	CLIENT_TLS=1
	hexchat_session
}

# The steps of "stays connected while idle, PING and PONG both ways", over plain TCP or,
# with CLIENT_TLS set, over TLS.
hexchat_idle() {
	need hexchat Xvfb xdotool import perl
	client_natterd_start -o ping_interval=2 -o ping_timeout=3
	proxy_start
	hexchat_start hexuser
	wait_glob "$HC_LOGS/*.log" "End of MOTD"
	raw_wait "S> PING "
	raw_wait "C> (PONG|pong) "
	# HexChat measures lag with its own PING; ask for one now.
	hexchat_type "/quote PING natter-idle-check"
	raw_wait "S> :[^ ]+ PONG [^ ]+ :?natter-idle-check"
	wait_count "$RAW_LOG" "S> PING " 4
	wait_count "$RAW_LOG" "C> (PONG|pong) " 3
	peer_start
	peer_whois_finds hexuser
	refute_disconnected hexuser
	refute_file "$RAW_LOG" " 2 -- connected" "the client reconnected"
	local errors
	errors=$(hexchat_errors) || true
	if [ -n "$errors" ]; then
		echo "hexchat showed errors:" >&2
		echo "$errors" >&2
		false
	fi
}

@test "hexchat: stays connected while idle, PING and PONG both ways" {
	hexchat_idle
}

@test "hexchat over TLS: stays connected while idle, PING and PONG both ways" {
	CLIENT_TLS=1
	hexchat_idle
}
