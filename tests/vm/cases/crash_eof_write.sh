# First boot of the EOF crash test: extending, unaligned write-through
# writes with RWF_DSYNC (so the size is durable), then a kill.
. /wt/guest-lib.sh
echo 0 >/proc/sys/vm/dirty_writeback_centisecs
for d in vda vdb; do
	mount_xfs /dev/$d /mnt/$d
	must wtload -m wtdsync -s 1000 -o 123 -n 7 -T /mnt/$d/eof
	must wtload -m wt -s 777 -o 50 -n 3 -T /mnt/$d/eof-nosync
done
echo "WT-CRASH-NOW"
sleep 1000
