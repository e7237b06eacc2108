#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
#
# callgrind.sh BUILDDIR [natterd|floor]: count the instructions the server
# spends per delivered message, independent of the machine's speed.  The
# server runs twice under callgrind with a small seed scenario: once with
# clients that only register and join, once with messages as well; the
# difference in instructions divided by the deliveries is the cost of one
# delivery.  Set CALLGRIND_KEEP=DIR to keep the callgrind output files for
# callgrind_annotate, and CALLGRIND_BENCH_ARGS for more natter-bench options
# (CALLGRIND_BENCH_ARGS=--ws: the same over WebSocket).

set -u

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: $0 BUILDDIR [natterd|floor]" >&2
	exit 2
fi
builddir=$(cd "$1" && pwd) || exit 2
server=${2:-natterd}
benchdir=$(cd "$(dirname "$0")" && pwd)
bench=$builddir/tests/bench/natter-bench
case $server in
natterd)	bin=$builddir/src/natterd ;;
floor)		bin=$builddir/tests/bench/floor ;;
*)		echo "callgrind.sh: unknown server $server" >&2; exit 2 ;;
esac

if ! command -v valgrind >/dev/null 2>&1; then
	echo "callgrind.sh: valgrind not installed (apt-get install valgrind)" >&2
	exit 77
fi
for f in "$bench" "$bin"; do
	if [ ! -x "$f" ]; then
		echo "callgrind.sh: $f not built" >&2
		exit 77
	fi
done

clients=${CALLGRIND_CLIENTS:-20}
channels=${CALLGRIND_CHANNELS:-2}
messages=${CALLGRIND_MESSAGES:-200}
work=$(mktemp -d "${TMPDIR:-/tmp}/natter-callgrind.XXXXXX")
pid=

cleanup()
{
	[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

port_busy()
{
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Run the server under callgrind for one natter-bench run; print its
# instruction total and, on a second line, the deliveries.
run_once()
{
	local name=$1 msgs=$2 port i out=$work/$1.cg

	while :; do
		port=$((20000 + RANDOM % 20000))
		port_busy "$port" || break
	done
	if [ "$server" = natterd ]; then
		set -- "$bin" -p "$port" -f "$benchdir/natterd.conf" \
		    ${NATTERD_ARGS:-}
	else
		set -- "$bin" -p "$port"
	fi
	valgrind --tool=callgrind --callgrind-out-file="$out" \
	    "$@" >"$work/$name.log" 2>&1 &
	pid=$!
	for i in $(seq 300); do
		port_busy "$port" && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if ! port_busy "$port"; then
		echo "callgrind.sh: $server did not start under valgrind:" >&2
		tail -n 20 "$work/$name.log" >&2
		exit 1
	fi
	"$bench" -H 127.0.0.1 -p "$port" -c "$clients" -C "$channels" \
	    -m "$msgs" -w 10 -t 600 -j ${CALLGRIND_BENCH_ARGS:-} \
	    >"$work/$name.out" 2>&1 ||
	    echo "callgrind.sh: natter-bench reported a failure" >&2
	kill -TERM "$pid"
	wait "$pid" 2>/dev/null
	pid=
	[ -d "${CALLGRIND_KEEP:-}" ] && cp "$out" "$CALLGRIND_KEEP/"
	# A program killed by a signal still gets its profile written.
	sed -n 's/^\(summary\|totals\): *\([0-9]*\).*/\2/p' "$out" | head -n 1
	sed -n 's/.*"messages_received":\([0-9]*\).*/\1/p' "$work/$name.out"
}

base=$(run_once setup 0)
full=$(run_once seed "$messages")
ir0=$(echo "$base" | sed -n 1p)
ir1=$(echo "$full" | sed -n 1p)
deliveries=$(echo "$full" | sed -n 2p)
if [ -z "$ir0" ] || [ -z "$ir1" ] || [ -z "$deliveries" ] ||
    [ "$deliveries" -eq 0 ]; then
	echo "callgrind.sh: no figures (setup: '$ir0', seed: '$ir1'," \
	    "deliveries: '$deliveries')" >&2
	exit 1
fi
echo "$server: $clients clients, $channels channels, $messages messages each" \
    "${CALLGRIND_BENCH_ARGS:+($CALLGRIND_BENCH_ARGS)}"
echo "instructions, setup only:      $ir0"
echo "instructions, with messages:   $ir1"
echo "deliveries:                    $deliveries"
awk -v a="$ir0" -v b="$ir1" -v d="$deliveries" 'BEGIN {
	printf("instructions per delivery:     %.0f\n", (b - a) / d) }'
