# Benchmark (prints figures): write-through writes/s with and without the
# tools attached, wtsnoop's event rate with 0 lost, the BPF cost per traced
# write.  With -v the tools switch the kernel's BPF statistics on (the
# kernel counts program runs), and off again when they exit: a wtlat
# without -v afterwards sees no run counted.
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
runs=$(grep -o '"bpf":{[^}]*}' /tmp/lat.json | grep -o '"run_cnt":[0-9]*' | sed 's/.*://')
wtlat -j 1 1 >/tmp/after.json 2>&1 & after=$!
wait_for /tmp/after.json '"type":"start"'
must wtload -m wt -s 512 -n 10 /mnt/vda/after >/dev/null
wait $after || fail "wtlat 1 1 failed: $(cat /tmp/after.json)"
runs_after=$(grep -o '"bpf":{[^}]*}' /tmp/after.json | grep -o '"run_cnt":[0-9]*' | sed 's/.*://')
echo "BPF program runs counted: $runs under wtlat -v, $runs_after under a wtlat without -v after it"
[ "${runs:-0}" -gt 0 ] && [ "$runs_after" = 0 ] || fail "BPF statistics: $runs runs with -v, $runs_after after"
got=$(grep -c '"type":"write"' /tmp/snoop.json)
lost=$(grep -o '"lost_events":[0-9]*' /tmp/snoop.json | head -n1 | sed 's/.*://')
secs=$(sed 's/.* secs \([0-9.]*\) .*/\1/' /tmp/traced)
echo "bench: wtsnoop saw $got of $n writes, lost $lost, $(awk "BEGIN { printf \"%.0f\", $got / $secs }") events/s sustained"
echo "bench: writes/s untraced $(sed 's/.*writes\/s \([0-9]*\).*/\1/' /tmp/base), traced $(sed 's/.*writes\/s \([0-9]*\).*/\1/' /tmp/traced)"
lat_cost=$(grep -o '"bpf":{[^}]*}' /tmp/lat.json | grep -o '"ns_per_write":[0-9.e+]*' | sed 's/.*://')
snoop_cost=$(grep -o '"bpf_ns_per_write":[0-9.e+]*' /tmp/snoop.json | sed 's/.*://')
echo "bench: BPF cost per traced write: wtlat $lat_cost ns, wtsnoop $snoop_cost ns"
[ -n "$lat_cost" ] && [ -n "$snoop_cost" ] || fail "no BPF cost per write with -v"
grep -o '"counters":{[^}]*}' /tmp/lat.json | tail -n1
[ "$got" = "$n" ] && [ "$lost" = 0 ] || fail "wtsnoop lost writes ($got of $n, $lost lost)"
