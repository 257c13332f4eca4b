# N write-through writes of known offsets and sizes: wtsnoop prints exactly
# N lines with those offsets and sizes; wtlat counts N for every per-write
# stage; call #2 of ->iomap_begin ran once per direct I/O submission.
. /wt/guest-lib.sh
n=${1:-64}
mount_xfs /dev/vda /mnt/vda
wtsnoop -j >/tmp/snoop.json 2>/tmp/snoop.err & snoop=$!
wtlat -j >/tmp/lat.json 2>/tmp/lat.err & lat=$!
wait_for /tmp/snoop.json '"type":"start"'
wait_for /tmp/lat.json '"type":"start"'
must wtload -m wt -s 3000 -o 100 -n "$n" -T /mnt/vda/exact
must wtload -m buffered -s 4096 -n 16 /mnt/vda/other   # must not show up
sleep 1
kill -INT $snoop $lat
wait $snoop $lat || fail "a tool exited non-zero: $(cat /tmp/snoop.err /tmp/lat.err)"
cat /tmp/snoop.err /tmp/lat.err

lines=$(grep -c '"type":"write"' /tmp/snoop.json)
[ "$lines" = "$n" ] || fail "wtsnoop printed $lines writes, expected $n"
sed -n 's/.*"offset":\([0-9-]*\),"length":\([0-9-]*\),"ret":\([0-9-]*\).*/\1 \2 \3/p' \
	/tmp/snoop.json >/tmp/got
i=0
: >/tmp/want
while [ $i -lt "$n" ]; do echo "$((100 + i * 3000)) 3000 3000" >>/tmp/want; i=$((i + 1)); done
cmp /tmp/want /tmp/got || { diff /tmp/want /tmp/got | head; fail "wtsnoop offsets/lengths differ"; }
grep -q '"lost_events":0' /tmp/snoop.json || fail "wtsnoop lost events: $(tail -n1 /tmp/snoop.json)"
ok "wtsnoop: $n lines with the exact offsets and lengths, 0 lost"

cat /tmp/lat.json | head -c 600; echo
for s in total begin1 begin2 lock copy device complete; do
	c=$(grep -o "\"$s\":{\"count\":[0-9]*" /tmp/lat.json | sed 's/.*://')
	[ "$c" = "$n" ] || fail "wtlat stage $s counted $c writes, expected $n"
done
w=$(grep -o '"writes":[0-9]*' /tmp/lat.json | sed 's/.*://')
b2=$(grep -o '"iomap_begin_2":[0-9]*' /tmp/lat.json | sed 's/.*://')
sub=$(grep -o '"dio_submits":[0-9]*' /tmp/lat.json | sed 's/.*://')
[ "$w" = "$n" ] || fail "wtlat counted $w writes, expected $n"
[ -n "$b2" ] && [ "$b2" = "$sub" ] || fail "iomap_begin #2 ran $b2 times for $sub dio submissions"
ok "wtlat: $n per stage; iomap_begin #2 = $b2 = dio submissions"
