# First boot of the crash test: fsynced old data (seed 1), then overwrite it
# with seed 2 using MODE (wt or buffered) and ask the host to kill QEMU with
# no sync of any kind.  Periodic writeback is off so nothing else flushes.
. /wt/guest-lib.sh
mode=${1:-wt}
echo 0 >/proc/sys/vm/dirty_writeback_centisecs
echo 360000 >/proc/sys/vm/dirty_expire_centisecs
mount_xfs /dev/vda /mnt/vda
must wtload -m fdatasync -s 64k -n 16 -r 1 -T /mnt/vda/f
sync
must wtload -m "$mode" -s 64k -n 16 -r 2 /mnt/vda/f
echo "overwrote 1 MiB with $mode writes; killing the VM now"
echo "WT-CRASH-NOW"
sleep 1000
