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
IRSSI_ERRORS='Unknown command|not registered|Irssi: Error|Error:|Not enough parameters|Unknown settings|Couldn.t|Unknown mode|No such|Permission denied|Input line too long|lag|Lag|Closing Link|Connection lost|not channel operator'

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
	tmux -S "$TMUX_SOCK" new-session -d -s irssi -x 200 -y 50 \
	    "irssi --home=$IRSSI_DIR -c 127.0.0.1 -p $PROXY_PORT -n $1" 3>&-
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

@test "irssi: register, join, NAMES, chat, whois, topic, query, part, quit" {
	need irssi tmux perl
	natterd_start
	proxy_start
	peer_start
	irssi_start irssiuser

	# Register.
	wait_file "$IRSSI_ALL" "Welcome to the natter IRC Network irssiuser"
	wait_file "$IRSSI_ALL" "End of MOTD"
	log_wait "irssiuser registered from"

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

@test "irssi: stays connected while idle, PING and PONG both ways" {
	need irssi tmux perl
	natterd_start -o ping_interval=2 -o ping_timeout=3
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
