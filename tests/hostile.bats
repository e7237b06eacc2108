#!/usr/bin/env bats
# Hostile traffic over real sockets (tests/hostile.pl, to 127.0.0.1
# only, bounded in time): dozens of connections sending malformed and
# adversarial lines.  Then a fresh IRC client and a fresh nc client must
# still register, join and talk, and natterd's log must hold only the
# lines it writes in normal service (natterd_stop also fails a test
# whose log has a sanitizer report).

load helpers

teardown() { natterd_stop; }

# log_only_expected: every line of natterd's log so far is one that it
# writes in normal service; print any other.
log_only_expected() {
	local stamp='^\[[0-9]{2}:[0-9]{2}:[0-9]{2}\] '
	local others
	others=$(grep -vE "$stamp(natterd listening (for the text front )?on port [0-9]+\.\.\.|File descriptor limit: [0-9]+|No TLS listener: .+|Client connected from 127\.0\.0\.1:[0-9]+|Client 127\.0\.0\.1:[0-9]+ disconnected|.+ registered from 127\.0\.0\.1:[0-9]+|.+ disconnected|.+ set nickname to .+|.+ (joined|left|was kicked from) room: .*|Failed OPER as .* by .+|Refused 127\.0\.0\.1:[0-9]+: .+|\[.*\] .*: .*)\$" "$NATTERD_LOG" || true)
	if [ -n "$others" ]; then
		echo "natterd's log has unexpected lines:" >&2
		echo "$others" >&2
		return 1
	fi
}

# hostile PORT SEED [CONNECTIONS]: run the generator; it stops itself.
hostile() {
	run timeout 90 perl "$BATS_TEST_DIRNAME/hostile.pl" "$1" "$2" "${3:-40}"
	echo "$output"
	assert_success
	assert_output --partial "hostile: connections:"
}

# still_serves: carol on IRC and dave on nc register, join and talk.
still_serves() {
	kill -0 "$NATTERD_PID"
	irc_register c carol
	send c "JOIN #calm"
	wait_for c " 366 carol #calm "
	nc_open d
	type_line d "/nick dave"
	wait_for d "^Your nickname is now: dave$"
	type_line d "/join calm"
	wait_for d "^Joined room: calm$"
	wait_for c "^:dave!~text@127\.0\.0\.1 JOIN #calm$"
	send c "PRIVMSG #calm :hello dave"
	wait_for d "^\[carol\]: hello dave$"
	type_line d "hello carol"
	wait_for c "^:dave!~text@127\.0\.0\.1 PRIVMSG #calm :hello carol$"
}

@test "hostile traffic under flood control: natterd still serves" {
	natterd_start
	hostile "$NATTERD_PORT" 1
	still_serves
	log_only_expected
}

@test "hostile traffic without flood control, small queues: still serves" {
	natterd_start -o flood_control=off -o sendq=4096 -o recvq=1024 \
	    -o lines_per_read=2 -o text_greeting_delay=0 -o max_clients_per_ip=30
	hostile "$NATTERD_PORT" 2
	still_serves
	log_only_expected
}

@test "hostile traffic on the text front's own port: still serves" {
	natterd_start -o text_port=-1 -o password=s3cret
	text_port=$(port_of "the text front")
	hostile "$text_port" 3 20
	# With a password, people and IRC clients give it first.
	kill -0 "$NATTERD_PID"
	conn_open c
	send c "PASS s3cret" "NICK carol" "USER carol 0 * :Carol"
	wait_for c " 001 carol "
	send c "JOIN #calm"
	wait_for c " 366 carol #calm "
	conn_open d "$text_port"
	printf '/pass s3cret\n/nick dave\n/join calm\n' >&"${CONN_FD[d]}"
	wait_for d "^Joined room: calm$"
	wait_for c "^:dave!~text@127\.0\.0\.1 JOIN #calm$"
	log_only_expected
}
