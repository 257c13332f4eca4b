# Benchmark (prints figures): write-through writes/s with and without the
# tools attached, wtsnoop's event rate with 0 lost, BPF ns per event.
. /wt/guest-lib.sh
n=${1:-20000}
mount_xfs /dev/vda /mnt/vda
must wtload -m wt -s 512 -n "$n" -T /mnt/vda/base | tee /tmp/base
wtsnoop -j -v >/tmp/snoop.json 2>/tmp/snoop.err & snoop=$!
wtlat -j -v >/tmp/lat.json 2>/tmp/lat.err & lat=$!
wait_for /tmp/snoop.json '"type":"start"'
wait_for /tmp/lat.json '"type":"start"'
must wtload -m wt -s 512 -n "$n" -T /mnt/vda/traced | tee /tmp/traced
sleep 1
kill -INT $snoop $lat
wait $snoop $lat
cat /tmp/snoop.err /tmp/lat.err
got=$(grep -c '"type":"write"' /tmp/snoop.json)
lost=$(grep -o '"lost_events":[0-9]*' /tmp/snoop.json | sed 's/.*://')
secs=$(sed 's/.* secs \([0-9.]*\) .*/\1/' /tmp/traced)
echo "bench: wtsnoop saw $got of $n writes, lost $lost, $(awk "BEGIN { printf \"%.0f\", $got / $secs }") events/s sustained"
echo "bench: writes/s untraced $(sed 's/.*writes\/s \([0-9]*\).*/\1/' /tmp/base), traced $(sed 's/.*writes\/s \([0-9]*\).*/\1/' /tmp/traced)"
echo "bench: wtlat BPF $(grep -o '"ns_per_event":[0-9.e+]*' /tmp/lat.json) ns; wtsnoop BPF $(grep -o '"bpf_ns_per_event":[0-9.e+]*' /tmp/snoop.json) ns"
[ "$got" = "$n" ] && [ "$lost" = 0 ] || fail "wtsnoop lost writes ($got of $n, $lost lost)"
