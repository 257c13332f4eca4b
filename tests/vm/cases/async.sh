# Asynchronous (aio, io_uring) write-through: io_submit() returns before the I/O
# completes; writes left in flight by an exiting process (aio, io_uring) or
# a closed ring; readers and
# writers to other ranges of the file not held up by write-through I/O;
# freeze waits for write-through I/O in flight and holds new writes;
# truncate and fallocate wait for it (inode_dio_wait); writes that extend
# the file are asynchronous too, and hold up neither readers nor a
# truncate's final size.  Args: DELAY_MS
# (default 100) for the slow device.  (Queue depths 1 to 64, every
# completion and byte checked: async_qd.sh, which has no timing check.)
. /wt/guest-lib.sh
delay=${1:-100}

nullb_slow wtasync "$delay"
must mkfs.xfs -q -f -K "$nullb_dev"
mount_xfs "$nullb_dev" /mnt/slow
run wtasync queued /mnt/slow/q "$delay"
run wtasync queued -d /mnt/slow/qd "$delay"
run wtasync exit /mnt/slow/exit 64 4k
run wturing teardown /mnt/slow/ring 64 4k
run wtasync overlap /mnt/slow/ov "$delay"
run wtasync freeze /mnt/slow/fr "$delay"
run wtasync drain /mnt/slow/dr "$delay"
run wtasync extend /mnt/slow/ext "$delay"
umount /mnt/slow || fail "umount of the slow device"
echo 0 >/sys/kernel/config/nullb/wtasync/power
rmdir /sys/kernel/config/nullb/wtasync

# readers of the file while a write-through writer runs, 18 ms device
nullb_slow wtread 18
must mkfs.xfs -q -f -K "$nullb_dev"
mount_xfs "$nullb_dev" /mnt/read
run wtasync readers /mnt/read/r 18
run wtasync readers -a /mnt/read/ra 18
umount /mnt/read || fail "umount of the 18 ms device"

[ $failed -eq 0 ] || fail "$failed check(s) failed"
ok "asynchronous write-through"
