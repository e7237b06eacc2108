#!/usr/bin/env bats
# Connections: line framing, limits, timeouts, many clients, shutdown.

load helpers

teardown() { natterd_stop; }

@test "a line split across two reads is put back together" {
	natterd_start
	alice_and_bob "#c"
	send_raw a 'PRIVMSG #c :par'
	sync_irc b
	refute_since b "PRIVMSG"
	send_raw a 'tial\r\n'
	wait_for b "^:alice!~alice@127.0.0.1 PRIVMSG #c :partial$"
}

@test "two commands in one segment, bare LF and lone CR all end lines" {
	natterd_start
	irc_register a alice
	send_raw a 'PING :one\r\nPING :two\nPING :three\rPING :four\r\n'
	wait_for a "PONG natter.local :one$"
	wait_for a "PONG natter.local :two$"
	wait_for a "PONG natter.local :three$"
	wait_for a "PONG natter.local :four$"
}

@test "blank lines are ignored and NUL bytes crash nothing" {
	natterd_start
	irc_register a alice
	# Empty lines and a line of spaces get no reply at all.
	send_raw a '\r\n\r\n\n\n   \r\n'
	send a "PING :blank"
	expect_next a ":natter.local PONG natter.local :blank"
	# A NUL ends the line as it ends a C string: what follows is unseen.
	send_raw a 'PING :be\0fore\r\n'
	expect_next a ":natter.local PONG natter.local :be"
	# Nothing before the NUL: no command, no reply.
	send_raw a '\0\0\0\r\n'
	# A bare PRIVMSG: 411, and no message to alice herself.
	send_raw a 'PRIVMSG\0 alice :x\r\n'
	expect_next a ":natter.local 411 alice :No recipient given (PRIVMSG)"
	send a "PING :after"
	expect_next a ":natter.local PONG natter.local :after"
	kill -0 "$NATTERD_PID"
}

@test "an overlong line gets 417 and the connection goes on" {
	natterd_start
	alice_and_bob "#c"
	long=$(printf 'x%.0s' {1..600})
	send a "PRIVMSG #c :$long"
	wait_for a " 417 alice :Input line was too long$"
	# A line of exactly 512 bytes with CRLF is accepted.
	ok=$(printf 'y%.0s' {1..498})
	send a "PRIVMSG #c :$ok"
	wait_for b "PRIVMSG #c :$ok\$"
	# A huge line with no end at all is dropped until its end arrives.
	huge=$(printf 'z%.0s' {1..20000})
	send_raw a "PRIVMSG #c :$huge"
	wait_for a " 417 alice :Input line was too long$"
	send_raw a 'zzz\r\nPRIVMSG #c :after\r\n'
	wait_for b "PRIVMSG #c :after$"
	sync_irc b
	refute_since b "zzz"
}

@test "message tags do not count towards the line limit" {
	natterd_start
	irc_register a alice
	tags="@$(printf 'k%.0s' {1..3000})=v"
	send a "$tags PING :tagged"
	wait_for a "PONG natter.local :tagged$"
}

@test "PING from the server, PONG keeps the client, silence drops it" {
	natterd_start -o ping_interval=1 -o ping_timeout=3
	irc_register a alice
	irc_register b bob
	send a "JOIN #c"
	wait_for a " 366 [^ ]+ #c "
	send b "JOIN #c"
	wait_for b " 366 [^ ]+ #c "
	wait_for b "^PING :natter.local$"
	# alice answers every PING while bob, silent, runs out of time.
	for i in 1 2 3 4 5 6 7 8; do
		wait_for a "^PING :natter.local$"
		send a "PONG :natter.local"
		grep -q "bob disconnected" "$NATTERD_LOG" && break
	done
	log_wait "bob disconnected"
	wait_for b "^ERROR :Closing Link: bob\[127.0.0.1\] \(Ping timeout: 3 seconds\)$"
	# The QUIT may wait for presence_delay, past PINGs the loop read.
	CONN_CURSOR[a]=0
	wait_for a "^:bob!~bob@127.0.0.1 QUIT :Ping timeout: 3 seconds$"
	sync_irc a
	run grep -c "alice disconnected" "$NATTERD_LOG"
	assert_output 0
}

@test "registration times out" {
	natterd_start -o register_timeout=1
	conn_open a
	send a "NICK slow"
	wait_for a "^ERROR :Closing Link: slow\[127.0.0.1\] \(Registration timeout\)$"
}

@test "a peer that closes the socket quits its channels" {
	natterd_start
	alice_and_bob "#c"
	conn_close b
	wait_for a "^:bob!~bob@127.0.0.1 QUIT :Connection closed$"
	log_wait "bob disconnected"
}

@test "QUIT gets ERROR and neighbours see the reason" {
	natterd_start
	alice_and_bob "#c"
	send b "QUIT :gone fishing"
	wait_for b "^ERROR :Closing Link: bob\[127.0.0.1\] \(Quit: gone fishing\)$"
	wait_for a "^:bob!~bob@127.0.0.1 QUIT :Quit: gone fishing$"
}

# outputs_with N REGEX: at least N of c1..c100's outputs have a line
# matching REGEX (one grep over all of them, not a hundred waits).
outputs_with() {
	[ "$(grep -lE -- "$2" "$BATS_TEST_TMPDIR"/c*.out | wc -l)" -ge "$1" ]
}

@test "100 concurrent clients all receive one broadcast" {
	natterd_start
	for i in $(seq 1 100); do
		conn_open "c$i"
		send "c$i" "NICK user$i" "USER u 0 * :U" "JOIN #all"
	done
	poll 20 outputs_with 100 " 366 user[0-9]+ #all " ||
	    fail "not every client joined"
	# Each client's own 366, with its own nick.
	for i in $(seq 1 100); do
		grep -q " 366 user$i #all " "$BATS_TEST_TMPDIR/c$i.out" ||
		    fail "c$i: no 366 for user$i"
	done
	send c1 "NAMES #all"
	wait_for c1 " 353 user1 = #all :@user1 "
	send c1 "PRIVMSG #all :hello everyone"
	poll 20 outputs_with 99 "^:user1!~u@127.0.0.1 PRIVMSG #all :hello everyone.$" ||
	    fail "not every client got the broadcast"
	sync_irc c1
	refute_since c1 "hello everyone"
}

@test "clients past max_clients are told the server is full" {
	natterd_start -o max_clients=2
	irc_register a alice
	irc_register b bob
	conn_open c
	wait_for c "^ERROR :Closing Link: \* \(Server full\)$"
	log_wait "server full"
}

@test "a client that does not read is dropped at its sendq, others go on" {
	natterd_start -o sendq=2048 -o flood_control=off
	irc_register a alice
	# bob registers, joins, and never reads again.  His receive buffer
	# is fixed at 4 KB (no autotuning, which could take megabytes), and
	# alice sends 8 MB, more than natterd's send buffer can ever hold
	# (tcp_wmem's most, 4 MB here), so bob's sendq must overflow.
	# bob holds his socket until the test kills him: he blocks reading a
	# fifo that nobody writes (held open here, so it never ends).
	mkfifo "$BATS_TEST_TMPDIR/hold"
	exec {hold}<>"$BATS_TEST_TMPDIR/hold"
	perl -MIO::Socket::INET -MSocket -e '
	    $| = 1;
	    my $s = IO::Socket::INET->new(Proto => "tcp") or die;
	    setsockopt($s, SOL_SOCKET, SO_RCVBUF, 4096) or die;
	    $s->connect(pack_sockaddr_in($ARGV[0], inet_aton("127.0.0.1")))
	        or die "connect: $!";
	    syswrite $s, "NICK bob\r\nUSER bob 0 * :B\r\nJOIN #c\r\n";
	    my $got = "";
	    sysread($s, $got, 4096, length $got) until $got =~ / 366 bob /;
	    print "joined\n";
	    <STDIN>;' "$NATTERD_PORT" < "$BATS_TEST_TMPDIR/hold" \
	    > "$BATS_TEST_TMPDIR/bob.out" &
	bob=$!
	poll "$WAIT_TIMEOUT" grep -q joined "$BATS_TEST_TMPDIR/bob.out"
	send a "JOIN #c"
	wait_for a " 366 alice #c "
	perl -e '$l = "q" x 400; syswrite STDOUT,
	    join "", map { "PRIVMSG #c :$_ $l\r\n" } 1 .. 20000' \
	    >&"${CONN_FD[a]}"
	wait_for a "^:bob!~bob@127.0.0.1 QUIT :SendQ exceeded$"
	kill "$bob"
	exec {hold}>&-
	sync_irc a
	log_wait "bob disconnected"
}

@test "SIGTERM closes every client with an ERROR and exits 0" {
	natterd_start
	irc_register a alice
	text_open t
	kill -TERM "$NATTERD_PID"
	wait_for a "^ERROR :Closing Link: alice\[127.0.0.1\] \(Server shutting down\)$"
	wait_for t "^Disconnected: Server shutting down$"
	# Not "run wait": run's subshell cannot wait for natterd, and gets
	# its status only if the shell happened to reap it first.  Wait in
	# this shell, after a deadline for natterd to go.
	poll "$WAIT_TIMEOUT" natterd_gone || fail "natterd did not exit"
	local rc=0
	wait "$NATTERD_PID" || rc=$?
	NATTERD_PID=
	[ "$rc" -eq 0 ] || fail "natterd exited with status $rc"
}
