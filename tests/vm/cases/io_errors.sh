# Write-through under device write errors: the error policy of direct I/O.
# Faults hit file data only, never XFS metadata: each is switched on right
# before one write and off right after it, and nothing forces the log in
# between (no fsync, no RWF_DSYNC).
#  (a) dm-flakey error_writes: an overwrite and an extending write fail with
#      EIO; the size, the cached and the on-disk data stay old, the first
#      fsync reports the error and the second does not, and the range can
#      be written again.  Both block sizes.
#  (b) dm-flakey drop_writes, the control: the device acknowledges and drops
#      the write, which succeeds; after drop_caches the reread shows the old
#      data, so the rereads above do reach the device.
#  (c) null_blk bad blocks under the second half of a 4 MiB file made of two
#      extents (two mappings): the write returns the bytes of the first half
#      that reached the device, the cache holds no new data the device lacks.
#  (d) fail_make_request: one failed bio under an overwrite.
#  (e) as (a) for an asynchronous (aio) overwrite: the completion reports
#      EIO, the cache keeps the old data, fsync reports the error once.
. /wt/guest-lib.sh
export DM_DISABLE_UDEV=1
failed=0

ret() { # the count the last write returned, 0 for -1 or an odd count
	r=$(sed -n 's/^ret //p' /tmp/run.out)
	[ "${r:--1}" -gt 0 ] && [ $((r % 4096)) -eq 0 ] && echo "$r" || echo 0
}
unmount() {
	timeout 120 umount "$1" || { echo "FAIL: umount $1"; failed=$((failed + 1)); }
}

# No background writeback while the checks look at the page cache: a folio
# that the failed write left dirty must still be dirty when it is read.
echo 0 >/proc/sys/vm/dirty_writeback_centisecs
echo 360000 >/proc/sys/vm/dirty_expire_centisecs

# ---------------------------------------------------------------- (a), (b)
n=$(cat /sys/block/vdc/size)
GOOD="0 $n linear /dev/vdc 0"
ERROR="0 $n flakey /dev/vdc 0 0 3600 1 error_writes"
DROP="0 $n flakey /dev/vdc 0 0 3600 1 drop_writes"
# a command that swaps the table without freezing the file system (a
# freeze would force the log into the fault)
swap() {
	echo "dmsetup suspend --nolockfs wtflakey && dmsetup load wtflakey --table '$1' &&" \
	     "dmsetup resume wtflakey"
}
for bs in 4096 1024; do
	must dmsetup create wtflakey --table "$GOOD"
	must mkfs.xfs -q -f -K -b size=$bs /dev/mapper/wtflakey
	mount_xfs /dev/mapper/wtflakey /mnt/fl
	f=/mnt/fl/a
	run wtfault mkfile $f 256k O
	exec 3<$f
	run wtfault pw -b "$(swap "$ERROR")" -a "$(swap "$GOOD")" \
		"(a) $bs: overwrite [0,64K) with write errors" $f 0 64k N EIO
	run wtfault pw -b "$(swap "$ERROR")" -a "$(swap "$GOOD")" \
		"(a) $bs: extend [256K,320K) with write errors" $f 256k 64k N EIO
	run wtfault expect "(a) $bs: size, cached reread" $f 256k 0:256k:O
	run wtfault expect -d "(a) $bs: size, reread after drop_caches" $f 256k 0:256k:O
	run wtfault fsync "(a) $bs: first fsync after the error" 3 EIO
	run wtfault fsync "(a) $bs: second fsync" 3 0
	exec 3<&-
	unmount /mnt/fl
	mount_xfs /dev/mapper/wtflakey /mnt/fl
	run wtfault expect "(a) $bs: size and data after remount" $f 256k 0:256k:O
	run wtfault pw "(a) $bs: write the failed range again" $f 0 64k L 64k
	run wtfault pw "(a) $bs: extend again" $f 256k 64k L 64k
	run wtfault expect -d "(a) $bs: the new writes on disk" $f 320k 0:64k:L 64k:192k:O 256k:64k:L

	g=/mnt/fl/b
	run wtfault mkfile $g 256k O
	run wtfault pw -b "$(swap "$DROP")" -a "$(swap "$GOOD")" \
		"(b) $bs: overwrite [0,64K), writes dropped" $g 0 64k N 64k
	run wtfault expect "(b) $bs: cached reread has the acknowledged data" $g 256k \
		0:64k:N 64k:192k:O
	run wtfault expect -d "(b) $bs: after drop_caches the device's old data" $g 256k 0:256k:O

	h=/mnt/fl/e
	run wtfault mkfile $h 256k O
	exec 4<$h
	run wtfault pw -A -b "$(swap "$ERROR")" -a "$(swap "$GOOD")" \
		"(e) $bs: aio overwrite [0,64K) with write errors" $h 0 64k N EIO
	run wtfault expect "(e) $bs: cached reread" $h 256k 0:256k:O
	run wtfault fsync "(e) $bs: first fsync after the aio error" 4 EIO
	run wtfault pw -A "(e) $bs: aio overwrite again" $h 0 64k L 64k
	run wtfault expect -d "(e) $bs: the new aio write on disk" $h 256k 0:64k:L 64k:192k:O
	exec 4<&-
	unmount /mnt/fl
	must dmsetup remove wtflakey
done

# ---------------------------------------------------------------- (c), (d)
cfg=/sys/kernel/config/nullb/wtbad
[ -d /sys/kernel/config/nullb ] || fail "no null_blk configfs"
mkdir $cfg || fail "cannot create null_blk device $cfg"
[ -e $cfg/badblocks ] || fail "null_blk has no badblocks attribute"
echo 1 >$cfg/memory_backed && echo 4096 >$cfg/blocksize && echo 512 >$cfg/size &&
	echo 1 >$cfg/power || fail "cannot configure null_blk device $cfg"
# named after the configfs directory or nullb<index>, by kernel version
dev=/dev/wtbad
[ -b $dev ] || dev=/dev/nullb$(cat $cfg/index)
[ -b $dev ] || fail "no block device for $cfg"
must mkfs.xfs -q -f -K $dev
mount_xfs $dev /mnt/nb
f=/mnt/nb/c
run wtfault mkfile -s 2m $f 4m O
run wtfault phys $f 2m 2m
set -- $(cat /tmp/run.out)
bad="$1-$2"
echo "bad blocks: sectors $bad"
exec 3<$f
run wtfault pw -b "echo +$bad >$cfg/badblocks" \
	"(c) 4 MiB over bad blocks in [2M,4M)" $f 0 4m N max:2m
r=$(ret)
rest="$r:$((4194304 - r))"
run wtfault expect -D $dev "(c) size, cached reread, bad blocks set" $f 4m 0:$r:N $rest:OnE
run wtfault expect -d -D $dev "(c) reread after drop_caches, bad blocks set" $f 4m \
	0:$r:N $rest:OnE
echo "-$bad" >$cfg/badblocks || fail "cannot clear the bad blocks"
run wtfault expect -d -D $dev "(c) reread after drop_caches, bad blocks cleared" $f 4m \
	0:$r:N $rest:On
run wtfault fsync "(c) first fsync after the error" 3 EIO
run wtfault fsync "(c) second fsync" 3 0
exec 3<&-
unmount /mnt/nb
mount_xfs $dev /mnt/nb
run wtfault expect -D $dev "(c) after remount" $f 4m 0:$r:N $rest:On
unmount /mnt/nb

fm=/sys/kernel/debug/fail_make_request
[ -d $fm ] || fail "no $fm"
must mkfs.xfs -q -f -K $dev
mount_xfs $dev /mnt/nb
f=/mnt/nb/d
run wtfault mkfile $f 256k O
exec 3<$f
echo 1 >$fm/interval && echo 1 >$fm/times && echo 1 >$fm/verbose &&
	echo 100 >$fm/probability || fail "cannot set up fail_make_request"
mif=/sys/block/$(basename "$(readlink -f $dev)")/make-it-fail
run wtfault pw -b "echo 1 >$mif" -a "echo 0 >$mif" \
	"(d) overwrite [0,64K), one failed bio" $f 0 64k N EIO
echo 0 >$fm/probability
run wtfault expect -D $dev "(d) size, cached reread" $f 256k 0:64k:On 64k:192k:O
run wtfault expect -d -D $dev "(d) reread after drop_caches" $f 256k 0:64k:On 64k:192k:O
run wtfault fsync "(d) first fsync after the error" 3 EIO
run wtfault fsync "(d) second fsync" 3 0
exec 3<&-
run wtfault pw "(d) write the failed range again" $f 0 64k L 64k
run wtfault expect -d "(d) the new write on disk" $f 256k 0:64k:L 64k:192k:O
unmount /mnt/nb
echo 0 >$cfg/power

[ $failed -eq 0 ] || fail "$failed check command(s) failed"
ok "write errors under write-through: direct I/O error policy"
