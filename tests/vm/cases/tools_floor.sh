# Benchmark (prints figures, asserts none of them): the floor under the
# tools' overhead.  4 KiB random write-through overwrites, in one boot, by
# turns: untraced; under wtfloor with an empty program on each of the 13
# trace events the tools attach to (what the tracepoints' BPF dispatch
# costs, whatever the programs do); under wtfloor on the two events of the
# whole call (begin and complete); under wtlat -S total (the total's three
# events: begin, complete, submit); under wtlat.  The figures are the
# medians of each round's ratio to its own untraced run (odd rounds in
# that order, even rounds the other way round).  Asserted: wtfloor
# attached 13 and 2 programs, every run wrote its writes, wtlat counted
# them.
#   args: N (writes per run, default 5000), ROUNDS (default 5)
. /wt/guest-lib.sh
n=${1:-5000}
rounds=${2:-5}
mount_xfs /dev/vda /mnt/vda
span=$((n * 4096))
f=/mnt/vda/floor
bench_file "$f" "$n"
both=iomap_writethrough_begin,iomap_writethrough_complete
run() {	# run NAME SEED [PREFIX...]: one workload, its writes/s to /tmp/rate.NAME
	local name=$1 seed=$2
	shift 2
	"$@" wtload -m wt -s 4k -P rand -S "$span" -n "$n" -r "$seed" "$f" >/tmp/run.out 2>/tmp/run.err ||
		fail "$name: wtload failed: $(cat /tmp/run.out /tmp/run.err)"
	sed 's/.*writes\/s \([0-9]*\).*/\1/' /tmp/run.out >>/tmp/rate.$name
	case $name in
	floor13) grep -q '^wtfloor: 13 programs attached$' /tmp/run.err ||
		fail "wtfloor attached: $(cat /tmp/run.err)" ;;
	floor2) grep -q '^wtfloor: 2 programs attached$' /tmp/run.err ||
		fail "wtfloor -e attached: $(cat /tmp/run.err)" ;;
	esac
	echo "  $name: $(tail -n 1 /tmp/rate.$name) writes/s"
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
		run untraced $r; run floor13 $r wtfloor --; run floor2 $r wtfloor -e $both --
		lat_run wtlat_total $r -S total; lat_run wtlat $r
	else
		lat_run wtlat $r; lat_run wtlat_total $r -S total
		run floor2 $r wtfloor -e $both --; run floor13 $r wtfloor --; run untraced $r
	fi
	for k in floor13 floor2 wtlat_total wtlat; do
		echo "$(last $k) $(last untraced)" | awk '{ print $1 / $2 }' >>/tmp/ratio.$k
	done
	r=$((r + 1))
done
echo "bench: medians of $rounds rounds of $n 4 KiB random write-through overwrites:"
echo "bench: writes/s untraced $(median /tmp/rate.untraced), 13 empty programs $(median /tmp/rate.floor13)," \
	"2 empty programs $(median /tmp/rate.floor2), wtlat -S total $(median /tmp/rate.wtlat_total)," \
	"wtlat $(median /tmp/rate.wtlat)"
echo "bench: median per-round ratio: 13 empty programs $(median /tmp/ratio.floor13 | awk '{ printf "%.3f", $1 }')x," \
	"2 empty programs $(median /tmp/ratio.floor2 | awk '{ printf "%.3f", $1 }')x," \
	"wtlat -S total $(median /tmp/ratio.wtlat_total | awk '{ printf "%.3f", $1 }')x," \
	"wtlat $(median /tmp/ratio.wtlat | awk '{ printf "%.3f", $1 }')x"
ok "dispatch floor figures printed"
