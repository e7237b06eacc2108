#!/usr/bin/env bats
# TLS: the TLS port beside the plain one, IRC and the text front over it,
# +Z, 671, +z, CertFP, sts, certificate reload, and handshakes that fail.
# The certificates are throwaway ECDSA P-256 ones made with openssl(1),
# which also plays the TLS client (s_client), trusting the test's
# certificates and nothing else.

load helpers

setup_file() {
	command -v openssl >/dev/null || return 0
	local d=$BATS_FILE_TMPDIR
	make_cert server localhost
	make_cert server2 localhost
	make_cert client alice
	cat "$d/server.pem" "$d/server2.pem" > "$d/trust.pem"
}

setup() {
	command -v openssl >/dev/null ||
	    skip "openssl not installed (Debian: apt-get install openssl)"
	TLS=$BATS_FILE_TMPDIR
}

teardown() { natterd_stop; }

# natterd_tls [options...]: natterd with a TLS port the kernel picks, in
# TLS_PORT, and the test's server certificate.
natterd_tls() {
	natterd_start -o tls_port=-1 -o "tls_cert=$TLS/server.pem" \
	    -o "tls_key=$TLS/server.key" "$@" || return 1
	TLS_PORT=$(port_of TLS) || return 1
}

# tls_open NAME [PORT [s_client options...]]: a TLS connection through
# openssl s_client, trusting the test's server certificates; like
# conn_open, NAME's output goes to $BATS_TEST_TMPDIR/NAME.out, and
# s_client's own messages to NAME.err.
tls_open() {
	local name=$1 port=${2:-$TLS_PORT}
	shift 2 || shift $#
	pipe_open "$name" openssl s_client -quiet -connect "127.0.0.1:$port" \
	    -CAfile "$TLS/trust.pem" -verify_return_error "$@"
}

# tls_register NAME NICK [s_client options...]: over TLS, as irc_register.
tls_register() {
	local name=$1 nick=$2
	shift 2
	tls_open "$name" "$TLS_PORT" "$@" || return 1
	send "$name" "NICK $nick" "USER ${nick,,} 0 * :$nick Real"
	wait_for "$name" " 001 $nick " || return 1
	wait_for "$name" " (376|422) $nick "
}

# fingerprint FILE: the SHA-256 fingerprint of a PEM certificate, as
# natterd shows it (lower-case hex, no colons).
fingerprint() {
	openssl x509 -in "$1" -noout -fingerprint -sha256 | sed 's/.*=//' |
	    tr -d : | tr A-F a-f
}

# server_fingerprint: the fingerprint of the certificate a new TLS
# connection to TLS_PORT is given.
server_fingerprint() {
	openssl s_client -connect "127.0.0.1:$TLS_PORT" -CAfile "$TLS/trust.pem" \
	    < /dev/null 2> /dev/null | openssl x509 -noout -fingerprint \
	    -sha256 | sed 's/.*=//' | tr -d : | tr A-F a-f
}

# conn_gone NAME: the server closed NAME (its reader saw the end).
conn_gone() {
	! kill -0 "${CONN_PID[$1]}" 2>/dev/null
}

@test "IRC over TLS: a TLS user and a plain user register and chat; +Z and 671" {
	natterd_tls -o flood_control=off
	tls_register a alice
	irc_register b bob
	log_wait "TLS with 127.0.0.1:[0-9]+: TLS1.3 "
	send a "JOIN #c"
	wait_for a " 366 alice #c "
	send b "JOIN #c"
	wait_for a "^:bob!~bob@127.0.0.1 JOIN #c$"
	send a "PRIVMSG #c :hello over TLS"
	wait_for b "^:alice!~alice@127.0.0.1 PRIVMSG #c :hello over TLS$"
	send b "PRIVMSG alice :and back in plain"
	wait_for a "^:bob!~bob@127.0.0.1 PRIVMSG alice :and back in plain$"
	send a "MODE alice"
	wait_for a " 221 alice \+Z$"
	send a "MODE alice -Z"
	send a "MODE alice"
	wait_for a " 221 alice \+Z$"
	send b "MODE bob"
	wait_for b " 221 bob \+$"
	send b "WHOIS alice"
	wait_for b " 311 bob alice ~alice 127.0.0.1 "
	wait_for b " 671 bob alice :is using a secure connection$"
	wait_for b " 318 bob alice "
	send a "WHOIS bob"
	wait_for a " 318 alice bob "
	refute_since a " 671 "
	output a | grep -q " 311 alice bob " || fail "no WHOIS of bob"
	! output a | grep -q " 671 alice bob " ||
	    fail "bob is on plain TCP but has 671"
	# A long burst in both directions goes through whole.
	for i in $(seq 300); do
		send a "PRIVMSG bob :line $i of a burst with enough text to fill records quickly"
	done
	wait_for b "PRIVMSG bob :line 300 of a burst"
}

@test "the text front over TLS: the same banner and chat as on plain TCP" {
	natterd_tls -o text_greeting_delay=100 -o text_tls_port=-1
	tls_open p
	expect_banner p
	type_line p "/nick Carol"
	wait_for p "Carol"
	type_line p "/join general"
	irc_register b bob
	send b "JOIN #general"
	wait_for p "Bob|bob"
	type_line p "Hi Bob, this is TLS"
	wait_for b "^:Carol!.* PRIVMSG #general :Hi Bob, this is TLS$"
	send b "PRIVMSG #general :Hi Carol"
	wait_for p "^\[bob\]: Hi Carol$"
	# The text-only TLS port greets at once.
	port=$(sed -n 's/.*text front over TLS on port \([0-9]*\) .*/\1/p' \
	    "$NATTERD_LOG")
	[ -n "$port" ] || fail "no text TLS port in the log"
	tls_open q "$port"
	expect_banner q
}

@test "+z: only users on TLS may join, even when invited" {
	natterd_tls
	tls_register a alice
	irc_register b bob
	tls_register c carol
	send a "JOIN #safe"
	wait_for a " 366 alice #safe "
	send a "MODE #safe +z"
	wait_for a "^:alice!~alice@127.0.0.1 MODE #safe \+z$"
	send a "MODE #safe"
	wait_for a " 324 alice #safe \+ntz$"
	send b "JOIN #safe"
	wait_for b " 489 bob #safe :Cannot join channel \(\+z\)$"
	send a "INVITE bob #safe"
	wait_for a " 341 alice bob #safe$"
	send b "JOIN #safe"
	wait_for b " 489 bob #safe :Cannot join channel \(\+z\)$"
	send c "JOIN #safe"
	wait_for c " 366 carol #safe "
	wait_for a "^:carol!~carol@127.0.0.1 JOIN #safe$"
}

@test "CertFP: 276 to the user itself and to operators; OPER by fingerprint" {
	fp=$(fingerprint "$TLS/client.pem")
	[ ${#fp} -eq 64 ] || fail "no fingerprint from openssl: $fp"
	colons=$(openssl x509 -in "$TLS/client.pem" -noout -fingerprint \
	    -sha256 | sed 's/.*=//')
	hash=$(printf 'hunter2\n' | "$NATTERD" -H)
	cat > "$BATS_TEST_TMPDIR/fp.conf" <<-EOF2
	[operator cert]
	certfp = $colons
	host = *@127.0.0.1
	[operator both]
	certfp = $fp
	password_hash = $hash
	host = *@127.0.0.1
	[operator pw]
	password_hash = $hash
	host = *@127.0.0.1
	EOF2
	natterd_tls -f "$BATS_TEST_TMPDIR/fp.conf"
	tls_register a alice -cert "$TLS/client.pem" -key "$TLS/client.key"
	log_wait "TLS with 127.0.0.1:[0-9]+: .*client certificate $fp"
	tls_register c carol
	irc_register b bob
	send a "WHOIS alice"
	wait_for a " 276 alice alice :has client certificate fingerprint $fp$"
	send b "WHOIS alice"
	wait_for b " 671 bob alice :is using a secure connection$"
	wait_for b " 318 bob alice "
	! output b | grep -q " 276 " || fail "276 shown to a non-operator"
	# Without the certificate, or with only a password, no oper.
	send c "OPER cert"
	wait_for c " 464 carol :Password incorrect$"
	send c "OPER both hunter2"
	wait_for c " 464 carol :Password incorrect$"
	log_wait "Failed OPER as both by carol: no client certificate"
	send b "OPER pw hunter2"
	wait_for b " 381 bob :You are now an IRC operator$"
	send b "WHOIS alice"
	wait_for b " 276 bob alice :has client certificate fingerprint $fp$"
	# The certificate and the password both, or the certificate alone.
	send a "OPER both wrong"
	wait_for a " 464 alice :Password incorrect$"
	send a "OPER both"
	wait_for a " 461 alice OPER :Not enough parameters$"
	send a "OPER both hunter2"
	wait_for a " 381 alice :You are now an IRC operator$"
	send a "MODE alice -o"
	wait_for a "^:alice MODE alice :-o$"
	send a "OPER cert"
	wait_for a "^:alice MODE alice :\+o$"
	wait_for a " 381 alice :You are now an IRC operator$"
}

@test "sts: the TLS port in CAP LS 302 on the plain port, the duration on TLS" {
	natterd_tls -o sts_port=6697 -o sts_duration=86400 -o sts_preload=on
	conn_open p
	send p "CAP LS 302"
	wait_for p "CAP \* LS :.* sts=port=6697( |$)"
	send p "CAP REQ :sts"
	wait_for p "CAP \* NAK :sts$"
	conn_open q
	send q "CAP LS"
	wait_for q "CAP \* LS :"
	[[ $WAITED != *sts* ]] || fail "sts sent to a client without 302: $WAITED"
	tls_open t
	send t "CAP LS 302"
	wait_for t "CAP \* LS :.* sts=duration=86400,preload( |$)"
	[[ $WAITED != *port=* ]] || fail "port sent on TLS: $WAITED"
}

@test "no sts policy unless sts_port is set" {
	natterd_tls
	conn_open p
	send p "CAP LS 302"
	wait_for p "CAP \* LS :"
	[[ $WAITED != *sts* ]] || fail "sts without sts_port: $WAITED"
}

@test "SIGHUP: new connections get the new certificate, old ones stay" {
	cp "$TLS/server.pem" "$BATS_TEST_TMPDIR/cert.pem"
	cp "$TLS/server.key" "$BATS_TEST_TMPDIR/key.pem"
	printf 'tls_cert = %s\ntls_key = %s\ntls_port = -1\n' \
	    "$BATS_TEST_TMPDIR/cert.pem" "$BATS_TEST_TMPDIR/key.pem" \
	    > "$BATS_TEST_TMPDIR/n.conf"
	natterd_start -f "$BATS_TEST_TMPDIR/n.conf"
	TLS_PORT=$(port_of TLS)
	old=$(fingerprint "$TLS/server.pem")
	new=$(fingerprint "$TLS/server2.pem")
	[ "$(server_fingerprint)" = "$old" ]
	tls_register a alice
	cp "$TLS/server2.pem" "$BATS_TEST_TMPDIR/cert.pem"
	cp "$TLS/server2.key" "$BATS_TEST_TMPDIR/key.pem"
	kill -HUP "$NATTERD_PID"
	log_wait "TLS certificate reloaded for new connections"
	[ "$(server_fingerprint)" = "$new" ]
	tls_register b bob
	sync_irc a
	send a "PRIVMSG bob :still here"
	wait_for b ":alice!~alice@127.0.0.1 PRIVMSG bob :still here$"
}

@test "a bad certificate on REHASH or SIGHUP is refused and the old one stays" {
	cp "$TLS/server.pem" "$BATS_TEST_TMPDIR/cert.pem"
	cp "$TLS/server.key" "$BATS_TEST_TMPDIR/key.pem"
	hash=$(printf 'hunter2\n' | "$NATTERD" -H)
	cat > "$BATS_TEST_TMPDIR/n.conf" <<-EOF2
	tls_cert = $BATS_TEST_TMPDIR/cert.pem
	tls_key = $BATS_TEST_TMPDIR/key.pem
	tls_port = -1
	[operator root]
	password_hash = $hash
	host = *@127.0.0.1
	EOF2
	natterd_start -f "$BATS_TEST_TMPDIR/n.conf"
	TLS_PORT=$(port_of TLS)
	old=$(fingerprint "$TLS/server.pem")
	tls_register a alice
	send a "OPER root hunter2"
	wait_for a " 381 alice "
	echo "not a certificate" > "$BATS_TEST_TMPDIR/cert.pem"
	send a "REHASH"
	wait_for a " 382 alice "
	wait_for a "NOTICE alice :REHASH: TLS certificate not reloaded, the one in use stays: tls_cert: .*/cert.pem: not a PEM certificate chain"
	log_wait "TLS certificate not reloaded, the one in use stays: tls_cert: .*cert.pem"
	[ "$(server_fingerprint)" = "$old" ]
	# A key that does not match the certificate, by SIGHUP.
	cp "$TLS/server2.pem" "$BATS_TEST_TMPDIR/cert.pem"
	kill -HUP "$NATTERD_PID"
	log_wait "not reloaded.*tls_key: .*key.pem: the key does not match the certificate in .*cert.pem"
	[ "$(server_fingerprint)" = "$old" ]
	sync_irc a
}

@test "natterd -t and startup check the certificate and key, naming the file" {
	run "$NATTERD" -t -o "tls_cert=$BATS_TEST_TMPDIR/missing.pem"
	assert_failure
	assert_output --partial "tls_cert: $BATS_TEST_TMPDIR/missing.pem: No such file or directory"
	echo garbage > "$BATS_TEST_TMPDIR/bad.pem"
	run "$NATTERD" -t -o "tls_cert=$BATS_TEST_TMPDIR/bad.pem" \
	    -o "tls_key=$TLS/server.key"
	assert_failure
	assert_output --partial "tls_cert: $BATS_TEST_TMPDIR/bad.pem: not a PEM certificate chain"
	run "$NATTERD" -t -o "tls_cert=$TLS/server.pem" \
	    -o "tls_key=$BATS_TEST_TMPDIR/bad.pem"
	assert_failure
	assert_output --partial "tls_key: $BATS_TEST_TMPDIR/bad.pem: not a PEM private key"
	run "$NATTERD" -t -o "tls_cert=$TLS/server.pem" \
	    -o "tls_key=$TLS/server2.key"
	assert_failure
	assert_output --partial "tls_key: $TLS/server2.key: the key does not match the certificate in $TLS/server.pem"
	run "$NATTERD" -t -o "tls_cert=$TLS/server.pem" \
	    -o "tls_key=$TLS/server.key" -o "tls_ciphers=NORMAL:+NO-SUCH-CIPHER"
	assert_failure
	assert_output --partial "tls_ciphers: not a GnuTLS priority string"
	run "$NATTERD" -t -o tls_min_version=1.1
	assert_failure
	assert_output --partial "tls_min_version = 1.1: expected 1.2 or 1.3"
	run "$NATTERD" -t -o "tls_cert=$TLS/server.pem" \
	    -o "tls_key=$TLS/server.key"
	assert_success
	assert_output "configuration OK"
	# The key may follow the certificate in one file.
	cat "$TLS/server.pem" "$TLS/server.key" > "$BATS_TEST_TMPDIR/both.pem"
	run "$NATTERD" -t -o "tls_cert=$BATS_TEST_TMPDIR/both.pem"
	assert_success
	# Startup refuses a bad key as -t does.
	run "$NATTERD" -p 0 -o tls_port=-1 -o "tls_cert=$TLS/server.pem" \
	    -o "tls_key=$TLS/server2.key"
	assert_failure
	assert_output --partial "the key does not match the certificate"
}

@test "without a certificate there is no TLS port, and the log says so" {
	natterd_start
	log_wait "No TLS listener: no certificate \(tls_cert\) is set"
	! grep -q "listening for TLS" "$NATTERD_LOG"
}

@test "plain text to the TLS port: told in plain text, one log line" {
	natterd_tls
	conn_open p "$TLS_PORT"
	send p "NICK alice"
	wait_for p "^ERROR :Closing Link: \* \(This port speaks TLS: use a TLS client, or the plain port\)$"
	poll "$WAIT_TIMEOUT" conn_gone p
	log_wait "TLS handshake failed with 127.0.0.1:[0-9]+: plain text on a TLS port$"
	[ "$(grep -c 'TLS handshake failed' "$NATTERD_LOG")" -eq 1 ]
	tls_register a alice
}

@test "a handshake that never finishes times out; one log line" {
	natterd_tls -o tls_handshake_timeout=1
	conn_open p "$TLS_PORT"
	# The start of a TLS record, and nothing more.
	send_raw p '\x16\x03\x01\x00'
	log_wait "TLS handshake failed with 127.0.0.1:[0-9]+: timed out after 1 s$"
	poll "$WAIT_TIMEOUT" conn_gone p
	conn_open q "$TLS_PORT"
	log_wait "TLS handshake failed with 127.0.0.1:[0-9]+: timed out after 1 s$"
	poll "$WAIT_TIMEOUT" conn_gone q
	[ "$(grep -c 'TLS handshake failed' "$NATTERD_LOG")" -eq 2 ]
	tls_register a alice
}

@test "a protocol version below tls_min_version fails the handshake" {
	natterd_tls -o tls_min_version=1.3
	tls_open old "$TLS_PORT" -tls1_2
	poll "$WAIT_TIMEOUT" conn_gone old
	log_wait "TLS handshake failed with 127.0.0.1:[0-9]+: bad protocol version: the client offers at most TLS 1.2, tls_min_version is 1.3$"
	tls_register a alice
	log_wait "TLS with 127.0.0.1:[0-9]+: TLS1.3 "
}

@test "a client that does not trust the certificate: one log line" {
	natterd_tls
	# TLS 1.2: the client's alert comes in the clear, and is logged.
	openssl s_client -connect "127.0.0.1:$TLS_PORT" -verify_return_error \
	    -CAfile "$TLS/client.pem" -tls1_2 < /dev/null > /dev/null 2>&1 || true
	log_wait "TLS handshake failed with 127.0.0.1:[0-9]+: the client sent the alert \"CA is unknown\"$"
	# TLS 1.3: GnuTLS gives its own reason.
	openssl s_client -connect "127.0.0.1:$TLS_PORT" -verify_return_error \
	    -CAfile "$TLS/client.pem" < /dev/null > /dev/null 2>&1 || true
	poll "$WAIT_TIMEOUT" eval '[ "$(grep -c "TLS handshake failed" "$NATTERD_LOG")" -eq 2 ]'
	tls_register a alice
}

# relay_start: a plain port, RELAY_PORT, whose connections rawproxy.pl
# carries to natterd's TLS port over TLS, so that any plain tool's bytes
# reach natterd inside TLS records (one record per write).
relay_start() {
	local pf=$BATS_TEST_TMPDIR/relay.port
	perl -MIO::Socket::SSL -e 1 2>/dev/null ||
	    skip "perl's IO::Socket::SSL not installed (libio-socket-ssl-perl)"
	perl "$BATS_TEST_DIRNAME/clients/rawproxy.pl" "$pf" /dev/null \
	    "$TLS_PORT" "$TLS/trust.pem" 3>&- &
	RELAY_PID=$!
	poll "$WAIT_TIMEOUT" test -s "$pf" || return 1
	RELAY_PORT=$(cat "$pf")
}

@test "hostile traffic around and inside TLS records: natterd still serves" {
	natterd_tls -o flood_control=off -o recvq=1024 -o sendq=4096 \
	    -o tls_handshake_timeout=2
	# Around the records: broken TLS headers and records on raw sockets,
	# each connection closed or reset after a few bytes or many.
	timeout 60 perl -MIO::Socket::INET -e '
		srand(12);
		my @starts = ("\x16", "\x16\x03", "\x16\x03\x01\xff\xff",
		    "\x16\x03\x03\x00\x04\x01\x00\x00\x00",
		    "\x17\x03\x03\x00\x20", "\x15\x03\x03\x00\x02\x02\x28",
		    "\x16\x00\x00\x00\x00", "\x80\x2e\x01\x00\x02");
		for my $i (0 .. 199) {
			my $s = IO::Socket::INET->new(PeerAddr => "127.0.0.1",
			    PeerPort => $ARGV[0]) or next;
			my $junk = join "", map { chr(int(rand(256))) }
			    1 .. int(rand(3000));
			syswrite($s, $starts[$i % @starts] . $junk);
			setsockopt($s, 1, 13, pack("ii", 1, 0)) if $i % 3 == 0;
			close $s;
		}' "$TLS_PORT"
	# Inside the records: binary, NULs, CRs, endless lines, drip-fed
	# bytes and lines cut by a close, through the TLS relay.
	relay_start
	timeout 60 perl -MIO::Socket::INET -e '
		srand(34);
		for my $i (0 .. 39) {
			my $s = IO::Socket::INET->new(PeerAddr => "127.0.0.1",
			    PeerPort => $ARGV[0]) or next;
			syswrite($s, "NICK h$i\r\nUSER h 0 * :h\r\n");
			for (1 .. 20) {
				my $k = int(rand(4));
				my $b = $k == 0 ? join("", map { chr(int(rand(256))) }
				    1 .. 600) : $k == 1 ? "PRIVMSG #x :" . ("y" x
				    5000) : $k == 2 ? "\0\r\r\n\x{ff}JOIN #x\r\n" :
				    "P";
				syswrite($s, $b) or last;
			}
			close $s;
		}' "$RELAY_PORT"
	# The fuzzing branch's generator, when it is here, over TLS too.
	if [ -f "$BATS_TEST_DIRNAME/hostile.pl" ]; then
		run timeout 90 perl "$BATS_TEST_DIRNAME/hostile.pl" \
		    "$RELAY_PORT" 7 20
		assert_success
	fi
	kill "$RELAY_PID"
	wait "$RELAY_PID" 2>/dev/null || true
	kill -0 "$NATTERD_PID"
	tls_register a alice
	irc_register b bob
	send b "PRIVMSG alice :calm again"
	wait_for a ":bob!~bob@127.0.0.1 PRIVMSG alice :calm again$"
	# Every failed handshake is one line with a reason.
	! grep "TLS handshake failed" "$NATTERD_LOG" | grep -qvE \
	    "TLS handshake failed with 127\.0\.0\.1:[0-9]+: .+"
	# One for each of the 200 raw connections, and no more.
	poll "$WAIT_TIMEOUT" eval \
	    '[ "$(grep -c "TLS handshake failed" "$NATTERD_LOG")" -ge 200 ]'
	[ "$(grep -c "TLS handshake failed" "$NATTERD_LOG")" -eq 200 ]
}

@test "sts: a policy set or withdrawn on SIGHUP goes out as CAP NEW and DEL" {
	cp "$TLS/server.pem" "$BATS_TEST_TMPDIR/cert.pem"
	cp "$TLS/server.key" "$BATS_TEST_TMPDIR/key.pem"
	cat > "$BATS_TEST_TMPDIR/n.conf" <<-EOF2
	tls_cert = $BATS_TEST_TMPDIR/cert.pem
	tls_key = $BATS_TEST_TMPDIR/key.pem
	tls_port = -1
	sts_port = 6697
	sts_duration = 600
	EOF2
	natterd_start -f "$BATS_TEST_TMPDIR/n.conf"
	TLS_PORT=$(port_of TLS)
	conn_open p
	send p "CAP LS 302" "NICK pat" "USER pat 0 * :pat"
	wait_for p "CAP \* LS :.* sts=port=6697( |$)"
	send p "CAP END"
	wait_for p " 001 pat "
	# cap-notify without 302: told of nothing it could not have seen.
	conn_open q
	send q "CAP LS" "NICK quin" "USER quin 0 * :quin"
	wait_for q "CAP \* LS :"
	send q "CAP REQ :cap-notify"
	wait_for q "CAP quin ACK :cap-notify$"
	send q "CAP END"
	wait_for q " 001 quin "
	tls_open t
	send t "CAP LS 302" "NICK tess" "USER tess 0 * :tess"
	wait_for t "CAP \* LS :.* sts=duration=600( |$)"
	send t "CAP END"
	wait_for t " 001 tess "
	sed -i '/^sts_port/d' "$BATS_TEST_TMPDIR/n.conf"
	kill -HUP "$NATTERD_PID"
	wait_for p "^:natter.local CAP pat DEL :sts$"
	wait_for t "^:natter.local CAP tess DEL :sts$"
	echo "sts_port = 7000" >> "$BATS_TEST_TMPDIR/n.conf"
	kill -HUP "$NATTERD_PID"
	wait_for p "^:natter.local CAP pat NEW :sts=port=7000$"
	wait_for t "^:natter.local CAP tess NEW :sts=duration=600$"
	sync_irc q
	refute_since q "CAP quin (NEW|DEL)"
}

@test "WEBIRC from a gateway known by its certificate: its fingerprint is not the user's" {
	fp=$(fingerprint "$TLS/client.pem")
	cat > "$BATS_TEST_TMPDIR/gw.conf" <<-EOF2
	[webirc kiwi]
	certfp = $fp
	host = 127.0.0.1
	[operator cert]
	certfp = $fp
	host = *@*
	EOF2
	natterd_tls -f "$BATS_TEST_TMPDIR/gw.conf"
	# Over TLS with the certificate, and "secure": the user has +Z but
	# no fingerprint, and cannot OPER as the gateway's certificate.
	tls_open w "$TLS_PORT" -cert "$TLS/client.pem" -key "$TLS/client.key"
	send w "WEBIRC - kiwiirc 198.51.100.8 198.51.100.8 :secure" \
	    "NICK wendy" "USER wendy 0 * :Wendy"
	wait_for w " 001 wendy :.* wendy!~wendy@198\.51\.100\.8$"
	log_wait "says WebIRC gateway kiwi \(kiwiirc\), secure$"
	send w "WHOIS wendy"
	wait_for w " 671 wendy wendy :is using a secure connection$"
	wait_for w " 318 wendy wendy "
	! output w | grep -q " 276 " || fail "the gateway's fingerprint shown"
	send w "OPER cert"
	wait_for w " 464 wendy :Password incorrect$"
	# Without "secure", no +Z; without the certificate, no WEBIRC.
	tls_open x "$TLS_PORT" -cert "$TLS/client.pem" -key "$TLS/client.key"
	send x "WEBIRC - kiwiirc 198.51.100.9 198.51.100.9" "NICK xena" \
	    "USER xena 0 * :Xena"
	wait_for x " 001 xena "
	irc_register b bob
	send b "WHOIS xena"
	wait_for b " 318 bob xena "
	! output b | grep -q " 671 bob xena " || fail "+Z without secure"
	tls_open y
	send y "WEBIRC - kiwiirc 198.51.100.9 198.51.100.9"
	wait_for y "^ERROR :Closing Link: .*\(Invalid WebIRC certificate\)$"
}
