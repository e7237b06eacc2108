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
	send b "JOIN #w"
	wait_for a "bob.* JOIN #w"
	send b "WHO #w"
	wait_for b "^:natter.local 352 bob #w ~alice 127.0.0.1 natter.local alice H@ :0 alice Real$"
	wait_for b "^:natter.local 352 bob #w ~bob 127.0.0.1 natter.local bob H :0 bob Real$"
	wait_for b " 315 bob #w :End of WHO list$"
	send a "AWAY :out"
	send b "WHO alice"
	wait_for b " 352 bob \* ~alice 127.0.0.1 natter.local alice G :0 alice Real$"
	wait_for b " 315 bob alice :End of WHO list$"
	send b "WHO nobody"
	wait_for b " 315 bob nobody :End of WHO list$"
}

@test "WHO hides invisible users from those who share no channel" {
	send a "MODE alice +i"
	wait_for a "MODE alice :\+i"
	send b "WHO al*"
	wait_for b " 315 bob al\* "
	run output b
	refute_output --partial " 352 bob * ~alice"
	send a "JOIN #v"
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

@test "PING needs an origin; unknown commands get 421" {
	send a "PING"
	wait_for a " 409 alice :No origin specified$"
	send a "FROBNICATE x y"
	wait_for a " 421 alice FROBNICATE :Unknown command$"
}
