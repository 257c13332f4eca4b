# Second boot of the dsync-tail crash tests (args: MODE): after log
# recovery the file is 8292 bytes, [100, 8192) reads as zeros (the old
# EOF block's zeroed tail was made durable with the new size) and
# [8192, 8292) is the data.  For odsync, the control, stale bytes are
# expected: buffered O_DSYNC syncs only the written range.
. /wt/guest-lib.sh
mode=${1:-}
st=0
for d in vda vdb; do
	mount_xfs /dev/$d /mnt/$d
	wtprobe dsync-tail-check /mnt/$d/dsync-tail "$mode" || st=1
done
[ $st -eq 0 ] || exit 1
ok "dsync-tail ($mode) after the crash: as expected on 4 KiB and 1 KiB blocks"
