#!/usr/bin/env bats
# WEBIRC (IRCv3 WebIRC): a web gateway that a [webirc NAME] section
# names gives natterd its user's own address and host.  The gateway here
# is a plain connection from 127.0.0.1 that sends WEBIRC first.

load helpers

teardown() { natterd_stop; }

# webirc_conf [HOSTS]: a configuration with one [webirc kiwi] section
# for gateway addresses HOSTS (default 127.0.0.1), password hunter2.
webirc_conf() {
	local hash
	hash=$(printf 'hunter2\n' | "$NATTERD" -H)
	cat > "$BATS_TEST_TMPDIR/n.conf" <<-EOF
	max_clients_per_ip = 2
	[webirc kiwi]
	password_hash = $hash
	host = ${1:-127.0.0.1}
	EOF
}

# gateway NAME NICK WEBIRC-PARAMS...: a connection that sends WEBIRC
# with these parameters, then registers as NICK.
gateway() {
	local name=$1 nick=$2
	shift 2
	conn_open "$name" || return 1
	send "$name" "WEBIRC $*" "NICK $nick" "USER ${nick,,} 0 * :$nick Web"
}

# refused NAME WEBIRC-PARAMS...: a connection that sends only WEBIRC
# (natterd may close it at once).
refused() {
	local name=$1
	shift
	conn_open "$name" || return 1
	send "$name" "WEBIRC $*"
}

@test "WEBIRC: the user's address and host are the gateway's word" {
	webirc_conf
	natterd_start -f "$BATS_TEST_TMPDIR/n.conf"
	gateway w wendy hunter2 kiwiirc host.example.org 203.0.113.5
	wait_for w " 001 wendy :.* wendy!~wendy@host\.example\.org$"
	log_wait "Client 127\.0\.0\.1 is 203\.0\.113\.5 \(host\.example\.org\), says WebIRC gateway kiwi \(kiwiirc\)$"
	irc_register b bob
	send b "WHOIS wendy"
	wait_for b " 311 bob wendy ~wendy host\.example\.org \* :wendy Web$"
	wait_for b " 318 bob wendy "
	refute_since b " 671 bob wendy "
	# The address itself, as WHOX shows it to the user.
	send w "WHO wendy %tnhi,42"
	wait_for w " 354 wendy 42 203\.0\.113\.5 host\.example\.org wendy$"
	# A host that is no host name: the address stands in for it; the
	# gateway's name is logged with its control bytes escaped.
	gateway x xena hunter2 $'kiwi\x1b[2Jirc' 'bad_host!' 2001:db8::5
	wait_for x " 001 xena :.* xena!~xena@2001:db8::5$"
	log_wait "Client 127\.0\.0\.1 is 2001:db8::5 \(2001:db8::5\), says WebIRC gateway kiwi \(kiwi\\\\x1b\[2Jirc\)$"
}

@test "WEBIRC: secure is believed from a gateway on this machine: +Z" {
	webirc_conf
	natterd_start -f "$BATS_TEST_TMPDIR/n.conf"
	gateway w wendy hunter2 kiwiirc 203.0.113.5 203.0.113.5 \
	    ":secure local-port=443 remote-port=51234"
	wait_for w " 001 wendy "
	log_wait "says WebIRC gateway kiwi \(kiwiirc\), secure$"
	irc_register b bob
	send b "WHOIS wendy"
	wait_for b " 671 bob wendy :is using a secure connection$"
}

@test "WEBIRC refused: wrong password, not first, address not named, bad IP" {
	webirc_conf
	natterd_start -f "$BATS_TEST_TMPDIR/n.conf"
	refused a wrong kiwiirc 203.0.113.5 203.0.113.5
	wait_for a "^ERROR :Closing Link: .*\(Invalid WebIRC password\)$"
	log_wait "WEBIRC from 127\.0\.0\.1 refused: wrong password for kiwi$"
	refute_since a " 001 "
	conn_open b
	send b "NICK bea" "WEBIRC hunter2 kiwiirc 203.0.113.5 203.0.113.5"
	wait_for b "^ERROR :Closing Link: .*\(WEBIRC must come first\)$"
	refused c hunter2 kiwiirc 203.0.113.5 not-an-ip
	wait_for c "^ERROR :Closing Link: .*\(Invalid IP address in WEBIRC\)$"
	refused d hunter2 kiwiirc 203.0.113.5
	wait_for d " 461 \* WEBIRC :Not enough parameters$"
	# Registered: 462, and nothing changes.
	irc_register e erin
	send e "WEBIRC hunter2 kiwiirc 203.0.113.5 203.0.113.5"
	wait_for e " 462 erin :You may not reregister$"
	natterd_stop
	webirc_conf 10.9.9.9
	natterd_start -f "$BATS_TEST_TMPDIR/n.conf"
	refused f hunter2 kiwiirc 203.0.113.5 203.0.113.5
	wait_for f "^ERROR :Closing Link: .*\(WebIRC is not allowed from your address\)$"
	log_wait "WEBIRC from 127\.0\.0\.1 refused: no \[webirc\] section names it$"
}

@test "WEBIRC: max_clients_per_ip counts the user's address, not the gateway's" {
	webirc_conf
	natterd_start -f "$BATS_TEST_TMPDIR/n.conf"
	gateway w wendy hunter2 kiwiirc 203.0.113.5 203.0.113.5
	wait_for w " 001 wendy "
	gateway x xena hunter2 kiwiirc 203.0.113.5 203.0.113.5
	wait_for x " 001 xena "
	refused y hunter2 kiwiirc 203.0.113.5 203.0.113.5
	wait_for y "^ERROR :Closing Link: .*\(Too many connections from your address\)$"
	# The gateway's address counts none of them now: two fit directly.
	irc_register a alice
	irc_register b bob
}
