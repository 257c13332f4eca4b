# Asynchronous (aio, io_uring) write-through at queue depths 1 to 64, with
# and without RWF_DSYNC, on both block sizes: every completion whole and
# every byte read back (cached and O_DIRECT).  No timing check: it runs
# beside other VMs (async.sh has the timing checks).
. /wt/guest-lib.sh
for dev in vda vdb; do
	mount_xfs /dev/$dev /mnt/$dev
	for qd in 1 4 16 64; do
		run wtasync qd /mnt/$dev/qd$qd $qd 512 4k $qd
		run wtasync qd -d /mnt/$dev/qdd$qd $qd 128 64k $qd
	done
	run wtasync qd /mnt/$dev/big 8 16 1m 3
	# io_uring at QD 1-64, with and without RWF_DSYNC: every completion
	# whole (wtload fails on a short one), read back with O_DIRECT
	must wtload -m direct -s 64k -n 16 -T /mnt/$dev/ring >/dev/null
	for qd in 1 4 16 64; do
		for m in wt wtdsync; do
			run wtload -e io_uring -q $qd -m $m -s 4k -n 256 -r $qd -V /mnt/$dev/ring
		done
	done
	umount /mnt/$dev || fail "umount /mnt/$dev"
done
[ $failed -eq 0 ] || fail "$failed check(s) failed"
ok "asynchronous write-through at queue depths 1 to 64"
