# natter: an IRC server. ISC licence; see the COPYING file.
#
# Helpers for tests/clients.bats, which drives real IRC clients (irssi,
# WeeChat, HexChat) against natterd.  Loaded after tests/helpers.bash.
#
# Every client reaches natterd through rawproxy.pl, which records each
# line in both directions in $RAW_LOG; the client writes its own log
# files, and the tests read those with wait_file.  No step relies on a
# sleep: each waits, through poll in helpers.bash, with a deadline.

: "${CLIENT_TIMEOUT:=20}"
CLIENTS_DIR=$BATS_TEST_DIRNAME/clients
ARTIFACTS=$CLIENTS_DIR/artifacts

# need PROGRAM...: skip the test unless every PROGRAM is installed.
need() {
	local p
	for p in "$@"; do
		command -v "$p" >/dev/null 2>&1 || skip "$p not installed"
	done
}

# file_has FILE REGEX: FILE has a line matching REGEX, left in $WAITED.
file_has() {
	[ -f "$1" ] && WAITED=$(grep -a -m1 -E -- "$2" "$1")
}

# wait_file FILE REGEX [SECONDS]: wait until a line of FILE matches the
# extended REGEX; fail, showing FILE, after SECONDS (CLIENT_TIMEOUT).
# The first matching line is left in $WAITED.
wait_file() {
	local file=$1 re=$2 secs=${3:-$CLIENT_TIMEOUT}
	poll "$secs" file_has "$file" "$re" && return 0
	echo "no line matching: $re" >&2
	echo "--- in $file:" >&2
	cat "$file" >&2 2>/dev/null || echo "(no such file)" >&2
	return 1
}

# glob_has GLOB REGEX: a file matching GLOB has a matching line; its
# name is left in $WAITED_FILE.
glob_has() {
	local f
	for f in $1; do
		file_has "$f" "$2" && WAITED_FILE=$f && return 0
	done
	return 1
}

# wait_glob GLOB REGEX: like wait_file, for a file whose exact name the
# client chooses (e.g. a case or a prefix we do not control).
wait_glob() {
	local glob=$1 re=$2 f
	poll "$CLIENT_TIMEOUT" glob_has "$glob" "$re" && return 0
	echo "no line matching: $re in $glob" >&2
	for f in $glob; do
		[ -f "$f" ] && { echo "--- $f:" >&2; cat "$f" >&2; }
	done
	return 1
}

# wait_until COMMAND...: run COMMAND until it succeeds, up to
# CLIENT_TIMEOUT seconds.
wait_until() {
	poll "$CLIENT_TIMEOUT" "$@" 2>/dev/null && return 0
	echo "timed out waiting for: $*" >&2
	return 1
}

# client_natterd_start [natterd options...]: natterd_start; with
# CLIENT_TLS set, also a TLS port, TLS_PORT, with a throwaway certificate
# (CLIENT_CERT, CLIENT_KEY; ECDSA P-256, for localhost and 127.0.0.1,
# the address also as a DNS name, which is what irssi compares)
# that the clients are told to trust, and nothing else.
client_natterd_start() {
	if [ -z "${CLIENT_TLS:-}" ]; then
		natterd_start "$@"
		return
	fi
	need openssl
	CLIENT_CERT=$BATS_FILE_TMPDIR/client-tls.pem
	CLIENT_KEY=$BATS_FILE_TMPDIR/client-tls.key
	[ -s "$CLIENT_CERT" ] || openssl req -x509 -newkey ec \
	    -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
	    -subj /CN=localhost \
	    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1,DNS:127.0.0.1" \
	    -keyout "$CLIENT_KEY" -out "$CLIENT_CERT" 2>/dev/null || return 1
	natterd_start -o tls_port=-1 -o "tls_cert=$CLIENT_CERT" \
	    -o "tls_key=$CLIENT_KEY" "$@" || return 1
	log_wait "natterd listening for TLS on port [0-9]+" || return 1
	TLS_PORT=$(sed -n 's/.*listening for TLS on port \([0-9]*\) .*/\1/p' \
	    "$NATTERD_LOG")
}

# client_secure NICK: with CLIENT_TLS, NICK reached natterd over TLS
# (the proxy's side of it; the proxy takes the client's side over TLS
# only): TLS 1.3 in the log, 671 in WHOIS.
client_secure() {
	[ -n "${CLIENT_TLS:-}" ] || return 0
	log_wait "TLS with 127.0.0.1:[0-9]+: TLS1.3 " || return 1
	refute_file "$RAW_LOG" "TLS from the client failed" \
	    "a client did not speak TLS" || return 1
	[ -n "${CONN_FD[p]:-}" ] || return 0
	send p "WHOIS $1"
	wait_for p " 671 peer $1 :is using a secure connection$"
}

# proxy_start: start rawproxy.pl in front of natterd; sets PROXY_PORT and
# RAW_LOG ($BATS_TEST_TMPDIR/raw.log).  With CLIENT_TLS, the proxy speaks
# TLS on both sides, so natterd's TLS port is what the client reaches.
proxy_start() {
	RAW_LOG=$BATS_TEST_TMPDIR/raw.log
	: > "$RAW_LOG"
	rm -f "$BATS_TEST_TMPDIR/proxy.port"
	if [ -n "${CLIENT_TLS:-}" ]; then
		perl -MIO::Socket::SSL -e 1 2>/dev/null || skip \
		    "perl's IO::Socket::SSL not installed (libio-socket-ssl-perl)"
		perl "$CLIENTS_DIR/rawproxy.pl" "$BATS_TEST_TMPDIR/proxy.port" \
		    "$RAW_LOG" "$TLS_PORT" "$CLIENT_CERT" "$CLIENT_KEY" 3>&- &
	else
		perl "$CLIENTS_DIR/rawproxy.pl" "$BATS_TEST_TMPDIR/proxy.port" \
		    "$RAW_LOG" "$NATTERD_PORT" 3>&- &
	fi
	PROXY_PID=$!
	wait_until test -s "$BATS_TEST_TMPDIR/proxy.port" || return 1
	PROXY_PORT=$(cat "$BATS_TEST_TMPDIR/proxy.port")
}

proxy_stop() {
	if [ -n "${PROXY_PID:-}" ]; then
		kill "$PROXY_PID" 2>/dev/null
		wait "$PROXY_PID" 2>/dev/null
		PROXY_PID=
	fi
}

# raw_wait REGEX: wait for a line in the raw log ("N C> ..." is what the
# client sent, "N S> ..." what natterd answered).
raw_wait() {
	wait_file "$RAW_LOG" "$1"
}

# refute_file FILE REGEX WHAT: fail, listing the lines, if any line of
# FILE matches REGEX.
refute_file() {
	local file=$1 re=$2 what=$3 hits
	hits=$(grep -a -E -- "$re" "$file" 2>/dev/null) || return 0
	echo "$what in $file:" >&2
	echo "$hits" >&2
	return 1
}

# refute_disconnected NICK: natterd never logged NICK's disconnection.
refute_disconnected() {
	refute_file "$NATTERD_LOG" "\\] $1 disconnected" \
	    "natterd dropped a client"
}

# peer_whois_finds NICK: the scripted peer "p" sees NICK with WHOIS (and
# NICK on TLS, with CLIENT_TLS).
peer_whois_finds() {
	send p "WHOIS $1"
	wait_for p " 311 peer $1 " || return 1
	if [ -n "${CLIENT_TLS:-}" ]; then
		wait_for p " 671 peer $1 :is using a secure connection$" ||
		    return 1
	fi
	wait_for p " 318 peer $1 "
}

# save_artifacts NAME FILE...: copy logs to tests/clients/artifacts/
# NAME-session or NAME-idle (gitignored) so a run can be inspected after
# bats removed its tmpdir.
save_artifacts() {
	local name=$1 dest
	shift
	case $BATS_TEST_DESCRIPTION in
	*idle*)	dest=$ARTIFACTS/$name-idle ;;
	*)	dest=$ARTIFACTS/$name-session ;;
	esac
	rm -rf "$dest"
	mkdir -p "$dest"
	cp -r "$@" "$dest"/ 2>/dev/null
	cp "$NATTERD_LOG" "$dest"/ 2>/dev/null
	[ -n "${RAW_LOG:-}" ] && cp "$RAW_LOG" "$dest"/ 2>/dev/null
	cp "$BATS_TEST_TMPDIR"/*.out "$dest"/ 2>/dev/null
	return 0
}

# peer_start: the scripted other party, nick "peer", connection "p",
# directly on natterd (not through the proxy), already on #test.
peer_start() {
	irc_register p peer || return 1
	send p "JOIN #test"
	wait_for p "^:peer![^ ]+ JOIN #test$"
	wait_for p " 366 peer #test "
}

# count_at_least FILE REGEX N: at least N lines of FILE match REGEX.
count_at_least() {
	local n
	n=$(grep -a -c -E -- "$2" "$1" 2>/dev/null)
	[ "${n:-0}" -ge "$3" ]
}

# wait_count FILE REGEX N: wait until at least N lines of FILE match.
wait_count() {
	poll "$CLIENT_TIMEOUT" count_at_least "$1" "$2" "$3" && return 0
	echo "fewer than $3 lines matching: $2 in $1" >&2
	cat "$1" >&2
	return 1
}
