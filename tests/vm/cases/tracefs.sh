# Every write-through tracepoint is in tracefs with the iomap format
# (dev first, hex offsets), fires for one write-through write, and in the
# order the tools' stages rely on: submit, the first bio, io_end, the file
# system's completion (xfs_end_io_writethrough), the folios' writeback end,
# submit_done, complete; and the range is not mapped a second time.  The
# iomap_writethrough_stages event gives the write's stages once, after it.  The
# same order for an aio write inside EOF, which completes in a worker: the
# folios' writeback must not end, nor the aio complete, before ->end_io.
. /wt/guest-lib.sh
T=/sys/kernel/tracing
mount_xfs /dev/vda /mnt/vda
must wtload -m wt -s 4k -n 1 -T /mnt/vda/f     # blocks allocated
echo 0 >$T/tracing_on
echo >$T/trace
echo global >$T/trace_clock    # io_end may fire on another CPU: one clock for the order
for e in iomap_writethrough_begin iomap_writethrough_complete iomap_iter_begin \
	 iomap_iter_begin_done iomap_wt_folio_get iomap_wt_folio_locked \
	 iomap_wt_folio_copied iomap_wt_folio_start_writeback iomap_wt_submit \
	 iomap_wt_bio_submit iomap_wt_submit_done iomap_wt_io_end \
	 iomap_wt_folio_end_writeback \
	 iomap_wt_wait_writeback_start iomap_wt_wait_writeback_end iomap_writethrough_stages; do
	[ -f $T/events/iomap/$e/format ] || fail "no tracepoint iomap:$e"
	echo 1 >$T/events/iomap/$e/enable
done
[ -f $T/events/xfs/xfs_end_io_writethrough/format ] || fail "no tracepoint xfs:xfs_end_io_writethrough"
echo 1 >$T/events/xfs/xfs_end_io_writethrough/enable
echo 1 >$T/tracing_on
must wtload -m wt -s 6000 -o 1000 -n 1 -T /mnt/vda/g
echo 0 >$T/tracing_on
cat $T/trace | grep -v '^#' | tee /tmp/t
for e in iomap_writethrough_begin iomap_writethrough_complete iomap_iter_begin \
	 iomap_iter_begin_done iomap_wt_folio_get iomap_wt_folio_locked \
	 iomap_wt_folio_copied iomap_wt_folio_start_writeback iomap_wt_submit \
	 iomap_wt_bio_submit iomap_wt_submit_done iomap_wt_io_end \
	 iomap_wt_folio_end_writeback; do
	grep -q " $e: dev [0-9]*:[0-9]* ino 0x" /tmp/t || fail "iomap:$e did not fire or has the wrong format"
done
# (a kernel without FS_DAX prints DAX for every flag set: IOMAP_DAX is 0)
# (the caller is the write-through entry, or its body __iomap_...)
grep " iomap_iter_begin: " /tmp/t | grep "flags WRITE|.*WRITETHROUGH (0x801) " |
	grep -q "caller _*iomap_file_writethrough_write" || fail "call #1 flags"
# the bios are built from call #1's mapping: no second lookup while it is valid
! grep " iomap_iter_begin: " /tmp/t | grep -q "flags WRITE|DIRECT|.*WRITETHROUGH" || fail "the range was mapped a second time (call #2)"
grep -q "iomap_writethrough_begin: .* offset 0x3e8 count 6000" /tmp/t || fail "begin offset/count"
grep -q "iomap_wt_submit: .* pos 0x0 len 0x2000 orig 0x3e8/0x1770 vecs 2" /tmp/t || fail "submit range"
grep -q "iomap_writethrough_complete: .* offset 0x3e8 ret 6000 .* path writethrough" /tmp/t || fail "complete offset/ret/path"
grep -q "iomap_wt_bio_submit: .* pos 0x0 len 0x2000 opf 0x" /tmp/t || fail "bio range"
# the write's stage times in one event: its two folios, one I/O of one bio,
# stages that add up to no more than the total, after the whole call
st=$(grep " iomap_writethrough_stages: " /tmp/t)
[ "$(echo "$st" | grep -c .)" = 1 ] || fail "not one iomap_writethrough_stages event: $st"
echo "$st" | grep -q "offset 0x3e8 count 6000 ret 6000 path writethrough flags  pid [0-9]* total [1-9][0-9]* begin1 [1-9][0-9]* lock [1-9][0-9]* wbwait 0 copy [1-9][0-9]* begin2 0 device [1-9][0-9]* complete [1-9][0-9]* submit 0 folios 2 ios 1 bios 1$" ||
	fail "iomap_writethrough_stages: $st"
echo "$st" | awk '{ for (i = 1; i < NF; i++) v[$i] = $(i + 1)
	exit !(v["begin1"] + v["lock"] + v["copy"] + v["device"] + v["complete"] <= v["total"]) }' ||
	fail "iomap_writethrough_stages: the stages add up to more than the total: $st"
[ "$(grep -n " iomap_writethrough_stages: " /tmp/t | cut -d: -f1)" -gt \
  "$(grep -n " iomap_writethrough_complete: " /tmp/t | head -n1 | cut -d: -f1)" ] ||
	fail "iomap_writethrough_stages before the call's end"
# line of the first EVENT whose text matches PATTERN
at() { grep -n " $1: .*$2" /tmp/t | head -n1 | cut -d: -f1; }
# in_order WHAT [PATTERN]: the stages of one write, in /tmp/t, in this
# order; PATTERN picks its complete event (an aio write queued in the
# file system has two: -EIOCBQUEUED at submission, then its result)
in_order() {
	prev=0
	for e in "iomap_writethrough_begin:" "iomap_wt_submit:" \
		 "iomap_wt_bio_submit:" "iomap_wt_io_end:" "xfs_end_io_writethrough:" \
		 "iomap_wt_folio_end_writeback:" "iomap_wt_submit_done:" \
		 "iomap_writethrough_complete:${2:-}"; do
		l=$(at "${e%%:*}" "${e#*:}")
		[ -n "$l" ] && [ "$l" -gt "$prev" ] ||
			fail "$1: ${e%%:*} ${e#*:} out of order (line $l after $prev)"
		prev=$l
	done
}
in_order "write-through write"

# an aio write inside EOF: returns at submission (-EIOCBQUEUED), completes
# in a worker; on a device 20 ms late, so that its I/O cannot complete
# before the submission returns
nullb_slow wttrace 20
must mkfs.xfs -q -f -K "$nullb_dev"
mount_xfs "$nullb_dev" /mnt/slow
must wtload -m wt -s 8k -n 1 -T /mnt/slow/a
echo >$T/trace
echo 1 >$T/tracing_on
must wtload -m wt -e aio -q 1 -s 4k -n 1 /mnt/slow/a
echo 0 >$T/tracing_on
cat $T/trace | grep -v '^#' | tee /tmp/t
grep -q "iomap_writethrough_complete: .* offset 0x0 ret -529 .* aio 1 " /tmp/t ||
	fail "aio: no -EIOCBQUEUED return at submission"
grep -q "iomap_writethrough_complete: .* offset 0x0 ret 4096 .* aio 1 path writethrough" /tmp/t ||
	fail "aio: complete offset/ret/path"
in_order "aio write-through write" " ret 4096 "
umount /mnt/slow || fail "umount /mnt/slow"
ok "all write-through tracepoints fire with the iomap format, in order (sync and aio)"
