#!/usr/bin/env bats
# Flood control (fake lag), recvq, connections per address, and
# presence notices that wait to share writes.

load helpers

teardown() { natterd_stop; }

@test "past the burst, lines wait instead of being dropped" {
	natterd_start -o flood_burst=5 -o flood_interval=60000
	irc_register a alice
	irc_register clock clock
	for i in $(seq 1 8); do
		send a "PING :n$i"
	done
	# registration spent part of the burst; what is left goes at once.
	wait_for a "PONG natter.local :n1$"
	# Round trips on another connection: a's held lines stay held.
	sync_irc clock
	sync_irc clock
	sync_irc clock
	refute_since a "PONG natter.local :n8$"
	kill -0 "$NATTERD_PID"
}

@test "held lines all arrive, in order, as the interval allows" {
	natterd_start -o flood_burst=2 -o flood_interval=100
	irc_register a alice
	for i in $(seq 1 15); do
		send a "PING :n$i"
	done
	for i in $(seq 1 15); do
		wait_for a "PONG natter.local :n$i$"
	done
}

@test "input piling up past recvq ends the connection: Excess Flood" {
	natterd_start -o flood_burst=4 -o flood_interval=60000 -o recvq=1024
	irc_register a alice
	irc_register b bob
	send a "JOIN #f"
	wait_for a " 366 "
	send b "JOIN #f"
	wait_for a "bob.* JOIN #f"
	# One write, so that it is all sent before the server answers.
	flood=
	for i in $(seq 1 60); do
		flood+="PRIVMSG #f :line $i of a flood\r\n"
	done
	send_raw b "$flood"
	wait_for b "^ERROR :Closing Link: bob\[127.0.0.1\] \(Excess Flood\)$"
	wait_for a "^:bob!~bob@127.0.0.1 QUIT :Excess Flood$"
}

@test "flood_control off handles everything at once" {
	natterd_start -o flood_control=off -o flood_burst=1 -o flood_interval=60000
	irc_register a alice
	for i in $(seq 1 50); do
		send a "PING :n$i"
	done
	wait_for a "PONG natter.local :n50$"
}

@test "max_clients_per_ip refuses one address's extra connections" {
	natterd_start -o max_clients_per_ip=2
	irc_register a alice
	irc_register b bob
	conn_open c
	wait_for c "^ERROR :Closing Link: \* \(Too many connections from your address\)$"
	log_wait "too many connections from it"
	send b "QUIT"
	wait_for b "^ERROR "
	log_wait "bob disconnected"
	irc_register d dave
}

@test "held presence notices go out before anything that follows them" {
	natterd_start -o presence_delay=10000
	irc_register a alice
	irc_register b bob
	irc_register c carol
	send a "JOIN #c"
	wait_for a " 366 alice #c "
	# alice was just written to, so these joins wait for her.
	send c "JOIN #c"
	wait_for c " 366 carol #c "
	send b "JOIN #c"
	wait_for b " 366 bob #c "
	sync_irc b
	refute_since a " JOIN #c$"
	# Other output for alice takes them along, in order.
	send b "PRIVMSG #c :hello"
	expect_next a ":carol!~carol@127.0.0.1 JOIN #c"
	expect_next a ":bob!~bob@127.0.0.1 JOIN #c"
	expect_next a ":bob!~bob@127.0.0.1 PRIVMSG #c :hello"
	# A reply to alice's own command does too.
	send c "PART #c :later"
	wait_for c " PART #c :later$"
	sync_irc a
	run output a
	assert_line ":carol!~carol@127.0.0.1 PART #c :later"
}

@test "held presence notices arrive on their own after presence_delay" {
	natterd_start -o presence_delay=300
	irc_register a alice
	irc_register c carol
	send a "JOIN #c"
	wait_for a " 366 alice #c "
	send c "JOIN #c"
	wait_for a "^:carol!~carol@127.0.0.1 JOIN #c$"
	send c "AWAY :lunch" "QUIT :bye"
	wait_for a "^:carol!~carol@127.0.0.1 QUIT :Quit: bye$"
}

@test "exactly lines_per_read lines in one packet after a quiet spell" {
	# The read that ends at lines_per_read leaves no backlog to look in
	# (it once searched an empty buffer: undefined behaviour).
	natterd_start -o flood_control=off
	irc_register a alice
	# One write, so that the twenty lines arrive in one read.
	perl -e 'syswrite STDOUT, join "", map { "PING :n$_\r\n" } 1 .. 20' \
	    >&"${CONN_FD[a]}"
	for i in $(seq 1 20); do
		wait_for a "PONG natter.local :n$i$"
	done
	perl -e 'syswrite STDOUT, join "", map { "PING :m$_\r\n" } 1 .. 20' \
	    >&"${CONN_FD[a]}"
	wait_for a "PONG natter.local :m20$"
	irc_register b bob
	kill -0 "$NATTERD_PID"
}

# flood_clients PORT SECONDS: six clients sending PINGs 1 to 30 ms
# apart while others connect, register and leave, for SECONDS.
flood_clients() {
	perl -MIO::Socket::INET -MTime::HiRes=time,sleep -e '
	    my ($port, $secs) = @ARGV;
	    my $end = time + $secs;
	    my @pids;
	    for my $n (1 .. 6) {
		my $pid = fork // die "fork: $!";
		if ($pid == 0) {
		    my $s = IO::Socket::INET->new("127.0.0.1:$port") or exit 1;
		    print $s "NICK pinger$n\r\nUSER p 0 * :P\r\n";
		    my $i = 0;
		    while (time < $end) {
			print $s "PING :p$n-" . $i++ . "\r\n";
			sleep(0.001 + rand(0.029));
		    }
		    exit 0;
		}
		push @pids, $pid;
	    }
	    my $i = 0;
	    while (time < $end) {
		my $s = IO::Socket::INET->new("127.0.0.1:$port") or next;
		print $s "NICK passer$i\r\nUSER p 0 * :P\r\nJOIN #x\r\n";
		close $s if $i++ % 2;
		sleep(0.002);
	    }
	    waitpid($_, 0) for @pids;
	' "$1" "$2"
}

@test "flood control with lines_per_read=1 under load keeps every list straight" {
	# A throttled client that reached lines_per_read was once put on the
	# backlog through the entry that still held it on the throttled list:
	# a use after free in the sanitizer build.
	natterd_start -o lines_per_read=1 -o flood_burst=2 -o flood_interval=50 \
	    -o max_clients_per_ip=0
	flood_clients "$NATTERD_PORT" 3
	# Thousands of connections came and went: give it time to settle.
	WAIT_TIMEOUT=30 irc_register a alice
	send a "JOIN #after"
	wait_for a " 366 alice #after "
	kill -0 "$NATTERD_PID"
}

@test "SAFELIST: a LIST longer than sendq reaches a client that reads it" {
	natterd_stop
	natterd_start -o sendq=2048 -o flood_control=off
	irc_register a alice
	irc_register b bob
	topic=$(printf 't%.0s' {1..100})
	for i in $(seq 1 40); do
		send a "JOIN #list$i" "TOPIC #list$i :$topic"
	done
	wait_for a "TOPIC #list40 :"
	send b "LIST"
	wait_for b " 321 bob "
	for i in $(seq 1 40); do
		wait_for b " 322 bob #list[0-9]+ 1 :$topic$"
	done
	wait_for b " 323 bob :End of LIST$"
	send b "PING :still"
	wait_for b "PONG natter.local :still$"
	assert_output_has b " 005 bob .*SAFELIST"
}
