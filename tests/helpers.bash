# natter: an IRC server. ISC licence; see the COPYING file.
#
# Helpers for the behaviour tests.  natterd_start runs a real natterd on a
# port the kernel picks; conn_open opens a TCP connection whose output is
# copied to a file; wait_for waits, with a timeout, for the next line
# matching a pattern.  Each connection keeps a cursor, so successive
# waits read forward and a test asserts lines in the order they came.

bats_load_library bats-support
bats_load_library bats-assert

: "${NATTERD:=$BATS_TEST_DIRNAME/../src/natterd}"
: "${WAIT_TIMEOUT:=5}"

declare -gA CONN_FD CONN_PID CONN_CURSOR

# poll SECONDS COMMAND...: run COMMAND (in this shell, so it may set
# variables) every 20 ms until it succeeds; return 1 once SECONDS have
# passed.  Every wait in the tests is this loop, with a deadline.
poll() {
	local deadline=$(( ${EPOCHREALTIME/./} + $1 * 1000000 ))
	shift
	until "$@"; do
		[ "${EPOCHREALTIME/./}" -lt "$deadline" ] || return 1
		sleep 0.02
	done
}

# natterd_up: natterd logged its port (now in NATTERD_PORT), or exited.
natterd_up() {
	NATTERD_PORT=$(sed -n 's/.*natterd listening on port \([0-9]*\)\.\.\..*/\1/p' "$NATTERD_LOG")
	[ -n "$NATTERD_PORT" ] || ! kill -0 "$NATTERD_PID" 2>/dev/null
}

# natterd_gone: natterd has exited.  The shell reaps its children as they
# exit (wait still gets the status), so kill -0 fails from then on.
natterd_gone() {
	! kill -0 "$NATTERD_PID" 2>/dev/null
}

# natterd_start [natterd options...]: start the server and wait for its
# "listening on port N" line.
natterd_start() {
	if [ -n "${NATTERD_PID:-}" ] && kill -0 "$NATTERD_PID" 2>/dev/null; then
		echo "natterd_start: natterd runs already (setup started it?)" >&2
		return 1
	fi
	NATTERD_LOG=$BATS_TEST_TMPDIR/natterd.log
	: > "$NATTERD_LOG"
	"$NATTERD" -p 0 "$@" > "$NATTERD_LOG" 2>&1 &
	NATTERD_PID=$!
	poll "$WAIT_TIMEOUT" natterd_up
	[ -n "$NATTERD_PORT" ] && return 0
	echo "natterd did not start:" >&2
	cat "$NATTERD_LOG" >&2
	return 1
}

# natterd_log_clean: natterd's log holds no report from AddressSanitizer,
# LeakSanitizer or UBSan (a build with --enable-sanitizers writes them to
# natterd's stderr, the log); print the log from the report on if it does.
# natterd's own lines start with "[hh:mm:ss]", so none can match.
SANITIZER_RE='^==[0-9]+==ERROR: [A-Za-z]*Sanitizer|^[^[ ][^ ]*:[0-9]+:[0-9]+: runtime error: '
natterd_log_clean() {
	[ -s "${NATTERD_LOG:-}" ] || return 0
	grep -qE -- "$SANITIZER_RE" "$NATTERD_LOG" || return 0
	echo "natterd's log has a sanitizer report:" >&2
	sed -nE "/$SANITIZER_RE/,\$p" "$NATTERD_LOG" >&2
	return 1
}

# natterd_stop: close the connections, stop natterd with SIGTERM and wait
# for it; fail if it did not go within WAIT_TIMEOUT seconds (it is then
# killed), or if its log has a sanitizer report.
natterd_stop() {
	local name rc=0
	for name in "${!CONN_PID[@]}"; do
		conn_close "$name"
	done
	if [ -n "${NATTERD_PID:-}" ]; then
		kill -TERM "$NATTERD_PID" 2>/dev/null
		if ! poll "$WAIT_TIMEOUT" natterd_gone; then
			echo "natterd did not exit after SIGTERM; killed" >&2
			kill -KILL "$NATTERD_PID" 2>/dev/null
			rc=1
		fi
		wait "$NATTERD_PID" 2>/dev/null || true
		NATTERD_PID=
	fi
	natterd_log_clean || rc=1
	return "$rc"
}

# log_wait PATTERN: wait for a line of the server log matching PATTERN.
log_wait() {
	poll "$WAIT_TIMEOUT" grep -qE -- "$1" "$NATTERD_LOG" && return 0
	echo "no log line matching: $1" >&2
	cat "$NATTERD_LOG" >&2
	return 1
}

# conn_open NAME [PORT]: connect; output goes to $BATS_TEST_TMPDIR/NAME.out.
conn_open() {
	local name=$1 port=${2:-$NATTERD_PORT} fd
	exec {fd}<>"/dev/tcp/127.0.0.1/$port" || return 1
	CONN_FD[$name]=$fd
	CONN_CURSOR[$name]=0
	: > "$BATS_TEST_TMPDIR/$name.out"
	cat <&"$fd" > "$BATS_TEST_TMPDIR/$name.out" &
	CONN_PID[$name]=$!
}

conn_close() {
	local name=$1
	[ -n "${CONN_FD[$name]:-}" ] || return 0
	exec {CONN_FD[$name]}>&-
	# A reader a test stopped (kill -STOP) must go on to die.
	kill -TERM "${CONN_PID[$name]}" 2>/dev/null || true
	kill -CONT "${CONN_PID[$name]}" 2>/dev/null || true
	wait "${CONN_PID[$name]}" 2>/dev/null || true
	unset "CONN_FD[$name]" "CONN_PID[$name]"
}

# send NAME LINE...: send each LINE with CRLF.
send() {
	local name=$1 line
	shift
	for line in "$@"; do
		printf '%s\r\n' "$line" >&"${CONN_FD[$name]}"
	done
}

# send_raw NAME FORMAT: send bytes exactly, printf %b escapes allowed.
send_raw() {
	printf '%b' "$2" >&"${CONN_FD[$1]}"
}

# output NAME: everything the connection received, CRs removed.
output() {
	tr -d '\r' < "$BATS_TEST_TMPDIR/$1.out"
}

# line_seen NAME REGEX: a line after NAME's cursor matches REGEX; the
# cursor moves past it and the line is left in $WAITED.
line_seen() {
	local found
	found=$(tail -n +$((CONN_CURSOR[$1] + 1)) "$BATS_TEST_TMPDIR/$1.out" |
	    tr -d '\r' | grep -nE -m1 -- "$2" || true)
	[ -n "$found" ] || return 1
	CONN_CURSOR[$1]=$((CONN_CURSOR[$1] + ${found%%:*}))
	WAITED=${found#*:}
}

# wait_for NAME REGEX: wait for the next line (after the last one matched)
# matching REGEX; fail with the connection's output after WAIT_TIMEOUT
# seconds.  The matched line is left in $WAITED.
wait_for() {
	local name=$1 re=$2
	poll "$WAIT_TIMEOUT" line_seen "$name" "$re" && return 0
	echo "$name: no line matching: $re" >&2
	echo "--- $name received:" >&2
	output "$name" >&2
	return 1
}

# next_line NAME: the line after the cursor, waited for; then move on.
next_line() {
	wait_for "$1" ""
}

# expect_next NAME STRING: the next line is exactly STRING.
expect_next() {
	next_line "$1" || return 1
	if [ "$WAITED" != "$2" ]; then
		echo "$1: expected: $2" >&2
		echo "$1:      got: $WAITED" >&2
		return 1
	fi
}

# sync_irc NAME: a PING round trip, so that everything the server sent
# before it has arrived.  It remembers where NAME's cursor was, so that
# refute_since can look at what came in between.
SYNC_SERIAL=0
declare -gA SYNC_FROM SYNC_TO
sync_irc() {
	SYNC_SERIAL=$((SYNC_SERIAL + 1))
	SYNC_FROM[$1]=${CONN_CURSOR[$1]}
	send "$1" "PING :sync$SYNC_SERIAL"
	wait_for "$1" "PONG [^ ]+ :sync$SYNC_SERIAL\$" || return 1
	SYNC_TO[$1]=${CONN_CURSOR[$1]}
}

# refute_since NAME REGEX: no line NAME received since its cursor matches
# REGEX.  Right after sync_irc NAME (the cursor at its PONG), that is the
# lines from before the sync up to the PONG.
refute_since() {
	local name=$1 re=$2 from=${CONN_CURSOR[$1]}
	if [ "${SYNC_TO[$name]:-}" = "$from" ]; then
		from=${SYNC_FROM[$name]}
	fi
	if output "$name" | tail -n +$((from + 1)) | grep -qE -- "$re"; then
		echo "$name: unexpected line matching: $re" >&2
		output "$name" >&2
		return 1
	fi
}

# port_of WHAT: the port natterd logged it listens on "for WHAT" ("TLS",
# "the text front", "the web"...), once that line is in the log.
port_of() {
	log_wait "natterd listening for $1 on port [0-9]+" >/dev/null ||
	    return 1
	sed -n "s/.*natterd listening for $1 on port \([0-9]*\).*/\1/p" \
	    "$NATTERD_LOG"
}

# make_cert NAME CN: a throwaway self-signed ECDSA P-256 certificate for
# CN (valid for localhost and 127.0.0.1) in $BATS_FILE_TMPDIR/NAME.pem,
# its key in NAME.key; nothing without openssl (the tests skip then).
make_cert() {
	command -v openssl >/dev/null || return 0
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
	    -nodes -days 2 -subj "/CN=$2" \
	    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
	    -keyout "$BATS_FILE_TMPDIR/$1.key" \
	    -out "$BATS_FILE_TMPDIR/$1.pem" 2>/dev/null
}

# irc_register NAME NICK: connect, register, wait for the end of the MOTD.
irc_register() {
	conn_open "$1" || return 1
	send "$1" "NICK $2" "USER ${2,,} 0 * :$2 Real"
	wait_for "$1" " 001 $2 " || return 1
	wait_for "$1" " (376|422) $2 "
}

# alice_and_bob CHANNEL: alice on connection a and bob on b, both in
# CHANNEL, alice first (so she is its operator) and seeing bob arrive.
alice_and_bob() {
	irc_register a alice || return 1
	irc_register b bob || return 1
	send a "JOIN $1"
	wait_for a " 366 alice $1 " || return 1
	send b "JOIN $1"
	wait_for b " 366 bob $1 " || return 1
	wait_for a "^:bob!~bob@127.0.0.1 JOIN $1\$"
}

# text_open NAME: connect as a person on nc would and read the banner.
text_open() {
	conn_open "$1" || return 1
	wait_for "$1" "^Use /quit to disconnect\.\$"
}

# assert_output_has NAME REGEX: some line received so far matches.
assert_output_has() {
	if ! output "$1" | grep -qE -- "$2"; then
		echo "$1: no line matching: $2" >&2
		output "$1" >&2
		return 1
	fi
}

# pipe_open NAME COMMAND...: COMMAND as connection NAME, like conn_open:
# send writes to its input (a fifo), its output goes to
# $BATS_TEST_TMPDIR/NAME.out and its own messages to NAME.err.
pipe_open() {
	local name=$1 fifo=$BATS_TEST_TMPDIR/$1.in fd
	shift
	rm -f "$fifo"
	mkfifo "$fifo"
	: > "$BATS_TEST_TMPDIR/$name.out"
	"$@" < "$fifo" > "$BATS_TEST_TMPDIR/$name.out" \
	    2> "$BATS_TEST_TMPDIR/$name.err" &
	CONN_PID[$name]=$!
	exec {fd}> "$fifo"
	CONN_FD[$name]=$fd
	CONN_CURSOR[$name]=0
}

# nc_open NAME: like conn_open, but through netcat-openbsd as a person
# would connect; skips the test when nc is not installed.
nc_open() {
	command -v nc >/dev/null || skip "nc (netcat-openbsd) not installed"
	pipe_open "$1" nc 127.0.0.1 "$NATTERD_PORT"
}

# type_line NAME TEXT: what a person types, ending in a bare newline.
type_line() {
	printf '%s\n' "$2" >&"${CONN_FD[$1]}"
}

# expect_banner NAME: the six lines of the text front's greeting.
expect_banner() {
	expect_next "$1" "Welcome to the chat server!" &&
	expect_next "$1" "Use /nick <name> to set your nickname." &&
	expect_next "$1" "Use /join <room> to join a room." &&
	expect_next "$1" "Use /msg <user> <message> for private messages." &&
	expect_next "$1" "Use /rooms to list rooms." &&
	expect_next "$1" "Use /quit to disconnect."
}
