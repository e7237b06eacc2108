#!/usr/bin/env bats
# The text front: people on nc chat with slash commands, in the same
# rooms as IRC users.

load helpers

teardown() { natterd_stop; }

@test "the transcript: Alice and Bob chat from nc" {
	natterd_start -v
	nc_open alice
	expect_banner alice
	log_wait "Client connected from 127\.0\.0\.1:[0-9]+$"
	nc_open bob
	expect_banner bob
	type_line alice "/nick Alice"
	expect_next alice "Your nickname is now: Alice"
	log_wait "Anonymous1 set nickname to Alice$"
	type_line bob "/nick Bob"
	expect_next bob "Your nickname is now: Bob"
	log_wait "Anonymous2 set nickname to Bob$"
	type_line alice "/join general"
	expect_next alice "Joined room: general"
	expect_next alice "You are alone in this room."
	log_wait "Alice joined room: general$"
	type_line bob "/join general"
	expect_next bob "Joined room: general"
	expect_next bob "Alice is in this room."
	expect_next alice "* Bob joined general"
	log_wait "Bob joined room: general$"
	type_line alice "Hello everyone!"
	expect_next bob "[Alice]: Hello everyone!"
	log_wait "\[general\] Alice: Hello everyone!$"
	type_line bob "Hi Alice!"
	expect_next alice "[Bob]: Hi Alice!"
	log_wait "\[general\] Bob: Hi Alice!$"
	type_line alice "/msg Bob Want to chat privately?"
	expect_next alice "Private message sent to Bob."
	expect_next bob "[Private from Alice]: Want to chat privately?"
	type_line bob "/msg Alice Sure!"
	expect_next bob "Private message sent to Alice."
	expect_next alice "[Private from Bob]: Sure!"
	type_line alice "/quit"
	expect_next alice "Goodbye!"
	expect_next bob "* Alice quit"
	log_wait "Alice disconnected$"
	type_line bob "/quit"
	expect_next bob "Goodbye!"
	log_wait "Bob disconnected$"
	# Private messages never reach the log.
	run grep -c "privately\|Sure!" "$NATTERD_LOG"
	assert_output 0
}

@test "text users and IRC users share rooms, both ways" {
	natterd_start
	irc_register i carol
	send i "JOIN #general"
	wait_for i " 366 carol #general "
	text_open t
	type_line t "/nick Alice"
	wait_for t "^Your nickname is now: Alice$"
	type_line t "/join general"
	expect_next t "Joined room: general"
	expect_next t "carol is in this room."
	wait_for i "^:Alice!~text@127.0.0.1 JOIN #general$"
	type_line t "Hello from nc"
	wait_for i "^:Alice!~text@127.0.0.1 PRIVMSG #general :Hello from nc$"
	send i "PRIVMSG #general :Hello from IRC"
	expect_next t "[carol]: Hello from IRC"
	send i $'PRIVMSG #general :\001ACTION waves\001'
	expect_next t "* carol waves"
	send i "NOTICE #general :a notice"
	expect_next t "-carol- a notice"
	send i "PRIVMSG Alice :just you"
	expect_next t "[Private from carol]: just you"
	type_line t "/msg carol and you"
	expect_next t "Private message sent to carol."
	wait_for i "^:Alice!~text@127.0.0.1 PRIVMSG carol :and you$"
	type_line t "/me dances"
	wait_for i $'^:Alice!~text@127.0.0.1 PRIVMSG #general :\001ACTION dances\001$'
	send i "TOPIC #general :Welcome all"
	expect_next t "* carol set the topic: Welcome all"
	send i "NICK Caz"
	expect_next t "* carol is now known as Caz"
	send i "MODE #general +v Alice"
	expect_next t "* Caz sets mode +v Alice on general"
	irc_register j dave
	send j "JOIN #general"
	expect_next t "* dave joined general"
	send j "PART #general :bye now"
	expect_next t "* dave left general (bye now)"
	send i "QUIT :off to bed"
	expect_next t "* Caz quit (off to bed)"
	type_line t "/nick Ally"
	expect_next t "Your nickname is now: Ally"
}

@test "commands: /rooms, /who, /topic, /leave, /help, any case" {
	natterd_start
	text_open a
	text_open b
	type_line a "/rooms"
	expect_next a "There are no rooms yet. Use /join <room> to start one."
	type_line a "/nick Alice"
	type_line a "/JOIN #general"
	expect_next a "Your nickname is now: Alice"
	expect_next a "Joined room: general"
	expect_next a "You are alone in this room."
	type_line b "/nick Bob"
	type_line b "/join general"
	wait_for b "^Alice is in this room\.$"
	expect_next a "* Bob joined general"
	type_line a "/Topic Chat about anything"
	expect_next a "* You set the topic: Chat about anything"
	expect_next b "* Alice set the topic: Chat about anything"
	type_line b "/topic"
	expect_next b "Topic of general: Chat about anything (set by Alice)"
	type_line b "/who"
	expect_next b "In general with you: Alice."
	type_line b "/rooms"
	expect_next b "Rooms:"
	expect_next b "  general (2 users) - Chat about anything"
	type_line b "/join lounge"
	expect_next b "Joined room: lounge"
	expect_next b "You are alone in this room."
	expect_next b "Left room: general"
	expect_next a "* Bob left general"
	type_line b "/leave"
	expect_next b "Left room: lounge"
	type_line b "/who"
	expect_next b "You are not in a room. Use /join <room>."
	type_line b "/help"
	expect_next b "Commands:"
	wait_for b "^  /quit \[reason\] +disconnect$"
	wait_for b "^Anything else you type is said in your room\.$"
}

@test "errors are one clear line and the connection goes on" {
	natterd_start
	irc_register i carol
	text_open t
	type_line t "hello?"
	expect_next t "You are not in a room. Use /join <room>."
	type_line t "/foo bar"
	expect_next t "Unknown command: /foo. Type /help."
	type_line t "/nick"
	expect_next t "Usage: /nick <name>"
	type_line t "/join"
	expect_next t "Usage: /join <room>"
	type_line t "/msg"
	expect_next t "Usage: /msg <user> <message>"
	type_line t "/msg carol"
	expect_next t "Usage: /msg <user> <message>"
	type_line t "/msg nobody hi"
	expect_next t "No such user: nobody"
	type_line t "/nick carol"
	expect_next t "The nickname carol is already in use."
	type_line t "/nick 1abc"
	wait_for t "^Invalid nickname: 1abc\. A nickname has at most 30 characters"
	type_line t "/join bad,room"
	wait_for t "^No such room: #bad,room"
	type_line t "/me"
	expect_next t "Usage: /me <action>"
	long=$(printf 'x%.0s' {1..600})
	type_line t "$long"
	expect_next t "ERROR: Message too long"
	send i "JOIN #quiet"
	send i "MODE #quiet +m"
	wait_for i "MODE #quiet \+m"
	type_line t "/join quiet"
	wait_for t "^You are alone in this room\.|is in this room\.$"
	type_line t "shh"
	expect_next t "You cannot talk in quiet right now."
	type_line t "/nick Zed"
	expect_next t "Your nickname is now: Zed"
}

@test "partial lines and two commands in one segment" {
	natterd_start
	text_open t
	send_raw t '/nick Ali'
	send_raw t 'ce\n'
	expect_next t "Your nickname is now: Alice"
	send_raw t '/join a\n/join b\n'
	expect_next t "Joined room: a"
	expect_next t "You are alone in this room."
	expect_next t "Joined room: b"
}

@test "the first line decides: a slash or chat text starts the text front" {
	natterd_start -o text_greeting_delay=60000
	conn_open t
	send_raw t '/nick Quick\n'
	expect_banner t
	expect_next t "Your nickname is now: Quick"
	conn_open u
	send_raw u 'hi there\n'
	expect_banner u
	expect_next u "You are not in a room. Use /join <room>."
}

@test "an IRC client that speaks first never sees the banner" {
	natterd_start -o text_greeting_delay=300
	irc_register i carol
	send i "JOIN #x"
	wait_for i " 366 "
	run output i
	refute_output --partial "Welcome to the chat server"
}

@test "an IRC client that waits past the greeting delay still registers" {
	natterd_start -o text_greeting_delay=100
	conn_open i
	wait_for i "^Use /quit to disconnect\.$"
	send i "NICK late" "USER late 0 * :Late"
	wait_for i " 001 late "
	send i "JOIN #x"
	wait_for i " 366 late #x "
}

@test "text users are never sent PING and time out when idle" {
	natterd_start -o ping_interval=1 -o ping_timeout=1 -o text_idle_timeout=2
	text_open t
	type_line t "/nick Sleepy"
	expect_next t "Your nickname is now: Sleepy"
	wait_for t "^Disconnected: Idle timeout$"
	run output t
	refute_output --partial "PING"
}

@test "with a connection password, a person gives it with /pass" {
	natterd_start -o password=sesame
	text_open t
	type_line t "/join general"
	expect_next t "This server needs a password: /pass <password>"
	type_line t "/pass sesame"
	expect_next t "Password accepted."
	type_line t "/join general"
	expect_next t "Joined room: general"
	text_open w
	type_line w "/pass guess"
	expect_next w "Wrong password."
	expect_next w "Disconnected: Bad password"
}

@test "a person who reads the banner and waits is not dropped as unregistered" {
	natterd_start -o text_greeting_delay=100 -o register_timeout=1
	text_open t
	log_wait "Client connected"
	# A later IRC connection that never registers is the clock: when it
	# times out, the person has been waiting longer than register_timeout.
	conn_open clock
	send clock "NICK clock"
	wait_for clock "\(Registration timeout\)$"
	type_line t "/nick Patient"
	expect_next t "Your nickname is now: Patient"
}

@test "with one channel per user, /join still moves rooms" {
	natterd_start -o max_channels_per_user=1
	text_open t
	type_line t "/join a"
	wait_for t "^Joined room: a$"
	type_line t "/join b"
	wait_for t "^Left room: a$"
	expect_next t "Joined room: b"
}

@test "a port fixed to the text front greets at once; front=irc never greets" {
	natterd_start -o text_port=-1 -o text_greeting_delay=60000
	tport=$(port_of "the text front")
	[ -n "$tport" ] || fail "no text port in the log"
	conn_open t "$tport"
	expect_banner t
	# Even an IRC command is chat text here.
	send t "NICK x"
	expect_next t "You are not in a room. Use /join <room>."
	natterd_stop
	natterd_start -o front=irc -o text_greeting_delay=100
	conn_open i
	send i "hello"
	wait_for i " 451 \* :You have not registered$"
	send i "NICK late" "USER late 0 * :L"
	wait_for i " 001 late "
	run output i
	refute_output --partial "Welcome to the chat server"
	run "$NATTERD" -t -o front=both
	assert_failure
	assert_output --partial "front = both: expected auto, irc or text"
}

@test "banned, keyed and full rooms are refused with a clear line" {
	natterd_start
	irc_register i carol
	send i "JOIN #locked,#full,#banned"
	wait_for i " 366 carol #banned "
	send i "MODE #locked +k sesame"
	send i "MODE #full +l 1"
	send i "MODE #banned +b Anon*"
	wait_for i "MODE #banned \+b Anon\*!\*@\*$"
	text_open t
	type_line t "/join locked"
	expect_next t "Cannot join #locked: the room needs a key (/join <room> <key>)."
	type_line t "/join locked sesame"
	expect_next t "Joined room: locked"
	expect_next t "carol is in this room."
	type_line t "/join full"
	expect_next t "Cannot join #full: the room is full."
	type_line t "/join banned"
	expect_next t "Cannot join #banned: you are banned."
	type_line t "hello locked"
	wait_for i "PRIVMSG #locked :hello locked$"
}
