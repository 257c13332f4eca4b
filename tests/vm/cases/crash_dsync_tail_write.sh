# First boot of the dsync-tail crash tests (args: MODE = wt, fdatasync,
# odsync): on both block sizes, 8 KiB fsynced, truncated to 100, then 100
# bytes written at 8192 durably by MODE; then the power is cut (no sync,
# no unmount, no flusher).  crash_dsync_tail_check looks at what survived.
. /wt/guest-lib.sh
mode=${1:-}
case $mode in
wt | fdatasync | odsync) ;;
*) fail "mode must be wt, fdatasync or odsync, not '$mode'" ;;
esac
echo 0 >/proc/sys/vm/dirty_writeback_centisecs
for d in vda vdb; do
	mount_xfs /dev/$d /mnt/$d
	must wtprobe dsync-tail-write /mnt/$d/dsync-tail "$mode"
done
echo "WT-CRASH-NOW"
sleep 1000
