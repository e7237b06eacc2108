#!/usr/bin/env bats
# Settings: the config file, -o, -t, errors, and the man page.

load helpers

teardown() { natterd_stop; }

@test "natterd -t checks a file and -t -v prints every setting" {
	run "$NATTERD" -t -f "$BATS_TEST_DIRNAME/../contrib/natterd.conf"
	assert_success
	assert_output "configuration OK"
	run "$NATTERD" -t -v
	assert_success
	assert_line "port = 6667"
	assert_line "line_max = 512"
	assert_line "flood_control = on"
}

@test "a bad file names the file, the line and the reason" {
	printf '# comment\n\nport = 70000\n' > "$BATS_TEST_TMPDIR/bad.conf"
	run "$NATTERD" -t -f "$BATS_TEST_TMPDIR/bad.conf"
	assert_failure
	assert_output --partial "bad.conf:3: port: out of range"
	printf 'no_such_thing = 1\n' > "$BATS_TEST_TMPDIR/bad.conf"
	run "$NATTERD" -t -f "$BATS_TEST_TMPDIR/bad.conf"
	assert_failure
	assert_output --partial "bad.conf:1: no_such_thing: unknown setting"
	printf 'nick_len\n' > "$BATS_TEST_TMPDIR/bad.conf"
	run "$NATTERD" -t -f "$BATS_TEST_TMPDIR/bad.conf"
	assert_failure
	assert_output --partial "bad.conf:1: expected name = value"
	printf 'flood_control = maybe\n' > "$BATS_TEST_TMPDIR/bad.conf"
	run "$NATTERD" -t -f "$BATS_TEST_TMPDIR/bad.conf"
	assert_failure
	assert_output --partial "flood_control: expected on or off"
	run "$NATTERD" -f "$BATS_TEST_TMPDIR/missing.conf"
	assert_failure
	assert_output --partial "missing.conf: No such file or directory"
	# Sections: their kinds, and what each needs.
	printf '[webir kiwi]\n' > "$BATS_TEST_TMPDIR/bad.conf"
	run "$NATTERD" -t -f "$BATS_TEST_TMPDIR/bad.conf"
	assert_failure
	assert_output --partial "bad.conf:1: expected [operator NAME] or [webirc NAME]"
	printf '[webirc kiwi]\nhost = 127.0.0.1\n' > "$BATS_TEST_TMPDIR/bad.conf"
	run "$NATTERD" -t -f "$BATS_TEST_TMPDIR/bad.conf"
	assert_failure
	assert_output --partial "webirc kiwi needs host, and password_hash or certfp or both"
	printf '[operator a b]\n' > "$BATS_TEST_TMPDIR/bad.conf"
	run "$NATTERD" -t -f "$BATS_TEST_TMPDIR/bad.conf"
	assert_failure
	assert_output --partial "bad.conf:1: bad operator name"
	printf '[webirc kiwi]\nport = 1\n' > "$BATS_TEST_TMPDIR/bad.conf"
	run "$NATTERD" -t -f "$BATS_TEST_TMPDIR/bad.conf"
	assert_failure
	assert_output --partial "bad.conf:2: port: unknown setting in the section"
}

@test "settings from a file reach clients" {
	cat > "$BATS_TEST_TMPDIR/n.conf" <<-EOF2
	server_name = irc.example.test
	network = TestNet
	motd = Join #general!\nSecond line
	nick_len = 12
	EOF2
	natterd_start -f "$BATS_TEST_TMPDIR/n.conf"
	conn_open a
	send a "NICK alice" "USER a 0 * :A"
	wait_for a "^:irc.example.test 001 alice :Welcome to the TestNet IRC Network "
	wait_for a " 005 alice .*NICKLEN=12"
	wait_for a " 372 alice :- Join #general!$"
	wait_for a " 372 alice :- Second line$"
}

@test "a bare port argument works like -p" {
	run "$NATTERD" -t -v 8080
	assert_line "port = 8080"
	run "$NATTERD" -t -o nick_len=99
	assert_failure
	assert_output --partial "nick_len = 99: out of range"
}

@test "natterd.conf(5) documents every setting with its default" {
	man=$BATS_TEST_DIRNAME/../doc/natterd.conf.5
	[ -f "$man" ] || fail "no $man"
	"$NATTERD" -t -v | grep ' = ' | while IFS= read -r line; do
		name=${line%% = *}
		def=${line#* = }
		grep -A6 "^\.It Ic $name\( \|\$\)" "$man" > "$BATS_TEST_TMPDIR/item" ||
		    fail "natterd.conf.5 does not document $name"
		if [ -z "$def" ]; then
			grep -q "empty" "$BATS_TEST_TMPDIR/item" ||
			    fail "natterd.conf.5: $name: default should be empty"
		else
			grep -qF ".Ql $def" "$BATS_TEST_TMPDIR/item" ||
			    fail "natterd.conf.5: $name: default $def not shown"
		fi
	done
}

@test "doc/protocol.md has a row for every numeric natterd can send" {
	proto=$BATS_TEST_DIRNAME/../doc/protocol.md
	hdr=$BATS_TEST_DIRNAME/../include/numeric.h
	codes=$(sed -n 's/^#define [A-Z_]*[ 	]*\([0-9][0-9]*\), .*/\1/p' "$hdr")
	[ -n "$codes" ] || fail "no numerics found in numeric.h"
	for c in $codes; do
		n=$(printf '%03d' "$c")
		grep -q "^| $n |" "$proto" || fail "protocol.md lacks numeric $n"
	done
}
