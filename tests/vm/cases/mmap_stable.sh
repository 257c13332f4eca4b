# Stable pages under write-through: a thread that stores into a MAP_SHARED
# page without a pause must not change it while the write-through I/O of
# that page is in flight (wtmmap stable: the page's blocks are read from the
# device after each write returns).  XFS on a memory-backed null_blk device
# under dm-delay, which holds every write DELAY_MS before the device copies
# the page: null_blk copies at submission, so a completion delay would not
# widen the window in which a missing write-protect shows.  No periodic
# writeback meanwhile: it would write later mmap data.  Both block sizes.
# Args: ITERS (default 200) DELAY_MS (default 60, >= 50 for dm-delay's
# timer mode).
. /wt/guest-lib.sh
export DM_DISABLE_UDEV=1
iters=${1:-200}
delay=${2:-60}
nullb_slow wtmmap 0 512
sectors=$(cat /sys/block/${nullb_dev#/dev/}/size)
wb=$(cat /proc/sys/vm/dirty_writeback_centisecs)
echo 0 >/proc/sys/vm/dirty_writeback_centisecs
failed=0
for bs in 4096 1024; do
	must mkfs.xfs -q -f -K -b size=$bs "$nullb_dev"
	must dmsetup create wtmmapd --table \
		"0 $sectors delay $nullb_dev 0 0 $nullb_dev 0 $delay"
	mount_xfs /dev/mapper/wtmmapd /mnt/st
	wtmmap stable /mnt/st/f "$nullb_dev" "$iters" "$delay"
	rc=$?
	[ $rc -ne 2 ] || fail "set-up failed ($bs-byte blocks)"
	[ $rc -eq 0 ] || failed=$((failed + 1))
	umount /mnt/st || fail "umount /mnt/st"
	must dmsetup remove wtmmapd
done
echo "$wb" >/proc/sys/vm/dirty_writeback_centisecs
[ $failed -eq 0 ] || fail "mmap data stored during the write-through I/O reached the disk ($failed of 2 block sizes)"
ok "no mmap store reached the disk during write-through I/O (4096- and 1024-byte blocks, $iters writes each)"
