# wtbench's output shape on the series kernel, no figure asserted: a short
# run of every section (tools attached included) must run every cell of
# the matrix it announces, each repetition, with write-through working
# (no n/a, no error); the table has every section and a row per cell;
# the tools it attached wrote their output; --from gives the table again.
. /wt/guest-lib.sh
mount_xfs /dev/vda /mnt/vda
d=/mnt/vda/shape
mkdir -p $d /tmp/plots
wtbench -j --modes wt,direct,fdatasync --sizes 4k,64k --engines sync,io_uring --qd 1,4 \
	--threads 1,2 --reps 2 -n 16 -o /tmp/plots $d >/tmp/b.ndjson 2>/tmp/b.err
rc=$?
cat /tmp/b.err
[ $rc = 0 ] || fail "wtbench exited $rc"
# size 3x2 + pattern 3x3 + qd 3x(sync 1, io_uring 1 and 4) + threads 3x(1, 2 one, 2 each)
# + tools 1 mode (wt) x 3 tool states x 2 sizes
want=39
cells=$(grep -c '"type":"cell"' /tmp/b.ndjson)
grep -q "\"type\":\"start\",\"cells\":$want,\"reps\":2," /tmp/b.ndjson || fail "start record: $(grep '"start"' /tmp/b.ndjson)"
[ "$cells" = $want ] || fail "$cells cell records, want $want"
ran=$(grep '"type":"cell"' /tmp/b.ndjson | grep '"status":"ok"' | grep -c '"runs":\[{[^]]*},{[^]]*}\]')
[ "$ran" = $want ] || {
	grep '"type":"cell"' /tmp/b.ndjson | grep -v '"status":"ok"' | cut -c1-400
	fail "$ran of $want cells ran twice and ok"
}
grep -q "\"type\":\"end\",\"cells\":$want,\"ok\":$want,\"na\":0,\"errors\":0," /tmp/b.ndjson || fail "end record"
grep -q '"kernel":{"release":"'"$(uname -r)"'"' /tmp/b.ndjson || fail "no kernel release in the records"
ok "$want cells, each ran twice; start, cell and end records agree"
for t in wtlat wtsnoop; do
	for r in 1 2; do
		[ -s /tmp/plots/wtbench.$t.rep$r.txt ] || fail "no $t output for repetition $r"
	done
done
grep -q Tracing /tmp/plots/wtbench.wtlat.rep1.txt || fail "wtlat did not trace: $(cat /tmp/plots/wtbench.wtlat.rep1.txt)"
# wtsnoop saw the tools section's write-through writes: 16 per cell, 2 cells
n=$(grep -c ' wt ' /tmp/plots/wtbench.wtsnoop.rep1.txt)
[ "$n" -ge 32 ] || fail "wtsnoop wrote $n write lines, want at least 32"
ok "wtlat and wtsnoop attached and wrote their output ($n wtsnoop lines)"
wtbench --from /tmp/b.ndjson >/tmp/table.txt || fail "--from exited $?"
cat /tmp/table.txt
for s in size pattern qd threads tools; do
	grep -q "^== $s: " /tmp/table.txt || fail "no section $s in the table"
done
rows=$(grep -cE '^[0-9]+k +.* (wt|direct|fdatasync) ' /tmp/table.txt)
[ "$rows" = $want ] || fail "$rows table rows, want $want"
for p in size qd threads; do
	[ -s /tmp/plots/$p.gp ] && [ -s /tmp/plots/$p.dat ] || fail "no plot script or data for $p"
done
ok "the table has every section and $want rows; plot data for size, qd, threads"
umount /mnt/vda
