# Accuracy: XFS on a null_blk device that completes every I/O DELAY ms late
# (hrtimer mode, so the delay is exact to within timer slack).  The device
# stage's median must fall in the histogram bucket holding DELAY ms, and the
# total's median bucket must reach past DELAY; with no delay the device
# median must not be in that bucket.  The device stage starts at the first
# bio: every write's device time is at least DELAY, begin2 (only if the
# first mapping went stale) stays below DELAY, and
# every wtsnoop line's stages add up to its total (no stage holds another).
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
	wtlat -j -S total,begin2,device >/tmp/lat.json 2>/tmp/lat.err & lat=$!
	wtsnoop -j >/tmp/snoop.json 2>/tmp/snoop.err & snoop=$!
	wait_for /tmp/lat.json '"type":"start"'
	wait_for /tmp/snoop.json '"type":"start"'
	must wtload -m wt -s 4k -n 30 -T /mnt/slow/f
	kill -INT $lat $snoop
	wait $lat || fail "wtlat failed: $(cat /tmp/lat.err)"
	wait $snoop || fail "wtsnoop failed: $(cat /tmp/snoop.err)"
	umount /mnt/slow
	dev_p50=$(p50 device)
	tot_hi=$(p50 total | sed 's/.*"hi_ns":\([0-9]*\).*/\1/')
	# the median's histogram bucket (not narrowed by the exact min/max)
	lo=$(echo "$dev_p50" | sed 's/.*"bucket_lo_ns":\([0-9]*\).*/\1/')
	hi=$(echo "$dev_p50" | sed 's/.*"bucket_hi_ns":\([0-9]*\).*/\1/')
	b2_hi=$(p50 begin2 | sed 's/.*"bucket_hi_ns":\([0-9]*\).*/\1/')
	echo "completion delay $1 ms: device p50 bucket [$lo, $hi) ns, begin2 p50 bucket ends at $b2_hi ns, total p50 bucket ends at $tot_hi ns"
	# per write: device time (ns), and whether the stages add up to the total
	sed -n '/"path":"writethrough"/s/.*"stage_ns":{\([^}]*\)}.*/\1/p' /tmp/snoop.json |
		awk -F, '{
			t = 0; s = 0; d = 0
			for (i = 1; i <= NF; i++) {
				split($i, kv, ":")
				if (kv[1] == "\"total\"") t = kv[2] + 0; else s += kv[2]
				if (kv[1] == "\"device\"") d = kv[2] + 0
			}
			print d, (s == t ? "sum-ok" : "sum-bad")
		}' >/tmp/perwrite
	echo "wtsnoop: $(grep -c . /tmp/perwrite) writes, device ns min $(sort -n /tmp/perwrite | head -n1 | cut -d" " -f1)"
}
# the p50 object of stage S in wtlat's JSON
p50() {
	sed -n "s/.*\"$1\":{\(\"count\"[^[]*\)\"buckets\".*/\1/p" /tmp/lat.json | tail -n1 |
		grep -o '"p50":{[^}]*}'
}
want=$((delay * 1000000))
run "$delay"
[ "$lo" -le "$want" ] && [ "$want" -lt "$hi" ] || fail "device p50 [$lo, $hi) does not hold $delay ms"
# the total's median bucket must reach past the delay: its true value is >= it
[ "$tot_hi" -gt "$want" ] || fail "total p50 bucket ends at $tot_hi ns, below the $delay ms delay"
# begin2 happens only when the first mapping went stale; if it does, it
# must not contain the device time
[ -z "$b2_hi" ] || [ "$b2_hi" -le "$want" ] || fail "begin2 p50 bucket ends at $b2_hi ns, past the $delay ms device delay"
[ "$(grep -c . /tmp/perwrite)" = 30 ] || fail "wtsnoop saw $(grep -c . /tmp/perwrite) writes, expected 30"
grep -q sum-bad /tmp/perwrite && fail "a write's stages do not add up to its total"
short=$(awk -v w="$want" '$1 < w' /tmp/perwrite | grep -c .)
[ "$short" = 0 ] || fail "$short writes have a device time below the $delay ms delay"
ok "with $delay ms: device median in the $delay ms bucket, total >= $delay ms"
ok "device >= $delay ms for all 30 writes, begin2 median below it, stages + other = total"
run 0
if [ "$lo" -le "$want" ] && [ "$want" -lt "$hi" ]; then
	fail "without delay the device median still sits in the $delay ms bucket"
fi
ok "without delay: device median [$lo, $hi) ns, not in the $delay ms bucket"
