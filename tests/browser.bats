#!/usr/bin/env bats
# The web chat page in a real browser (headless Chromium through
# Selenium, tests/browser.py), beside an IRC client and a person on nc.
# Skipped, never passed, without chromium, chromedriver or
# python3-selenium.  The screenshots go to tests/browser/ in the build
# directory.

load helpers

: "${BROWSER_TIMEOUT:=30}"	# seconds for a browser step, and its start
export BROWSER_TIMEOUT
BROWSER_PY=$BATS_TEST_DIRNAME/browser.py
# NATTERD is the build directory's src/natterd.
SHOT_DIR=$(cd "$(dirname "$NATTERD")/.." && pwd)/tests/browser
declare -gA BROWSER_PID BROWSER_FD

setup() {
	: "${CHROMIUM:=$(command -v chromium || command -v chromium-browser ||
	    true)}"
	: "${CHROMEDRIVER:=$(command -v chromedriver || true)}"
	[ -n "$CHROMIUM" ] && [ -x "$CHROMIUM" ] ||
	    skip "chromium not installed (Debian: apt-get install chromium)"
	[ -n "$CHROMEDRIVER" ] && [ -x "$CHROMEDRIVER" ] ||
	    skip "chromedriver not installed (Debian: chromium-driver)"
	export CHROMIUM CHROMEDRIVER
	# The Debian package's python3, not one on PATH without Selenium
	# (BROWSER_PYTHON_TRY: the interpreters to try instead).
	BROWSER_PYTHON=
	for py in ${BROWSER_PYTHON_TRY:-/usr/bin/python3 python3}; do
		if "$py" -c 'import selenium' 2>/dev/null; then
			BROWSER_PYTHON=$py
			break
		fi
	done
	[ -n "$BROWSER_PYTHON" ] ||
	    skip "Selenium not installed (Debian: python3-selenium)"
}

teardown() {
	local name
	for name in "${!BROWSER_PID[@]}"; do
		browser_stop "$name"
	done
	natterd_stop
}

# web_start [natterd options...]: natterd, whose usual port serves the
# page (in WEB_PORT) beside IRC and nc.  Chromium opens spare
# connections and may send a request on one long after natterd greeted
# it as a silent person on nc; natterd serves the page whole (its style,
# script and icon inside it), so no request of the page's goes on one.
web_start() {
	natterd_start "$@" || return 1
	WEB_PORT=$NATTERD_PORT
}

# browser_start NAME [WIDTHxHEIGHT]: Chromium at natterd's page on
# WEB_PORT; its answers go to NAME.out, where wait_for reads them like a
# connection's.
browser_start() {
	local name=$1 fifo=$BATS_TEST_TMPDIR/$1.in fd
	mkfifo "$fifo"
	: > "$BATS_TEST_TMPDIR/$name.out"
	"$BROWSER_PYTHON" "$BROWSER_PY" "http://127.0.0.1:$WEB_PORT/" \
	    ${2:+"$2"} < "$fifo" > "$BATS_TEST_TMPDIR/$name.out" 2>&1 &
	BROWSER_PID[$name]=$!
	exec {fd}> "$fifo"
	BROWSER_FD[$name]=$fd
	CONN_CURSOR[$name]=0
	WAITED=
	poll $((BROWSER_TIMEOUT + 15)) browser_answered "$name" \
	    "^(started|skip)" || true
	case "$WAITED" in
	started) return 0 ;;
	skip*) skip "${WAITED#skip: }" ;;
	esac
	echo "browser $name did not start:" >&2
	cat "$BATS_TEST_TMPDIR/$name.out" >&2
	return 1
}

# browser_answered NAME REGEX: NAME printed a line matching REGEX, or exited.
browser_answered() {
	line_seen "$1" "$2" || ! kill -0 "${BROWSER_PID[$1]}" 2>/dev/null
}

# browser_do NAME STEP: have the browser take one step (see browser.py)
# and wait for its "ok"; fail with what the browser printed otherwise.
browser_do() {
	local name=$1 step=$2
	WAITED=
	if kill -0 "${BROWSER_PID[$name]}" 2>/dev/null; then
		printf '%s\n' "$step" >&"${BROWSER_FD[$name]}"
		# The browser's own waits end after BROWSER_TIMEOUT.
		poll $((BROWSER_TIMEOUT + 15)) browser_answered "$name" \
		    "^(ok|fail) " || true
	fi
	[ "$WAITED" = "ok $step" ] && return 0
	echo "browser $name: step failed: $step" >&2
	cat "$BATS_TEST_TMPDIR/$name.out" >&2
	return 1
}

# browser_stop NAME: end of input; the browser quits Chromium and exits
# (killed after BROWSER_TIMEOUT), its console log is left in NAME.out.
browser_stop() {
	local name=$1 pid=${BROWSER_PID[$1]}
	exec {BROWSER_FD[$name]}>&-
	if ! poll "$BROWSER_TIMEOUT" eval "! kill -0 $pid 2>/dev/null"; then
		echo "browser $name did not exit; killed" >&2
		kill -TERM "$pid" 2>/dev/null
	fi
	wait "$pid" 2>/dev/null || true
	unset "BROWSER_PID[$name]" "BROWSER_FD[$name]"
}

@test "the page: rooms, members, messages and private talk with IRC and nc" {
	web_start
	irc_register i carol
	send i "JOIN #general" "TOPIC #general :Welcome all"
	wait_for i " 366 carol #general "
	wait_for i " TOPIC #general :Welcome all$"
	text_open t
	type_line t "/nick dave"
	wait_for t "^Your nickname is now: dave$"
	type_line t "/join general"
	wait_for t "^Joined room: general$"

	browser_start w
	browser_do w "open"
	browser_do w "login erin"
	browser_do w "rooms #general"
	wait_for i "^:erin![^ ]+ JOIN #general$"
	wait_for t "^\* erin joined general$"
	browser_do w "topic Welcome all"
	browser_do w "members carol dave erin"

	browser_do w "say Hello from the browser"
	wait_for i "^:erin![^ ]+ PRIVMSG #general :Hello from the browser$"
	wait_for t "^\[erin\]: Hello from the browser$"
	browser_do w "see erin: Hello from the browser"
	send i "PRIVMSG #general :Hello from IRC"
	browser_do w "see carol: Hello from IRC"
	type_line t "Hello from nc"
	browser_do w "see dave: Hello from nc"
	browser_do w "say /me waves"
	wait_for i $'^:erin![^ ]+ PRIVMSG #general :\001ACTION waves\001$'
	wait_for t "^\* erin waves$"
	browser_do w "see * erin waves"
	send i "TOPIC #general :Tea at four"
	browser_do w "see carol set the topic: Tea at four"
	browser_do w "topic Tea at four"
	send i "AWAY :making tea"
	browser_do w "away carol"

	# A private conversation, opened from the member list.
	browser_do w "query carol"
	browser_do w "say Just between us"
	wait_for i "^:erin![^ ]+ PRIVMSG carol :Just between us$"
	browser_do w "see erin: Just between us"
	send i "PRIVMSG erin :Between us, yes"
	browser_do w "see carol: Between us, yes"

	# A server error reads as a sentence.
	browser_do w "say /msg nobody hello?"
	browser_do w "see nobody: No such nick/channel"

	browser_do w "view #general"
	type_line t "Bye for now"
	browser_do w "see dave: Bye for now"
	browser_do w "shot $SHOT_DIR/chat.png"
	echo "# screenshot: $SHOT_DIR/chat.png" >&3
	browser_do w "leave #general"
	wait_for i "^:erin![^ ]+ PART #general"
	wait_for t "^\* erin left general"
}

@test "the page on a phone-sized screen" {
	web_start
	irc_register i carol
	send i "JOIN #general"
	wait_for i " 366 carol #general "
	browser_start p 390x844
	browser_do p "open"
	browser_do p "login phil"
	browser_do p "join #general"
	wait_for i "^:phil![^ ]+ JOIN #general$"
	browser_do p "reachable"
	browser_do p "say Hello from a phone"
	wait_for i "^:phil![^ ]+ PRIVMSG #general :Hello from a phone$"
	browser_do p "see phil: Hello from a phone"
	browser_do p "people carol phil"
	browser_do p "shot $SHOT_DIR/phone.png"
	echo "# screenshot: $SHOT_DIR/phone.png" >&3
}

@test "the page with the keyboard alone" {
	web_start
	irc_register i carol
	send i "JOIN #general"
	wait_for i " 366 carol #general "
	browser_start k
	browser_do k "open"
	browser_do k "login kim"
	browser_do k "keyjoin #general"
	wait_for i "^:kim![^ ]+ JOIN #general$"
	browser_do k "keysay Typed with the keyboard alone"
	wait_for i "^:kim![^ ]+ PRIVMSG #general :Typed with the keyboard alone$"
	browser_do k "see kim: Typed with the keyboard alone"
}

@test "the page connects again when natterd restarts, and rejoins its rooms" {
	web_start
	port=$NATTERD_PORT
	irc_register i carol
	send i "JOIN #general"
	wait_for i " 366 carol #general "
	browser_start r
	browser_do r "open"
	browser_do r "login rita"
	browser_do r "join #general"
	wait_for i "^:rita![^ ]+ JOIN #general$"
	# While natterd is down Chromium logs each connection refused.
	browser_do r "allow WebSocket connection to '[^']*' failed"
	natterd_stop
	browser_do r "see Disconnected from the server; connecting again in 1 s."
	natterd_start -p "$port"
	log_wait "rita joined room: general$"
	irc_register i carol
	send i "JOIN #general"
	wait_for i " 353 carol = #general :.*rita"
	browser_do r "members carol rita"
	browser_do r "say Back again"
	wait_for i "^:rita![^ ]+ PRIVMSG #general :Back again$"
	# After /quit it stays away: the page says so instead of a retry.
	browser_do r "say /quit for now"
	log_wait "rita disconnected$"
	browser_do r "see Disconnected from the server; reload the page"
}
