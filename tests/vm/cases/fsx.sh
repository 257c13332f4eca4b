# wtfsx on XFS: ARGS = ops seed [disk [wtfsx options...]] (vda: 4 KiB
# blocks, vdb: 1 KiB; default both, no options).
. /wt/guest-lib.sh
ops=${1:-100000}
seed=${2:-1}
disks=${3:-vda vdb}
shift 3 2>/dev/null || shift $#
for d in $disks; do
	mount_xfs /dev/$d /mnt/$d
	t0=$(date +%s)
	wtfsx -q -N "$ops" -S "$seed" "$@" /mnt/$d/fsx || fail "wtfsx on /dev/$d"
	echo "fsx: /dev/$d ($(stat -f -c %S /mnt/$d)-byte blocks) $ops ops seed $seed $* in $(($(date +%s) - t0)) s"
	umount /mnt/$d
	mount_xfs /dev/$d /mnt/$d
	umount /mnt/$d
done
