# Asynchronous write-through writes under wtsnoop and wtlat: an aio or
# io_uring write returns -EIOCBQUEUED and completes later in a worker; the
# tools must still see it as one write, at its completion (docs/tools.md,
# "Asynchronous writes").  For every run: wtsnoop prints exactly one line
# per write (the offsets wtload -v wrote, none twice), at its completion,
# ret the full length, total >= device; an async line has its submission
# time, at most its total; wtlat counts the writes, as many async writes
# and -EIOCBQUEUED returns as wtsnoop's async lines, the writes in the
# total, device, complete and other histograms and the async ones in
# async_submit; EAGAIN calls (io_uring's first, non-blocking try) apart;
# nothing missed (orphans, async orphans, stale states, failed inserts,
# recursion misses, unfinished queued writes all 0).
#
#   - vda, aio and io_uring at queue depth 16, N random 4 KiB overwrites
#     inside EOF of a pre-written file: most writes async (one whose I/O
#     ended before its call returned completes in the call: rare, allowed)
#   - vda, 512 KiB aio writes at queue depth 4 over 64 KiB extents (8
#     batches of each write in flight at once)
#   - a null_blk device that completes every I/O 50 ms late, aio and
#     io_uring, N writes each: all N async, every total at least 50 ms,
#     every submission under 25 ms
# Args: [N] writes per engine (default 64).
. /wt/guest-lib.sh
n=${1:-64}
ms=1000000

# start both tools on TAG, wait until they trace
trace_start() {
	wtsnoop -j >/tmp/snoop.$1.json 2>/tmp/snoop.$1.err & snoop=$!
	wtlat -j >/tmp/lat.$1.json 2>/tmp/lat.$1.err & lat=$!
	wait_for /tmp/snoop.$1.json '"type":"start"'
	wait_for /tmp/lat.$1.json '"type":"start"'
}

trace_stop() {
	kill -INT $snoop $lat
	wait $snoop || fail "wtsnoop ($1) failed: $(cat /tmp/snoop.$1.err)"
	wait $lat || fail "wtlat ($1) failed: $(cat /tmp/lat.$1.err)"
	cat /tmp/snoop.$1.err /tmp/lat.$1.err
}

# the write lines of inode INO in TAG's wtsnoop output, as
# "ret async submit_ns total_ns device_ns dio_submits", into /tmp/v.TAG;
# not the calls that returned EAGAIN (io_uring's first, non-blocking try
# may; it retries from a worker): those are printed, but are not writes
snoop_lines() {
	grep '"type":"write"' /tmp/snoop.$1.json | grep "\"ino\":$2," >/tmp/all.$1
	grep -v '"ret":-11,' /tmp/all.$1 >/tmp/w.$1
	nea=$(grep -c '"ret":-11,' /tmp/all.$1)
	v=$(lat_cnt $1 eagain)
	[ "$v" = "$nea" ] || fail "$1: wtlat counted ${v:-no} EAGAIN calls, wtsnoop printed $nea"
	echo "$1: $nea EAGAIN call(s), retried; wtlat counted them apart"
	sed -n 's/.*"ret":\([0-9-]*\),.*"dio_submits":\([0-9]*\),.*"async":\([a-z]*\),"submit_ns":\([0-9a-z]*\),"stage_ns":{"total":\([0-9]*\),.*"device":\([0-9]*\),.*/\1 \3 \4 \5 \6 \2/p' \
		/tmp/w.$1 >/tmp/v.$1
	head -n 1 /tmp/w.$1 | cut -c1-600
}

# the first value of counter/field NAME in TAG's wtlat records
lat_cnt() { grep -o "\"$2\":[0-9]*" /tmp/lat.$1.json | head -n1 | sed 's/.*://'; }
# the count of histogram NAME in TAG's interval record
lat_hist() { grep '"type":"interval"' /tmp/lat.$1.json | grep -o "\"$2\":{\"count\":[0-9]*" | head -n1 | sed 's/.*://'; }

# every write one line: no line twice, the offsets wtload -v wrote (in
# /tmp/load.TAG), N lines
check_writes() { # TAG N
	dup=$(sort /tmp/w.$1 | uniq -d | grep -c .)
	[ "$dup" = 0 ] || { sort /tmp/w.$1 | uniq -d | head -n 2 | cut -c1-300; fail "$1: $dup wtsnoop line(s) printed twice"; }
	l=$(grep -c . /tmp/w.$1)
	[ "$l" = "$2" ] || fail "$1: wtsnoop printed $l lines for the file, want $2"
	sed -n 's/^write [0-9]* offset \([0-9]*\) .*/\1/p' /tmp/load.$1 | sort -n >/tmp/lo.$1
	sed -n 's/.*"offset":\([0-9]*\),.*/\1/p' /tmp/w.$1 | sort -n >/tmp/so.$1
	[ "$(grep -c . /tmp/lo.$1)" = "$2" ] || fail "$1: wtload -v listed $(grep -c . /tmp/lo.$1) writes"
	cmp -s /tmp/lo.$1 /tmp/so.$1 || { diff /tmp/lo.$1 /tmp/so.$1 | head; fail "$1: wtsnoop's offsets are not wtload's"; }
}

# the lines of /tmp/v.TAG: ret RET, total >= device, submit <= total for
# the async ones; prints how many are async into $async
check_lines() { # TAG RET
	b=$(grep -vc "\"ret\":$2," /tmp/w.$1)
	[ "$b" = 0 ] || fail "$1: $b wtsnoop line(s) with a ret other than $2: $(grep -v "\"ret\":$2," /tmp/w.$1 |
		head -n1 | grep -o '"ret":[-0-9]*,\("err":"[A-Z]*",\)*')"
	[ "$(grep -c . /tmp/v.$1)" = "$(grep -c . /tmp/w.$1)" ] ||
		fail "$1: cannot read the wtsnoop lines: $(head -n1 /tmp/w.$1)"
	async=$(grep -c '"async":true' /tmp/w.$1)
	awk -v ret="$2" -v tag="$1" '{
		if ($1 != ret) { print tag ": ret " $1 ", want " ret; bad++ }
		if ($4 < $5) { print tag ": total " $4 " ns < device " $5 " ns"; bad++ }
		if ($2 == "true") {
			if ($3 > $4) { print tag ": submit " $3 " ns > total " $4 " ns"; bad++ }
			n++; s += $3
		} else if ($3 != "null") { print tag ": a write completed in its call has submit_ns " $3; bad++ }
		t += $4; d += $5; b += $6
	} END {
		printf "%s: %d lines, %d async (mean submit %.1f us), %d completed in their call;" \
			" mean device %.1f us, total %.1f us, %.1f batches\n",
			tag, NR, n, n ? s / n / 1e3 : 0, NR - n, d / NR / 1e3, t / NR / 1e3, b / NR
		exit bad > 0
	}' /tmp/v.$1 || fail "$1: wtsnoop lines are not what they should be"
}

# wtlat: N writes, ASYNC of them async, all in the histograms; nothing missed
check_lat() { # TAG N ASYNC
	v=$(lat_cnt $1 writes)
	[ "$v" = "$2" ] || fail "$1: wtlat writes is ${v:-absent}, want $2"
	for c in async_writes async_queued; do
		v=$(lat_cnt $1 $c)
		[ "$v" = "$3" ] || fail "$1: wtlat $c is ${v:-absent}, want $3 (wtsnoop's async lines)"
	done
	for c in errors orphan_events async_orphans stale_writes insert_failures recursion_misses \
		 async_unfinished; do
		v=$(lat_cnt $1 $c)
		[ "$v" = 0 ] || fail "$1: wtlat $c is ${v:-absent}, want 0"
	done
	for h in total device complete other; do
		v=$(lat_hist $1 $h)
		[ "$v" = "$2" ] || fail "$1: wtlat histogram $h holds ${v:-no} writes, want $2"
	done
	v=$(lat_hist $1 async_submit)
	[ "$v" = "$3" ] || fail "$1: wtlat histogram async_submit holds ${v:-no} writes, want $3"
	grep -q '"async_unfinished":0' /tmp/snoop.$1.json ||
		fail "$1: wtsnoop summary: $(tail -n1 /tmp/snoop.$1.json)"
}

# run TAG FILE RET WTLOAD-ARGS...: traced, all checks but how many are async
traced() {
	tag=$1 file=$2 ret=$3
	shift 3
	trace_start $tag
	wtload -v "$@" "$file" >/tmp/load.$tag || fail "$tag: wtload $*: $(tail -n 2 /tmp/load.$tag)"
	grep '^wtload:' /tmp/load.$tag
	trace_stop $tag
	snoop_lines $tag "$(stat -c %i "$file")"
	nw=$(grep -c '^write ' /tmp/load.$tag)
	check_writes $tag $nw
	check_lines $tag $ret
	check_lat $tag $nw $async
}

mount_xfs /dev/vda /mnt/vda
for e in aio io_uring; do
	f=/mnt/vda/async.$e
	# written first, so that the traced overwrites stay inside EOF (an
	# asynchronous write that moves the size completes in its call)
	must wtload -m wt -s 4k -n "$n" -T "$f" >/dev/null
	traced $e "$f" 4096 -e $e -q 16 -m wt -s 4k -n "$n" -P rand -S $((n * 4096))
	# a write whose I/O all ended before its call returned completes in
	# the call (the kernel returns its bytes, not -EIOCBQUEUED): rare
	# here, but it happens (an io_uring worker preempted after submitting)
	[ "$async" -ge $((n / 2)) ] || fail "$e: only $async of $n writes were asynchronous"
	ok "$e qd 16 on vda: $n writes, one wtsnoop line each at its completion ($async async); wtlat agrees, nothing missed"
done

# Several batches of one write in flight at once: a batch is the folios
# of one mapping, so a file of 64 KiB extents (written interleaved with
# another file's) gives a 512 KiB write 8 batches
f=/mnt/vda/async.big
i=0
while [ $i -lt 32 ]; do
	must wtload -m direct -s 64k -n 1 -o $((i * 65536)) "$f" >/dev/null
	must wtload -m direct -s 64k -n 1 -o $((i * 65536)) /mnt/vda/async.other >/dev/null
	i=$((i + 1))
done
traced big "$f" 524288 -e aio -q 4 -m wt -s 512k -n 4
awk '$6 < 2 { print "big: a write of " $6 " batch(es)"; bad++ } END { exit bad > 0 }' /tmp/v.big ||
	fail "big: the file's extents were merged: $(xfs_io -c bmap "$f" 2>&1 | head -n 5)"
ok "aio qd 4, 512 KiB writes of 8 batches: 4 lines ($async async), total >= device"
umount /mnt/vda

# A device 50 ms late: every write is asynchronous, and the caller gets
# control back long before the write completes
nullb_slow wtasync50 50
must mkfs.xfs -q -f -K "$nullb_dev"
mount_xfs "$nullb_dev" /mnt/slow
for e in aio io_uring; do
	f=/mnt/slow/f.$e
	must wtload -m buffered -s 4k -n "$n" -T "$f" >/dev/null
	sync
	traced slow.$e "$f" 4096 -e $e -q 16 -m wt -s 4k -n "$n"
	[ "$async" = "$n" ] || fail "slow.$e: $async of $n writes were asynchronous"
	awk -v ms=$ms -v tag=slow.$e '{
		if ($4 < 50 * ms) { print tag ": total " $4 " ns, below the 50 ms device delay"; bad++ }
		if ($3 >= 25 * ms) { print tag ": submit " $3 " ns, not under 25 ms"; bad++ }
		if (NR == 1 || $3 > smax) smax = $3
		if (NR == 1 || $4 < tmin) tmin = $4
	} END {
		printf "%s: longest submit %.2f ms, shortest total %.2f ms\n", tag, smax / ms, tmin / ms
		exit bad > 0
	}' /tmp/v.slow.$e || fail "slow.$e: submit/total do not separate"
	ok "$e qd 16 on a 50 ms device: $n async writes; every total >= 50 ms, every submit < 25 ms; wtlat: $n writes, $n async"
done
umount /mnt/slow
