#!/usr/bin/env bats
# Channels: JOIN, PART, NAMES, TOPIC, LIST and MODE.

load helpers

setup() {
	natterd_start
	irc_register a alice
	irc_register b bob
}
teardown() { natterd_stop; }

@test "JOIN: the creator is op, sees JOIN, NAMES and end of NAMES" {
	send a "JOIN #test"
	wait_for a "^:alice!~alice@127.0.0.1 JOIN #test$"
	wait_for a "^:natter.local 353 alice = #test :@alice$"
	wait_for a "^:natter.local 366 alice #test :End of NAMES list$"
	send b "JOIN #TEST"
	wait_for a "^:bob!~bob@127.0.0.1 JOIN #test$"
	wait_for b "^:bob!~bob@127.0.0.1 JOIN #test$"
	wait_for b " 353 bob = #test :@alice bob$"
	log_wait "bob joined room: test"
}

@test "JOIN several channels, JOIN 0 leaves them all" {
	send a "JOIN #one,#two"
	wait_for a "JOIN #one$"
	wait_for a "JOIN #two$"
	send b "JOIN #one,#two"
	wait_for b "JOIN #two$"
	send a "JOIN 0"
	wait_for b "^:alice!~alice@127.0.0.1 PART #one$"
	wait_for b "^:alice!~alice@127.0.0.1 PART #two$"
}

@test "JOIN errors: bad name 403, missing parameter 461, too many 405" {
	send a "JOIN nohash"
	wait_for a " 403 alice nohash :No such channel$"
	send a "JOIN"
	wait_for a " 461 alice JOIN :Not enough parameters$"
	natterd_stop
	natterd_start -o max_channels_per_user=2
	irc_register a alice
	send a "JOIN #a,#b,#c"
	wait_for a " 405 alice #c :You have joined too many channels$"
}

@test "PART with and without a reason; errors 403 and 442" {
	send a "JOIN #p"
	wait_for a " 366 [^ ]+ #p "
	send b "JOIN #p"
	wait_for a "bob.* JOIN #p"
	send b "PART #p :see you"
	wait_for a "^:bob!~bob@127.0.0.1 PART #p :see you$"
	wait_for b "^:bob!~bob@127.0.0.1 PART #p :see you$"
	send b "PART #p"
	wait_for b " 442 bob #p :You're not on that channel$"
	send b "PART #nowhere"
	wait_for b " 403 bob #nowhere :No such channel$"
	send b "PART"
	wait_for b " 461 bob PART :Not enough parameters$"
}

@test "a channel disappears with its last member" {
	send a "JOIN #gone"
	wait_for a " 366 "
	send a "PART #gone"
	wait_for a "PART #gone"
	send a "LIST"
	wait_for a " 323 "
	sync_irc a
	run output a
	refute_output --partial " 322 alice #gone"
}

@test "TOPIC: 331, set and relayed, 332 and 333, +t needs op" {
	send a "JOIN #t"
	wait_for a " 366 [^ ]+ #t "
	send b "JOIN #t"
	wait_for a "bob.* JOIN #t"
	send b "TOPIC #t"
	wait_for b " 331 bob #t :No topic is set$"
	send a "TOPIC #t :Hello world"
	wait_for b "^:alice!~alice@127.0.0.1 TOPIC #t :Hello world$"
	send b "TOPIC #t"
	wait_for b " 332 bob #t :Hello world$"
	wait_for b " 333 bob #t alice!~alice@127.0.0.1 [0-9]+$"
	send b "TOPIC #t :mine"
	wait_for b " 482 bob #t :You're not channel operator$"
	send b "TOPIC #nope"
	wait_for b " 403 bob #nope :No such channel$"
	irc_register c carol
	send c "JOIN #t"
	wait_for c " 332 carol #t :Hello world$"
	wait_for c " 333 carol #t alice!~alice@127.0.0.1 "
	wait_for c " 353 carol = #t :"
}

@test "NAMES for a channel, several, unknown, and none" {
	send a "JOIN #n"
	wait_for a " 366 [^ ]+ #n "
	send b "JOIN #n"
	wait_for a "bob.* JOIN #n"
	send b "NAMES #n,#missing"
	wait_for b " 353 bob = #n :@alice bob$"
	wait_for b " 366 bob #n :End of NAMES list$"
	wait_for b " 366 bob #missing :End of NAMES list$"
	send b "NAMES"
	wait_for b " 366 bob \* :End of NAMES list$"
}

@test "NAMES #a,#b answers each channel in turn: its 353s, then its 366" {
	send a "JOIN #na,#nb"
	wait_for a " 366 alice #nb "
	send b "JOIN #nb"
	wait_for b " 366 bob #nb "
	send b "NAMES #na,#nb"
	expect_next b ":natter.local 353 bob = #na :@alice"
	expect_next b ":natter.local 366 bob #na :End of NAMES list"
	expect_next b ":natter.local 353 bob = #nb :@alice bob"
	expect_next b ":natter.local 366 bob #nb :End of NAMES list"
}

@test "multi-prefix shows every prefix in NAMES" {
	conn_open m
	send m "CAP LS 302" "CAP REQ :multi-prefix" "NICK multi" "USER m 0 * :M" "CAP END"
	wait_for m " 001 multi "
	send m "JOIN #mp"
	wait_for m " 366 "
	send m "MODE #mp +v multi"
	wait_for m "MODE #mp \+v multi$"
	send m "NAMES #mp"
	wait_for m " 353 multi = #mp :@\+multi$"
	send a "JOIN #mp"
	wait_for a " 353 alice = #mp :@multi alice$"
}

@test "LIST shows channels with users and topics" {
	send a "JOIN #l1"
	send a "TOPIC #l1 :first"
	send b "JOIN #l2"
	wait_for b " 366 "
	send b "LIST"
	wait_for b " 321 bob Channel :Users  Name$"
	wait_for b " 323 bob :End of LIST$"
	assert_output_has b " 322 bob #l1 1 :first$"
	assert_output_has b " 322 bob #l2 1 :$"
	send b "LIST #l1"
	wait_for b " 322 bob #l1 1 :first$"
	wait_for b " 323 "
}

@test "ELIST: LIST by mask, negated mask, users, creation and topic time" {
	send a "JOIN #apple,#apricot,#banana"
	wait_for a " 366 alice #banana "
	send b "JOIN #apple"
	wait_for b " 366 bob #apple "
	send a "TOPIC #banana :yellow"
	wait_for a "TOPIC #banana :yellow$"
	send a "LIST #ap*"
	wait_for a " 321 alice "
	expect_next a ":natter.local 322 alice #apple 2 :"
	expect_next a ":natter.local 322 alice #apricot 1 :"
	expect_next a ":natter.local 323 alice :End of LIST"
	send a "LIST !#ap*"
	wait_for a " 321 alice "
	expect_next a ":natter.local 322 alice #banana 1 :yellow"
	expect_next a ":natter.local 323 alice :End of LIST"
	send a "LIST >1"
	wait_for a " 321 alice "
	expect_next a ":natter.local 322 alice #apple 2 :"
	expect_next a ":natter.local 323 alice :End of LIST"
	send a "LIST <2,#a*"
	wait_for a " 321 alice "
	expect_next a ":natter.local 322 alice #apricot 1 :"
	expect_next a ":natter.local 323 alice :End of LIST"
	send a "LIST C<5,T>10"
	wait_for a " 321 alice "
	expect_next a ":natter.local 322 alice #apple 2 :"
	expect_next a ":natter.local 322 alice #apricot 1 :"
	expect_next a ":natter.local 323 alice :End of LIST"
	send a "LIST C>5"
	wait_for a " 321 alice "
	expect_next a ":natter.local 323 alice :End of LIST"
	send a "LIST #banana,#apple"
	wait_for a " 321 alice "
	expect_next a ":natter.local 322 alice #banana 1 :yellow"
	expect_next a ":natter.local 322 alice #apple 2 :"
	assert_output_has a " 005 alice .*ELIST=CMNTU"
}

@test "MODE queries answer so clients do not stall" {
	send a "JOIN #m"
	wait_for a " 366 "
	send a "MODE #m"
	wait_for a " 324 alice #m \+nt$"
	wait_for a " 329 alice #m [0-9]+$"
	send a "MODE #m b"
	wait_for a " 368 alice #m :End of channel ban list$"
	send a "MODE #nope"
	wait_for a " 403 alice #nope :No such channel$"
}

@test "MODE changes by an op are relayed once, as applied" {
	send a "JOIN #m"
	wait_for a " 366 [^ ]+ #m "
	send b "JOIN #m"
	wait_for a "bob.* JOIN #m"
	send a "MODE #m +ovm bob bob"
	wait_for b "^:alice!~alice@127.0.0.1 MODE #m \+ovm bob bob$"
	send a "MODE #m +m"
	send a "MODE #m -t+s"
	wait_for b "^:alice!~alice@127.0.0.1 MODE #m -t\+s$"
	send a "MODE #m"
	wait_for a " 324 alice #m \+mns$"
	send a "MODE #m +X"
	wait_for a " 472 alice X :is unknown mode char to me$"
	send b "MODE #m -o alice"
	wait_for b "MODE #m -o alice$"
	send a "MODE #m +i"
	wait_for a " 482 alice #m :You're not channel operator$"
	send b "MODE #m +o nobody"
	wait_for b " 401 bob nobody :No such nick/channel$"
}

@test "user MODE: 221, +i, 501, 502" {
	send a "MODE alice"
	wait_for a " 221 alice \+$"
	send a "MODE alice +i"
	wait_for a "^:alice MODE alice :\+i$"
	send a "MODE alice"
	wait_for a " 221 alice \+i$"
	send a "MODE alice +Y"
	wait_for a " 501 alice :Unknown MODE flag$"
	send a "MODE bob +i"
	wait_for a " 502 alice :Cannot change mode for other users$"
}
