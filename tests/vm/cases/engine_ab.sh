# The same write-through workload on whichever kernel is booted, for the
# A/B of two series states (kernel/wtk each builds both): wtlat's stage
# summary, with the ->iomap_begin #2 count and time, and in the same boot
# O_DIRECT and write-through latencies from wtload, untraced, for ratios.
# Args: [N] writes of 4 KiB (N/4 of 64 KiB).
. /wt/guest-lib.sh
n=${1:-2000}
mount_xfs /dev/vda /mnt/vda
f=/mnt/vda/ab
must wtload -m direct -s 1m -n 64 -F 7 -T $f >/dev/null
echo "== $(cat /proc/version | cut -d' ' -f3), wtlat over $n x 4 KiB + $((n / 4)) x 64 KiB random overwrites"
wtlat -s >/tmp/lat.txt 2>&1 & lat=$!
wait_for /tmp/lat.txt Tracing
must wtload -m wt -s 4k -n "$n" -P rand -S 64m $f
must wtload -m wt -s 64k -n $((n / 4)) -P rand -S 64m $f
kill -INT $lat
wait $lat
cat /tmp/lat.txt
echo "== untraced, same boot: O_DIRECT vs write-through"
for s in 4k 64k 256k; do
	for m in direct wt direct wt; do
		must wtload -m $m -s $s -n $((n / 8)) -P rand -S 64m $f
	done
done
umount /mnt/vda
