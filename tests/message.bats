#!/usr/bin/env bats
# PRIVMSG and NOTICE to channels and nicks.

load helpers

setup() {
	natterd_start -v
	irc_register a alice
	irc_register b bob
}
teardown() { natterd_stop; }

@test "channel messages reach the others, not the sender" {
	send a "JOIN #c"
	wait_for a " 366 [^ ]+ #c "
	send b "JOIN #c"
	wait_for a "bob.* JOIN #c"
	send a "PRIVMSG #c :Hello everyone!"
	wait_for b "^:alice!~alice@127.0.0.1 PRIVMSG #c :Hello everyone!$"
	send b "privmsg #C :Hi Alice!"
	wait_for a "^:bob!~bob@127.0.0.1 PRIVMSG #c :Hi Alice!$"
	sync_irc a
	refute_since a "Hello everyone"
	log_wait "\[c\] alice: Hello everyone!$"
}

@test "private messages and notices both ways, never logged" {
	send a "PRIVMSG bob :Want to chat privately?"
	wait_for b "^:alice!~alice@127.0.0.1 PRIVMSG bob :Want to chat privately\?$"
	send b "PRIVMSG ALICE :Sure!"
	wait_for a "^:bob!~bob@127.0.0.1 PRIVMSG alice :Sure!$"
	send b "NOTICE alice :psst"
	wait_for a "^:bob!~bob@127.0.0.1 NOTICE alice :psst$"
	sync_irc a
	run grep -c "privately" "$NATTERD_LOG"
	assert_output 0
}

@test "several targets, and 407 past MAXTARGETS" {
	irc_register c carol
	send a "JOIN #x"
	wait_for a " 366 alice #x "
	send b "JOIN #x"
	wait_for b " 366 bob #x "
	wait_for a "^:bob!~bob@127.0.0.1 JOIN #x$"
	# carol joins too: #x is +n, and an outsider would get 404.
	send c "JOIN #x"
	wait_for c " 366 carol #x "
	wait_for a "^:carol!~carol@127.0.0.1 JOIN #x$"
	wait_for b "^:carol!~carol@127.0.0.1 JOIN #x$"
	send c "PRIVMSG bob,#X :multi"
	# bob gets both copies, in the order of the targets, the channel's
	# under its own name; alice gets the channel's.  carol (without
	# echo-message) gets nothing back, and no error.
	expect_next b ":carol!~carol@127.0.0.1 PRIVMSG bob :multi"
	expect_next b ":carol!~carol@127.0.0.1 PRIVMSG #x :multi"
	expect_next a ":carol!~carol@127.0.0.1 PRIVMSG #x :multi"
	send c "PING :after"
	expect_next c ":natter.local PONG natter.local :after"
	send c "PRIVMSG a1,a2,a3,a4,a5 :many"
	wait_for c " 407 carol a5 :Too many recipients$"
}

@test "errors: 411, 412, 401, 404 for +n and +m" {
	send a "PRIVMSG"
	wait_for a " 411 alice :No recipient given \(PRIVMSG\)$"
	send a "PRIVMSG bob"
	wait_for a " 412 alice :No text to send$"
	send a "PRIVMSG nobody :hi"
	wait_for a " 401 alice nobody :No such nick/channel$"
	send a "PRIVMSG #nochan :hi"
	wait_for a " 401 alice #nochan :No such nick/channel$"
	send b "JOIN #n"
	wait_for b " 366 "
	send a "PRIVMSG #n :from outside"
	wait_for a " 404 alice #n :Cannot send to channel$"
	send a "JOIN #n"
	wait_for a " 366 alice #n "
	send b "MODE #n +m"
	wait_for a "MODE #n \+m$"
	send a "PRIVMSG #n :muted"
	wait_for a " 404 alice #n :Cannot send to channel$"
	send b "MODE #n +v alice"
	wait_for a "MODE #n \+v alice$"
	send a "PRIVMSG #n :voiced"
	wait_for b "PRIVMSG #n :voiced$"
}

@test "NOTICE never causes an automatic reply" {
	send a "NOTICE nobody :hi" "NOTICE #nochan :hi" "NOTICE" "NOTICE bob"
	sync_irc a
	refute_since a " 4[0-9][0-9] "
}

@test "a message to an away user gets 301" {
	send b "AWAY :lunch"
	wait_for b " 306 bob :You have been marked as being away$"
	send a "PRIVMSG bob :there?"
	wait_for a " 301 alice bob :lunch$"
	wait_for b "PRIVMSG bob :there\?$"
	send b "AWAY"
	wait_for b " 305 bob :You are no longer marked as being away$"
}

@test "CTCP passes through untouched" {
	send a $'PRIVMSG bob :\001VERSION\001'
	wait_for b $'PRIVMSG bob :\001VERSION\001$'
}

@test "STATUSMSG: @#chan reaches its operators only, +#chan the voiced too" {
	irc_register c carol
	irc_register d dave
	send a "JOIN #s"
	wait_for a " 366 alice #s "
	for n in b:bob c:carol d:dave; do
		send ${n%%:*} "JOIN #s"
		wait_for ${n%%:*} " 366 ${n#*:} #s "
	done
	text_open t
	type_line t "/join s"
	wait_for t "^Joined room: s$"
	send a "MODE #s +vo bob Anonymous1"
	wait_for c "MODE #s \+vo bob Anonymous1$"
	wait_for t "sets mode"
	send c "PRIVMSG @#s :ops only"
	wait_for a "^:carol!~carol@127.0.0.1 PRIVMSG @#s :ops only$"
	wait_for t "^\[carol to @s\]: ops only$"
	send c "NOTICE +#S :voiced too"
	wait_for b "^:carol!~carol@127.0.0.1 NOTICE \+#s :voiced too$"
	wait_for a "^:carol!~carol@127.0.0.1 NOTICE \+#s :voiced too$"
	wait_for t "^-carol to \+s- voiced too$"
	sync_irc b
	sync_irc d
	! output b | grep -q "ops only" || fail "bob, voiced, got it"
	! output d | grep -qE "ops only|voiced too" || fail "dave got it"
	send c "PRIVMSG @#nowhere :x"
	wait_for c " 401 carol #nowhere "
	assert_output_has a " 005 alice .*STATUSMSG=@\+"
}
