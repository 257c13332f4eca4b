# N write-through writes of known offsets and sizes: wtsnoop prints exactly
# N lines with those offsets and sizes, on the write-through path, whose
# stages (other included) add up to the total; wtlat counts N for every
# per-write stage; no call #2 of ->iomap_begin (the bios are built from the
# first mapping).  Then writes into a reflinked file take the buffered fallback
# and a RWF_NOWAIT one gets EAGAIN: wtsnoop says so, and wtlat counts them
# apart from the N writes and their histograms.
#
# Alongside, the figures that must hold (docs/tools.md):
#   - wtlat 1 --record: intervals measured on CLOCK_MONOTONIC, each about
#     1 s, back to back; summed they hold every write (no read loses any);
#     the record's start pins kernel, uname -v, series head, tag; SIGHUP
#     ends it cleanly with an end record
#   - nothing missed (orphans, stale states, failed inserts, recursion
#     misses all 0); BPF statistics stay off without -v: the kernel counts
#     no program run (run_cnt counts only while they are on)
#   - wtsnoop -n 10 prints exactly 10, also with 64 events waiting in its
#     ring buffer at once; the text header has no column
#     twice and ERR shows EAGAIN; CSV quotes and JSON escapes a command
#     named a,b"c; the TIME column never wraps
#   - launch mode: wtlat -j -P -F -D -- wtload -n 20 counts its 20 writes,
#     ends with cmd_exit 0 and names its file, process and device; wtsnoop
#     -- CMD prints its writes with the file; a failing command's status
#     is the tool's
#   - wtlat's text histogram: log2 rows (each bound twice the last)
#   - wtlat --openmetrics FILE 1: the file holds the same counts (writes,
#     per-stage _count and +Inf bucket, fallback, eagain, 0 missed), ends
#     with # EOF, is 0644 and leaves no temporary file
. /wt/guest-lib.sh
n=${1:-64}
nfb=4
mount_xfs /dev/vda /mnt/vda
# the reflinked file first, untraced: its source is written with fdatasync
must wtload -m fdatasync -s 64k -n $nfb -r 1 -T /mnt/vda/src
must wtcheck clone /mnt/vda/src /mnt/vda/clone
odd='/tmp/a,b"c'
cp "$(command -v wtcheck)" "$odd"
wtsnoop -j >/tmp/snoop.json 2>/tmp/snoop.err & snoop=$!
wtlat -j >/tmp/lat.json 2>/tmp/lat.err & lat=$!
WT_SERIES_HEAD="test head" wtlat -j 1 --record /tmp/rec.ndjson --tag tools_exact \
	>/tmp/lat1.json 2>/tmp/lat1.err & lat1=$!
wtsnoop >/tmp/snoop.txt 2>/tmp/snoop.txt.err & snoopt=$!
wtsnoop --csv >/tmp/snoop.csv 2>/tmp/snoop.csv.err & snoopc=$!
wtsnoop -j -n 10 >/tmp/snoop10.json 2>/tmp/snoop10.err & snoop10=$!
wtlat -S total,device >/tmp/lat.txt 2>/tmp/lat.txt.err & latt=$!
mkdir -p /tmp/om
wtlat -F --openmetrics /tmp/om/wt.prom 1 >/dev/null 2>/tmp/om.err & om=$!
wait_for /tmp/snoop.json '"type":"start"'
wait_for /tmp/lat.json '"type":"start"'
wait_for /tmp/lat1.json '"type":"start"'
wait_for /tmp/snoop.txt TIME
wait_for /tmp/snoop.csv time_s
wait_for /tmp/snoop10.json '"type":"start"'
wait_for /tmp/lat.txt Tracing
wait_for /tmp/om/wt.prom '^# EOF$'	# written once the baseline is read
kill -STOP $snoop10	# the writes pile up in its ring buffer: -n must still stop at 10
must wtload -m wt -s 3000 -o 100 -n "$n" -T /mnt/vda/exact
kill -CONT $snoop10
must wtload -m buffered -s 4096 -n 16 /mnt/vda/other   # must not show up
must wtload -m wt -s 64k -n $nfb -r 2 /mnt/vda/clone  # the fallback
r=$(wtcheck pwrite /mnt/vda/clone 0 4096 208)          # RWF_WRITETHROUGH|RWF_NOWAIT
[ "$r" = "errno EAGAIN" ] || fail "NOWAIT write-through into a reflinked file: $r, want EAGAIN"
"$odd" pwrite /mnt/vda/odd 0 4096 200 >/dev/null || fail "write-through by $odd failed"
sleep 1.5
kill -HUP $lat1 $snoopc
kill -INT $snoop $lat $snoopt $latt $om
wait $snoop $lat || fail "a tool exited non-zero: $(cat /tmp/snoop.err /tmp/lat.err)"
wait $lat1 || fail "wtlat 1 --record did not end cleanly on SIGHUP: $(cat /tmp/lat1.err)"
wait $snoopc || fail "wtsnoop --csv did not end cleanly on SIGHUP: $(cat /tmp/snoop.csv.err)"
wait $snoopt $latt || fail "a text tool exited non-zero"
wait $snoop10 || fail "wtsnoop -n 10 exited non-zero: $(cat /tmp/snoop10.err)"
wait $om || fail "wtlat --openmetrics exited non-zero: $(cat /tmp/om.err)"
cat /tmp/snoop.err /tmp/lat.err /tmp/lat1.err /tmp/snoop.txt.err /tmp/snoop.csv.err /tmp/lat.txt.err
nw=$((n + 1))	# write-through writes in all: the write of $odd too
ino=$(stat -c %i /mnt/vda/exact)
cino=$(stat -c %i /mnt/vda/clone)

# --- wtsnoop
grep '"type":"write"' /tmp/snoop.json | grep "\"ino\":$ino," >/tmp/exact.json
lines=$(grep -c . /tmp/exact.json)
[ "$lines" = "$n" ] || fail "wtsnoop printed $lines writes, expected $n"
sed -n 's/.*"offset":\([0-9-]*\),"length":\([0-9-]*\),"ret":\([0-9-]*\),"path":"\([a-z]*\)".*/\1 \2 \3 \4/p' \
	/tmp/exact.json >/tmp/got
i=0
: >/tmp/want
while [ $i -lt "$n" ]; do echo "$((100 + i * 3000)) 3000 3000 writethrough" >>/tmp/want; i=$((i + 1)); done
cmp /tmp/want /tmp/got || { diff /tmp/want /tmp/got | head; fail "wtsnoop offsets/lengths/paths differ"; }
grep -q '"lost_events":0' /tmp/snoop.json || fail "wtsnoop lost events: $(tail -n1 /tmp/snoop.json)"
ok "wtsnoop: $n lines with the exact offsets and lengths, path writethrough, 0 lost"

# every write-through line: the stages, other included, sum to the total
sed -n '/"path":"writethrough"/s/.*"stage_ns":{\([^}]*\)}.*/\1/p' /tmp/snoop.json |
	awk -F, '{
		t = 0; s = 0; o = -1
		for (i = 1; i <= NF; i++) {
			split($i, kv, ":")
			if (kv[1] == "\"total\"") t = kv[2] + 0; else s += kv[2]
			if (kv[1] == "\"other\"") o = kv[2] + 0
		}
		if (s != t) { print "line " NR ": stages sum to " s " ns, total " t " ns: " $0; bad++ }
		if (o < 0) { print "line " NR ": no other: " $0; bad++ }
		tt += t; oo += o
	} END {
		printf "%d lines: stages + other = total on each; other is %.1f%% of all time\n", NR, tt ? 100 * oo / tt : 0
		exit bad > 0
	}' || fail "stages do not add up to the total"
head -n 2 /tmp/exact.json

fb=$(grep '"type":"write"' /tmp/snoop.json | grep "\"ino\":$cino," | grep -c '"ret":65536,"path":"fallback"')
[ "$fb" = "$nfb" ] || fail "wtsnoop printed $fb fallback writes of the reflinked file, expected $nfb"
grep "\"ino\":$cino," /tmp/snoop.json | grep '"path":"fallback"' | grep -q '"stage_ns":{"total":[0-9]*}}' ||
	fail "a fallback line has per-stage figures"
oino=$(stat -c %i /mnt/vda/odd)
grep "\"ino\":$cino," /tmp/snoop.json | grep -q '"ret":-11,' || fail "wtsnoop did not print the EAGAIN call"
grep "\"ino\":$cino," /tmp/snoop.json | grep -e '"ret":-11,' -e '"path":"fallback"' | tail -n2
all=$(grep -c '"type":"write"' /tmp/snoop.json)
[ "$all" = "$((nw + nfb + 1))" ] || fail "wtsnoop printed $all lines, expected $((nw + nfb + 1))"
ok "wtsnoop: $nfb writes of the reflinked file with path fallback and total only, the EAGAIN call printed"

# --- wtlat
head -c 900 /tmp/lat.json; echo
# stage S's object in the JSON: count, sums and percentiles (not the buckets)
stage() { sed -n "s/.*\"$1\":{\(\"count\"[^[]*\)\"buckets\".*/\1/p" /tmp/lat.json | tail -n1; }
cnt() { grep -o "\"$1\":[0-9]*" /tmp/lat.json | head -n1 | sed 's/.*://'; }
for s in total begin1 lock copy device complete other; do
	c=$(stage $s | sed 's/"count":\([0-9]*\).*/\1/')
	[ "$c" = "$nw" ] || fail "wtlat stage $s counted $c writes, expected $nw"
done
w=$(cnt writes) b2=$(cnt iomap_begin_2) sub=$(cnt dio_submits) bios=$(cnt bios)
f=$(cnt fallback) ea=$(cnt eagain)
[ "$w" = "$nw" ] || fail "wtlat counted $w writes, expected $nw"
# the bios are built from call #1's mapping: no call #2 while it is valid
[ "$b2" = 0 ] || fail "iomap_begin #2 ran $b2 times for $sub I/Os (the first mapping is reused)"
c=$(stage begin2 | sed 's/"count":\([0-9]*\).*/\1/')
[ "${c:-0}" = 0 ] || fail "wtlat stage begin2 counted $c writes, expected none"
[ -n "$bios" ] && [ "$bios" -ge "$sub" ] && [ "$sub" -gt 0 ] || fail "$bios bios for $sub I/Os"
ok "wtlat: $nw per stage (other included); iomap_begin #2 = $b2 for $sub I/Os; $bios bios"
[ "$f" = "$nfb" ] || fail "wtlat counted $f fallback writes, expected $nfb"
[ "$ea" = 1 ] || fail "wtlat counted $ea EAGAIN calls, expected 1"
fc=$(sed -n 's/.*"fallback_total":{"count":\([0-9]*\).*/\1/p' /tmp/lat.json | tail -n1)
[ "$fc" = "$nfb" ] || fail "wtlat's fallback total histogram holds $fc writes, expected $nfb"
ok "wtlat: fallback $f (own total histogram: $fc), eagain $ea, none of them in the $nw writes"

# --- nothing missed, no BPF statistics without -v
for c in orphan_events stale_writes insert_failures recursion_misses; do
	v=$(cnt $c)
	[ "$v" = 0 ] || fail "wtlat: $c is $v, want 0"
done
grep -q '"stats_enabled":false,"run_cnt":0,"run_time_ns":0,"ns_per_write":null' /tmp/lat.json ||
	fail "wtlat without -v: BPF statistics are not off: $(grep -o '"bpf":{[^}]*}' /tmp/lat.json)"
grep -q '"bpf_stats_enabled":false,"bpf_run_cnt":0,"bpf_ns_per_write":null' /tmp/snoop.json ||
	fail "wtsnoop without -v: BPF statistics are not off: $(tail -n1 /tmp/snoop.json)"
ok "wtlat: orphan_events, stale_writes, insert_failures, recursion_misses 0; BPF statistics off"

# --- intervals: wtlat -j 1 and its --record file
ni=$(grep -c '"type":"interval"' /tmp/rec.ndjson)
[ "$ni" -ge 2 ] || fail "wtlat 1 wrote $ni interval records, want 2 or more"
sed -n 's/.*"type":"interval","seq":\([0-9]*\),"time":[0-9.e+]*,"mono_start_ns":\([0-9]*\),"mono_end_ns":\([0-9]*\),"interval_s":\([0-9.e+-]*\),.*"counters":{"writes":\([0-9]*\),.*"stages":{"total":{"count":\([0-9]*\),.*/\1 \2 \3 \4 \5 \6/p' \
	/tmp/rec.ndjson >/tmp/iv
[ "$(grep -c . /tmp/iv)" = "$ni" ] || fail "cannot read the interval records: $(head -c 600 /tmp/rec.ndjson)"
cat /tmp/iv
awk -v ni="$ni" -v n="$nw" '{
	if (NR > 1 && $2 != end) { print "interval " $1 " starts at " $2 ", the last ended at " end; bad++ }
	len = ($3 - $2) / 1e9
	if (($4 - len) > 1e-6 || (len - $4) > 1e-6) { print "interval " $1 ": interval_s " $4 " but the stamps say " len; bad++ }
	if (NR < ni && (len < 0.95 || len > 1.1)) { print "interval " $1 " lasted " len " s, not 1"; bad++ }
	if (NR == ni && len > 1.1) { print "the last interval lasted " len " s"; bad++ }
	if ($5 != $6) { print "interval " $1 ": " $5 " writes but " $6 " in the total histogram"; bad++ }
	end = $3; w += $5
} END {
	if (w != n) { print "the intervals hold " w " writes, want " n; bad++ }
	printf "%d intervals, back to back, %d writes in all\n", NR, w
	exit bad > 0
}' /tmp/iv || fail "wtlat 1: intervals are not what they should be"
grep -q '"type":"start".*"tag":"tools_exact"' /tmp/rec.ndjson || fail "the start record has no tag"
grep -q "\"series_head\":\"test head\"" /tmp/rec.ndjson || fail "the start record has no series head"
grep -q "\"release\":\"$(uname -r)\"" /tmp/rec.ndjson || fail "the start record has no kernel release"
grep -q '"clock":{"monotonic_ns":[0-9]*,"realtime_ns":[0-9]*}' /tmp/rec.ndjson || fail "no clock pair"
tail -n1 /tmp/rec.ndjson | grep -q "\"type\":\"end\",\"reason\":\"signal\",\"exit\":0,\"intervals\":$ni," ||
	fail "the record does not end with an end record: $(tail -n1 /tmp/rec.ndjson)"
tail -n1 /tmp/rec.ndjson | grep -q "\"counters\":{\"writes\":$nw," || fail "the end record's totals: $(tail -n1 /tmp/rec.ndjson)"
tail -n1 /tmp/lat1.json | grep -q '"type":"end"' || fail "wtlat -j did not end with an end record"
head -n1 /tmp/rec.ndjson | cut -c1-400
ok "wtlat 1: $ni measured intervals, back to back, holding all $nw writes; the record starts with the run's identity and ends on SIGHUP"

# --- wtsnoop -n, text, CSV
w10=$(grep -c '"type":"write"' /tmp/snoop10.json)
[ "$w10" = 10 ] || fail "wtsnoop -n 10 printed $w10 writes"
grep -q '"type":"summary","events":10,' /tmp/snoop10.json || fail "wtsnoop -n 10 summary: $(tail -n1 /tmp/snoop10.json)"
ok "wtsnoop -n 10: exactly 10 writes"
head -n1 /tmp/snoop.txt
dup=$(head -n1 /tmp/snoop.txt | tr -s ' ' '\n' | sort | uniq -d)
[ -z "$dup" ] || fail "wtsnoop's header has column(s) twice: $dup"
grep -q ' EAGAIN$' /tmp/snoop.txt || fail "wtsnoop's ERR column does not say EAGAIN: $(grep -v ' 0$' /tmp/snoop.txt)"
awk 'NR > 1 && ($1 < 0 || $1 > 1000) { print "TIME " $1; bad++ } END { exit bad > 0 }' /tmp/snoop.txt ||
	fail "wtsnoop's TIME column wrapped"
grep ' EAGAIN$' /tmp/snoop.txt
ok "wtsnoop text: no column twice, ERR is EAGAIN, TIME within 0-1000 s"
grep -q '^[0-9.]*,"a,b""c",' /tmp/snoop.csv || fail "CSV does not quote the command a,b\"c: $(grep 'a,b' /tmp/snoop.csv)"
hdr=$(head -n1 /tmp/snoop.csv | awk -F, '{ print NF }')
bad=$(grep -v '"' /tmp/snoop.csv | awk -F, -v h="$hdr" 'NF != h' | grep -c .)
[ "$bad" = 0 ] || fail "$bad CSV lines do not have the header's $hdr fields"
grep -q "\"comm\":\"a,b\\\\\"c\"" /tmp/snoop.json || fail "JSON does not escape the command: $(grep "\"ino\":$oino," /tmp/snoop.json)"
grep 'a,b' /tmp/snoop.csv
ok "wtsnoop: CSV quotes a,b\"c (RFC 4180), JSON escapes it, $hdr fields per line"

# --- wtlat text: log2 rows
grep -q 'usecs *: count    distribution' /tmp/lat.txt || fail "wtlat text has no usecs header: $(head -n 20 /tmp/lat.txt)"
grep -q '^interval [0-9.]* s$' /tmp/lat.txt || fail "wtlat text does not give the interval's length"
grep -q '^missed: orphan completions 0, stale write states 0, failed inserts 0, recursion misses 0$' /tmp/lat.txt ||
	fail "wtlat text: $(grep missed /tmp/lat.txt)"
sed -n '/^total:/,/count [0-9]/p' /tmp/lat.txt
awk '/->/ && /\|/ { if ($3 + 0 != 2 * ($1 + 0) && $1 + 0 != 0) { print "row " $0; bad++ }; rows++ }
     END { if (!rows) { print "no rows"; bad++ }; exit bad > 0 }' /tmp/lat.txt ||
	fail "wtlat's rows are not powers of two"
ok "wtlat text: log2 rows, the interval's length, the missed line"

# --- wtlat --openmetrics: the run's totals, as the JSON counted them
om_has() { grep -qx "$1" /tmp/om/wt.prom || fail "wtlat --openmetrics: no line '$1': $(grep "${1%% *}" /tmp/om/wt.prom | head -n 3)"; }
om_has "wt_writes_total $nw"
for s in total begin1 lock copy device complete other; do
	om_has "wt_stage_seconds_count{stage=\"$s\"} $nw"
	om_has "wt_stage_seconds_bucket{stage=\"$s\",le=\"+Inf\"} $nw"
done
om_has "wt_stage_seconds_count{stage=\"begin2\"} 0"
om_has "wt_fallback_total $nfb"
om_has "wt_fallback_seconds_count $nfb"
om_has "wt_eagain_total 1"
for c in orphan_events stale_writes insert_failures recursion_misses; do om_has "wt_${c}_total 0"; done
[ "$(tail -n1 /tmp/om/wt.prom)" = "# EOF" ] || fail "the --openmetrics file does not end with # EOF"
[ "$(stat -c %a /tmp/om/wt.prom)" = 644 ] || fail "the --openmetrics file is mode $(stat -c %a /tmp/om/wt.prom)"
[ "$(ls -A /tmp/om)" = wt.prom ] || fail "temporary files left beside wt.prom: $(ls -A /tmp/om)"
grep -e '^wt_stage_seconds_bucket{stage="total"' /tmp/om/wt.prom | awk '$2 > 0' | head -n 4
# -F: the file's own histograms, labelled with its device, inode and path
grep -q "^wt_file_stage_seconds_count{dev=\"[0-9]*:[0-9]*\",ino=\"$ino\",path=\"/mnt/vda/exact\",stage=\"total\"} $n\$" \
	/tmp/om/wt.prom || fail "wtlat -F --openmetrics: no total count $n for /mnt/vda/exact: $(grep wt_file_stage_seconds_count /tmp/om/wt.prom | head -n 3)"
grep -q '^wt_breakdown_overflow_total 0$' /tmp/om/wt.prom || fail "wtlat -F --openmetrics: no overflow counter"
ok "wtlat --openmetrics: $nw writes per stage (_count and +Inf), fallback $nfb, eagain 1, 0 missed, # EOF last, 0644; -F: $n writes of the file by its path"

# --- launch mode (-- CMD) and breakdowns; wtload's own lines go to stdout too
mkdir -p /mnt/vda/l9dir
wtlat -j -P -F -D -- wtload -m wt -n 20 -T /mnt/vda/l9dir/launched >/tmp/launch.json 2>/tmp/launch.err
rc=$?
[ $rc = 0 ] || fail "wtlat -- wtload exited $rc: $(cat /tmp/launch.err)"
grep '"type":"end"' /tmp/launch.json
grep '"type":"end"' /tmp/launch.json | grep -q '"counters":{"writes":20,' ||
	fail "wtlat -- wtload -n 20: $(grep '"type":"end"' /tmp/launch.json)"
grep '"type":"end"' /tmp/launch.json | grep -q '"cmd":"wtload","cmd_pid":[0-9]*,"cmd_exit":0,"cmd_signal":null' ||
	fail "wtlat -- wtload: no cmd_exit 0 in the end record"
grep '"type":"breakdown"' /tmp/launch.json
grep '"by":"file"' /tmp/launch.json | grep -q '"file":"/mnt/vda/l9dir/launched","total":{"count":20,' ||
	fail "wtlat -F does not name /mnt/vda/l9dir/launched with 20 writes"
grep '"by":"pid"' /tmp/launch.json | grep -q '"comm":"wtload","total":{"count":20,' ||
	fail "wtlat -P does not give wtload 20 writes"
grep '"by":"dev"' /tmp/launch.json | grep -q '"total":{"count":20,' || fail "wtlat -D does not give 20 writes"
ok "wtlat -- wtload -n 20: 20 writes, cmd_exit 0, -F names the file, -P/-D count 20"
wtsnoop -j -- wtload -m wt -n 5 /mnt/vda/l9dir/launched >/tmp/launchs.json 2>/tmp/launchs.err ||
	fail "wtsnoop -- wtload exited $?: $(cat /tmp/launchs.err)"
w=$(grep '"type":"write"' /tmp/launchs.json | grep -c '"file":"/mnt/vda/l9dir/launched"')
[ "$w" = 5 ] || fail "wtsnoop -- wtload -n 5: $w writes naming the file"
grep -q '"type":"summary".*"cmd_exit":0,' /tmp/launchs.json || fail "wtsnoop: no cmd_exit 0"
wtsnoop -- wtload -m wt -n 2 /mnt/vda/l9dir/launched | grep 'l9dir/launched'
wtlat -s -- sh -c 'exit 3' >/tmp/launch3.txt 2>&1
rc=$?
[ $rc = 3 ] || fail "wtlat -- sh -c 'exit 3' exited $rc: $(cat /tmp/launch3.txt)"
grep 'exited with status 3' /tmp/launch3.txt || fail "wtlat does not report the status 3"
ok "wtsnoop -- wtload: 5 writes with FILE, cmd_exit 0; a command's exit 3 is the tool's"

# --- wtlat --stage-events -S total (the per-stage events, as on a kernel
# without the one event per write): only the total's events are attached
# (begin, complete, submit): every write counted, synchronous and aio alike, 3
# program runs per write and one more per aio write that returned
# -EIOCBQUEUED (its completion; an aio write whose I/O ended before its
# call returned completes in the call, rare, as in tools_async), the
# counters of other events left out of JSON and OpenMetrics, the stage
# list of the record total alone
mkdir -p /tmp/om2
wtlat --stage-events -S total -j -v --record /tmp/st.rec --openmetrics /tmp/om2/wt.prom \
	>/tmp/st.json 2>/tmp/st.err & st=$!
wait_for /tmp/st.json '"type":"start"'
must wtload -m wt -s 4k -n 20 /mnt/vda/stotal >/dev/null
must wtload -m wt -e aio -q 4 -s 4k -n 16 /mnt/vda/stotal2 >/dev/null
kill -INT $st
wait $st || fail "wtlat -S total exited non-zero: $(cat /tmp/st.err)"
end=$(grep '"type":"end"' /tmp/st.json)
echo "$end"
echo "$end" | grep -q '"counters":{"writes":36,' || fail "wtlat -S total: not 36 writes: $end"
q=$(echo "$end" | sed -n 's/.*"async_queued":\([0-9]*\),.*/\1/p')
echo "$end" | grep -q "\"async_writes\":$q,\"async_queued\":$q," && [ "$q" -ge 1 ] ||
	fail "wtlat -S total: async writes and -EIOCBQUEUED returns differ, or none: $end"
echo "$end" | grep -q '"orphan_events":0,.*"insert_failures":0,' ||
	fail "wtlat -S total: completions missed"
for c in bios folios iomap_begin_calls atomic_hw; do
	echo "$end" | grep -q "\"$c\":" && fail "wtlat -S total: counter $c without its events"
done
runs=$(grep '"type":"interval"' /tmp/st.json | grep -o '"run_cnt":[0-9]*' | sed 's/.*://' |
	awk '{ s += $1 } END { print s + 0 }')
[ "$runs" = $((36 * 3 + q)) ] ||
	fail "wtlat -S total: $runs program runs, want $((36 * 3 + q)) (3 per write, 1 more per queued aio write)"
# the histograms of the interval: each is an object that starts with "count"
hists=$(grep '"type":"interval"' /tmp/st.json | grep -o '"[a-z0-9_]*":{"count"' | cut -d'"' -f2 | tr '\n' ' ')
[ "$hists" = "total fallback_total async_submit " ] ||
	fail "wtlat -S total: the interval's histograms are '$hists', want total and the two apart"
head -n 1 /tmp/st.rec | grep -q '"stages":\["total"\]' ||
	fail "wtlat -S total --record: the start record's stages are not [total]: $(head -c 600 /tmp/st.rec)"
grep -q '^wt_stage_seconds_count{stage="total"} 36$' /tmp/om2/wt.prom ||
	fail "wtlat -S total --openmetrics: no total count 36"
grep -q 'stage="device"\|^wt_bios_total\|^wt_folios_total' /tmp/om2/wt.prom &&
	fail "wtlat -S total --openmetrics: a stage or counter not traced"
ok "wtlat -S total: 36 writes (16 aio, $q of them queued) from $runs program runs, 3 per write and 1 more per queued one; untraced counters and stages left out"
