# The two ways the tools time a write agree: the kernel's one event per
# write (iomap_writethrough_stages, the default where the kernel has it)
# and the thirteen per-stage events (--stage-events, what older series
# states offer).  Two wtlat runs, one in each mode, watch the same writes
# at once: synchronous 4 KiB overwrites, extending 64 KiB writes, 64 KiB
# overwrites of 16 folios, aio at queue depth 8 (also of one block), io_uring at queue depth 4 (whose NOWAIT
# attempts come back EAGAIN), 1 KiB writes inside a block (read-modify-
# write), writes into a reflinked file (the buffered fallback) and a
# RWF_NOWAIT one that gets EAGAIN.  Asserted: every counter is the same
# in both (writes, bytes, errors, fallback, EAGAIN, async and queued,
# ->iomap_begin calls #1 and #2, submits, bios, folios, atomic), every
# stage histogram has the same count, nothing missed in either; the
# stage event's mode runs one program per write, the other at least
# eleven; wtsnoop in the default mode prints each write once, its stages
# (other included) adding up to its total.
. /wt/guest-lib.sh
mount_xfs /dev/vda /mnt/vda
must wtload -m fdatasync -s 64k -n 4 -r 1 -T /mnt/vda/src
must wtcheck clone /mnt/vda/src /mnt/vda/clone
bench_file /mnt/vda/over 256
# 4 KiB folios, for writes of several folios
must wtload -m fdatasync -s 4k -n 64 -T /mnt/vda/small
wtlat -j -v >/tmp/one.json 2>/tmp/one.err & one=$!
wtlat -j -v --stage-events >/tmp/per.json 2>/tmp/per.err & per=$!
wtsnoop -j >/tmp/snoop.json 2>/tmp/snoop.err & snoop=$!
wait_for /tmp/one.json '"type":"start"'
wait_for /tmp/per.json '"type":"start"'
wait_for /tmp/snoop.json '"type":"start"'
grep -q '"events":"stages"' /tmp/one.json || fail "wtlat: not the stages event: $(head -c 800 /tmp/one.json)"
grep -q '"events":"per-stage"' /tmp/per.json || fail "wtlat --stage-events: $(head -c 800 /tmp/per.json)"
grep -q '"events":"stages"' /tmp/snoop.json || fail "wtsnoop: not the stages event"
must wtload -m wt -s 4k -P rand -S $((256 * 4096)) -n 200 -r 3 /mnt/vda/over
must wtload -m wt -s 64k -n 12 -T /mnt/vda/ext
must wtload -m wt -s 64k -n 4 /mnt/vda/small
must wtload -m wt -e aio -q 8 -s 4k -P rand -S $((256 * 4096)) -n 120 -r 4 /mnt/vda/over
# the same block 8 at a time: each waits for the I/O of the last
must wtload -m wt -e aio -q 8 -s 4k -P same -n 40 /mnt/vda/over
must wtload -m wt -e io_uring -q 4 -s 128k -n 24 -T /mnt/vda/ring
must wtload -m wt -s 1k -o 512 -n 16 /mnt/vda/over
must wtload -m wt -s 64k -n 4 -r 2 /mnt/vda/clone
r=$(wtcheck pwrite /mnt/vda/clone 0 4096 208)
[ "$r" = "errno EAGAIN" ] || fail "NOWAIT write-through into a reflinked file: $r, want EAGAIN"
sleep 1
kill -INT $one $per $snoop
wait $one || fail "wtlat exited non-zero: $(cat /tmp/one.err)"
wait $per || fail "wtlat --stage-events exited non-zero: $(cat /tmp/per.err)"
wait $snoop || fail "wtsnoop exited non-zero: $(cat /tmp/snoop.err)"
c1=$(grep '"type":"end"' /tmp/one.json | grep -o '"counters":{[^}]*}')
c2=$(grep '"type":"end"' /tmp/per.json | grep -o '"counters":{[^}]*}')
echo "stages event: $c1"
echo "per-stage:    $c2"
val() { echo "$1" | grep -o "\"$2\":[0-9]*" | cut -d: -f2; }
for k in writes errors bytes fallback fallback_errors fallback_bytes eagain iomap_begin_calls \
	iomap_begin_1 iomap_begin_2 dio_submits bios folios async_writes async_queued \
	atomic_writes atomic_hw atomic_sw; do
	a=$(val "$c1" $k) b=$(val "$c2" $k)
	[ -n "$a" ] && [ "$a" = "$b" ] || fail "counter $k: $a from the stages event, $b from the per-stage events"
done
w=$(val "$c1" writes)
[ "$w" = $((200 + 12 + 4 + 120 + 40 + 24 + 16)) ] || fail "$w write-through writes, want 416"
[ "$(val "$c1" fallback)" = 4 ] && [ "$(val "$c1" eagain)" -ge 1 ] || fail "fallback or EAGAIN not counted: $c1"
[ "$(val "$c1" async_queued)" -ge 1 ] || fail "no aio or io_uring write queued: $c1"
[ "$(val "$c1" folios)" -gt "$w" ] || fail "no write of several folios: $c1"
for c in "$c1" "$c2"; do
	for k in orphan_events stale_writes insert_failures lost_events recursion_misses async_orphans; do
		[ "$(val "$c" $k)" = 0 ] || fail "$k not 0: $c"
	done
done
# each stage's count (the interval holds the whole run: no INTERVAL given)
counts() { grep '"type":"interval"' "$1" | grep -o '"[a-z0-9_]*":{"count":[0-9]*' | tr -d '"{' | tr '\n' ' '; }
s1=$(counts /tmp/one.json) s2=$(counts /tmp/per.json)
echo "stage counts, stages event: $s1"
echo "stage counts, per-stage:    $s2"
[ "$s1" = "$s2" ] || fail "the stage counts differ"
# program runs: one per write and EAGAIN call in the stages event's mode
r1=$(grep '"type":"interval"' /tmp/one.json | grep -o '"run_cnt":[0-9]*' | cut -d: -f2)
r2=$(grep '"type":"interval"' /tmp/per.json | grep -o '"run_cnt":[0-9]*' | cut -d: -f2)
calls=$((w + $(val "$c1" fallback) + $(val "$c1" eagain)))
echo "program runs: $r1 with the stages event, $r2 with the per-stage events, for $calls calls"
[ "$r1" = "$calls" ] || fail "$r1 program runs with the stages event, want $calls (one per call)"
[ "$r2" -ge $((11 * w)) ] || fail "$r2 program runs with the per-stage events, want at least $((11 * w))"
# wtsnoop: every call once; the stages of each write add up to its total
got=$(grep -c '"type":"write"' /tmp/snoop.json)
[ "$got" = "$calls" ] || fail "wtsnoop printed $got writes, want $calls"
bad=$(grep '"type":"write"' /tmp/snoop.json | grep '"path":"writethrough"' | grep -v '"ret":-' |
	sed 's/.*"stage_ns":{\([^}]*\)}.*/\1/' | tr ',' ' ' | awk '{
		s = 0; t = -1
		for (i = 1; i <= NF; i++) { split($i, kv, ":"); gsub(/"/, "", kv[1])
			if (kv[1] == "total") t = kv[2]; else s += kv[2] }
		if (t < 0 || s != t) n++ } END { print n + 0 }')
[ "$bad" = 0 ] || fail "$bad wtsnoop writes whose stages do not add up to their total"
ok "both modes: $w writes, the same counters and stage counts; $r1 program runs against $r2"
