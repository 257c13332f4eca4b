# RWF_DSYNC write-through: a pure overwrite of written blocks goes out with
# FUA and needs no cache flush; a write that leaves metadata to log
# (unwritten conversion, a size change) is followed by the log force and a
# flush, also when it completes asynchronously (aio, io_uring) and when it
# only moves the size within a written block.  A memory-backed null_blk
# device with a volatile write cache and FUA; flushes are counted in
# /sys/block/DEV/stat, FUA bios in the iomap_wt_bio_submit events.
. /wt/guest-lib.sh
cfg=/sys/kernel/config/nullb/wtfua
[ -d /sys/kernel/config/nullb ] || skip "no null_blk configfs"
mkdir $cfg || fail "cannot create $cfg"
for a in memory_backed cache_size fua; do
	[ -e $cfg/$a ] || skip "null_blk has no '$a' attribute"
done
echo 1 >$cfg/memory_backed && echo 64 >$cfg/cache_size && echo 1 >$cfg/fua &&
	echo 512 >$cfg/size && echo 1 >$cfg/power || fail "cannot configure $cfg"
dev=wtfua
[ -b /dev/$dev ] || dev=nullb$(cat $cfg/index)
[ -b /dev/$dev ] || fail "no block device for $cfg"
[ "$(cat /sys/block/$dev/queue/write_cache)" = "write back" ] ||
	fail "$dev has no volatile write cache ($(cat /sys/block/$dev/queue/write_cache))"
must mkfs.xfs -q -f -K /dev/$dev
mount_xfs /dev/$dev /mnt/fua
T=/sys/kernel/tracing
[ -d $T/events ] || mount -t tracefs none $T
flushes() { awk '{ print $16 }' /sys/block/$dev/stat; }
# fua_bios CMD...: run CMD with iomap_wt_bio_submit traced; print
# "BIOS FUA FLUSHES": write-through bios, those with REQ_FUA, device flushes
fua_bios() {
	echo >$T/trace
	echo 1 >$T/events/iomap/iomap_wt_bio_submit/enable
	f0=$(flushes)
	"$@" >/tmp/cmd.out || { cat /tmp/cmd.out; fail "command failed: $*"; }
	f1=$(flushes)
	echo 0 >$T/events/iomap/iomap_wt_bio_submit/enable
	# REQ_FUA is bit 17 of the bio's opf
	n=0 u=0
	for opf in $(sed -n 's/.*iomap_wt_bio_submit:.* opf \(0x[0-9a-f]*\).*/\1/p' $T/trace); do
		n=$((n + 1))
		[ $(((opf >> 17) & 1)) -eq 0 ] || u=$((u + 1))
	done
	echo "$n $u $((f1 - f0))"
}
failed=0
check() { # LABEL "BIOS FUA FLUSHES" CONDITION on $b (bios), $u (FUA), $fl (flushes)
	set -- "$1" $2 "$3"
	b=$2 u=$3 fl=$4
	if eval "$5"; then
		echo "ok: $1: $b bios, $u with FUA, $fl device flushes"
	else
		echo "FAIL: $1: $b bios, $u with FUA, $fl device flushes (want $5)"
		failed=$((failed + 1))
	fi
}

f=/mnt/fua/written
must wtload -m wt -s 1m -n 4 -T $f >/dev/null
sync
r=$(fua_bios wtload -m wtdsync -s 4k -n 200 -P rand -S 4m $f)
check "200 RWF_DSYNC overwrites of written blocks" "$r" '[ $b -ge 200 ] && [ $u -eq $b ] && [ $fl -le 5 ]'
r=$(fua_bios wtload -m wtdsync -s 64k -n 50 -P rand -S 4m $f)
check "50 RWF_DSYNC 64 KiB overwrites of written blocks" "$r" '[ $b -ge 50 ] && [ $u -eq $b ] && [ $fl -le 5 ]'
r=$(fua_bios wtload -m wtdsync -e aio -q 16 -s 4k -n 200 -P rand -S 4m $f)
check "200 aio RWF_DSYNC overwrites at QD 16" "$r" '[ $b -ge 200 ] && [ $u -eq $b ] && [ $fl -le 5 ]'
r=$(fua_bios wtload -m wt -s 4k -n 100 -P rand -S 4m $f)
check "100 plain overwrites (no RWF_DSYNC)" "$r" '[ $b -ge 100 ] && [ $u -eq 0 ]'

# metadata to log: the log force and a cache flush, no FUA needed
g=/mnt/fua/unwritten
must xfs_io -f -c "falloc 0 4m" $g
sync
r=$(fua_bios wtload -m wtdsync -s 4k -n 50 -P seq $g)
check "50 RWF_DSYNC writes into unwritten extents" "$r" '[ $b -ge 50 ] && [ $fl -ge 50 ]'
# inside EOF: these complete in a worker, which must still sync each write
r=$(fua_bios wtload -m wtdsync -e aio -q 1 -s 4k -n 50 -P seq -o 1m $g)
check "50 aio RWF_DSYNC writes into unwritten extents" "$r" '[ $b -ge 50 ] && [ $fl -ge 50 ]'
r=$(fua_bios wtload -m wtdsync -e io_uring -q 1 -s 4k -n 50 -P seq -o 2m $g)
check "50 io_uring RWF_DSYNC writes into unwritten extents" "$r" '[ $b -ge 50 ] && [ $fl -ge 50 ]'
h=/mnt/fua/append
r=$(fua_bios wtload -m wtdsync -s 4k -n 50 -P seq -T $h)
check "50 RWF_DSYNC appending writes" "$r" '[ $b -ge 50 ] && [ $fl -ge 50 ]'
# 1000-byte appends: three in four only move the size within a block the
# first one allocated (a written mapping, but a size to log)
k=/mnt/fua/small
r=$(fua_bios wtload -m wtdsync -s 1000 -n 100 -P seq -T $k)
check "100 RWF_DSYNC 1000-byte appends" "$r" '[ $b -ge 100 ] && [ $fl -ge 100 ]'
umount /mnt/fua || fail "umount"
[ $failed -eq 0 ] || fail "$failed check(s) failed"
ok "RWF_DSYNC write-through: FUA for pure overwrites, log force and flush otherwise"
