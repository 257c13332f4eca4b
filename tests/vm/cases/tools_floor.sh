# Benchmark (prints figures, asserts none of them): the floor under the
# tools' overhead.  4 KiB random write-through overwrites, in one boot, by
# turns: untraced; with the kernel timing each write for its
# iomap_writethrough_stages event, enabled in tracefs (the kernel's share,
# and ftrace's); under wtfloor with one empty program on that event (what
# the tools' one-event-per-write mode cannot go below); under wtlat, which
# uses it; under wtfloor with an empty program on each of the 13
# per-stage events (the floor of --stage-events); under wtlat
# --stage-events -S total (the total's three events) and wtlat
# --stage-events.  The figures are the medians of each round's ratio to its
# own untraced run (odd rounds in that order, even rounds the other way
# round).  Asserted: wtfloor attached 1 and 13 programs, every run wrote
# its writes, wtlat counted them.
#   args: N (writes per run, default 5000), ROUNDS (default 5)
. /wt/guest-lib.sh
n=${1:-5000}
rounds=${2:-5}
mount_xfs /dev/vda /mnt/vda
span=$((n * 4096))
f=/mnt/vda/floor
bench_file "$f" "$n"
tp=/sys/kernel/tracing/events/iomap/iomap_writethrough_stages/enable
[ -e $tp ] || fail "no iomap_writethrough_stages event in tracefs"
echo 16384 >/sys/kernel/tracing/buffer_size_kb
run() {	# run NAME SEED [PREFIX...]: one workload, its writes/s to /tmp/rate.NAME
	local name=$1 seed=$2
	shift 2
	"$@" wtload -m wt -s 4k -P rand -S "$span" -n "$n" -r "$seed" "$f" >/tmp/run.out 2>/tmp/run.err ||
		fail "$name: wtload failed: $(cat /tmp/run.out /tmp/run.err)"
	sed 's/.*writes\/s \([0-9]*\).*/\1/' /tmp/run.out >>/tmp/rate.$name
	case $name in
	floor13) grep -q '^wtfloor: 13 programs attached$' /tmp/run.err ||
		fail "wtfloor attached: $(cat /tmp/run.err)" ;;
	floor1) grep -q '^wtfloor: 1 programs attached$' /tmp/run.err ||
		fail "wtfloor -e attached: $(cat /tmp/run.err)" ;;
	esac
	echo "  $name: $(tail -n 1 /tmp/rate.$name) writes/s"
}
ftrace_run() {	# ftrace_run NAME SEED: the stages event on, in tracefs
	echo 1 >$tp
	run "$@"
	echo 0 >$tp
	[ "$(grep -c iomap_writethrough_stages /sys/kernel/tracing/trace)" -ge "$n" ] ||
		fail "tracefs recorded fewer than $n iomap_writethrough_stages events"
	echo >/sys/kernel/tracing/trace
}
lat_run() {	# lat_run NAME SEED [wtlat options]
	local name=$1 seed=$2
	shift 2
	wtlat -j "$@" >/tmp/lat.json 2>/tmp/lat.err & lat=$!
	wait_for /tmp/lat.json '"type":"start"'
	run $name $seed
	kill -INT $lat
	wait $lat || fail "wtlat $* exited non-zero: $(cat /tmp/lat.err)"
	grep '"type":"end"' /tmp/lat.json | grep -q "\"writes\":$n," ||
		fail "wtlat $*: not $n writes: $(grep '"type":"end"' /tmp/lat.json | head -c 300)"
}
run warmup 99 >/dev/null
r=1
while [ $r -le "$rounds" ]; do
	echo "round $r"
	if [ $((r % 2)) = 1 ]; then
		run untraced $r; ftrace_run ftrace $r
		run floor1 $r wtfloor -e iomap_writethrough_stages --; lat_run wtlat $r
		run floor13 $r wtfloor --
		lat_run wtlat_se_total $r --stage-events -S total; lat_run wtlat_se $r --stage-events
	else
		lat_run wtlat_se $r --stage-events; lat_run wtlat_se_total $r --stage-events -S total
		run floor13 $r wtfloor --
		lat_run wtlat $r; run floor1 $r wtfloor -e iomap_writethrough_stages --
		ftrace_run ftrace $r; run untraced $r
	fi
	for k in ftrace floor1 wtlat floor13 wtlat_se_total wtlat_se; do
		echo "$(last $k) $(last untraced)" | awk '{ print $1 / $2 }' >>/tmp/ratio.$k
	done
	r=$((r + 1))
done
m() { median /tmp/ratio.$1 | awk '{ printf "%.3f", $1 }'; }
echo "bench: medians of $rounds rounds of $n 4 KiB random write-through overwrites:"
echo "bench: writes/s untraced $(median /tmp/rate.untraced), stages event in tracefs $(median /tmp/rate.ftrace)," \
	"1 empty program on it $(median /tmp/rate.floor1), wtlat $(median /tmp/rate.wtlat)," \
	"13 empty per-stage programs $(median /tmp/rate.floor13)," \
	"wtlat --stage-events -S total $(median /tmp/rate.wtlat_se_total)," \
	"wtlat --stage-events $(median /tmp/rate.wtlat_se)"
echo "bench: median per-round ratio: stages event in tracefs $(m ftrace)x, 1 empty program on it $(m floor1)x," \
	"wtlat $(m wtlat)x; 13 empty per-stage programs $(m floor13)x," \
	"wtlat --stage-events -S total $(m wtlat_se_total)x, wtlat --stage-events $(m wtlat_se)x"
ok "dispatch floor figures printed"
