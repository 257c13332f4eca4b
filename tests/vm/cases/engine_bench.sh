# Engine v2 benchmark, issue 8's list (figures printed, not asserted;
# ratios only under TCG), one boot, medians of 3 interleaved repetitions.
# Run by hand: tests/vm/vmrun -t 1800 [-a "SECTION..."] engine_bench
# Sections (arguments; default all):
#  qd       io_uring QD 16 on a null_blk device with 18 ms completion, 4 KiB
#           overwrites of a 256 KiB file: 64 distinct blocks in a random
#           order (-P shuffle, issue 8's workload) and 64 independent random
#           picks (-P rand: a block may come again while its first write is
#           in flight); O_DIRECT, write-through, write-through + RWF_DSYNC,
#           buffered O_DSYNC; each mode its own file, written first with
#           O_DIRECT, the page cache dropped before every run;
#  writers  4 writers of random 4 KiB blocks to one file vs to a file each,
#           on /dev/vda: write-through vs buffered + fdatasync;
#  dsync    write-through + RWF_DSYNC vs buffered write + fdatasync, sync
#           engine, 16 sequential overwrites of a written file, 4k to 1m,
#           on a memory-backed null_blk device with a volatile write cache
#           and FUA that completes every request (flushes too) 5 or 18 ms
#           late; p50 per write, and the device's own flush and write times;
#  copy     sync write-through vs the page-cache copy plus O_DIRECT of the
#           same size: p50 of O_DIRECT, of write-through and of a buffered
#           write (no sync), 4k to 1m, sequential overwrites, on /dev/vda and
#           on a memory-backed null_blk device without delay; "cold": the
#           first pass after the page cache was dropped, "cached": the next
#           pass over the same file (clean folios of the write's size).
# Prints "bench: ..." lines.
. /wt/guest-lib.sh
sections=${*:-qd writers dsync copy}
has() { case " $sections " in *" $1 "*) return 0 ;; esac; return 1; }
wps() { sed -n 's/.* writes\/s \([0-9.]*\) .*/\1/p' "$1" | head -n1; }
p50() { sed -n 's/.* p50 \([0-9.]*\) .*/\1/p' "$1" | head -n1; }
med3() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
ratio() { echo "$1 $2" | awk '{ printf "%.2f", $1 / $2 }'; }
# load OUTVAR FIELD ARGS...: run wtload, put its p50 or writes/s in OUTVAR
load() {
	lv=$1 lf=$2
	shift 2
	wtload "$@" >/tmp/eb.out 2>&1 || { cat /tmp/eb.out; fail "wtload $*"; }
	eval "$lv=$($lf /tmp/eb.out)"
}
# prep FILE BYTES: FILE written with 1 MiB O_DIRECT writes (nothing cached)
prep() { must wtload -m direct -s 1m -n $(($2 / 1048576)) -T "$1" >/dev/null; }
count_for() { case $1 in 4k) echo 256 ;; 64k) echo 64 ;; 256k) echo 32 ;; *) echo 16 ;; esac; }
# dstat DEV: "flushes flush_ms writes write_ms" from /sys/block/DEV/stat
dstat() { awk '{ print $16, $17, $5, $8 }' /sys/block/$1/stat; }

if has qd; then
	nullb_slow wtbench18 18
	must mkfs.xfs -q -f -K "$nullb_dev"
	mount_xfs "$nullb_dev" /mnt/eb
	modes="direct wt wtdsync dsync"
	for m in $modes; do
		must wtload -m direct -s 64k -n 4 -T /mnt/eb/$m >/dev/null
	done
	for rep in 1 2 3; do
		for p in shuffle rand; do
			for m in $modes; do
				drop_caches
				load "r_${p}_${m}_$rep" wps -e io_uring -q 16 -m $m -s 4k -n 64 \
					-P $p -S 256k -r $rep /mnt/eb/$m
			done
		done
	done
	for p in shuffle rand; do
		for m in $modes; do
			eval "v=\$(med3 \$r_${p}_${m}_1 \$r_${p}_${m}_2 \$r_${p}_${m}_3)"
			eval "q_$m=$v"
			echo "bench: io_uring qd16 4k $p 18ms $m $v writes/s"
		done
		echo "bench: io_uring qd16 4k $p 18ms wt/direct $(ratio $q_wt $q_direct)" \
			"wtdsync/direct $(ratio $q_wtdsync $q_direct)" \
			"wtdsync/dsync $(ratio $q_wtdsync $q_dsync)"
	done
	umount /mnt/eb
fi

if has writers; then
	mount_xfs /dev/vda /mnt/vda
	for m in wt fdatasync; do
		for i in 1 2 3 4; do
			must wtload -m direct -s 1m -n 4 -T /mnt/vda/$m.$i >/dev/null
		done
	done
	for rep in 1 2 3; do
		for m in wt fdatasync; do
			load "one_${m}_$rep" wps -m $m -t 4 -s 4k -n 1024 -P rand -S 4m -r $rep \
				/mnt/vda/$m.1
			for i in 1 2 3 4; do
				wtload -m $m -s 4k -n 256 -P rand -S 4m -r $rep /mnt/vda/$m.$i \
					>/tmp/eb.$i 2>&1 &
			done
			wait
			sum=0
			for i in 1 2 3 4; do
				sum=$(echo "$sum $(wps /tmp/eb.$i)" | awk '{ print $1 + $2 }')
			done
			eval "four_${m}_$rep=$sum"
		done
	done
	for m in wt fdatasync; do
		eval "o=\$(med3 \$one_${m}_1 \$one_${m}_2 \$one_${m}_3)"
		eval "f=\$(med3 \$four_${m}_1 \$four_${m}_2 \$four_${m}_3)"
		echo "bench: 4 writers $m: one file $o writes/s, a file each $f writes/s," \
			"one/each $(ratio $o $f)"
	done
	umount /mnt/vda
fi

# fua_dev NAME DELAY_MS: like nullb_slow, with a 64 MiB volatile write
# cache and FUA; its name goes to $fua_dev (without /dev/)
fua_dev() {
	cfg=/sys/kernel/config/nullb/$1
	[ -d /sys/kernel/config/nullb ] || skip "no null_blk configfs"
	mkdir $cfg || fail "cannot create $cfg"
	for a in memory_backed irqmode completion_nsec cache_size fua; do
		[ -e $cfg/$a ] || skip "null_blk has no '$a' attribute"
	done
	echo 1 >$cfg/memory_backed && echo 2 >$cfg/irqmode &&
		echo $(($2 * 1000000)) >$cfg/completion_nsec && echo 64 >$cfg/cache_size &&
		echo 1 >$cfg/fua && echo 512 >$cfg/size && echo 4096 >$cfg/blocksize &&
		echo 1 >$cfg/power || fail "cannot configure $cfg"
	fua_dev=$1
	[ -b /dev/$fua_dev ] || fua_dev=nullb$(cat $cfg/index)
	[ -b /dev/$fua_dev ] || fail "no block device for $cfg"
	[ "$(cat /sys/block/$fua_dev/queue/write_cache)" = "write back" ] &&
		[ "$(cat /sys/block/$fua_dev/queue/fua)" = 1 ] ||
		fail "$fua_dev: want a volatile cache and FUA"
}

if has dsync; then
	sizes="4k 64k 256k 1m"
	for d in 5 18; do
		fua_dev wtfua$d $d
		must mkfs.xfs -q -f -K /dev/$fua_dev
		mount_xfs /dev/$fua_dev /mnt/fua$d
		for m in wtdsync fdatasync; do
			prep /mnt/fua$d/$m 16777216
			eval "st_$m='0 0 0 0'"
		done
		for rep in 1 2 3; do
			for s in $sizes; do
				for m in wtdsync fdatasync; do
					drop_caches
					a=$(dstat $fua_dev)
					load "d_${m}_${s}_$rep" p50 -m $m -s $s -n 16 -P seq -r $rep \
						/mnt/fua$d/$m
					b=$(dstat $fua_dev)
					eval "st_$m=\$(echo \$st_$m \$a \$b | awk '{ for (i = 1; i <= 4; i++) printf \"%d \", \$i + \$(i + 8) - \$(i + 4) }')"
				done
			done
		done
		for s in $sizes; do
			eval "w=\$(med3 \$d_wtdsync_${s}_1 \$d_wtdsync_${s}_2 \$d_wtdsync_${s}_3)"
			eval "f=\$(med3 \$d_fdatasync_${s}_1 \$d_fdatasync_${s}_2 \$d_fdatasync_${s}_3)"
			echo "bench: dsync fua ${d}ms $s p50 us: wtdsync $w fdatasync $f" \
				"wtdsync/fdatasync $(ratio $w $f)"
		done
		for m in wtdsync fdatasync; do
			eval "set -- \$st_$m"
			echo "bench: dsync fua ${d}ms device during $m runs: $1 flushes" \
				"avg $(echo "$2 $1" | awk '{ printf "%.1f", $2 ? $1 / $2 : 0 }') ms," \
				"$3 writes avg $(echo "$4 $3" | awk '{ printf "%.1f", $2 ? $1 / $2 : 0 }') ms"
		done
		umount /mnt/fua$d
	done
fi

if has copy; then
	sizes="4k 64k 256k 1m"
	cfg=/sys/kernel/config/nullb/wtfast
	[ -d /sys/kernel/config/nullb ] || skip "no null_blk configfs"
	mkdir $cfg && echo 1 >$cfg/memory_backed && echo 512 >$cfg/size &&
		echo 4096 >$cfg/blocksize && echo 1 >$cfg/power || fail "cannot configure $cfg"
	fast=/dev/wtfast
	[ -b $fast ] || fast=/dev/nullb$(cat $cfg/index)
	must mkfs.xfs -q -f -K $fast
	mount_xfs /dev/vda /mnt/vda
	mount_xfs $fast /mnt/fast
	for disk in vda fast; do
		for m in direct wt buffered; do
			prep /mnt/$disk/cp.$m 16777216
		done
	done
	for rep in 1 2 3; do
		for disk in vda fast; do
			for s in $sizes; do
				n=$(count_for $s)
				f=/mnt/$disk/cp
				load "c_${disk}_direct_${s}_$rep" p50 -m direct -s $s -n $n -r $rep $f.direct
				drop_caches
				load "c_${disk}_wtcold_${s}_$rep" p50 -m wt -s $s -n $n -r $rep $f.wt
				load "c_${disk}_wt_${s}_$rep" p50 -m wt -s $s -n $n -r $rep $f.wt
				drop_caches
				load "c_${disk}_bufcold_${s}_$rep" p50 -m buffered -s $s -n $n -r $rep \
					$f.buffered
				sync
				load "c_${disk}_buf_${s}_$rep" p50 -m buffered -s $s -n $n -r $rep \
					$f.buffered
				sync
			done
		done
	done
	for disk in vda fast; do
		for s in $sizes; do
			for m in direct wtcold wt bufcold buf; do
				eval "v=\$(med3 \$c_${disk}_${m}_${s}_1 \$c_${disk}_${m}_${s}_2 \$c_${disk}_${m}_${s}_3)"
				eval "x_$m=$v"
			done
			echo "bench: copy $disk $s p50 us: direct $x_direct, wt cached $x_wt cold $x_wtcold," \
				"buffered cached $x_buf cold $x_bufcold;" \
				"wt/(buffered+direct) cached $(echo "$x_wt $x_buf $x_direct" |
					awk '{ printf "%.2f", $1 / ($2 + $3) }')" \
				"cold $(echo "$x_wtcold $x_bufcold $x_direct" |
					awk '{ printf "%.2f", $1 / ($2 + $3) }')"
		done
	done
	umount /mnt/fast
	umount /mnt/vda
fi
ok "engine benchmark done ($sections)"
