#!/usr/bin/env bats
# A third-party IRCv3 WebSocket client against natterd: irc-framework,
# the IRC library Kiwi IRC is built on, driven by tests/ircfw.js over
# its own WebSocket transport (with the ws package as the browser's
# WebSocket).  Neither is in Debian: they come from the npm registry,
#
#	npm install --prefix /usr/local/lib/natter-tests \
#	    irc-framework@4.14.0 ws@8
#
# as .ci/run does; NATTER_NODE_MODULES names another node_modules.  The
# tests are skipped, saying so, without Node.js or without them.

load helpers

NODE_MODULES=${NATTER_NODE_MODULES:-/usr/local/lib/natter-tests/node_modules}

setup_file() { make_cert server localhost; }

setup() {
	command -v node >/dev/null ||
	    skip "no Node.js (node) to run irc-framework"
	NODE_PATH=$NODE_MODULES node -e 'require("irc-framework");
	    require("ws")' 2>/dev/null ||
	    skip "irc-framework or ws not in $NODE_MODULES (npm install --prefix ${NODE_MODULES%/node_modules} irc-framework@4.14.0 ws@8)"
}

teardown() { natterd_stop; }

# kiwi_open NAME NICK URL [PROTOCOL]: the irc-framework client as
# connection NAME, registered (its "REGISTERED" line seen).
kiwi_open() {
	local name=$1 nick=$2
	pipe_open "$name" env NODE_PATH="$NODE_MODULES" \
	    node "$BATS_TEST_DIRNAME/ircfw.js" "$3" "$nick" ${4:+"$4"} ||
	    return 1
	wait_for "$name" "^REGISTERED $nick$"
}

@test "irc-framework over text.ircv3.net: chats with an IRC client and a person on nc" {
	natterd_start
	kiwi_open k kiwi "ws://127.0.0.1:$NATTERD_PORT/"
	log_wait "WebSocket from 127\.0\.0\.1:[0-9]+ \(text\.ircv3\.net\)$"
	# What it asked for and got, in natterd's order.
	wait_for k "^CAPS account-notify account-tag away-notify batch cap-notify echo-message extended-join invite-notify message-tags multi-prefix server-time userhost-in-names$"
	irc_register b bob
	send k "join #general"
	wait_for k "^JOIN kiwi #general time$"
	wait_for k "^USERLIST #general @kiwi$"
	text_open p
	type_line p "/nick Carol"
	type_line p "/join general"
	wait_for p "Joined room: general"
	wait_for k "^JOIN Carol #general time$"
	send b "JOIN #general"
	wait_for b " 353 bob = #general :@kiwi Carol bob$"
	wait_for k "^JOIN bob #general time$"
	send k "say #general hello from Kiwi's engine"
	wait_for b "^:kiwi!~kiwi@127\.0\.0\.1 PRIVMSG #general :hello from Kiwi's engine$"
	wait_for p "^\[kiwi\]: hello from Kiwi's engine$"
	# echo-message: its own line comes back, with a server time.
	wait_for k "^PRIVMSG kiwi #general hello from Kiwi's engine time$"
	send b "PRIVMSG #general :hi kiwi"
	wait_for k "^PRIVMSG bob #general hi kiwi time$"
	type_line p "hi from nc, café"
	wait_for k "^PRIVMSG Carol #general hi from nc, café time$"
	send k "action #general waves"
	wait_for b $'^:kiwi!~kiwi@127\\.0\\.0\\.1 PRIVMSG #general :\x01ACTION waves\x01$'
	wait_for p "^\* kiwi waves$"
	send k "topic #general Kiwi's topic"
	wait_for b "^:kiwi!~kiwi@127\.0\.0\.1 TOPIC #general :Kiwi's topic$"
	wait_for k "^TOPIC #general kiwi Kiwi's topic$"
	# A private conversation both ways.
	send b "PRIVMSG kiwi :a word in private"
	wait_for k "^PRIVMSG bob kiwi a word in private time$"
	send k "say bob and back"
	wait_for b "^:kiwi!~kiwi@127\.0\.0\.1 PRIVMSG bob :and back$"
	send k "whois bob"
	wait_for k "^WHOIS bob ~bob 127\.0\.0\.1 bob Real$"
	send k "who #general"
	wait_for k "^WHOLIST #general Carol bob kiwi$"
	# Away: bob is told when he writes; back again.
	send k "away gone for tea"
	wait_for k "^AWAY kiwi You have been marked as being away$"
	send b "PRIVMSG kiwi :there?"
	wait_for b " 301 bob kiwi :gone for tea$"
	send k "back"
	wait_for k "^BACK kiwi$"
	send k "part #general see you"
	wait_for b "^:kiwi!~kiwi@127\.0\.0\.1 PART #general :see you$"
	wait_for p "^\* kiwi left general \(see you\)$"
	send k "quit bye"
	log_wait "kiwi disconnected$"
	wait_for k "^CLOSED$"
	# Nothing it sent was refused: no error but the goodbye.
	run grep -E "^(ERROR|UNKNOWN [45][0-9][0-9] )" "$BATS_TEST_TMPDIR/k.out"
	assert_output "ERROR irc  Closing Link: kiwi[127.0.0.1] (Quit: bye)"
}

@test "irc-framework without a subprotocol, and over wss on the TLS port" {
	command -v openssl >/dev/null ||
	    skip "openssl not installed (Debian: apt-get install openssl)"
	natterd_start -o tls_port=-1 \
	    -o "tls_cert=$BATS_FILE_TMPDIR/server.pem" \
	    -o "tls_key=$BATS_FILE_TMPDIR/server.key"
	tport=$(port_of TLS)
	# No Sec-WebSocket-Protocol: text frames, as for text.ircv3.net.
	kiwi_open n nina "ws://127.0.0.1:$NATTERD_PORT/" none
	log_wait "WebSocket from 127\.0\.0\.1:[0-9]+ \(no subprotocol: text\)$"
	NODE_EXTRA_CA_CERTS=$BATS_FILE_TMPDIR/server.pem \
	    kiwi_open s sam "wss://127.0.0.1:$tport/"
	irc_register b bob
	send b "WHOIS sam"
	wait_for b " 671 bob sam :is using a secure connection$"
	send s "say nina over TLS, café"
	wait_for n "^PRIVMSG sam nina over TLS, café time$"
	send n "say sam and back in the clear"
	wait_for s "^PRIVMSG nina sam and back in the clear time$"
}
