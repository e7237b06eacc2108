#!/usr/bin/env bats
# Registration: NICK/USER, CAP negotiation, PASS, and their errors.

load helpers

setup() { natterd_start; }
teardown() { natterd_stop; }

@test "NICK and USER register and get 001 to 005, LUSERS and MOTD" {
	conn_open a
	send a "NICK alice" "USER alice 0 * :Alice Liddell"
	wait_for a "^:natter.local 001 alice :Welcome to the natter IRC Network alice!~alice@127.0.0.1$"
	wait_for a " 002 alice :Your host is natter.local, running version natter-"
	wait_for a " 003 alice :This server was created "
	wait_for a " 004 alice natter.local natter-[^ ]+ BZgiosw biklmnopstvz bklov$"
	wait_for a " 005 alice .*CASEMAPPING=rfc1459"
	assert_output_has a " 005 alice .*CHANTYPES=# "
	assert_output_has a " 005 alice .*PREFIX=\(ov\)@\+"
	assert_output_has a " 005 alice .*NICKLEN=30"
	assert_output_has a " 005 alice .*CHANNELLEN=50"
	assert_output_has a " 005 alice .*TOPICLEN=307"
	assert_output_has a " 005 alice .*NETWORK=natter"
	assert_output_has a " 005 alice .*CHANMODES=b,k,l,imnpstz "
	assert_output_has a " 005 alice .*MODES=4 "
	assert_output_has a " 005 alice .*MAXLIST=b:50 "
	assert_output_has a " 005 alice .*TARGMAX=PRIVMSG:4"
	wait_for a " 251 alice :There are 1 users and 0 invisible on 1 servers$"
	wait_for a " 252 alice 0 "
	wait_for a " 253 alice 0 "
	wait_for a " 254 alice 0 "
	wait_for a " 255 alice :I have 1 clients and 0 servers$"
	wait_for a " 265 alice "
	wait_for a " 266 alice "
	wait_for a " 375 alice "
	wait_for a " 372 alice :- Welcome to natter\.$"
	wait_for a " 376 alice :End of MOTD command$"
	log_wait "alice registered from 127\.0\.0\.1:[0-9]+$"
}

@test "USER before NICK registers too" {
	conn_open a
	send a "USER bob 0 * :Bob" "NICK bob"
	wait_for a " 001 bob "
}

@test "CAP LS 302 holds registration until CAP END" {
	conn_open a
	send a "CAP LS 302" "NICK carol" "USER carol 0 * :Carol"
	wait_for a "^:natter.local CAP \* LS :.*multi-prefix"
	sync_irc a
	refute_since a " 001 "
	send a "CAP REQ :multi-prefix"
	wait_for a "^:natter.local CAP carol ACK :multi-prefix$"
	send a "CAP LIST"
	wait_for a "^:natter.local CAP carol LIST :multi-prefix$"
	send a "CAP END"
	wait_for a " 001 carol "
}

@test "CAP REQ with an unknown capability is refused whole" {
	conn_open a
	send a "CAP LS" "CAP REQ :multi-prefix bogus-cap"
	wait_for a "CAP \* NAK :multi-prefix bogus-cap$"
	send a "CAP LIST"
	wait_for a "CAP \* LIST :$"
	send a "CAP FROB"
	wait_for a " 410 \* FROB :Invalid CAP command$"
}

@test "irssi's bare JOIN : before registration gets 451" {
	conn_open a
	send a "CAP LS 302" "JOIN :"
	wait_for a " 451 \* :You have not registered$"
	send a "CAP END" "NICK dave" "USER dave 0 * :Dave"
	wait_for a " 001 dave "
}

@test "commands before registration get 451, unknown ones too" {
	conn_open a
	send a "PRIVMSG x :hi" "WHOIS x" "FROBNICATE"
	wait_for a " 451 \* :You have not registered$"
	wait_for a " 451 \* :You have not registered$"
	wait_for a " 451 \* :You have not registered$"
	send a "PING :early"
	wait_for a "PONG natter.local :early$"
}

@test "nick errors: 431, 432, 433" {
	irc_register a alice
	conn_open b
	send b "NICK"
	wait_for b " 431 \* :No nickname given$"
	send b "NICK 9lives"
	wait_for b " 432 \* 9lives :Erroneous nickname$"
	send b "NICK -dash"
	wait_for b " 432 \* -dash :Erroneous nickname$"
	send b "NICK abcdefghijklmnopqrstuvwxyz12345"
	wait_for b " 432 \* abcdefghijklmnopqrstuvwxyz12345 :Erroneous nickname$"
	send b "NICK ALICE"
	wait_for b " 433 \* ALICE :Nickname is already in use$"
	send b "NICK Alic[e]"
	send b "USER b 0 * :B"
	wait_for b " 001 Alic\[e\] "
	conn_open c
	send c "NICK alic{E}"
	wait_for c " 433 \* alic\{E\} :Nickname is already in use$"
}

@test "USER needs four parameters and cannot be sent twice" {
	conn_open a
	send a "USER x 0 *"
	wait_for a " 461 \* USER :Not enough parameters$"
	send a "USER x 0 * :X" "NICK xavier"
	wait_for a " 001 xavier "
	send a "USER y 0 * :Y"
	wait_for a " 462 xavier :You may not reregister$"
}

@test "USER with an empty real name gets 461 and does not register" {
	conn_open a
	send a "USER x 0 * :" "NICK xavier"
	wait_for a " 461 \* USER :Not enough parameters$"
	sync_irc a
	refute_since a " 001 "
	send a "USER x 0 * :Xavier"
	wait_for a " 001 xavier "
}

@test "a nick change is seen by the user and by channel neighbours" {
	irc_register a alice
	irc_register b bob
	send a "JOIN #c"
	wait_for a " 366 [^ ]+ #c "
	send b "JOIN #c"
	wait_for a ":bob!~bob@127.0.0.1 JOIN #c"
	send a "NICK Alicia"
	wait_for a "^:alice!~alice@127.0.0.1 NICK :Alicia$"
	wait_for b "^:alice!~alice@127.0.0.1 NICK :Alicia$"
	log_wait "alice set nickname to Alicia"
	# The old nick is free at once; a change of case alone works.
	send b "NICK alice"
	wait_for b "NICK :alice$"
	send a "NICK ALICIA"
	wait_for a "^:Alicia!~alice@127.0.0.1 NICK :ALICIA$"
}

@test "the 15th parameter takes the rest of the line" {
	# ISON answers with the nicks online among its parameters, split at
	# spaces, in order: it shows what the server took for each one.
	irc_register a alice
	irc_register o oscar
	irc_register p paul
	irc_register q quinn
	fill="n1 n2 n3 n4 n5 n6 n7 n8 n9 n10 n11 n12 n13"
	# Fourteen parameters, then ':' starts the fifteenth: the ':' goes.
	# Had the fourteenth taken the rest, ":oscar" would not be found.
	send a "ISON $fill alice :oscar paul"
	expect_next a ":natter.local 303 alice :alice oscar paul"
	# Without ':' the fifteenth takes the rest just the same, a later
	# ':' included: ":paul" is no nick.  Cut at "oscar", or with a
	# sixteenth parameter "paul quinn", the reply would differ.
	send a "ISON $fill alice oscar  :paul quinn"
	expect_next a ":natter.local 303 alice :alice oscar quinn"
}
