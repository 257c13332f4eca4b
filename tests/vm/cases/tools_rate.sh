# Benchmark (prints figures, asserts none of them): the tools' overhead on
# 4 KiB random write-through overwrites, in one boot.  Each round runs the
# same workload untraced, under wtlat (default options, no interval) and
# under wtsnoop -j writing to a file, each timing writes from the kernel's
# one event per write, then both again with --stage-events (the thirteen
# per-stage events, as on kernels without that event), by turns (odd
# rounds in that order, even rounds the other way round, so that a drift
# of the machine weighs on both sides), between two untraced runs: each
# traced run's ratio is to the mean of its round's two, and the ratio of
# those two (an A/A control: the same thing twice) shows the noise the
# figures stand in.  Printed: the medians of the rounds' rates, the median
# per-round ratios of writes/s, and the same from the median latency (p50,
# which a stall of the host moves less than the rate) (docs/tools.md,
# "Overhead").  Asserted: wtsnoop printed every write and
# lost none, wtlat counted every write, each in the mode asked for.  Then, with -v, the BPF cost per traced write, and
# the kernel's BPF statistics on only while a tool with -v runs.
#   args: N (writes per run, default 5000), ROUNDS (default 5), TOOLS
#   (default all; "event": only the two tools on the one event per write,
#   for more rounds in the same time)
. /wt/guest-lib.sh
n=${1:-5000}
rounds=${2:-5}
tools=${3:-all}
case $tools in all|event) ;; *) fail "TOOLS is all or event, not '$tools'" ;; esac
mount_xfs /dev/vda /mnt/vda
span=$((n * 4096))
f=/mnt/vda/rate
# the file, allocated and on disk: the runs overwrite it
bench_file "$f" "$n"
mode=wt
run() {	# run NAME SEED: one workload, its writes/s appended to /tmp/rate.NAME
	wtload -m $mode -s 4k -P rand -S "$span" -n "$n" -r "$2" "$f" >/tmp/run.out ||
		fail "wtload failed: $(cat /tmp/run.out)"
	sed 's/.*writes\/s \([0-9]*\).*/\1/' /tmp/run.out >>/tmp/rate.$1
	sed 's/.* p50 \([0-9.]*\).*/\1/' /tmp/run.out >>/tmp/p50.$1
	echo "  $1: $(sed 's/.*writes\/s \([0-9]*\).* lat_us avg \([0-9.]*\) p50 \([0-9.]*\).*/\1 writes\/s, avg \2 us, p50 \3 us/' /tmp/run.out)"
}
# lat_run NAME SEED [--stage-events]; snoop_run likewise
lat_run() {
	local name=$1 seed=$2 events=stages
	shift 2
	[ $# = 0 ] || events=per-stage
	wtlat -j "$@" >/tmp/lat.json 2>/tmp/lat.err & lat=$!
	wait_for /tmp/lat.json '"type":"start"'
	grep '"type":"start"' /tmp/lat.json | grep -q "\"events\":\"$events\"" ||
		fail "wtlat $*: not timing from the $events events: $(head -c 600 /tmp/lat.json)"
	run $name $seed
	kill -INT $lat
	wait $lat || fail "wtlat exited non-zero: $(cat /tmp/lat.err)"
	w=$(grep '"type":"end"' /tmp/lat.json | sed -n 's/.*"counters":{"writes":\([0-9]*\),.*/\1/p')
	[ "$w" = "$n" ] || fail "wtlat $* counted $w writes, want $n"
}
snoop_run() {
	local name=$1 seed=$2 events=stages
	shift 2
	[ $# = 0 ] || events=per-stage
	wtsnoop -j "$@" >/tmp/snoop.json 2>/tmp/snoop.err & snoop=$!
	wait_for /tmp/snoop.json '"type":"start"'
	grep '"type":"start"' /tmp/snoop.json | grep -q "\"events\":\"$events\"" ||
		fail "wtsnoop $*: not timing from the $events events: $(head -c 600 /tmp/snoop.json)"
	run $name $seed
	kill -INT $snoop
	wait $snoop || fail "wtsnoop exited non-zero: $(cat /tmp/snoop.err)"
	got=$(grep -c '"type":"write"' /tmp/snoop.json)
	lost=$(sed -n 's/.*"type":"summary".*"lost_events":\([0-9]*\),.*/\1/p' /tmp/snoop.json)
	[ "$got" = "$n" ] && [ "$lost" = 0 ] || fail "wtsnoop $* printed $got of $n writes, lost $lost"
}
se=--stage-events
run warmup 99 >/dev/null
r=1
while [ $r -le "$rounds" ]; do
	echo "round $r"
	run untraced $r
	if [ $((r % 2)) = 1 ]; then
		lat_run wtlat $r; snoop_run wtsnoop $r
		[ $tools = event ] || { lat_run wtlat_se $r $se; snoop_run wtsnoop_se $r $se; }
	else
		[ $tools = event ] || { snoop_run wtsnoop_se $r $se; lat_run wtlat_se $r $se; }
		snoop_run wtsnoop $r; lat_run wtlat $r
	fi
	run untraced_b $r
	u=$(last untraced) ub=$(last untraced_b)
	pu=$(tail -n 1 /tmp/p50.untraced) pub=$(tail -n 1 /tmp/p50.untraced_b)
	kinds="wtlat wtsnoop"
	[ $tools = event ] || kinds="$kinds wtlat_se wtsnoop_se"
	for k in $kinds; do
		echo "$(last $k) $u $ub" | awk '{ print $1 / (($2 + $3) / 2) }' >>/tmp/ratio.$k
		echo "$(tail -n 1 /tmp/p50.$k) $pu $pub" | awk '{ print (($2 + $3) / 2) / $1 }' >>/tmp/pratio.$k
	done
	echo "$ub $u" | awk '{ print $1 / $2 }' >>/tmp/ratio.aa
	echo "$pub $pu" | awk '{ print $2 / $1 }' >>/tmp/pratio.aa
	r=$((r + 1))
done
# figures of runs that were not made (TOOLS event) print as -
med() { if [ -s "$1" ]; then median "$1"; else echo -; fi; }
list() { if [ -s "$1" ]; then tr '\n' ' ' <"$1"; else echo "- "; fi; }
ratio() { [ -s /tmp/rate.$1 ] || { echo -; return; }; awk "BEGIN { printf \"%.3f\", $(median /tmp/rate.$1) / $(med /tmp/rate.untraced) }"; }
echo "bench: medians of $rounds rounds of $n 4 KiB random write-through overwrites:"
echo "bench: writes/s untraced $(med /tmp/rate.untraced), wtlat $(med /tmp/rate.wtlat) ($(ratio wtlat)x), wtsnoop -j to a file $(med /tmp/rate.wtsnoop) ($(ratio wtsnoop)x), wtsnoop lost 0"
echo "bench: with --stage-events: wtlat $(med /tmp/rate.wtlat_se) ($(ratio wtlat_se)x), wtsnoop -j to a file $(med /tmp/rate.wtsnoop_se) ($(ratio wtsnoop_se)x), wtsnoop lost 0"
echo "bench: runs untraced $(list /tmp/rate.untraced)| wtlat $(list /tmp/rate.wtlat)| wtsnoop $(list /tmp/rate.wtsnoop)| wtlat --stage-events $(list /tmp/rate.wtlat_se)| wtsnoop --stage-events $(list /tmp/rate.wtsnoop_se)"
echo "bench: per-round ratios: wtlat $(list /tmp/ratio.wtlat)| wtsnoop $(list /tmp/ratio.wtsnoop)| wtlat --stage-events $(list /tmp/ratio.wtlat_se)| wtsnoop --stage-events $(list /tmp/ratio.wtsnoop_se)"
m() { [ -s /tmp/ratio.$1 ] || { echo -; return; }; median /tmp/ratio.$1 | awk '{ printf "%.3f", $1 }'; }
echo "bench: median per-round ratio: wtlat $(m wtlat)x, wtsnoop $(m wtsnoop)x; with --stage-events: wtlat $(m wtlat_se)x, wtsnoop $(m wtsnoop_se)x; A/A (untraced, again) $(m aa)x"
mp() { [ -s /tmp/pratio.$1 ] || { echo -; return; }; median /tmp/pratio.$1 | awk '{ printf "%.3f", $1 }'; }
echo "bench: p50 latencies: untraced $(tr '\n' ' ' </tmp/p50.untraced)| again $(tr '\n' ' ' </tmp/p50.untraced_b)| wtlat $(tr '\n' ' ' </tmp/p50.wtlat)| wtsnoop $(tr '\n' ' ' </tmp/p50.wtsnoop)"
echo "bench: median per-round ratio from p50 (untraced p50 / traced p50): wtlat $(mp wtlat)x, wtsnoop $(mp wtsnoop)x; with --stage-events: wtlat $(mp wtlat_se)x, wtsnoop $(mp wtsnoop_se)x; A/A $(mp aa)x"

# buffered writes, not traced but firing the ->iomap_begin programs:
# what wtlat costs the rest of the system
mode=buffered
r=1
while [ $r -le "$rounds" ]; do
	run buffered $r >/dev/null
	wtlat -j >/tmp/lat.json 2>/tmp/lat.err & lat=$!
	wait_for /tmp/lat.json '"type":"start"'
	run buffered_wtlat $r >/dev/null
	kill -INT $lat
	wait $lat || fail "wtlat exited non-zero: $(cat /tmp/lat.err)"
	r=$((r + 1))
done
b=$(median /tmp/rate.buffered) bl=$(median /tmp/rate.buffered_wtlat)
echo "bench: buffered 4 KiB random overwrites (not write-through): writes/s untraced $b, wtlat $bl ($(awk "BEGIN { printf \"%.3f\", $bl / $b }")x)"
echo "bench: runs buffered $(tr '\n' ' ' </tmp/rate.buffered)| wtlat $(tr '\n' ' ' </tmp/rate.buffered_wtlat)"
mode=wt

# the BPF cost per traced write, with -v (the kernel counts program runs)
wtsnoop -j -v >/tmp/snoopv.json 2>/tmp/snoopv.err & snoop=$!
wtlat -j -v >/tmp/latv.json 2>/tmp/latv.err & lat=$!
wait_for /tmp/snoopv.json '"type":"start"'
wait_for /tmp/latv.json '"type":"start"'
run verbose 7 >/dev/null
kill -INT $snoop $lat
wait $snoop $lat
cat /tmp/snoopv.err /tmp/latv.err
runs=$(grep -o '"bpf":{[^}]*}' /tmp/latv.json | grep -o '"run_cnt":[0-9]*' | sed 's/.*://')
lat_cost=$(grep -o '"bpf":{[^}]*}' /tmp/latv.json | grep -o '"ns_per_write":[0-9.e+]*' | sed 's/.*://')
snoop_cost=$(grep -o '"bpf_ns_per_write":[0-9.e+]*' /tmp/snoopv.json | sed 's/.*://')
echo "bench: BPF cost per traced write (both tools attached, -v): wtlat $lat_cost ns, wtsnoop $snoop_cost ns; $runs program runs for $n writes"
[ -n "$lat_cost" ] && [ -n "$snoop_cost" ] || fail "no BPF cost per write with -v"
grep -o '"counters":{[^}]*}' /tmp/latv.json | tail -n1
# without -v, after it: statistics off again, no run counted
wtlat -j 1 1 >/tmp/after.json 2>&1 & after=$!
wait_for /tmp/after.json '"type":"start"'
must wtload -m wt -s 512 -n 10 /mnt/vda/after >/dev/null
wait $after || fail "wtlat 1 1 failed: $(cat /tmp/after.json)"
runs_after=$(grep -o '"bpf":{[^}]*}' /tmp/after.json | grep -o '"run_cnt":[0-9]*' | sed 's/.*://')
echo "BPF program runs counted: $runs under wtlat -v, $runs_after under a wtlat without -v after it"
[ "${runs:-0}" -gt 0 ] && [ "$runs_after" = 0 ] || fail "BPF statistics: $runs runs with -v, $runs_after after"
ok "overhead figures printed; wtsnoop lost nothing, wtlat counted every write"
