#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
#
# run.sh BUILDDIR: the benchmark behind `make bench`.  It starts natterd,
# ngIRCd, InspIRCd (each if present) and the floor relay, one fresh instance
# per scenario on a free port on 127.0.0.1, drives each with natter-bench
# (server pinned to CPU 0, load generator to CPU 1 when there are two),
# and prints one table: server CPU per delivery, p50/p99 latency, memory
# per idle client, CPU per connect+register+join and the server's memory
# after all clients left, with natterd's ratio to the best reference peer
# and to the floor.  BENCH_QUICK=1 makes every scenario ten times smaller.
# BENCH_SERVERS limits the servers, e.g. BENCH_SERVERS="floor ngircd";
# BENCH_SCENARIOS does the same for scenarios.  BENCH_REPEAT=n runs every
# scenario n times on each server, the servers taking turns, and reports
# the median of each figure.
#
# The scenarios seed-tls, fanout-tls and idle-tls are seed, fanout and
# idle over TLS (natter-bench --tls): every server gets a TLS listener
# with one throwaway ECDSA P-256 certificate made here with openssl, and
# the floor becomes the TLS floor (OpenSSL, buffers released).
#
# The scenarios seed-ws and idle-ws are seed and idle over WebSocket
# (natter-bench --ws, subprotocol text.ircv3.net) on natterd's web
# listener (web_port): natterd only (and base), since neither ngIRCd nor
# the floor speaks it.  After the table, natterd's figures over WebSocket are
# divided by its figures over plain TCP from the same run.
#
# BENCH_BASE=DIR compares natterd with a second build of it, before and
# after a change: DIR is that build's directory, and its src/natterd runs
# as the server "base", with natterd's configuration and NATTERD_ARGS,
# taking turns with the others (it joins the default servers; list it in
# BENCH_SERVERS when that is set).  The table gains a "base" column and a
# "nat/base" ratio; base is not a peer, so "best peer" never names it.
# The load generator and the floor are always this build's.

set -u

if [ $# -ne 1 ]; then
	echo "usage: $0 BUILDDIR" >&2
	exit 2
fi
builddir=$(cd "$1" && pwd) || exit 2
benchdir=$(cd "$(dirname "$0")" && pwd)
bench=$builddir/tests/bench/natter-bench
floor=$builddir/tests/bench/floor
natterd=$builddir/src/natterd
base=
if [ -n "${BENCH_BASE:-}" ]; then
	base=$(cd "$BENCH_BASE" && pwd)/src/natterd || exit 2
fi

for tool in "$bench" "$floor"; do
	if [ ! -x "$tool" ]; then
		echo "run.sh: $tool not built (run make first)" >&2
		exit 2
	fi
done
if [ -n "$base" ] && [ ! -x "$base" ]; then
	echo "run.sh: BENCH_BASE: $base not built" >&2
	exit 2
fi

quick=${BENCH_QUICK:-0}
repeat=${BENCH_REPEAT:-1}
case $repeat in
''|*[!0-9]*|0)
	echo "run.sh: BENCH_REPEAT must be a positive number" >&2
	exit 2
	;;
esac
servers=${BENCH_SERVERS:-"natterd${base:+ base} ngircd inspircd floor"}
scenarios=${BENCH_SCENARIOS:-"seed fanout private idle maxconn seed-tls fanout-tls idle-tls seed-ws idle-ws"}
work=$(mktemp -d "${TMPDIR:-/tmp}/natter-bench.XXXXXX")
server_pid=

# One certificate for every TLS listener, if a scenario needs it.
case " $scenarios " in
*-tls\ *)
	if ! openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
	    -nodes -days 2 -subj /CN=localhost -keyout "$work/bench.key" \
	    -out "$work/bench.pem" 2>/dev/null; then
		echo "run.sh: the TLS scenarios need openssl" >&2
		exit 2
	fi
	;;
esac

cleanup()
{
	server_stop
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Pin the server and the load generator to different CPUs if there are two.
if command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -ge 2 ]; then
	pin_server="taskset -c 0"
	pin_bench="taskset -c 1"
else
	pin_server=
	pin_bench=
fi

nofile=$(ulimit -Hn)
[ "$nofile" = unlimited ] && nofile=1048576
ulimit -n "$nofile" 2>/dev/null

# Scenario sizes; BENCH_QUICK divides the large dimension by ten.
# Idle clients are sampled 4 s after the last JOIN and after the last
# close (-d 4): natterd may hold presence notices for 1 s and returns
# unused pool blocks within 2 s, so at 1 s its buffers for the storm of
# joins or quits are still held.  The peers keep what they hold anyway.
idle_hold="-d 4"
maxconn=$((nofile - 1000))
[ "$maxconn" -gt 19000 ] && maxconn=19000
if [ "$quick" = 1 ]; then
	args_seed="-c 100 -C 10 -m 100"
	args_fanout="-c 100 -C 1 -m 20"
	args_private="-c 100 -P -m 100"
	args_idle="-c 1000 -C 10 -I -R 3 $idle_hold"
	maxconn=$((maxconn / 10))
else
	args_seed="-c 100 -C 10 -m 1000"
	args_fanout="-c 1000 -C 1 -m 20"
	args_private="-c 1000 -P -m 100"
	args_idle="-c 10000 -C 100 -I -R 3 $idle_hold"
fi
args_maxconn="-c $maxconn -C $(( (maxconn + 99) / 100 )) -I $idle_hold"
args_seed_tls="$args_seed --tls"
args_fanout_tls="$args_fanout --tls"
args_idle_tls="$args_idle --tls"
args_seed_ws="$args_seed --ws"
args_idle_ws="$args_idle --ws"

# Is anything listening on 127.0.0.1:$1?
port_busy()
{
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

port_pick()
{
	local p

	while :; do
		p=$((20000 + RANDOM % 20000))
		port_busy "$p" || break
	done
	echo "$p"
}

# Wait up to ten seconds for the server to listen; fail if it died.
server_wait()
{
	local i

	for i in $(seq 100); do
		if ! kill -0 "$server_pid" 2>/dev/null; then
			return 1
		fi
		port_busy "$1" && return 0
		sleep 0.1
	done
	return 1
}

server_stop()
{
	local i

	[ -n "$server_pid" ] || return 0
	kill -TERM "$server_pid" 2>/dev/null
	for i in $(seq 50); do
		kill -0 "$server_pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$server_pid" 2>/dev/null
	wait "$server_pid" 2>/dev/null
	server_pid=
}

# Is the server there at all?  Prints the reason when it is not.
server_available()
{
	case $1 in
	natterd)
		[ -x "$natterd" ] ||
		    { echo "$natterd not built yet"; return 1; } ;;
	base)
		[ -n "$base" ] ||
		    { echo "BENCH_BASE is not set"; return 1; } ;;
	ngircd)
		command -v ngircd >/dev/null ||
		    { echo "ngircd not installed"; return 1; } ;;
	inspircd)
		command -v inspircd >/dev/null ||
		    { echo "inspircd not installed"; return 1; } ;;
	floor)
		;;
	esac
	return 0
}

# Start server $1 on port $2 in the background; sets server_pid.  With
# $3 = tls, port $2 is the server's TLS listener (and its plain one, which
# every server has, another free port); with $3 = ws, natterd's web
# listener.  On natterd's plain port a client whose request comes later
# than text_greeting_delay (500 ms, which a busy load generator exceeds
# in the idle storm) has been greeted as a person, and its request is
# then text, not an upgrade; the web listener speaks WebSocket at once.
server_start()
{
	local log=$work/$1.log tls= ws= plain

	case ${3:-} in tls) tls=tls ;; ws) ws=ws ;; esac
	plain=$2
	[ -n "$tls$ws" ] && plain=$(port_pick)
	case $1 in
	natterd|base)
		local bin=$natterd
		[ "$1" = base ] && bin=$base
		if [ -n "$tls" ]; then
			$pin_server "$bin" -p "$plain" -o "tls_port=$2" \
			    -o "tls_cert=$work/bench.pem" \
			    -o "tls_key=$work/bench.key" \
			    -f "$benchdir/natterd.conf" ${NATTERD_ARGS:-} \
			    >"$log" 2>&1 &
		elif [ -n "$ws" ]; then
			$pin_server "$bin" -p "$plain" -o "web_port=$2" \
			    -f "$benchdir/natterd.conf" ${NATTERD_ARGS:-} \
			    >"$log" 2>&1 &
		else
			$pin_server "$bin" -p "$2" -f "$benchdir/natterd.conf" \
			    ${NATTERD_ARGS:-} >"$log" 2>&1 &
		fi
		;;
	ngircd)
		# Global Ports is the first "Ports =", [SSL] Ports the second.
		sed -e "0,/^[[:space:]]*Ports =/s/^\([[:space:]]*Ports =\).*/\1 $plain/" \
		    -e "/^\[SSL\]/,\$ s/^\([[:space:]]*Ports =\).*/\1 ${tls:+$2}${tls:-$(port_pick)}/" \
		    -e "s|/tmp/natter-bench/|$work/|" \
		    "$benchdir/ngircd.conf" >"$work/ngircd.conf"
		$pin_server ngircd -n -f "$work/ngircd.conf" >"$log" 2>&1 &
		;;
	inspircd)
		local tport=$2
		[ -n "$tls" ] || tport=$(port_pick)
		sed -e "s/port=\"16668\"/port=\"$plain\"/" \
		    -e "s/port=\"16669\"/port=\"$tport\"/" \
		    -e "s|motd=\"[^\"]*\"|motd=\"$benchdir/inspircd.motd\"|" \
		    -e "s|/tmp/natter-bench/|$work/|" \
		    "$benchdir/inspircd.conf" >"$work/inspircd.conf"
		local root=
		[ "$(id -u)" = 0 ] && root=--runasroot
		$pin_server inspircd --nofork --nopid $root \
		    --config "$work/inspircd.conf" >"$log" 2>&1 &
		;;
	floor)
		if [ -n "$tls" ]; then
			$pin_server "$floor" -p "$2" -c "$work/bench.pem" \
			    -k "$work/bench.key" >"$log" 2>&1 &
		else
			$pin_server "$floor" -p "$2" >"$log" 2>&1 &
		fi
		;;
	esac
	server_pid=$!
	if ! server_wait "$2"; then
		echo "run.sh: $1 did not start; its log:" >&2
		tail -n 20 "$log" >&2
		server_stop
		return 1
	fi
	return 0
}

# Registrations in flight: ngIRCd listens with a backlog of 10 and resets
# connections beyond it; InspIRCd completes registrations once a second.
window_for()
{
	case $1 in
	ngircd)		echo 10 ;;
	inspircd)	echo 1000 ;;
	*)		echo 50 ;;
	esac
}

# Pull one figure out of natter-bench's JSON line.
json_get()
{
	sed -n "s/.*\"$2\":\([^,}]*\).*/\1/p" "$1"
}

# Format helpers: a number or "-", with a given precision.
fmt()
{
	case $1 in
	""|null)	echo "-" ;;
	*)		awk -v v="$1" -v f="$2" 'BEGIN { printf(f, v) }' ;;
	esac
}

# Figures of each run, space-separated, as result[server,scenario,key];
# after all runs each becomes the median of its runs.
declare -A result
problems=
keys="cpu p50 p99 mem conn connected leave growth"

# Add one run's figure to the list of its cell; null means not measured.
result_add()
{
	[ -n "$3" ] && [ "$3" != null ] || return 0
	result[$1,$2]+="${result[$1,$2]:+ }$3"
}

# The median of a list of numbers, or nothing for an empty list.
median()
{
	[ -n "$1" ] || return 0
	tr ' ' '\n' <<<"$1" | sort -g | awk '{ v[NR] = $1 } END {
		if (NR % 2) print v[(NR + 1) / 2];
		else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

run_one()
{
	local srv=$1 scen=$2 rep=$3 port out json rc args timeout tag

	# Only natterd speaks WebSocket.
	case $scen:$srv in *-ws:natterd|*-ws:base) ;; *-ws:*) return ;; esac
	eval "args=\$args_${scen//-/_}"
	timeout=300
	case $scen in idle|maxconn) timeout=900 ;; esac
	# Three rounds of connect, hold and leave.
	case $scen in idle|idle-tls|idle-ws) timeout=1800 ;; esac
	tag="$srv $scen"
	[ "$repeat" -gt 1 ] && tag+=" (run $rep of $repeat)"
	port=$(port_pick)
	server_start "$srv" "$port" "$(case $scen in *-tls) echo tls ;;
	    *-ws) echo ws ;; esac)" || {
		problems+="$tag: server did not start"$'\n'
		return
	}
	out=$work/$srv-$scen-$rep.out
	echo "== $tag: natter-bench $args" >&2
	# shellcheck disable=SC2086
	$pin_bench "$bench" -H 127.0.0.1 -p "$port" -S "$server_pid" -j \
	    -a 16 -w "$(window_for "$srv")" -t "$timeout" $args >"$out" \
	    2>"$out.err"
	rc=$?
	sed -n '/^Stress/,/^Setup/p' "$out" | sed 's/^/   /' >&2
	if [ -s "$out.err" ]; then
		sed 's/^/   /' "$out.err" >&2
	fi
	if ! kill -0 "$server_pid" 2>/dev/null; then
		problems+="$tag: server exited during the run"$'\n'
	fi
	server_stop
	json=$work/$srv-$scen-$rep.json
	grep '^{' "$out" >"$json"
	if [ "$rc" -ne 0 ]; then
		problems+="$tag: natter-bench exit $rc ($(
		    json_get "$json" connected) of $(json_get "$json" clients
		    ) connected, lost $(json_get "$json" lost), dropped $(
		    json_get "$json" dropped))"
		case $scen in
		idle|idle-tls|idle-ws|maxconn)
			problems+=", rounds $(json_get "$json" rounds_done
			    ) of $(json_get "$json" rounds), nick in use $(
			    json_get "$json" nick_in_use), closes not seen $(
			    json_get "$json" leave_unsettled)"
			;;
		esac
		problems+=$'\n'
		result[$srv,$scen,flag]='!'
	fi
	result_add "$srv,$scen" cpu \
	    "$(json_get "$json" server_cpu_us_per_delivery)"
	result_add "$srv,$scen" p50 "$(json_get "$json" latency_p50_us)"
	result_add "$srv,$scen" p99 "$(json_get "$json" latency_p99_us)"
	result_add "$srv,$scen" mem \
	    "$(json_get "$json" server_mem_bytes_per_client)"
	result_add "$srv,$scen" conn \
	    "$(json_get "$json" server_cpu_us_per_connect)"
	result_add "$srv,$scen" connected "$(json_get "$json" connected)"
	result_add "$srv,$scen" leave \
	    "$(json_get "$json" server_rss_leave_growth_kb)"
	result_add "$srv,$scen" growth \
	    "$(json_get "$json" server_mem_growth_kb_per_round)"
}

present=
for srv in $servers; do
	if why=$(server_available "$srv"); then
		present+=" $srv"
	else
		echo "run.sh: skipping $srv: $why" >&2
	fi
done

# Servers take turns within each repetition, so that whatever else the
# machine does at the time hits them alike.
start=$(date +%s)
for scen in $scenarios; do
	for rep in $(seq "$repeat"); do
		for srv in $present; do
			run_one "$srv" "$scen" "$rep"
		done
	done
done
elapsed=$(( $(date +%s) - start ))

for srv in $present; do
	for scen in $scenarios; do
		for key in $keys; do
			result[$srv,$scen,$key]=$(median \
			    "${result[$srv,$scen,$key]:-}")
		done
	done
done

# The table's server columns; base only when BENCH_BASE is set.
columns="natterd${base:+ base} ngircd inspircd floor"

# One row: label, scenario, key, printf format, divisor, higher-is-better.
row()
{
	local label=$1 scen=$2 key=$3 f=$4 div=$5 hib=$6
	local srv v line best= bestname= nat= flo= bas= r1=- r2=-

	line=$(printf '%-10s %-26s' "$scen" "$label")
	for srv in $columns; do
		v=${result[$srv,$scen,$key]:-}
		if [ -n "$v" ] && [ "$v" != null ]; then
			v=$(awk -v v="$v" -v d="$div" 'BEGIN { print v / d }')
		else
			v=
		fi
		line+=$(printf ' %10s%1s' "$(fmt "$v" "$f")" \
		    "${result[$srv,$scen,flag]:-}")
		case $srv in
		natterd)	nat=$v ;;
		base)		bas=$v ;;
		floor)		flo=$v ;;
		*)
			[ -n "$v" ] || continue
			if [ -z "$best" ] || awk -v a="$v" -v b="$best" \
			    -v h="$hib" 'BEGIN { exit !(h ? a > b : a < b) }'
			then
				best=$v
				bestname=$srv
			fi
			;;
		esac
	done
	ratio()
	{
		awk -v a="$1" -v b="$2" 'BEGIN {
			if (a == "" || b == "" || b + 0 == 0) print "-";
			else printf("%.2fx", a / b) }'
	}
	r1=$(ratio "$nat" "$best")
	r2=$(ratio "$nat" "$flo")
	line+=$(printf ' %10s %9s %9s' "${bestname:--}" "$r1" "$r2")
	[ -n "$base" ] && line+=$(printf ' %9s' "$(ratio "$nat" "$bas")")
	echo "$line"
}

echo
title="full run"
[ "$quick" = 1 ] && title="quick run"
[ "$repeat" -gt 1 ] && title+=", median of $repeat runs"
echo "natter benchmark ($title, $(nproc) CPUs, open file limit $nofile," \
    "${elapsed}s)"
if [ -n "$base" ]; then
	echo "natterd: $natterd"
	echo "base:    $base"
	printf '%-10s %-26s %11s %11s %11s %11s %11s %10s %9s %9s %9s\n' \
	    scenario metric natterd base ngircd inspircd floor "best peer" \
	    "nat/best" "nat/floor" "nat/base"
else
	printf '%-10s %-26s %11s %11s %11s %11s %10s %9s %9s\n' scenario \
	    metric natterd ngircd inspircd floor "best peer" "nat/best" \
	    "nat/floor"
fi
for scen in $scenarios; do
	case $scen in
	seed|fanout|private|seed-tls|fanout-tls|seed-ws)
		row "CPU us/delivery" "$scen" cpu "%.3f" 1 0
		row "p50 latency ms" "$scen" p50 "%.2f" 1000 0
		row "p99 latency ms" "$scen" p99 "%.2f" 1000 0
		;;
	idle|idle-tls|idle-ws)
		row "memory KB/client" "$scen" mem "%.2f" 1024 0
		row "CPU ms/connect+reg+join" "$scen" conn "%.3f" 1000 0
		row "memory KB after leave" "$scen" leave "%.0f" 1 0
		row "growth KB/round" "$scen" growth "%.1f" 1 0
		;;
	maxconn)
		row "clients connected" "$scen" connected "%.0f" 1 1
		row "memory KB/client" "$scen" mem "%.2f" 1024 0
		;;
	esac
done
echo "(- = not measured; ! = natter-bench reported a failure, see below)"

# natterd over WebSocket against natterd over plain TCP, this run.
ws_ratio()
{
	local label=$1 ws=$2 plain=$3 key=$4 f=$5 div=$6 a b

	a=${result[natterd,$ws,$key]:-}
	b=${result[natterd,$plain,$key]:-}
	[ -n "$a" ] && [ -n "$b" ] || return 0
	printf '%-10s %-26s %11s %11s %9s\n' "$ws" "$label" \
	    "$(fmt "$(awk -v v="$a" -v d="$div" 'BEGIN { print v / d }')" "$f")" \
	    "$(fmt "$(awk -v v="$b" -v d="$div" 'BEGIN { print v / d }')" "$f")" \
	    "$(awk -v a="$a" -v b="$b" 'BEGIN {
		if (b + 0 == 0) print "-"; else printf("%.2fx", a / b) }')"
}
case " $scenarios " in
*" seed-ws "*|*" idle-ws "*)
	echo
	echo "natterd over WebSocket against plain TCP (same run):"
	printf '%-10s %-26s %11s %11s %9s\n' scenario metric websocket \
	    plain ws/plain
	ws_ratio "CPU us/delivery" seed-ws seed cpu "%.3f" 1
	ws_ratio "p50 latency ms" seed-ws seed p50 "%.2f" 1000
	ws_ratio "p99 latency ms" seed-ws seed p99 "%.2f" 1000
	ws_ratio "memory KB/client" idle-ws idle mem "%.2f" 1024
	ws_ratio "CPU ms/connect+reg+join" idle-ws idle conn "%.3f" 1000
	ws_ratio "memory KB after leave" idle-ws idle leave "%.0f" 1
	;;
esac
if [ -n "$problems" ]; then
	echo
	echo "Problems:"
	printf '%s' "$problems"
	exit 1
fi
exit 0
