# Folios stay under writeback until the write-through I/O and its unwritten
# extent conversion are done (wtmmap readio): while the I/O of a 64 KiB
# write into a new file's unwritten extents is in flight, POSIX_FADV_DONTNEED must drop nothing
# and a read through a MAP_SHARED mapping (which takes no lock the writer
# holds) must see the write's data, not the zeroes of the unconverted
# extent; sync_file_range(WAIT_BEFORE|WRITE|WAIT_AFTER), which takes no
# inode lock either, must wait for that I/O.  XFS on a null_blk device that
# completes every I/O DELAY_MS late.  Args: DELAY_MS (default 200) ROUNDS
# (default 5).
. /wt/guest-lib.sh
delay=${1:-200}
rounds=${2:-5}
nullb_slow wtreadio "$delay"
must mkfs.xfs -q -f -K "$nullb_dev"
mount_xfs "$nullb_dev" /mnt/rio
wtmmap readio /mnt/rio "$rounds" "$delay"
rc=$?
[ $rc -ne 2 ] || fail "set-up failed"
[ $rc -eq 0 ] || fail "a read during the write-through I/O saw other data than the write's, or sync_file_range did not wait for it"
umount /mnt/rio || fail "umount /mnt/rio"
ok "during write-through I/O reads see the written data and sync_file_range waits for it"
