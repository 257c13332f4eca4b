# The README's main job: a write-through workload on the patched kernel,
# next to the write styles it replaces, under wtsnoop (live lines) and
# wtlat (histograms with the double ->iomap_begin figures).
. /wt/guest-lib.sh
mount_xfs /dev/vda /mnt/vda
n=${1:-2000}
echo "== wtsnoop: the first 25 write-through writes, live"
wtsnoop -n 25 | tee /tmp/snoop.txt & snoop=$!
wtlat -T -S total,begin1,begin2,device >/tmp/lat.txt 2>&1 & lat=$!
wait_for /tmp/snoop.txt TIME
wait_for /tmp/lat.txt Tracing
must wtload -m wt -s 3000 -o 100 -n 25 -T /mnt/vda/demo.first
wait $snoop
echo "== the workload: $n writes of 4 KiB in each write style (wtload's own latencies)"
for m in wt buffered fdatasync dsync direct; do
	must wtload -m $m -s 4k -n "$n" -T /mnt/vda/demo.$m
done
must wtload -m wt -s 64k -n 200 -P rand -S 64m -T /mnt/vda/demo.rand
kill -INT $lat
wait $lat
echo "== wtlat over the whole run"
cat /tmp/lat.txt
