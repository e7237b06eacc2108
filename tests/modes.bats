#!/usr/bin/env bats
# Channel modes b k l i m n t s p, KICK and INVITE, and what they refuse.

load helpers

setup() {
	natterd_start
	irc_register a alice
	irc_register b bob
	send a "JOIN #m"
	wait_for a " 366 alice #m "
}
teardown() { natterd_stop; }

@test "several modes with parameters in one MODE, relayed as applied" {
	send b "JOIN #m"
	wait_for a "bob.* JOIN #m"
	send a "MODE #m +olk bob 10 secret"
	wait_for b "^:alice!~alice@127.0.0.1 MODE #m \+olk bob 10 secret$"
	send a "MODE #m"
	wait_for a " 324 alice #m \+ntkl secret 10$"
	irc_register c carol
	send c "MODE #m"
	wait_for c " 324 carol #m \+ntkl \* 10$"
	send a "MODE #m -lk *"
	wait_for b "MODE #m -lk \*$"
	send a "MODE #m"
	wait_for a " 324 alice #m \+nt$"
}

@test "+k: a key is needed to join; bad keys are refused" {
	send a "MODE #m +k pass"
	wait_for a "MODE #m \+k pass$"
	send b "JOIN #m"
	wait_for b " 475 bob #m :Cannot join channel \(\+k\)$"
	send b "JOIN #m wrong"
	wait_for b " 475 bob #m :Cannot join channel \(\+k\)$"
	send b "JOIN #x,#m nokey,pass"
	wait_for b "^:bob!~bob@127.0.0.1 JOIN #m$"
	send a "MODE #m +k bad,key"
	wait_for a " 525 alice #m :Key is not well-formed$"
	send a "MODE #m +k abcdefghijklmnopqrstuvwxyz"
	wait_for a " 525 alice #m :Key is not well-formed$"
}

@test "+l: positive integers only; a full channel refuses with 471" {
	send a "MODE #m +l 0"
	wait_for a " 696 alice #m l 0 :Limit must be a positive integer$"
	send a "MODE #m +l -5"
	wait_for a " 696 alice #m l -5 "
	send a "MODE #m +l many"
	wait_for a " 696 alice #m l many "
	send a "MODE #m +l 1"
	wait_for a "MODE #m \+l 1$"
	send b "JOIN #m"
	wait_for b " 471 bob #m :Cannot join channel \(\+l\)$"
}

@test "696 carries the parameter, shown as * when it is empty" {
	send a "MODE #m +l :"
	wait_for a "^:natter.local 696 alice #m l \* :Limit must be a positive integer$"
	send a "MODE #m +l x1"
	wait_for a "^:natter.local 696 alice #m l x1 :Limit must be a positive integer$"
}

@test "+i: only the invited may join; INVITE and its errors" {
	send a "MODE #m +i"
	wait_for a "MODE #m \+i$"
	send b "JOIN #m"
	wait_for b " 473 bob #m :Cannot join channel \(\+i\)$"
	send a "INVITE bob #m"
	wait_for a " 341 alice bob #m$"
	wait_for b "^:alice!~alice@127.0.0.1 INVITE bob :#m$"
	send b "JOIN #m"
	wait_for b "^:bob!~bob@127.0.0.1 JOIN #m$"
	send b "INVITE alice #m"
	wait_for b " 482 bob #m :You're not channel operator$"
	send a "INVITE bob #m"
	wait_for a " 443 alice bob #m :is already on channel$"
	send a "INVITE nobody #m"
	wait_for a " 401 alice nobody :No such nick/channel$"
	irc_register c carol
	send c "INVITE bob #m"
	wait_for c " 442 carol #m :You're not on that channel$"
	send c "INVITE bob"
	wait_for c " 461 carol INVITE :Not enough parameters$"
	# The invitation was used up by the join.
	send b "PART #m"
	wait_for b "PART #m"
	send b "JOIN #m"
	wait_for b " 473 bob #m "
}

@test "+b: masks with wildcards, list 367/368, join and speech refused" {
	send b "JOIN #m"
	wait_for a "bob.* JOIN #m"
	send a "MODE #m +b bob"
	wait_for b "^:alice!~alice@127.0.0.1 MODE #m \+b bob!\*@\*$"
	send b "PRIVMSG #m :can I talk?"
	wait_for b " 404 bob #m :Cannot send to channel$"
	send b "NOTICE #m :or notice?"
	send a "MODE #m +b *!~c?rol@127.*"
	wait_for a "MODE #m \+b \*!~c\?rol@127\.\*$"
	send b "MODE #m b"
	wait_for b "^:natter.local 367 bob #m bob!\*@\* alice [0-9]+$"
	wait_for b "^:natter.local 367 bob #m \*!~c\?rol@127\.\* alice [0-9]+$"
	wait_for b " 368 bob #m :End of channel ban list$"
	irc_register c carol
	send c "JOIN #m"
	wait_for c " 474 carol #m :Cannot join channel \(\+b\)$"
	send a "MODE #m -b *!~c?rol@127.*"
	wait_for a "MODE #m -b "
	send c "JOIN #m"
	wait_for c "^:carol!~carol@127.0.0.1 JOIN #m$"
	sync_irc a
	refute_since a "or notice"
	send b "MODE #m +b x"
	wait_for b " 482 bob #m :You're not channel operator$"
}

@test "+s hides a channel from outsiders; +t and +n" {
	send a "MODE #m +s"
	wait_for a "MODE #m \+s$"
	send b "LIST"
	wait_for b " 323 "
	send b "NAMES #m"
	wait_for b " 366 bob #m "
	run output b
	refute_output --partial " 322 bob #m "
	refute_output --partial " 353 bob "
	send a "NAMES #m"
	wait_for a " 353 alice @ #m :@alice$"
	send a "MODE #m -n"
	wait_for a "MODE #m -n$"
	send b "PRIVMSG #m :from outside"
	wait_for a "PRIVMSG #m :from outside$"
}

@test "KICK: one or several, default comment, and its errors" {
	irc_register c carol
	send b "JOIN #m"
	wait_for b " 366 [^ ]+ #m "
	send c "JOIN #m"
	wait_for a "carol.* JOIN #m"
	send a "KICK #m bob :behave"
	wait_for b "^:alice!~alice@127.0.0.1 KICK #m bob :behave$"
	wait_for c "^:alice!~alice@127.0.0.1 KICK #m bob :behave$"
	send b "PRIVMSG #m :still here?"
	wait_for b " 404 bob #m "
	send c "KICK #m alice"
	wait_for c " 482 carol #m :You're not channel operator$"
	send a "KICK #m carol"
	wait_for c "^:alice!~alice@127.0.0.1 KICK #m carol :alice$"
	send a "KICK #m bob"
	wait_for a " 441 alice bob #m :They aren't on that channel$"
	send a "KICK #m nobody"
	wait_for a " 401 alice nobody :No such nick/channel$"
	send a "KICK #none bob"
	wait_for a " 403 alice #none :No such channel$"
	send b "KICK #m alice"
	wait_for b " 442 bob #m :You're not on that channel$"
	send b "JOIN #m"
	wait_for b " 366 [^ ]+ #m "
	send c "JOIN #m"
	wait_for a "carol.* JOIN #m"
	send a "KICK #m bob,carol :both"
	wait_for a "KICK #m bob :both$"
	wait_for a "KICK #m carol :both$"
	send a "KICK #m"
	wait_for a " 461 alice KICK :Not enough parameters$"
}

@test "KICK #a,#b n1,n2 kicks each nick from the channel paired with it" {
	irc_register c carol
	send a "JOIN #k2"
	wait_for a " 366 alice #k2 "
	send b "JOIN #m,#k2"
	wait_for b " 366 bob #k2 "
	send c "JOIN #m,#k2"
	wait_for c " 366 carol #k2 "
	send a "KICK #m,#k2 bob,carol :pairs"
	wait_for b "^:alice!~alice@127.0.0.1 KICK #m bob :pairs$"
	wait_for c "^:alice!~alice@127.0.0.1 KICK #m bob :pairs$"
	wait_for b "^:alice!~alice@127.0.0.1 KICK #k2 carol :pairs$"
	wait_for c "^:alice!~alice@127.0.0.1 KICK #k2 carol :pairs$"
	sync_irc a
	refute_since a " 441 "
	send a "NAMES #m,#k2"
	wait_for a " 353 alice = #m :@alice carol$"
	wait_for a " 353 alice = #k2 :@alice bob$"
}

@test "a kicked text user is told who did it" {
	text_open t
	type_line t "/nick Tess"
	type_line t "/join m"
	wait_for t "^Joined room: m$"
	send a "KICK #m Tess :too loud"
	wait_for t "^\* You were kicked from m by alice \(too loud\)$"
	type_line t "hello?"
	wait_for t "^You are not in a room\. Use /join <room>\.$"
	send a "MODE #m +i"
	wait_for a "MODE #m \+i"
	type_line t "/join m"
	wait_for t "^Cannot join #m: the room is invite only\.$"
}

@test "the ban list holds MAXLIST entries, then 478" {
	# Four bans a line (MODES=4), so flood control lets them all through.
	for i in $(seq 1 4 45); do
		send a "MODE #m +bbbb ban$i ban$((i + 1)) ban$((i + 2)) ban$((i + 3))"
	done
	send a "MODE #m +bb ban49 ban50"
	wait_for a "MODE #m \+bb ban49!\*@\* ban50!\*@\*$"
	send a "MODE #m +b one-too-many"
	wait_for a " 478 alice #m b :Channel list is full$"
	send a "MODE #m b"
	wait_for a " 368 alice #m "
	[ "$(output a | grep -c ' 367 alice #m ')" -eq 50 ]
}

@test "a MODE changes only what it relays" {
	send b "JOIN #m"
	wait_for b " 366 bob #m "
	# 32 changes: the first 20 (MODE_CHANGES_MAX) are made and relayed.
	send a "MODE #m $(printf '+i-i%.0s' {1..16})"
	wait_for b "^:alice!~alice@127.0.0.1 MODE #m "
	[ "$WAITED" = ":alice!~alice@127.0.0.1 MODE #m $(printf '+i-i%.0s' {1..10})" ] ||
	    fail "relayed: $WAITED"
	send b "MODE #m"
	wait_for b " 324 bob #m \+nt$"
	# +i twenty-five times: one change is made, and told once.
	send a "MODE #m +$(printf 'i%.0s' {1..25})"
	wait_for b "^:alice!~alice@127.0.0.1 MODE #m \+i$"
	send b "MODE #m"
	wait_for b " 324 bob #m \+int$"
}
