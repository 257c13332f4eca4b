# Accuracy: XFS on a null_blk device that completes every I/O DELAY ms late
# (hrtimer mode, so the delay is exact to within timer slack).  The device
# stage's median must fall in the histogram bucket holding DELAY ms, and the
# total's median bucket must reach past DELAY; with no delay the device
# median must not be in that bucket.
. /wt/guest-lib.sh
delay=${1:-18}
cfg=/sys/kernel/config/nullb/wt
run() { # DELAY_MS
	[ -d $cfg ] && { echo 0 >$cfg/power; rmdir $cfg; }
	mkdir $cfg || fail "cannot create a null_blk device (configfs)"
	echo 1 >$cfg/memory_backed
	echo 512 >$cfg/size
	echo 4096 >$cfg/blocksize
	echo 2 >$cfg/irqmode
	echo $(($1 * 1000000)) >$cfg/completion_nsec
	echo 1 >$cfg/power
	# named after the configfs directory or nullb<index>, by kernel version
	dev=/dev/wt
	[ -b $dev ] || dev=/dev/nullb$(cat $cfg/index)
	[ -b "$dev" ] || fail "no block device for $cfg ($(ls /sys/block | tr '\n' ' '))"
	must mkfs.xfs -q -f "$dev"
	mount_xfs "$dev" /mnt/slow
	wtlat -j -S total,device >/tmp/lat.json 2>/tmp/lat.err & lat=$!
	wait_for /tmp/lat.json '"type":"start"'
	must wtload -m wt -s 4k -n 30 -T /mnt/slow/f
	kill -INT $lat
	wait $lat || fail "wtlat failed: $(cat /tmp/lat.err)"
	umount /mnt/slow
	dev_p50=$(sed 's/.*"device":{//' /tmp/lat.json | grep -o '"p50":{[^}]*}' | tail -n1)
	tot_hi=$(sed 's/.*"total":{//' /tmp/lat.json | grep -o '"p50":{"ns":[0-9]*,"lo_ns":[0-9]*,"hi_ns":[0-9]*' | tail -n1 | sed 's/.*"hi_ns"://')
	# the median's histogram bucket (not narrowed by the exact min/max)
	lo=$(echo "$dev_p50" | sed 's/.*"bucket_lo_ns":\([0-9]*\).*/\1/')
	hi=$(echo "$dev_p50" | sed 's/.*"bucket_hi_ns":\([0-9]*\).*/\1/')
	echo "completion delay $1 ms: device p50 bucket [$lo, $hi) ns, total p50 bucket ends at $tot_hi ns"
}
want=$((delay * 1000000))
run "$delay"
[ "$lo" -le "$want" ] && [ "$want" -lt "$hi" ] || fail "device p50 [$lo, $hi) does not hold $delay ms"
# the total's median bucket must reach past the delay: its true value is >= it
[ "$tot_hi" -gt "$want" ] || fail "total p50 bucket ends at $tot_hi ns, below the $delay ms delay"
ok "with $delay ms: device median in the $delay ms bucket, total >= $delay ms"
run 0
if [ "$lo" -le "$want" ] && [ "$want" -lt "$hi" ]; then
	fail "without delay the device median still sits in the $delay ms bucket"
fi
ok "without delay: device median [$lo, $hi) ns, not in the $delay ms bucket"
