# Accuracy: XFS on dm-delay adding DELAY ms to every write.  The device
# stage's median must fall in the histogram bucket holding DELAY ms, and the
# total must be at least DELAY; with no added delay it must not.
. /wt/guest-lib.sh
delay=${1:-20}
sectors=$(cat /sys/block/vdc/size)
run() { # WRITE_DELAY_MS
	dmsetup remove slow 2>/dev/null
	must dmsetup create slow --noudevsync --table "0 $sectors delay /dev/vdc 0 0 /dev/vdc 0 $1"
	[ -b /dev/mapper/slow ] || dmsetup mknodes slow
	must mkfs.xfs -q -f /dev/mapper/slow
	mount_xfs /dev/mapper/slow /mnt/slow
	wtlat -j -S total,device >/tmp/lat.json 2>/tmp/lat.err & lat=$!
	wait_for /tmp/lat.json '"type":"start"'
	must wtload -m wt -s 4k -n 30 -T /mnt/slow/f
	kill -INT $lat
	wait $lat || fail "wtlat failed: $(cat /tmp/lat.err)"
	umount /mnt/slow
	dmsetup remove slow
	dev_p50=$(sed 's/.*"device":{//' /tmp/lat.json | grep -o '"p50":{"ns":[0-9]*,"lo_ns":[0-9]*,"hi_ns":[0-9]*' | head -n1)
	tot_hi=$(sed 's/.*"total":{//' /tmp/lat.json | grep -o '"p50":{"ns":[0-9]*,"lo_ns":[0-9]*,"hi_ns":[0-9]*' | head -n1 | sed 's/.*"hi_ns"://')
	lo=$(echo "$dev_p50" | sed 's/.*"lo_ns":\([0-9]*\).*/\1/')
	hi=$(echo "$dev_p50" | sed 's/.*"hi_ns":\([0-9]*\)/\1/')
	echo "write delay $1 ms: device p50 bucket [$lo, $hi) ns, total p50 bucket ends at $tot_hi ns"
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
