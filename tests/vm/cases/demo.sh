# The README's main job: a write-through workload on the patched kernel,
# next to the write styles it replaces, under wtlat and wtsnoop when built.
. /wt/guest-lib.sh
mount_xfs /dev/vda /mnt/vda
n=${1:-2000}
if command -v wtlat >/dev/null && command -v wtsnoop >/dev/null; then
	wtsnoop >/tmp/snoop.txt 2>&1 & snoop=$!
	wtlat >/tmp/lat.txt 2>&1 & lat=$!
	sleep 2
fi
for m in wt buffered fdatasync dsync direct; do
	must wtload -m $m -s 4k -n "$n" -T /mnt/vda/demo.$m
done
must wtload -m wt -s 64k -n 200 -P rand -S 64m /mnt/vda/demo.rand
if [ -n "${lat:-}" ]; then
	kill -INT $lat $snoop
	wait $lat $snoop
	echo "== wtsnoop (first 20 lines of $(wc -l </tmp/snoop.txt))"
	head -n 20 /tmp/snoop.txt
	echo "== wtlat"
	cat /tmp/lat.txt
else
	echo "demo: wtlat/wtsnoop are not built yet (tracepoints and tools: issue #4);"
	echo "demo: the figures above are wtload's own per-write latencies"
fi
