# First boot of an atomic power-cut cycle (tests/vm/atomic-powercut.sh):
# wtatomic loop on DEV, printing WT-CRASH-NOW after a seeded number of
# acknowledged writes (the host then kills QEMU with writes in flight).
# Args: DEV UNIT NUNITS SEED.
. /wt/guest-lib.sh
mount_xfs /dev/$1 /mnt/pc
k=$(( ($4 * 7919) % 400 + 100 ))
n=0
wtatomic loop /mnt/pc/units "$2" "$3" "$4" | while read -r line; do
	echo "$line"
	n=$((n + 1))
	[ $n -eq $k ] && echo WT-CRASH-NOW
done
fail "wtatomic loop stopped"
