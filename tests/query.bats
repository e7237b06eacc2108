#!/usr/bin/env bats
# WHO, WHOIS, USERHOST, ISON, LUSERS, MOTD, PING and unknown commands.

load helpers

setup() {
	natterd_start
	irc_register a alice
	irc_register b bob
}
teardown() { natterd_stop; }

@test "WHO #channel and WHO nick: 352 then 315" {
	send a "JOIN #w"
	wait_for a " 366 [^ ]+ #w "
	send b "JOIN #w"
	wait_for a "bob.* JOIN #w"
	send b "WHO #w"
	wait_for b "^:natter.local 352 bob #w ~alice 127.0.0.1 natter.local alice H@ :0 alice Real$"
	wait_for b "^:natter.local 352 bob #w ~bob 127.0.0.1 natter.local bob H :0 bob Real$"
	wait_for b " 315 bob #w :End of WHO list$"
	send a "AWAY :out"
	wait_for a " 306 alice "
	send b "WHO alice"
	wait_for b " 352 bob \* ~alice 127.0.0.1 natter.local alice G :0 alice Real$"
	wait_for b " 315 bob alice :End of WHO list$"
	send b "WHO nobody"
	wait_for b " 315 bob nobody :End of WHO list$"
}

@test "WHOX: 354 with the fields asked for, in their order, and the token" {
	send a "JOIN #w"
	wait_for a " 366 alice #w "
	send b "JOIN #w"
	wait_for b " 366 bob #w "
	send b "AWAY :out"
	wait_for b " 306 "
	send a "WHO #w %tcuihsnfdlaor,42"
	wait_for a "^:natter.local 354 alice 42 #w ~alice 127.0.0.1 127.0.0.1 natter.local alice H@ 0 [0-9]+ 0 n/a :alice Real$"
	wait_for a "^:natter.local 354 alice 42 #w ~bob 255.255.255.255 127.0.0.1 natter.local bob G 0 [0-9]+ 0 n/a :bob Real$"
	wait_for a "^:natter.local 315 alice #w :End of WHO list$"
	send a "WHO bob %rnt,7"
	expect_next a ":natter.local 354 alice 7 bob :bob Real"
	expect_next a ":natter.local 315 alice bob :End of WHO list"
	send a "WHO bob %na"
	expect_next a ":natter.local 354 alice bob 0"
	expect_next a ":natter.local 315 alice bob :End of WHO list"
	send a "WHO bob o%n"
	expect_next a ":natter.local 315 alice bob :End of WHO list"
	send a "WHO b* %cn,1234"
	expect_next a ":natter.local 354 alice * bob"
	expect_next a ":natter.local 315 alice b* :End of WHO list"
	send a "WHO bob"
	expect_next a ":natter.local 352 alice * ~bob 127.0.0.1 natter.local bob G :0 bob Real"
	assert_output_has a " 005 alice .*WHOX"
}

@test "WHO hides invisible users from those who share no channel" {
	send a "MODE alice +i"
	wait_for a "MODE alice :\+i"
	send b "WHO al*"
	wait_for b " 315 bob al\* "
	run output b
	refute_output --partial " 352 bob * ~alice"
	send a "JOIN #v"
	wait_for a " 366 [^ ]+ #v "
	send b "JOIN #v"
	wait_for b " 366 "
	send b "WHO al*"
	wait_for b " 352 bob \* ~alice "
}

@test "WHOIS: 311, 319, 312, 317, 318; 401 for nobody" {
	send a "JOIN #w1,#w2"
	wait_for a "JOIN #w2"
	send b "WHOIS alice"
	wait_for b "^:natter.local 311 bob alice ~alice 127.0.0.1 \* :alice Real$"
	wait_for b " 319 bob alice :@#w1 @#w2$"
	wait_for b " 312 bob alice natter.local :natter IRC server$"
	wait_for b " 317 bob alice [0-9]+ [0-9]+ :seconds idle, signon time$"
	wait_for b " 318 bob alice :End of WHOIS list$"
	send b "whois nobody"
	wait_for b " 401 bob nobody :No such nick/channel$"
	wait_for b " 318 bob nobody :End of WHOIS list$"
	send b "WHOIS natter.local alice"
	wait_for b " 311 bob alice "
	send a "AWAY :brb"
	wait_for a " 306 alice "
	send b "WHOIS alice"
	wait_for b " 301 bob alice :brb$"
}

@test "USERHOST and ISON" {
	send a "USERHOST bob nobody alice"
	wait_for a " 302 alice :bob=\+~bob@127.0.0.1 alice=\+~alice@127.0.0.1$"
	send a "ISON bob nobody ALICE"
	wait_for a " 303 alice :bob alice$"
	send a "USERHOST"
	wait_for a " 461 alice USERHOST :Not enough parameters$"
}

@test "LUSERS and MOTD on request; 422 without a MOTD" {
	send a "LUSERS"
	wait_for a " 251 alice :There are 2 users and 0 invisible on 1 servers$"
	wait_for a " 255 alice :I have 2 clients and 0 servers$"
	send a "MOTD"
	wait_for a " 375 alice "
	wait_for a " 376 alice "
	natterd_stop
	natterd_start -o motd=
	conn_open c
	send c "NICK c" "USER c 0 * :C"
	wait_for c " 422 c :MOTD File is missing$"
}

# unknown_gone N: the log shows N unregistered clients gone.
unknown_gone() {
	[ "$(grep -cE 'Client 127\.0\.0\.1:[0-9]+ disconnected' "$NATTERD_LOG")" -ge "$1" ]
}

@test "LUSERS counts every unregistered connection in 253, and forgets it" {
	conn_open n
	send n "NICK onlynick"
	conn_open u
	send u "USER x 0 * :X"
	sync_irc n
	sync_irc u
	send a "LUSERS"
	wait_for a " 253 alice 2 :unknown connection\(s\)$"
	wait_for a " 255 alice :I have 4 clients and 0 servers$"
	send n "QUIT"
	wait_for n "^ERROR "
	conn_close n
	conn_close u
	poll "$WAIT_TIMEOUT" unknown_gone 2 || fail "the two did not go"
	send a "LUSERS"
	wait_for a " 253 alice 0 :unknown connection\(s\)$"
	wait_for a " 255 alice :I have 2 clients and 0 servers$"
}

@test "PING needs an origin; unknown commands get 421" {
	send a "PING"
	wait_for a " 409 alice :No origin specified$"
	send a "FROBNICATE x y"
	wait_for a " 421 alice FROBNICATE :Unknown command$"
}

@test "WHOWAS: 314, 312, 369; 406 for a nick never seen; count" {
	send b "NICK bobby"
	wait_for b "NICK :bobby"
	send b "NICK bob2"
	wait_for b "NICK :bob2"
	send a "WHOWAS bob"
	wait_for a "^:natter.local 314 alice bob ~bob 127.0.0.1 \* :bob Real$"
	wait_for a " 312 alice bob natter.local :[A-Z][a-z]{2} "
	wait_for a " 369 alice bob :End of WHOWAS$"
	send a "WHOWAS never"
	wait_for a " 406 alice never :There was no such nickname$"
	wait_for a " 369 alice never :End of WHOWAS$"
	send b "NICK bob"
	wait_for b "NICK :bob$"
	send b "NICK bob3"
	wait_for b "NICK :bob3$"
	send a "WHOWAS bob 1"
	wait_for a " 314 alice bob "
	wait_for a " 369 alice bob "
	send a "WHOWAS"
	wait_for a " 461 alice WHOWAS :Not enough parameters$"
}

@test "VERSION, TIME, INFO, ADMIN, LINKS, STATS and HELP" {
	send a "VERSION"
	wait_for a "^:natter.local 351 alice natter-[0-9.]+\. natter.local :"
	wait_for a " 005 alice .*CASEMAPPING=rfc1459"
	send a "VERSION other.server"
	wait_for a " 402 alice other.server :No such server$"
	send a "TIME"
	wait_for a " 391 alice natter.local :"
	send a "INFO"
	wait_for a " 371 alice :"
	wait_for a " 374 alice :End of INFO list$"
	send a "ADMIN"
	wait_for a " 256 alice natter.local :Administrative info$"
	wait_for a " 257 alice :"
	wait_for a " 258 alice :"
	wait_for a " 259 alice :"
	send a "LINKS"
	wait_for a " 364 alice natter.local natter.local :0 natter IRC server$"
	wait_for a " 365 alice \* :End of LINKS list$"
	send a "STATS u"
	wait_for a " 242 alice :Server Up 0 days 0:[0-9]{2}:[0-9]{2}$"
	wait_for a " 219 alice u :End of STATS report$"
	send a "STATS m"
	wait_for a " 212 alice VERSION 2 0 0$"
	wait_for a " 219 alice m :End of STATS report$"
	send a "HELP"
	wait_for a " 704 alice \* :"
	wait_for a " 705 alice \* :JOIN <#chan>"
	wait_for a " 706 alice \* :End of /HELP$"
	send a "help privmsg"
	wait_for a " 704 alice PRIVMSG :PRIVMSG <target>"
	send a "HELP frob"
	wait_for a " 524 alice frob :No help available on this topic$"
}

@test "server queries for another server get 402" {
	for c in "TIME" "INFO" "ADMIN" "VERSION"; do
		send a "$c elsewhere.example"
		wait_for a " 402 alice elsewhere.example :No such server$"
	done
	send a "STATS u elsewhere.example"
	wait_for a " 402 alice elsewhere.example :No such server$"
	send a "TIME natter.local"
	wait_for a " 391 alice natter.local :"
}

@test "CALLERID: +g takes private messages only from the ACCEPT list" {
	irc_register c carol
	send b "MODE bob +g"
	wait_for b "^:bob MODE bob :\+g$"
	send a "PRIVMSG bob :hi"
	wait_for a "^:natter.local 716 alice bob :is in \+g mode \(server-side ignore\.\)$"
	expect_next a ":natter.local 717 alice bob :has been informed that you messaged them."
	wait_for b "^:natter.local 718 bob alice ~alice@127.0.0.1 :is messaging you, and you have umode \+g\.$"
	# Within a minute: 716 again, but bob is not told again.
	send a "PRIVMSG bob :hi again" "NOTICE bob :psst"
	wait_for a " 716 alice bob "
	sync_irc a
	refute_since a " 717 "
	sync_irc b
	refute_since b " 718 |hi again|psst"
	send b "ACCEPT alice" "ACCEPT alice" "ACCEPT nobody" "ACCEPT -carol"
	wait_for b " 457 bob alice :is already on your accept list$"
	wait_for b " 401 bob nobody "
	wait_for b " 458 bob carol :is not on your accept list$"
	send b "ACCEPT *"
	expect_next b ":natter.local 281 bob alice"
	expect_next b ":natter.local 282 bob :End of /ACCEPT list."
	send a "PRIVMSG bob :now?"
	wait_for b "^:alice!~alice@127.0.0.1 PRIVMSG bob :now\?$"
	# Those a +g user writes to may answer.
	send b "PRIVMSG carol :ping me back"
	wait_for c "PRIVMSG carol :ping me back$"
	send c "PRIVMSG bob :back"
	wait_for b "^:carol!~carol@127.0.0.1 PRIVMSG bob :back$"
	send b "ACCEPT -alice"
	send b "ACCEPT *"
	wait_for b " 281 bob carol"
	expect_next b ":natter.local 282 bob :End of /ACCEPT list."
	send b "MODE bob"
	wait_for b " 221 bob \+g$"
	assert_output_has a " 005 alice .*CALLERID=g"
}
