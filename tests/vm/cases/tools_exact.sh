# N write-through writes of known offsets and sizes: wtsnoop prints exactly
# N lines with those offsets and sizes, on the write-through path, whose
# stages (other included) add up to the total; wtlat counts N for every
# per-write stage; call #2 of ->iomap_begin ran once per direct I/O
# submission.  Then writes into a reflinked file take the buffered fallback
# and a RWF_NOWAIT one gets EAGAIN: wtsnoop says so, and wtlat counts them
# apart from the N writes and their histograms.
. /wt/guest-lib.sh
n=${1:-64}
nfb=4
mount_xfs /dev/vda /mnt/vda
# the reflinked file first, untraced: its source is written with fdatasync
must wtload -m fdatasync -s 64k -n $nfb -r 1 -T /mnt/vda/src
must wtcheck clone /mnt/vda/src /mnt/vda/clone
wtsnoop -j >/tmp/snoop.json 2>/tmp/snoop.err & snoop=$!
wtlat -j >/tmp/lat.json 2>/tmp/lat.err & lat=$!
wait_for /tmp/snoop.json '"type":"start"'
wait_for /tmp/lat.json '"type":"start"'
must wtload -m wt -s 3000 -o 100 -n "$n" -T /mnt/vda/exact
must wtload -m buffered -s 4096 -n 16 /mnt/vda/other   # must not show up
must wtload -m wt -s 64k -n $nfb -r 2 /mnt/vda/clone  # the fallback
r=$(wtcheck pwrite /mnt/vda/clone 0 4096 208)          # RWF_WRITETHROUGH|RWF_NOWAIT
[ "$r" = "errno EAGAIN" ] || fail "NOWAIT write-through into a reflinked file: $r, want EAGAIN"
sleep 1
kill -INT $snoop $lat
wait $snoop $lat || fail "a tool exited non-zero: $(cat /tmp/snoop.err /tmp/lat.err)"
cat /tmp/snoop.err /tmp/lat.err
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
grep "\"ino\":$cino," /tmp/snoop.json | grep -q '"ret":-11,' || fail "wtsnoop did not print the EAGAIN call"
grep "\"ino\":$cino," /tmp/snoop.json | grep -e '"ret":-11,' -e '"path":"fallback"' | tail -n2
all=$(grep -c '"type":"write"' /tmp/snoop.json)
[ "$all" = "$((n + nfb + 1))" ] || fail "wtsnoop printed $all lines, expected $((n + nfb + 1))"
ok "wtsnoop: $nfb writes of the reflinked file with path fallback and total only, the EAGAIN call printed"

# --- wtlat
head -c 900 /tmp/lat.json; echo
# stage S's object in the JSON: count, sums and percentiles (not the buckets)
stage() { sed -n "s/.*\"$1\":{\(\"count\"[^[]*\)\"buckets\".*/\1/p" /tmp/lat.json | tail -n1; }
cnt() { grep -o "\"$1\":[0-9]*" /tmp/lat.json | head -n1 | sed 's/.*://'; }
for s in total begin1 lock copy begin2 device complete other; do
	c=$(stage $s | sed 's/"count":\([0-9]*\).*/\1/')
	[ "$c" = "$n" ] || fail "wtlat stage $s counted $c writes, expected $n"
done
w=$(cnt writes) b2=$(cnt iomap_begin_2) sub=$(cnt dio_submits) bios=$(cnt bios)
f=$(cnt fallback) ea=$(cnt eagain)
[ "$w" = "$n" ] || fail "wtlat counted $w writes, expected $n"
[ -n "$b2" ] && [ "$b2" = "$sub" ] || fail "iomap_begin #2 ran $b2 times for $sub dio submissions"
[ -n "$bios" ] && [ "$bios" -ge "$sub" ] || fail "$bios bios for $sub dio submissions"
ok "wtlat: $n per stage (other included); iomap_begin #2 = $b2 = dio submissions; $bios bios"
[ "$f" = "$nfb" ] || fail "wtlat counted $f fallback writes, expected $nfb"
[ "$ea" = 1 ] || fail "wtlat counted $ea EAGAIN calls, expected 1"
fc=$(sed -n 's/.*"fallback_total":{"count":\([0-9]*\).*/\1/p' /tmp/lat.json | tail -n1)
[ "$fc" = "$nfb" ] || fail "wtlat's fallback total histogram holds $fc writes, expected $nfb"
ok "wtlat: fallback $f (own total histogram: $fc), eagain $ea, none of them in the $n writes"
