# Regression: RWF_WRITETHROUGH | RWF_NOWAIT never waits for I/O: EAGAIN at
# once, with nothing of the write visible, for (a) a reflinked file (the
# buffered fallback would wait for writeback), (b) a folio under writeback,
# (c) a folio under another thread's write-through.  XFS (reflink) on a
# null_blk device that completes every I/O DELAY_MS late.  Args: DELAY_MS
# (default 200).
. /wt/guest-lib.sh
delay=${1:-200}
nullb_slow wtnowait "$delay"
must mkfs.xfs -q -f -K -m reflink=1 "$nullb_dev"
# lazytime: without it a NOWAIT write refuses any timestamp update with
# EAGAIN before it gets anywhere near the paths under test
mount_xfs "$nullb_dev" /mnt/slow lazytime
wtprobe nowait /mnt/slow "$delay"
