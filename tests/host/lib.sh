# Shared by host-tier tests: need root, give an XFS loop mount.
need_root() {
	if [[ $(id -u) -ne 0 ]]; then echo "SKIP: needs root"; exit 77; fi
}
# mount_loop_xfs BLOCKSIZE: sets $mnt, unmounted and removed on exit.
mount_loop_xfs() {
	local bs=${1:-4096}
	work=$(mktemp -d /tmp/wt-host.XXXXXX)
	truncate -s 512M "$work/img"
	mkfs.xfs -q -f -b size="$bs" "$work/img" || { echo "mkfs.xfs failed"; exit 1; }
	mnt=$work/mnt
	mkdir -p "$mnt"
	mount -o loop "$work/img" "$mnt" || { echo "SKIP: cannot loop-mount XFS here"; rm -rf "$work"; exit 77; }
	trap 'umount "$mnt" 2>/dev/null; rm -rf "$work"' EXIT
}
