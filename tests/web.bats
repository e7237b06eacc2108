#!/usr/bin/env bats
# The web: the page over HTTP, IRC over WebSocket (text.ircv3.net and
# binary.ircv3.net) on the auto-detecting port and the web listeners,
# requests and frames that are refused, forwarding proxies, and wss.
# The WebSocket client is tests/wsclient.py, with Debian's python3 and
# python3-websockets; plain HTTP requests go over conn_open, as typed.

load helpers

PY=/usr/bin/python3

setup_file() { make_cert server localhost; }

setup() {
	"$PY" -c 'import websockets' 2>/dev/null ||
	    skip "$PY cannot import websockets (Debian: apt-get install python3-websockets)"
}

teardown() { natterd_stop; }

# ws_open NAME URL [wsclient.py options...]: a WebSocket client, like
# conn_open: what it receives goes to $BATS_TEST_TMPDIR/NAME.out, a line
# each, and send NAME writes the lines it sends.  Its first line is
# "OPEN PROTO" or "REFUSED STATUS" (see tests/wsclient.py).
ws_open() {
	local name=$1
	shift
	pipe_open "$name" "$PY" "$BATS_TEST_DIRNAME/wsclient.py" "$@"
}

# ws_register NAME NICK URL [options...]: open, register, end of MOTD.
ws_register() {
	local name=$1 nick=$2
	shift 2
	ws_open "$name" "$@" || return 1
	wait_for "$name" "^OPEN " || return 1
	send "$name" "NICK $nick" "USER ${nick,,} 0 * :$nick Real"
	wait_for "$name" " 001 $nick " || return 1
	wait_for "$name" " (376|422) $nick "
}

# ws_raw NAME [PATH [options...]]: a raw client on the auto port (frames
# as tests/wsclient.py --raw describes), its handshake done.
ws_raw() {
	local name=$1 path=${2:-/}
	shift 2 || shift $#
	ws_open "$name" --raw "ws://127.0.0.1:$NATTERD_PORT$path" "$@" ||
	    return 1
	wait_for "$name" "^OPEN "
}

# conn_gone NAME: the server closed NAME (its reader saw the end).
conn_gone() {
	! kill -0 "${CONN_PID[$1]}" 2>/dev/null
}

# http NAME REQUEST-LINE [HEADER...]: a request as typed, ended by an
# empty line, on a new connection to PORT (default the auto port).
http() {
	local name=$1
	shift
	conn_open "$name" "${PORT:-$NATTERD_PORT}" || return 1
	send "$name" "$@" ""
}

# The headers of an upgrade that is right but for what a test changes.
UPGRADE=("Upgrade: websocket" "Connection: Upgrade"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==")

@test "text.ircv3.net: a browser chats with an IRC client and a person on nc" {
	natterd_start
	ws_register w alice "ws://127.0.0.1:$NATTERD_PORT/" --proto text
	assert_output_has w "^OPEN text\.ircv3\.net$"
	log_wait "WebSocket from 127\.0\.0\.1:[0-9]+ \(text\.ircv3\.net\)$"
	irc_register b bob
	text_open p
	type_line p "/nick Carol"
	wait_for p "Your nickname is now: Carol"
	type_line p "/join general"
	wait_for p "Joined room: general"
	send w "JOIN #general"
	wait_for w " 366 alice #general "
	wait_for p "^\* alice joined general$"
	send b "JOIN #general"
	wait_for w "^:bob!~bob@127\.0\.0\.1 JOIN #general$"
	send w "PRIVMSG #general :hello from the browser"
	wait_for b "^:alice!~alice@127\.0\.0\.1 PRIVMSG #general :hello from the browser$"
	wait_for p "^\[alice\]: hello from the browser$"
	send b "PRIVMSG #general :hi alice"
	wait_for w "^:bob!~bob@127\.0\.0\.1 PRIVMSG #general :hi alice$"
	type_line p "hi from nc, café"
	wait_for w "^:Carol!.* PRIVMSG #general :hi from nc, café$"
	# Bytes that are not UTF-8 reach a text client as U+FFFD.
	send_raw b 'PRIVMSG alice :caf\xe9!\r\n'
	wait_for w $'^:bob!~bob@127\\.0\\.0\\.1 PRIVMSG alice :caf\xef\xbf\xbd!$'
	# One line a message, without its CRLF.
	! grep -q $'\r' "$BATS_TEST_TMPDIR/w.out" || fail "a CR in a message"
	send w "QUIT :bye"
	wait_for b "^:alice!~alice@127\.0\.0\.1 QUIT :Quit: bye$"
	wait_for w "^CLOSE 1001$"
}

@test "binary.ircv3.net: chosen in the client's order; bytes pass as they are" {
	natterd_start
	ws_register w alice "ws://127.0.0.1:$NATTERD_PORT/" \
	    --proto binary,text
	assert_output_has w "^OPEN binary\.ircv3\.net$"
	log_wait "WebSocket from 127\.0\.0\.1:[0-9]+ \(binary\.ircv3\.net\)$"
	irc_register b bob
	text_open p
	type_line p "/nick Carol"
	type_line p "/join general"
	wait_for p "Joined room: general"
	send w "JOIN #general"
	wait_for w " 366 alice #general "
	send b "JOIN #general"
	wait_for w "^:bob!~bob@127\.0\.0\.1 JOIN #general$"
	send w "PRIVMSG #general :binary hello"
	wait_for b "^:alice!~alice@127\.0\.0\.1 PRIVMSG #general :binary hello$"
	wait_for p "^\[alice\]: binary hello$"
	type_line p "and from nc"
	wait_for w "^:Carol!.* PRIVMSG #general :and from nc$"
	send_raw b 'PRIVMSG alice :caf\xe9\r\n'
	LC_ALL=C wait_for w $'^:bob!~bob@127\\.0\\.0\\.1 PRIVMSG alice :caf\xe9$'
	# text first is text; none offered is text, with no header.
	ws_register t tess "ws://127.0.0.1:$NATTERD_PORT/" \
	    --proto text,binary
	assert_output_has t "^OPEN text\.ircv3\.net$"
	ws_register n nina "ws://127.0.0.1:$NATTERD_PORT/" --proto none
	assert_output_has n "^OPEN none$"
	send_raw b 'PRIVMSG nina :caf\xe9\r\n'
	wait_for n $'PRIVMSG nina :caf\xef\xbf\xbd$'
}

@test "a burst both ways over WebSocket arrives whole and in order" {
	natterd_start -o flood_control=off
	ws_register w alice "ws://127.0.0.1:$NATTERD_PORT/"
	irc_register b bob
	for i in $(seq 300); do
		send b "PRIVMSG alice :line $i of a burst with enough text to fill frames quickly"
	done
	wait_for w "PRIVMSG alice :line 300 of a burst"
	[ "$(grep -c "PRIVMSG alice :line " "$BATS_TEST_TMPDIR/w.out")" -eq 300 ]
	output w | grep -o "line [0-9]*" | awk '$2 != NR { exit 1 }'
	for i in $(seq 300); do
		send w "PRIVMSG bob :line $i back"
	done
	wait_for b "PRIVMSG bob :line 300 back$"
	[ "$(grep -c "PRIVMSG bob :line " "$BATS_TEST_TMPDIR/b.out")" -eq 300 ]
}

@test "the page: GET / is the HTML with its CSP; a file, HEAD, 404, 405" {
	natterd_start
	http h "GET / HTTP/1.1" "Host: localhost"
	expect_next h "HTTP/1.1 200 OK"
	wait_for h "^Content-Type: text/html; charset=utf-8$"
	wait_for h "^Content-Length: [0-9]+$"
	# Whole: the style, the script and the icon inside the page, each
	# allowed by its hash, and nothing else inline.
	wait_for h "^Content-Security-Policy: default-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; style-src 'sha256-[A-Za-z0-9+/]{43}='; script-src 'sha256-[A-Za-z0-9+/]{43}='$"
	wait_for h "^<title>natter</title>$"
	wait_for h "^<link rel=\"icon\" href=\"data:image/svg\+xml;base64,"
	wait_for h "^<style>"
	wait_for h "^<script>/\* natter: an IRC server"
	poll "$WAIT_TIMEOUT" conn_gone h
	log_wait "HTTP 127\.0\.0\.1:[0-9]+: GET /: 200$"
	http j "GET /natter.js?v=1 HTTP/1.1"
	expect_next j "HTTP/1.1 200 OK"
	wait_for j "^Content-Type: text/javascript; charset=utf-8$"
	wait_for j "^Content-Length: $(wc -c < "$BATS_TEST_DIRNAME/../web/natter.js")$"
	wait_for j "^/\* natter: an IRC server"
	! output j | grep -q "^Content-Security-Policy" || fail "CSP on a script"
	# HEAD: the same head, no body.
	http d "HEAD /natter.css HTTP/1.1"
	expect_next d "HTTP/1.1 200 OK"
	wait_for d "^Content-Type: text/css; charset=utf-8$"
	wait_for d "^Content-Length: $(wc -c < "$BATS_TEST_DIRNAME/../web/natter.css")$"
	poll "$WAIT_TIMEOUT" conn_gone d
	[ "$(output d | tail -n 1)" = "" ] || fail "a body after HEAD"
	log_wait "HTTP 127\.0\.0\.1:[0-9]+: HEAD /natter.css: 200$"
	http n "GET /nope.html HTTP/1.1"
	expect_next n "HTTP/1.1 404 Not Found"
	wait_for n "^404 Not Found$"
	log_wait "HTTP 127\.0\.0\.1:[0-9]+: GET /nope.html: 404$"
	http m "POST / HTTP/1.1" "Content-Length: 0"
	expect_next m "HTTP/1.1 405 Method Not Allowed"
	wait_for m "^Allow: GET, HEAD$"
	log_wait "HTTP 127\.0\.0\.1:[0-9]+: POST /: 405$"
}

@test "refused upgrades: bad key 400, no upgrade 426, version 12 426, origin 403" {
	natterd_start -o web_socket_path=/socket \
	    -o "web_origins=https://chat.example, https://other.example"
	http k "GET /socket HTTP/1.1" "Upgrade: websocket" \
	    "Connection: Upgrade" "Sec-WebSocket-Key: not a key" \
	    "Sec-WebSocket-Version: 13"
	expect_next k "HTTP/1.1 400 Bad Request"
	log_wait "HTTP 127\.0\.0\.1:[0-9]+: GET /socket: 400$"
	http u "GET /socket HTTP/1.1" "Host: localhost"
	expect_next u "HTTP/1.1 426 Upgrade Required"
	wait_for u "^Upgrade: websocket$"
	log_wait "HTTP 127\.0\.0\.1:[0-9]+: GET /socket: 426$"
	http v "GET /socket HTTP/1.1" "${UPGRADE[@]}" "Sec-WebSocket-Version: 12"
	expect_next v "HTTP/1.1 426 Upgrade Required"
	wait_for v "^Sec-WebSocket-Version: 13$"
	http o "GET /socket HTTP/1.1" "${UPGRADE[@]}" \
	    "Sec-WebSocket-Version: 13" "Origin: https://evil.example"
	expect_next o "HTTP/1.1 403 Forbidden"
	log_wait "HTTP 127\.0\.0\.1:[0-9]+: GET /socket: 403$"
	# Firefox's Connection header; the accept value of RFC 6455's example.
	http f "GET /socket HTTP/1.1" "Upgrade: websocket" \
	    "Connection: keep-alive, Upgrade" \
	    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==" \
	    "Sec-WebSocket-Version: 13" "Origin: https://chat.example"
	expect_next f "HTTP/1.1 101 Switching Protocols"
	wait_for f "^Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK\+xOo=$"
	# A subprotocol other than the two is 400; the page stays at /.
	ws_open x "ws://127.0.0.1:$NATTERD_PORT/socket" --proto chat.example
	wait_for x "^REFUSED 400$"
	http p "GET / HTTP/1.1"
	expect_next p "HTTP/1.1 200 OK"
	ws_register w alice "ws://127.0.0.1:$NATTERD_PORT/socket" \
	    --origin https://other.example
}

@test "bad requests: 431 past web_headers_max, 505 for HTTP/2.0, 414, 400" {
	natterd_start -o web_headers_max=8
	http h "GET / HTTP/1.1" "A: 1" "B: 2" "C: 3" "D: 4" "E: 5" "F: 6" \
	    "G: 7" "H: 8" "I: 9"
	expect_next h "HTTP/1.1 431 Request Header Fields Too Large"
	poll "$WAIT_TIMEOUT" conn_gone h
	log_wait "HTTP 127\.0\.0\.1:[0-9]+: bad request \(431\)$"
	http e "GET / HTTP/1.1" "A: 1" "B: 2" "C: 3" "D: 4" "E: 5" "F: 6" \
	    "G: 7" "H: 8"
	expect_next e "HTTP/1.1 200 OK"
	http v "GET / HTTP/2.0"
	expect_next v "HTTP/1.1 505 HTTP Version Not Supported"
	log_wait "HTTP 127\.0\.0\.1:[0-9]+: bad request \(505\)$"
	http l "GET /$(printf '%0300d' 0) HTTP/1.1"
	expect_next l "HTTP/1.1 414 URI Too Long"
	http f "GET / HTTP/1.1" "Host: a" " folded"
	expect_next f "HTTP/1.1 400 Bad Request"
	log_wait "HTTP 127\.0\.0\.1:[0-9]+: bad request \(400\)$"
}

@test "bad frames: each closes with its code and one log line" {
	natterd_start
	# send_case NAME FRAME CODE REASON: after a handshake, FRAME.
	send_case() {
		ws_raw "$1" || return 1
		send "$1" "$2"
		wait_for "$1" "^CLOSE $3$" || return 1
		wait_for "$1" "^EOF$" || return 1
		log_wait "WebSocket from 127\.0\.0\.1:[0-9]+ closed: $4 \($3\)$"
	}
	send_case u "unmasked NICK x" 1002 "protocol error"
	send_case r "rsv NICK x" 1002 "protocol error"
	send_case o "opcode 3 NICK x" 1002 "protocol error"
	send_case p "opcode 9 $(printf '%0126d' 0)" 1002 "protocol error"
	send_case l "long 200000" 1009 "frame too long"
	send_case t 'text NICK caf\xe9' 1007 "text that is not UTF-8"
	send_case c "last NICK x" 1002 "continuation of nothing"
	ws_raw i
	send i "first NICK" "text x"
	wait_for i "^CLOSE 1002$"
	log_wait "WebSocket from 127\.0\.0\.1:[0-9]+ closed: a message inside another \(1002\)$"
	# Fragments each short, together too long.
	ws_raw f
	send f "first PRIVMSG x :$(printf '%04000d' 0)"
	for n in 1 2; do
		send f "more $(printf '%04000d' 0)"
	done
	wait_for f "^CLOSE 1009$"
	log_wait "WebSocket from 127\.0\.0\.1:[0-9]+ closed: message too long \(1009\)$"
	# One log line each, and natterd goes on serving.
	[ "$(grep -c " closed: protocol error (1002)$" "$NATTERD_LOG")" -eq 4 ]
	[ "$(grep -c " closed: " "$NATTERD_LOG")" -eq 9 ]
	ws_register w alice "ws://127.0.0.1:$NATTERD_PORT/"
}

@test "ping, a message in fragments, and the client's close handshake" {
	natterd_start
	ws_raw a
	send a "ping are you there"
	expect_next a "PONG are you there"
	# A ping between fragments is answered; the message is whole.
	send a "first NICK al" "ping mid" "more i" "last ce" \
	    "binary USER alice 0 * :Alice"
	wait_for a "^PONG mid$"
	wait_for a "^TEXT :[^ ]+ 001 alice "
	send a "text JOIN #general"
	wait_for a "^TEXT :alice!~alice@127\.0\.0\.1 JOIN #general$"
	irc_register b bob
	send b "JOIN #general"
	wait_for a "^TEXT :bob!~bob@127\.0\.0\.1 JOIN #general$"
	# A character split between two frames is still UTF-8.
	send a 'first PRIVMSG #general :caf\xc3' 'last \xa9 au lait'
	wait_for b "^:alice!~alice@127\.0\.0\.1 PRIVMSG #general :café au lait$"
	send a "close 1000"
	expect_next a "CLOSE 1000"
	expect_next a "EOF"
	log_wait "WebSocket from 127\.0\.0\.1:[0-9]+ closed by the client \(1000\)$"
	wait_for b "^:alice!~alice@127\.0\.0\.1 QUIT :"
	# The library's client closes with 1000 when its input ends.
	ws_register w walt "ws://127.0.0.1:$NATTERD_PORT/"
	exec {CONN_FD[w]}>&-
	wait_for w "^CLOSE 1000$"
}

@test "web_proxies: X-Forwarded-For believed from a listed proxy only" {
	natterd_start -o "web_proxies=10.9.9.9 127.0.0.1"
	irc_register b bob
	ws_register w alice "ws://127.0.0.1:$NATTERD_PORT/" \
	    --header "X-Forwarded-For: 198.51.100.1, 203.0.113.7"
	# Logged with the address alone: the proxy gives no port.
	log_wait "WebSocket from 203\.0\.113\.7 \(text\.ircv3\.net\), forwarded by 127\.0\.0\.1$"
	send b "WHOIS alice"
	wait_for b " 311 bob alice ~alice 203\.0\.113\.7 "
	ws_register f fay "ws://127.0.0.1:$NATTERD_PORT/" \
	    --header 'Forwarded: for="[2001:db8::7]";proto=https'
	send b "WHOIS fay"
	wait_for b " 311 bob fay ~fay 2001:db8::7 "
	# "unknown", a made-up name (RFC 7239 section 6) or no header at
	# all: the proxy's own address.  A malformed one: 400.
	ws_register u ursula "ws://127.0.0.1:$NATTERD_PORT/" \
	    --header 'Forwarded: for=unknown;proto=http'
	ws_register h hidden "ws://127.0.0.1:$NATTERD_PORT/" \
	    --header 'Forwarded: for=_hidden'
	ws_register n nobody "ws://127.0.0.1:$NATTERD_PORT/"
	send b "WHOIS ursula,hidden,nobody"
	wait_for b " 311 bob ursula ~ursula 127\.0\.0\.1 "
	wait_for b " 311 bob hidden ~hidden 127\.0\.0\.1 "
	wait_for b " 311 bob nobody ~nobody 127\.0\.0\.1 "
	ws_open m "ws://127.0.0.1:$NATTERD_PORT/" \
	    --header "X-Forwarded-For: 203.0.113.999"
	wait_for m "^REFUSED 400$"
	send w "JOIN #general"
	wait_for w " 366 alice #general "
	send b "JOIN #general"
	wait_for w "^:bob!~bob@127\.0\.0\.1 JOIN #general$"
	send w "PRIVMSG #general :from behind a proxy"
	wait_for b "^:alice!~alice@203\.0\.113\.7 PRIVMSG #general :from behind a proxy$"
	natterd_stop
	# The address the proxy gives counts for max_clients_per_ip.
	natterd_start -o web_proxies=127.0.0.1 -o max_clients_per_ip=2
	for c in x y z; do
		ws_open $c "ws://127.0.0.1:$NATTERD_PORT/" \
		    --header "X-Forwarded-For: 203.0.113.9"
		wait_for $c "^OPEN "
	done
	wait_for z "^ERROR :Closing Link: .*Too many connections from your address"
	wait_for z "^CLOSE "
	log_wait "Client 127\.0\.0\.1 is 203\.0\.113\.9, says its proxy$"
	send y "NICK yan" "USER yan 0 * :Yan"
	wait_for y " 001 yan "
	irc_register b bob
	irc_register c carl
	natterd_stop
	natterd_start -o web_proxies=10.9.9.9
	irc_register b bob
	ws_register w alice "ws://127.0.0.1:$NATTERD_PORT/" \
	    --header "X-Forwarded-For: 203.0.113.7"
	send b "WHOIS alice"
	wait_for b " 311 bob alice ~alice 127\.0\.0\.1 "
	natterd_stop
	natterd_start
	irc_register b bob
	ws_register w alice "ws://127.0.0.1:$NATTERD_PORT/" \
	    --header "X-Forwarded-For: 203.0.113.7"
	send b "WHOIS alice"
	wait_for b " 311 bob alice ~alice 127\.0\.0\.1 "
}

@test "web_port: a listener for the web only; IRC lines there are 400" {
	natterd_start -o web_port=-1
	port=$(port_of "the web")
	[ -n "$port" ] || fail "no web port in the log"
	ws_register w alice "ws://127.0.0.1:$port/" --proto binary
	irc_register b bob
	send b "PRIVMSG alice :on the web port"
	wait_for w "^:bob!~bob@127\.0\.0\.1 PRIVMSG alice :on the web port$"
	PORT=$port http h "GET / HTTP/1.1"
	expect_next h "HTTP/1.1 200 OK"
	conn_open i "$port"
	send i "NICK carol" "USER carol 0 * :Carol"
	expect_next i "HTTP/1.1 400 Bad Request"
	poll "$WAIT_TIMEOUT" conn_gone i
}

@test "wss: over web_tls_port and over the auto TLS port" {
	command -v openssl >/dev/null ||
	    skip "openssl not installed (Debian: apt-get install openssl)"
	natterd_start -o tls_port=-1 -o web_tls_port=-1 \
	    -o "tls_cert=$BATS_FILE_TMPDIR/server.pem" \
	    -o "tls_key=$BATS_FILE_TMPDIR/server.key"
	wport=$(port_of "the web over TLS")
	tport=$(port_of TLS)
	irc_register b bob
	ws_register w alice "wss://127.0.0.1:$wport/" \
	    --cafile "$BATS_FILE_TMPDIR/server.pem"
	ws_register t tess "wss://127.0.0.1:$tport/" --proto binary \
	    --cafile "$BATS_FILE_TMPDIR/server.pem"
	send b "WHOIS alice"
	wait_for b " 671 bob alice :is using a secure connection$"
	send b "WHOIS tess"
	wait_for b " 671 bob tess :is using a secure connection$"
	send w "PRIVMSG tess :secure both ways"
	wait_for t "^:alice!~alice@127\.0\.0\.1 PRIVMSG tess :secure both ways$"
	# The page over HTTPS, checked against the certificate.
	run "$PY" -c 'import ssl, sys, urllib.request
ctx = ssl.create_default_context(cafile=sys.argv[2])
r = urllib.request.urlopen(sys.argv[1], context=ctx)
print(r.status, r.headers["Content-Type"])' \
	    "https://127.0.0.1:$wport/" "$BATS_FILE_TMPDIR/server.pem"
	assert_success
	assert_output "200 text/html; charset=utf-8"
}

@test "web=off: a GET line is a person's line on the text front" {
	natterd_start -o web=off
	conn_open h
	send h "GET / HTTP/1.1" "Host: localhost" ""
	expect_banner h
	expect_next h "You are not in a room. Use /join <room>."
	expect_next h "You are not in a room. Use /join <room>."
	! output h | grep -q "^HTTP/" || fail "an HTTP answer with web=off"
	log_wait "Anonymous1 registered from 127\.0\.0\.1:[0-9]+$"
	ws_open w "ws://127.0.0.1:$NATTERD_PORT/"
	wait_for w "^REFUSED did not receive a valid HTTP response$"
}

@test "web_timeout: a request that never ends gets 408 and is closed" {
	natterd_start -o web_timeout=1
	conn_open h
	send h "GET / HTTP/1.1" "Host: localhost"
	log_wait "HTTP 127\.0\.0\.1:[0-9]+: no request within 1 s$"
	expect_next h "HTTP/1.1 408 Request Timeout"
	wait_for h "^Connection: close$"
	poll "$WAIT_TIMEOUT" conn_gone h
	http g "GET / HTTP/1.1"
	expect_next g "HTTP/1.1 200 OK"
}
