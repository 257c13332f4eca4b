# wtload's engines: every engine (sync, aio, io_uring) with every write
# style at queue depth 1 and 16 writes what it reports, checked on disk
# (-V: O_DIRECT reads of every write), on both block sizes.  The count of
# writes, "short 0" and the verification are asserted; no timing is.
# Args: [N] writes per run (default 256).
. /wt/guest-lib.sh
n=${1:-256}
mount_xfs /dev/vda /mnt/vda
mount_xfs /dev/vdb /mnt/vdb
runs=0
check() {	# check DIR ENGINE MODE QD SIZE
	out=$(wtload -e $2 -m $3 -q $4 -s $5 -n $n -T -V -r $runs $1/e.$2.$3 2>&1)
	rc=$?
	runs=$((runs + 1))
	echo "$out" | grep -q "^wtload: mode $3 writes $n size .* engine $2 qd $4 short 0\$" &&
		echo "$out" | grep -q "^wtload: verified $n writes" && [ $rc = 0 ] ||
		fail "wtload -e $2 -m $3 -q $4 -s $5 on $1 (exit $rc): $out"
	echo "$out" | sed -n "s#^wtload: mode \([a-z]*\) writes \([0-9]*\).*writes/s \([0-9]*\).*p50 \([0-9.]*\).*engine \([a-z_]*\) qd \([0-9]*\).*#  $1 $5 \5 qd \6 \1: \2 writes, \3 writes/s, p50 \4 us#p"
}
for e in sync aio io_uring; do
	deep=16
	[ $e = sync ] && deep=1
	for m in wt wtdsync direct directdsync buffered fdatasync dsync dontcache; do
		for q in 1 16; do
			[ $e = sync ] && [ $q != 1 ] && continue
			check /mnt/vda $e $m $q 4k
		done
	done
	for m in wt wtdsync direct buffered; do
		check /mnt/vdb $e $m $deep 64k
		# unaligned (not for O_DIRECT): partial 1 KiB blocks at both ends
		[ $m = direct ] || check /mnt/vdb $e $m 1 3000
	done
done
ok "$runs wtload runs: every engine and write style wrote and verified $n writes"
# A write the kernel refuses is named with its errno by every engine.
mkdir -p /mnt/tmpfs && mount -t tmpfs tmpfs /mnt/tmpfs
for e in sync aio io_uring; do
	q=4
	[ $e = sync ] && q=1
	out=$(wtload -e $e -q $q -m wt -n 8 /mnt/tmpfs/f 2>&1) && fail "$e: write-through on tmpfs succeeded: $out"
	echo "$out" | grep -q "at 0: EOPNOTSUPP (Operation not supported)" ||
		fail "$e on tmpfs: $out"
done
ok "tmpfs: every engine reports EOPNOTSUPP by name"
umount /mnt/vda
umount /mnt/vdb
