# perf(1), built from the kernel tree (tests/perf/build.sh, appended with
# vmrun -x), on the write-through tracepoints (docs/perf.md):
#   - perf list names every iomap write-through event the tools use
#   - perf stat -e iomap:iomap_writethrough_complete counts exactly N for
#     N synchronous write-through writes (one completion each), and the
#     begin event N too; the same writes buffered count 0 (the control:
#     the count is of write-through writes, not of writes); a --filter on
#     ret counts them too
#   - perf record of both events, then perf script: N lines of each, the
#     first with the file's inode, the offsets of the writes, ret 4096
#   - perf record of iomap_writethrough_stages with a --filter on its
#     fields: N lines, one per write, with the file, ret and counts
#   args: N (default 200)
. /wt/guest-lib.sh
n=${1:-200}
command -v perf >/dev/null ||
	skip "no perf in the guest: vmrun -x \"\$(tests/perf/build.sh)/root\" perf"
perf version
mount_xfs /dev/vda /mnt/vda
cd /tmp

# --- perf list
perf list tracepoint 2>/dev/null >/tmp/list.txt || perf list >/tmp/list.txt 2>&1
for e in iomap_writethrough_begin iomap_writethrough_complete iomap_iter_begin \
	iomap_iter_begin_done iomap_wt_folio_get iomap_wt_folio_locked \
	iomap_wt_wait_writeback_start iomap_wt_wait_writeback_end iomap_wt_folio_copied \
	iomap_wt_submit iomap_wt_bio_submit iomap_wt_io_end iomap_wt_submit_done; do
	grep -q "iomap:$e " /tmp/list.txt || fail "perf list does not show iomap:$e: $(grep -c iomap: /tmp/list.txt) iomap events"
done
grep -E 'iomap:iomap_(writethrough|wt)_' /tmp/list.txt
ok "perf list: the 13 write-through tracepoints"

# --- perf stat: exact counts
must wtload -m wt -s 4k -n "$n" -T /mnt/vda/perf >/dev/null	# allocated: the traced ones overwrite
stat_count() {	# stat_count EVENT MODE: the count perf stat gives for N writes of MODE
	perf stat -x, -o /tmp/stat.csv -e "iomap:$1" -- \
		wtload -m "$2" -s 4k -n "$n" /mnt/vda/perf >/tmp/stat.out 2>&1 ||
		fail "perf stat -e iomap:$1 -- wtload -m $2 failed: $(cat /tmp/stat.out /tmp/stat.csv)"
	grep "iomap:$1" /tmp/stat.csv | cut -d, -f1
}
c=$(stat_count iomap_writethrough_complete wt)
[ "$c" = "$n" ] || fail "perf stat counted $c iomap_writethrough_complete for $n write-through writes"
b=$(stat_count iomap_writethrough_begin wt)
[ "$b" = "$n" ] || fail "perf stat counted $b iomap_writethrough_begin for $n write-through writes"
cat /tmp/stat.csv
# a filter on a field: completions that wrote 4096 bytes (docs/perf.md)
perf stat -x, -o /tmp/statf.csv -e iomap:iomap_writethrough_complete --filter 'ret == 4096' -- \
	wtload -m wt -s 4k -n "$n" /mnt/vda/perf >/dev/null 2>&1 || fail "perf stat --filter failed: $(cat /tmp/statf.csv)"
f=$(grep iomap:iomap_writethrough_complete /tmp/statf.csv | cut -d, -f1)
[ "$f" = "$n" ] || fail "perf stat --filter 'ret == 4096' counted $f of $n"
z=$(stat_count iomap_writethrough_complete buffered)
[ "$z" = 0 ] || fail "perf stat counted $z write-through completions for $n buffered writes"
ok "perf stat: $c completions and $b begins for $n write-through writes ($f with --filter 'ret == 4096'), $z for $n buffered ones"

# --- perf record + perf script
ino=$(stat -c %i /mnt/vda/perf)
perf record -q -o /tmp/perf.data -e iomap:iomap_writethrough_begin \
	-e iomap:iomap_writethrough_complete -- \
	wtload -m wt -s 4k -n "$n" /mnt/vda/perf >/tmp/rec.out 2>&1 ||
	fail "perf record failed: $(cat /tmp/rec.out)"
perf script -i /tmp/perf.data >/tmp/script.txt 2>/tmp/script.err ||
	fail "perf script failed: $(cat /tmp/script.err)"
head -n 4 /tmp/script.txt
nb=$(grep -c 'iomap:iomap_writethrough_begin:' /tmp/script.txt)
nc=$(grep -c 'iomap:iomap_writethrough_complete:' /tmp/script.txt)
[ "$nb" = "$n" ] && [ "$nc" = "$n" ] ||
	fail "perf script shows $nb begin and $nc complete events for $n writes"
hino=$(printf '%x' "$ino")
grep 'iomap:iomap_writethrough_complete:' /tmp/script.txt | head -n 1 | grep -q "ino 0x$hino " ||
	fail "perf script does not show inode 0x$hino: $(grep -m1 complete: /tmp/script.txt)"
nr=$(grep 'iomap:iomap_writethrough_complete:' /tmp/script.txt | grep -c 'ret 4096 ')
[ "$nr" = "$n" ] || fail "perf script: $nr of $n completions with ret 4096"
last=$(grep 'iomap:iomap_writethrough_begin:' /tmp/script.txt | tail -n 1)
echo "$last" | grep -q "offset 0x$(printf '%x' $(( (n - 1) * 4096 ))) " ||
	fail "the last begin event is not at offset $(( (n - 1) * 4096 )): $last"
ok "perf record + perf script: $nb begin and $nc complete events, inode 0x$hino, ret 4096, the offsets in order"

# --- the stages event (the series' last patch): one line per write, with
# its stage times, through a filter on one of them (docs/perf.md)
grep -q "iomap:iomap_writethrough_stages " /tmp/list.txt || fail "perf list does not show iomap:iomap_writethrough_stages"
perf record -q -o /tmp/perfs.data -e iomap:iomap_writethrough_stages --filter 'total > 0 && nr_folios == 1' -- \
	wtload -m wt -s 4k -n "$n" /mnt/vda/perf >/tmp/recs.out 2>&1 ||
	fail "perf record of iomap_writethrough_stages failed: $(cat /tmp/recs.out)"
perf script -i /tmp/perfs.data >/tmp/scripts.txt 2>/tmp/scripts.err ||
	fail "perf script failed: $(cat /tmp/scripts.err)"
head -n 2 /tmp/scripts.txt
ns=$(grep 'iomap:iomap_writethrough_stages:' /tmp/scripts.txt |
	grep -c "ino 0x$hino .* ret 4096 path writethrough .* total [1-9][0-9]* .* folios 1 ios 1 bios 1$")
[ "$ns" = "$n" ] || fail "perf script: $ns of $n iomap_writethrough_stages lines with the file, ret 4096, one folio, I/O and bio"
ok "perf record -e iomap:iomap_writethrough_stages --filter: $ns lines, one per write, with its stage times"
