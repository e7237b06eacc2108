#!/usr/bin/env bats
# Flood control (fake lag), recvq, and connections per address.

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
