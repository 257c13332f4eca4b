# wtfsx on XFS with 4 KiB and 1 KiB blocks: ARGS = ops seed.
. /wt/guest-lib.sh
ops=${1:-100000}
seed=${2:-1}
for d in vda vdb; do
	mount_xfs /dev/$d /mnt/$d
	t0=$(date +%s)
	wtfsx -q -N "$ops" -S "$seed" /mnt/$d/fsx || fail "wtfsx on /dev/$d"
	echo "fsx: /dev/$d ($(stat -f -c %S /mnt/$d)-byte blocks) $ops ops seed $seed in $(($(date +%s) - t0)) s"
	umount /mnt/$d
	mount_xfs /dev/$d /mnt/$d
	umount /mnt/$d
done
