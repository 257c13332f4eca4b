#!/usr/bin/env bash
# wtbench without a special kernel: bad command lines give one line and
# exit 2; a small run on this machine's file system has every cell in the
# table and in the NDJSON (write-through, which this kernel lacks, as
# "n/a: EOPNOTSUPP", not dropped); --from gives the same table again.
bin=$1
fails=0
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
expect2() {
	local out rc
	out=$("$@" 2>&1 >/dev/null); rc=$?
	if [[ $rc -ne 2 || $(wc -l <<<"$out") -ne 1 || -z $out ]]; then
		bad "'$*' exited $rc with '$out', want 2 and one line"
	else
		echo "ok: $* -> $out"
	fi
}
expect2 "$bin/wtbench"
expect2 "$bin/wtbench" --modes wt,bogus "$dir"
expect2 "$bin/wtbench" --modes mmap "$dir"
expect2 "$bin/wtbench" --sizes 4k,x "$dir"
expect2 "$bin/wtbench" --sizes 100 "$dir"
expect2 "$bin/wtbench" --engines sync,spdk "$dir"
expect2 "$bin/wtbench" --qd 0 "$dir"
expect2 "$bin/wtbench" --qd 1025 "$dir"
expect2 "$bin/wtbench" --threads 65 "$dir"
expect2 "$bin/wtbench" --reps 0 "$dir"
expect2 "$bin/wtbench" --reps 21 "$dir"
expect2 "$bin/wtbench" --sections size,nosuch "$dir"
expect2 "$bin/wtbench" --patterns "" "$dir"
expect2 "$bin/wtbench" --quick --full "$dir"
expect2 "$bin/wtbench" -n 0 "$dir"
expect2 "$bin/wtbench" --bogus "$dir"
expect2 "$bin/wtbench" "$dir" "$dir"
expect2 "$bin/wtbench" /nonexistent/dir
expect2 "$bin/wtbench" --from /nonexistent.ndjson
expect2 "$bin/wtbench" --from /etc/passwd
"$bin/wtbench" --help | grep -q EXAMPLES || bad "wtbench --help has no EXAMPLES"

# 4 modes x 2 sizes (size) + 4 x 3 patterns + 4 x (sync 1, io_uring 1, 4)
# + 4 x (1, 2 one, 2 each) = 8 + 12 + 12 + 12 = 44 cells
args=(--sections size,pattern,qd,threads --modes wt,direct,fdatasync,buffered --sizes 4k,8k
      --engines sync,io_uring --qd 1,4 --threads 1,2 --reps 2 -n 16)
"$bin/wtbench" "${args[@]}" --record "$dir/run.ndjson" "$dir" >"$dir/table.txt" 2>"$dir/err.txt"
rc=$?
cat "$dir/table.txt"
[[ $rc -eq 0 ]] || bad "the run exited $rc: $(cat "$dir/err.txt")"
grep -q '^wtbench: kernel .*, 44 cells x 2 repetitions$' "$dir/table.txt" || bad "no '44 cells x 2 repetitions' line"
for s in size pattern qd threads; do
	grep -q "^== $s: " "$dir/table.txt" || bad "no section $s in the table"
done
rows=$(grep -cE '^[0-9]+k +.* (wt|direct|fdatasync|buffered) ' "$dir/table.txt")
[[ $rows -eq 44 ]] || bad "$rows rows in the table, want 44"
na=$(grep -cE ' wt +n/a: EOPNOTSUPP$' "$dir/table.txt")
[[ $na -eq 11 ]] || bad "$na write-through rows say n/a: EOPNOTSUPP, want 11"
ok=$(grep -c '"type":"cell".*"status":"ok"' "$dir/run.ndjson")
[[ $ok -eq 33 ]] || bad "$ok cells ok in the NDJSON, want 33"
runs=$(grep '"type":"cell".*"status":"ok"' "$dir/run.ndjson" | grep -c '"runs":\[{[^]]*},{[^]]*}\]')
[[ $runs -eq 33 ]] || bad "$runs ok cells with 2 runs, want 33"
grep -q '"type":"cell","section":"size","mode":"direct".*"vs_direct":1,' "$dir/run.ndjson" ||
	bad "direct is not 1 against itself"
grep -q '"type":"end","cells":44,"ok":33,"na":11,"errors":0' "$dir/run.ndjson" || bad "end record"
"$bin/wtbench" --from "$dir/run.ndjson" -o "$dir/plots" >"$dir/again.txt" 2>"$dir/plot.txt" ||
	bad "--from exited $?: $(cat "$dir/plot.txt")"
diff <(tail -n +2 "$dir/table.txt") <(tail -n +2 "$dir/again.txt") || bad "--from gives another table"
for p in size qd threads; do
	[[ -s $dir/plots/$p.gp && -s $dir/plots/$p.dat ]] || bad "no $p.gp/$p.dat"
	if command -v gnuplot >/dev/null; then
		grep -q '<svg' "$dir/plots/$p.svg" 2>/dev/null || bad "no $p.svg"
	fi
done
exit $((fails != 0))
