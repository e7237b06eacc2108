#!/bin/sh
# natter: run every libFuzzer target for FUZZ_SECONDS (default 60) on its
# seed corpus, for "make fuzz" and CI.
#
#	run.sh SRCDIR BUILDDIR [TARGET...]
#
# The regression inputs (tests/fuzz/regress/TARGET) are read with the
# seed corpus, so each is checked under the sanitizers of this build too.
# New inputs the fuzzer finds go to BUILDDIR/tests/fuzz/work/TARGET (the
# directories in SRCDIR are only read).  A crash is written to
# BUILDDIR/tests/fuzz/crashes/ as TARGET-crash-HASH (or -leak-, -timeout-,
# -oom-), with TARGET-crash-HASH.sh beside it: the command that
# reproduces it under libFuzzer, and the one that replays it without.
# The script goes on with the other targets and fails if any crashed.
# A target's dictionary is tests/fuzz/TARGET.dict where there is one
# (http, ws), tests/fuzz/irc.dict otherwise.
# FUZZ_NICE (a nice level) and FUZZ_ARGS (more libFuzzer options) are
# used when set.

srcdir=${1:?usage: run.sh SRCDIR BUILDDIR [TARGET...]}
builddir=${2:?usage: run.sh SRCDIR BUILDDIR [TARGET...]}
shift 2
seconds=${FUZZ_SECONDS:-60}
targets=${*:-msg conf text server http ws}
crashes=$builddir/tests/fuzz/crashes
status=0

mkdir -p "$crashes"
for t in $targets; do
	bin=$builddir/tests/fuzz/fuzz-$t
	work=$builddir/tests/fuzz/work/$t
	log=$builddir/tests/fuzz/fuzz-$t.log
	mkdir -p "$work"
	# Scripts longer than 16 KB add little but time.
	case $t in
	server) len=-max_len=16384 ;;
	*) len= ;;
	esac
	dict=$srcdir/tests/fuzz/$t.dict
	[ -e "$dict" ] || dict=$srcdir/tests/fuzz/irc.dict
	before=$(ls "$crashes" | grep -c "^$t-")
	echo "fuzz-$t: $seconds s on $srcdir/tests/fuzz/corpus/$t"
	# The whole-server targets move a clock of their own; a timeout
	# shorter than the time an input may take on it would be false.
	nice -n "${FUZZ_NICE:-0}" "$bin" -max_total_time="$seconds" \
	    -timeout=300 -rss_limit_mb=4096 -print_final_stats=1 \
	    -dict="$dict" \
	    -artifact_prefix="$crashes/$t-" $len ${FUZZ_ARGS:-} \
	    "$work" "$srcdir/tests/fuzz/corpus/$t" \
	    "$srcdir/tests/fuzz/regress/$t" > "$log" 2>&1
	rc=$?
	grep -E '^#[0-9]+.*(DONE|pulse|INITED)' "$log" | tail -1
	grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log"
	for f in $(ls "$crashes" | grep "^$t-" | grep -v '\.sh$'); do
		[ -e "$crashes/$f.sh" ] && continue
		cat > "$crashes/$f.sh" <<EOS
#!/bin/sh
# Found by fuzz-$t; reproduce under libFuzzer:
$bin $crashes/$f
# or without it, as make check replays tests/fuzz/regress/$t:
# $builddir/tests/fuzz/replay-$t $crashes/$f
EOS
		chmod +x "$crashes/$f.sh"
		echo "fuzz-$t: CRASH $crashes/$f (see $crashes/$f.sh and $log)"
	done
	if [ "$rc" -ne 0 ] || [ "$(ls "$crashes" | grep -c "^$t-")" -ne "$before" ]; then
		echo "fuzz-$t: failed (exit $rc); the end of $log:"
		tail -40 "$log"
		status=1
	fi
done
exit $status
