# Where the time of a write-through write goes, per size and engine, for
# docs/benchmarks.md: wtlat's stage summaries (wtlat -s) over N write-through
# writes of each size (sync), and over io_uring at QD 16, with the
# O_DIRECT and write-through latencies of the same workload untraced.
# Args: [N] writes per size (default 256).
. /wt/guest-lib.sh
n=${1:-256}
mount_xfs /dev/vda /mnt/vda
f=/mnt/vda/stages
must wtload -m direct -s 1m -n 64 -F 7 -T $f >/dev/null
stages() {	# stages LABEL WTLOAD-ARGS...
	label=$1
	shift
	echo "== wtlat -s: $label"
	wtlat -s >/tmp/lat.txt 2>&1 & lat=$!
	wait_for /tmp/lat.txt Tracing
	must wtload "$@" $f >/tmp/load.txt
	kill -INT $lat
	wait $lat
	cat /tmp/load.txt /tmp/lat.txt
}
for s in 4k 64k 256k 1m; do
	c=$n
	[ $s = 1m ] && c=$((n / 4))
	stages "sync write-through, $s" -m wt -s $s -n $c
done
stages "io_uring QD 16 write-through, 4k" -m wt -e io_uring -q 16 -s 4k -n $n
echo "== untraced, same boot: O_DIRECT and write-through p50"
for s in 4k 64k 256k 1m; do
	c=$n
	[ $s = 1m ] && c=$((n / 4))
	for m in direct wt direct wt; do
		must wtload -m $m -s $s -n $c $f
	done
done
umount /mnt/vda
