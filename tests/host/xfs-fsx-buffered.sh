#!/usr/bin/env bash
# wtfsx's shadow model against the machine's own kernel: every operation but
# write-through (which this kernel lacks), on XFS with 4k and 1k blocks.  A
# model bug would show here as a miscompare on a kernel we trust.
set -u
. "$(dirname "$0")/lib.sh"
need_root
for bs in 4096 1024; do
	mount_loop_xfs $bs
	"$1/wtfsx" -q -N 30000 -S 11 -x wt_write -x aio_wt -x atomic_wt "$mnt/fsx" || exit 1
	umount "$mnt"; rm -rf "$work"; trap - EXIT
done
