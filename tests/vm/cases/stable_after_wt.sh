# Regression: once a file's write-through I/O has completed, buffered
# writes to its folios under writeback (the flusher's, sync_file_range's)
# must not wait for the device as stable pages; only write-through I/O in
# flight makes them wait.  XFS on a null_blk device that completes every
# I/O DELAY_MS late.  Args: DELAY_MS (default 100).
. /wt/guest-lib.sh
delay=${1:-100}
nullb_slow wtstable "$delay"
must mkfs.xfs -q -f -K "$nullb_dev"
mount_xfs "$nullb_dev" /mnt/slow
wtprobe stable-after-wt /mnt/slow "$delay"
