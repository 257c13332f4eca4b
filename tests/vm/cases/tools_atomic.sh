# Atomic write-through writes (RWF_ATOMIC | RWF_WRITETHROUGH) in wtsnoop
# and wtlat: each is flagged atomic, with the path it took (docs/tools.md,
# "Atomic writes").  N sync and N aio atomic writes (wtatomic write) and N
# plain write-through writes (wtload) under wtsnoop -j and wtlat -j:
#
#   - /dev/vda (reflink XFS, a virtio disk without atomic writes): every
#     atomic write goes out of place, "atomic":"sw"
#   - a scsi_debug disk with atomic writes, XFS without reflink: every
#     atomic write is one REQ_ATOMIC bio, "atomic":"hw"
#
# On both: wtsnoop prints N lines per atomic file, all with that path, and
# N with "atomic":null for the plain file; each atomic write's mapping
# counts as ->iomap_begin #1 (it maps with IOMAP_DIRECT from the start);
# wtlat counts 3N writes, 2N atomic, all 2N on that path, none on the
# other, nothing missed; wtsnoop's summary agrees.  Then the text outputs:
# wtsnoop's ATOM column (sw on vda), wtlat's "atomic writes" line and its
# OpenMetrics counters (hw on scsi_debug).
# Args: [N] writes of each kind (default 16).
. /wt/guest-lib.sh
n=${1:-16}

trace_start() { # TAG
	wtsnoop -j >/tmp/snoop.$1.json 2>/tmp/snoop.$1.err & snoop=$!
	wtlat -j >/tmp/lat.$1.json 2>/tmp/lat.$1.err & lat=$!
	wait_for /tmp/snoop.$1.json '"type":"start"'
	wait_for /tmp/lat.$1.json '"type":"start"'
}

trace_stop() { # TAG
	kill -INT $snoop $lat
	wait $snoop || fail "wtsnoop ($1) failed: $(cat /tmp/snoop.$1.err)"
	wait $lat || fail "wtlat ($1) failed: $(cat /tmp/lat.$1.err)"
	cat /tmp/snoop.$1.err /tmp/lat.$1.err
}

# counter NAME of TAG's wtlat end record (the run's totals), or wtsnoop's summary
lat_end() { grep '"type":"end"' /tmp/lat.$1.json | grep -o "\"$2\":[0-9]*" | head -n1 | sed 's/.*://'; }
snoop_sum() { grep '"type":"summary"' /tmp/snoop.$1.json | grep -o "\"$2\":[0-9]*" | head -n1 | sed 's/.*://'; }

# the write lines of FILE in TAG's wtsnoop output: N of them, each
# "atomic" WANT (hw, sw, null); an atomic one with ->iomap_begin #1 at
# least once (it maps with IOMAP_DIRECT, yet that call is the front end's)
check_file() { # TAG FILE N WANT
	ino=$(stat -c %i "$2") || fail "stat $2"
	grep '"type":"write"' /tmp/snoop.$1.json | grep "\"ino\":$ino," >/tmp/w.$1.$ino
	sed -n 's/.*"iomap_begin_1":\([0-9]*\),"iomap_begin_2":\([0-9]*\),.*"atomic":"*\([a-z]*\)"*,"async":\([a-z]*\),.*/\3 \4 \1 \2/p' \
		/tmp/w.$1.$ino >/tmp/v.$1.$ino
	l=$(grep -c . /tmp/w.$1.$ino)
	[ "$l" = "$3" ] || fail "$1: wtsnoop printed $l lines for $2, want $3"
	[ "$(grep -c . /tmp/v.$1.$ino)" = "$l" ] ||
		fail "$1: cannot read the wtsnoop lines of $2: $(head -n1 /tmp/w.$1.$ino | cut -c1-600)"
	head -n1 /tmp/w.$1.$ino | cut -c1-600
	awk -v want="$4" -v tag="$1" -v f="$2" '{
		if ($1 != want) { if (bad < 3) print tag ": " f ": \"atomic\" " $1 ", want " want; bad++ }
		if (want != "null" && $3 < 1) {
			if (bad < 3) print tag ": " f ": an atomic write with ->iomap_begin #1 " $3 " times, #2 " $4; bad++
		}
		if ($2 == "true") async++
	} END {
		printf "%s: %s: %d lines, \"atomic\" %s, %d async\n", tag, f, NR, want, async
		exit bad > 0
	}' /tmp/v.$1.$ino || fail "$1: $2: wtsnoop's lines are not what they should be (above)"
}

# wtlat (end record) and wtsnoop (summary): 3N writes, 2N atomic, all on
# path ON (hw or sw), none on OFF; nothing missed
check_counts() { # TAG ON OFF
	for c in writes atomic_writes atomic_$2 atomic_$3; do
		case $c in
		writes) want=$((3 * n)) ;;
		atomic_$3) want=0 ;;
		*) want=$((2 * n)) ;;
		esac
		v=$(lat_end $1 $c)
		[ "$v" = "$want" ] || fail "$1: wtlat $c is ${v:-absent}, want $want"
		v=$(snoop_sum $1 $c)
		[ "$v" = "$want" ] || fail "$1: wtsnoop's summary $c is ${v:-absent}, want $want"
	done
	for c in errors orphan_events stale_writes insert_failures recursion_misses async_unfinished; do
		v=$(lat_end $1 $c)
		[ "$v" = 0 ] || fail "$1: wtlat $c is ${v:-absent}, want 0"
	done
	grep '"type":"end"' /tmp/lat.$1.json | grep -o '"atomic_writes":[0-9]*,"atomic_hw":[0-9]*,"atomic_sw":[0-9]*'
	ok "$1: wtlat and wtsnoop: $((3 * n)) writes, $((2 * n)) atomic, all $2"
}

# --- vda: the software path
mount_xfs /dev/vda /mnt/vda
trace_start vda
run wtatomic write /mnt/vda/atom 16384 $n
run wtatomic write -a /mnt/vda/atomaio 16384 $n
run wtload -m wt -s 16k -n $n /mnt/vda/plain
trace_stop vda
[ $failed -eq 0 ] || fail "a workload failed on vda"
check_file vda /mnt/vda/atom $n sw
check_file vda /mnt/vda/atomaio $n sw
check_file vda /mnt/vda/plain $n null
check_counts vda sw hw

# wtsnoop's text: the ATOM column (9th), sw for each atomic write
wtsnoop -- wtatomic write /mnt/vda/txt 16384 4 >/tmp/snoop.txt 2>/tmp/snoop.txt.err ||
	fail "wtsnoop -- wtatomic failed: $(cat /tmp/snoop.txt.err)"
head -n1 /tmp/snoop.txt | grep -q ' PATH ATOM ' || fail "wtsnoop's header has no ATOM column: $(head -n1 /tmp/snoop.txt)"
awk 'NF >= 20 && $8 == "wt" { print; n++; if ($9 != "sw") bad++ }
     END { exit !(n == 4 && !bad) }' /tmp/snoop.txt ||
	fail "wtsnoop text: want 4 lines with ATOM sw: $(cat /tmp/snoop.txt)"
ok "wtsnoop text: 4 atomic writes, ATOM sw"
umount /mnt/vda || fail "umount /mnt/vda"

# --- scsi_debug with atomic writes (tests/vm/vmrun sets its parameters;
# no host until here), XFS without reflink: the hardware path
sdebug_disk
sdev=$sdebug_dev
must mkfs.xfs -q -f -m reflink=0 "$sdev"
mount_xfs "$sdev" /mnt/hw
trace_start hw
run wtatomic write /mnt/hw/atom 4096 $n
run wtatomic write -a /mnt/hw/atomaio 4096 $n
run wtload -m wt -s 4k -n $n /mnt/hw/plain
trace_stop hw
[ $failed -eq 0 ] || fail "a workload failed on scsi_debug"
check_file hw /mnt/hw/atom $n hw
check_file hw /mnt/hw/atomaio $n hw
check_file hw /mnt/hw/plain $n null
check_counts hw hw sw

# wtlat's text line and OpenMetrics counters
wtlat -s --openmetrics /tmp/wt.prom -- wtatomic write /mnt/hw/om 4096 4 >/tmp/lat.txt 2>/tmp/lat.txt.err ||
	fail "wtlat -- wtatomic failed: $(cat /tmp/lat.txt.err)"
grep '^atomic writes' /tmp/lat.txt
grep -q '^atomic writes 4 (hardware: REQ_ATOMIC bio 4, software: out of place 0, no I/O 0)$' /tmp/lat.txt ||
	fail "wtlat text: want 4 hardware atomic writes: $(grep '^atomic' /tmp/lat.txt)"
grep '^wt_atomic_.*_total' /tmp/wt.prom
for c in 'wt_atomic_writes_total 4' 'wt_atomic_hw_total 4' 'wt_atomic_sw_total 0'; do
	grep -q "^$c\$" /tmp/wt.prom || fail "OpenMetrics: no '$c': $(grep '^wt_atomic' /tmp/wt.prom)"
done
ok "wtlat text and OpenMetrics: 4 atomic writes, all hardware"
umount /mnt/hw || fail "umount /mnt/hw"
ok "atomic writes in wtsnoop and wtlat: software on vda, hardware on scsi_debug, plain writes not atomic"
