#!/usr/bin/env bats
# Operators: natterd -H, OPER, KILL, WALLOPS, REHASH, DIE.

load helpers

setup() {
	hash=$(printf 'hunter2\n' | "$NATTERD" -H)
	conf=$BATS_TEST_TMPDIR/oper.conf
	cat > "$conf" <<-EOF2
	server_name = natter.local
	[operator root]
	password_hash = $hash
	host = *@127.0.0.1
	[operator faraway]
	password_hash = $hash
	host = *!*@192.0.2.1
	EOF2
	natterd_start -f "$conf"
	irc_register a alice
	irc_register b bob
}
teardown() { natterd_stop; }

@test "natterd -H prints a crypt(3) hash of the password" {
	run bash -c "printf 'pw\n' | '$NATTERD' -H"
	assert_success
	assert_output --regexp '^\$6\$[./A-Za-z0-9]+\$[./A-Za-z0-9]+$'
}

@test "OPER: 381 and +o; 464 for a wrong password; 491 elsewhere" {
	send a "OPER root wrong"
	wait_for a " 464 alice :Password incorrect$"
	send a "OPER faraway hunter2"
	wait_for a " 491 alice :No O-lines for your host$"
	send a "OPER nobody hunter2"
	wait_for a " 491 alice :No O-lines for your host$"
	send a "OPER root hunter2"
	wait_for a "^:alice MODE alice :\+o$"
	wait_for a " 381 alice :You are now an IRC operator$"
	send b "WHOIS alice"
	wait_for b " 313 bob alice :is an IRC operator$"
	send b "LUSERS"
	wait_for b " 252 bob 1 :operator\(s\) online$"
	log_wait "alice is now an operator \(root\)"
}

@test "operator commands need +o: 481" {
	for c in "KILL bob" "WALLOPS :hi" "REHASH" "DIE"; do
		send b "$c"
		wait_for b " 481 bob :Permission Denied- You're not an IRC operator$"
	done
}

@test "KILL disconnects with a reason seen by neighbours" {
	send a "OPER root hunter2"
	wait_for a " 381 "
	send b "JOIN #k"
	irc_register c carol
	send c "JOIN #k"
	wait_for c " 366 "
	send a "KILL bob :spamming"
	wait_for b "^ERROR :Closing Link: bob\[127.0.0.1\] \(Killed \(alice \(spamming\)\)\)$"
	wait_for c "^:bob!~bob@127.0.0.1 QUIT :Killed \(alice \(spamming\)\)$"
	send a "KILL nobody"
	wait_for a " 401 alice nobody "
	send a "KILL natter.local"
	wait_for a " 483 alice :You can't kill a server!$"
}

@test "an operator may KICK and MODE in any channel" {
	send b "JOIN #own"
	wait_for b " 366 "
	send a "OPER root hunter2"
	wait_for a " 381 "
	send a "MODE #own +m"
	wait_for b "^:alice!~alice@127.0.0.1 MODE #own \+m$"
	send a "KICK #own bob :oper kick"
	wait_for b "^:alice!~alice@127.0.0.1 KICK #own bob :oper kick$"
}

@test "WALLOPS reaches +w users only" {
	irc_register c carol
	send b "MODE bob +w"
	wait_for b "MODE bob :\+w$"
	send a "OPER root hunter2"
	wait_for a " 381 "
	send a "WALLOPS :maintenance at noon"
	wait_for b "^:alice!~alice@127.0.0.1 WALLOPS :maintenance at noon$"
	sync_irc c
	refute_since c "WALLOPS"
}

@test "REHASH reads the file again; a bad file changes nothing" {
	send a "OPER root hunter2"
	wait_for a " 381 "
	sed -i 's/^server_name = .*/server_name = renamed.local/' "$conf"
	send a "REHASH"
	wait_for a " 382 alice .*oper.conf :Rehashing$"
	send a "VERSION"
	wait_for a "^:renamed.local 351 alice "
	sed -i '1i nick_len = 1000' "$conf"
	send a "REHASH"
	wait_for a "NOTICE alice :REHASH failed: .*oper.conf:1: nick_len: out of range$"
	send a "VERSION"
	wait_for a "^:renamed.local 351 alice "
}

# cap_client NAME NICK LS REQ: register NAME after "CAP LS" (or
# "CAP LS 302") and "CAP REQ :REQ".
cap_client() {
	conn_open "$1"
	send "$1" "CAP $3" "NICK $2" "USER $2 0 * :$2"
	wait_for "$1" "CAP \* LS :"
	send "$1" "CAP REQ :$4"
	wait_for "$1" "CAP $2 ACK :$4\$"
	send "$1" "CAP END"
	wait_for "$1" " 001 $2 "
}

@test "REHASH: capabilities that go or come are announced with CAP DEL and NEW" {
	cap_client c carol "LS 302" server-time
	cap_client d dave LS "cap-notify server-time"
	cap_client e erin LS server-time
	send a "OPER root hunter2"
	wait_for a " 381 "
	sed -i "1i disable_caps = server-time away-notify" "$conf"
	send a "REHASH"
	wait_for c "^:natter.local CAP carol DEL :away-notify server-time$"
	wait_for d "^:natter.local CAP dave DEL :away-notify server-time$"
	sync_irc e
	refute_since e "CAP erin"
	# Gone for those told: not listed, not given, not used.
	send c "CAP LIST"
	wait_for c "^:natter.local CAP carol LIST :$"
	send c "CAP REQ :server-time"
	wait_for c "^:natter.local CAP carol NAK :server-time$"
	send c "CAP LS 302"
	wait_for c "^:natter.local CAP carol LS :"
	[[ " ${WAITED##*LS :} " != *" server-time "* ]] || fail "still offered"
	send b "PRIVMSG carol,erin :plain"
	wait_for c "^:bob!~bob@127.0.0.1 PRIVMSG carol :plain$"
	# One not told keeps what it has.
	wait_for e "^@time=[^ ]+ :bob!~bob@127.0.0.1 PRIVMSG erin :plain$"
	sed -i '/^disable_caps/d' "$conf"
	send a "REHASH"
	wait_for c "^:natter.local CAP carol NEW :away-notify server-time$"
	wait_for d "^:natter.local CAP dave NEW :away-notify server-time$"
	send c "CAP REQ :server-time"
	wait_for c "^:natter.local CAP carol ACK :server-time$"
	send a "REHASH"
	send a "PING :after"
	wait_for a "PONG natter.local :after$"
	sync_irc c
	refute_since c "CAP carol (NEW|DEL)"
	# A value that changes is announced again, to CAP 302 clients.
	sed -i "1i multiline_max_lines = 5" "$conf"
	send a "REHASH"
	wait_for c "^:natter.local CAP carol NEW :draft/multiline=max-bytes=4096,max-lines=5$"
	sync_irc d
	refute_since d "CAP dave NEW"
}

@test "CHGHOST: chghost clients and watchers see CHGHOST, others a QUIT and a JOIN" {
	cap_client c carol "LS 302" chghost
	cap_client d dave "LS 302" "draft/extended-monitor chghost"
	send d "MONITOR + bob"
	wait_for d " 730 dave :bob!~bob@127.0.0.1$"
	text_open t
	type_line t "/join #h"
	wait_for t "^Joined room: h$"
	send a "OPER root hunter2" "JOIN #h"
	wait_for a " 366 alice #h "
	send b "JOIN #h"
	wait_for b " 366 bob #h "
	send c "JOIN #h"
	wait_for c " 366 carol #h "
	send a "MODE #h +v bob"
	wait_for c "MODE #h \+v bob$"
	wait_for t "^\* alice sets mode \+v bob on h$"
	send b "CHGHOST bob x.example"
	wait_for b " 481 bob "
	send a "CHGHOST bob cloak/bob"
	wait_for c "^:bob!~bob@127.0.0.1 CHGHOST ~bob cloak/bob$"
	# A watcher with extended-monitor, in no channel with bob.
	wait_for d "^:bob!~bob@127.0.0.1 CHGHOST ~bob cloak/bob$"
	wait_for a "^:bob!~bob@127.0.0.1 QUIT :Changing host$"
	expect_next a ":bob!~bob@cloak/bob JOIN #h"
	expect_next a ":natter.local MODE #h +v bob"
	wait_for b "^:natter.local 396 bob cloak/bob :is now your displayed host$"
	send a "WHOIS bob"
	wait_for a " 311 alice bob ~bob cloak/bob \* :bob Real$"
	send a "CHGHOST bob newid@other.example"
	wait_for c "^:bob!~bob@cloak/bob CHGHOST newid other.example$"
	sync_irc b
	refute_since b "CHGHOST|QUIT|JOIN"
	# A person sees nothing of it.
	type_line t "/who"
	expect_next t "In h with you: alice, bob and carol."
	send a "CHGHOST bob b*d@ok.example" "CHGHOST bob bad!host" "CHGHOST nobody x"
	wait_for a "NOTICE alice :CHGHOST INVALID_USERNAME b\\*d :"
	wait_for a "NOTICE alice :CHGHOST INVALID_HOSTNAME bad!host :"
	wait_for a " 401 alice nobody "
}

@test "DIE shuts the server down cleanly" {
	send a "OPER root hunter2"
	wait_for a " 381 "
	send a "DIE"
	wait_for b "^ERROR :Closing Link: bob\[127.0.0.1\] \(Server shutting down\)$"
	# Not "run wait": run's subshell cannot wait for natterd, and gets
	# its status only if the shell happened to reap it first.
	local rc=0
	wait "$NATTERD_PID" || rc=$?
	NATTERD_PID=
	[ "$rc" -eq 0 ] || fail "natterd exited with status $rc"
}

@test "a wrong connection password gets 464 and the connection closes" {
	natterd_stop
	natterd_start -o password=sesame
	conn_open x
	send x "PASS wrong" "NICK x" "USER x 0 * :X"
	wait_for x " 464 x :Password incorrect$"
	wait_for x "^ERROR :Closing Link: x\[127.0.0.1\] \(Bad password\)$"
	conn_open y
	send y "PASS sesame" "NICK y" "USER y 0 * :Y"
	wait_for y " 001 y "
}
