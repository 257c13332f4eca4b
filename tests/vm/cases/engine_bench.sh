# Engine v2 benchmark (figures printed, not asserted; ratios only under
# TCG), one boot, medians of 3 interleaved repetitions:
#  (a) io_uring QD 16, 64 random 4 KiB overwrites of a 256 KiB file on a
#      null_blk device with 18 ms completion: O_DIRECT, write-through,
#      write-through + RWF_DSYNC, buffered O_DSYNC; each mode its own file,
#      written first with O_DIRECT (nothing cached);
#  (b) 4 writers of random 4 KiB blocks to one file vs to a file each, on
#      /dev/vda: write-through vs buffered + fdatasync.
# Prints "bench: NAME writes/s" lines and a summary of ratios.
. /wt/guest-lib.sh
wps() { sed -n 's/.* writes\/s \([0-9.]*\) .*/\1/p' "$1" | head -n1; }
med3() { printf '%s\n' "$@" | sort -n | sed -n 2p; }

nullb_slow wtbench18 18
must mkfs.xfs -q -f -K "$nullb_dev"
mount_xfs "$nullb_dev" /mnt/eb
modes="direct wt wtdsync dsync"
for m in $modes; do
	must wtload -m direct -s 64k -n 4 -T /mnt/eb/$m >/dev/null
done
for rep in 1 2 3; do
	for m in $modes; do
		wtload -e io_uring -q 16 -m $m -s 4k -n 64 -P rand -S 256k -r $rep /mnt/eb/$m >/tmp/eb.out 2>&1 ||
			{ cat /tmp/eb.out; fail "wtload -e io_uring -m $m"; }
		eval "r_${m}_$rep=$(wps /tmp/eb.out)"
	done
done
for m in $modes; do
	eval "v=\$(med3 \$r_${m}_1 \$r_${m}_2 \$r_${m}_3)"
	eval "q_$m=$v"
	echo "bench: io_uring qd16 4k rand 18ms $m $v writes/s"
done
echo "bench: io_uring qd16 18ms wt/direct $(echo "$q_wt $q_direct" | awk '{ printf "%.2f", $1 / $2 }')" \
	"wtdsync/direct $(echo "$q_wtdsync $q_direct" | awk '{ printf "%.2f", $1 / $2 }')" \
	"wtdsync/dsync $(echo "$q_wtdsync $q_dsync" | awk '{ printf "%.2f", $1 / $2 }')"
umount /mnt/eb

mount_xfs /dev/vda /mnt/vda
for m in wt fdatasync; do
	for i in 1 2 3 4; do
		must wtload -m direct -s 1m -n 4 -T /mnt/vda/$m.$i >/dev/null
	done
done
for rep in 1 2 3; do
	for m in wt fdatasync; do
		wtload -m $m -t 4 -s 4k -n 1024 -P rand -S 4m -r $rep /mnt/vda/$m.1 >/tmp/eb.out 2>&1 ||
			{ cat /tmp/eb.out; fail "wtload -t 4 -m $m"; }
		eval "one_${m}_$rep=$(wps /tmp/eb.out)"
		for i in 1 2 3 4; do
			wtload -m $m -s 4k -n 256 -P rand -S 4m -r $rep /mnt/vda/$m.$i >/tmp/eb.$i 2>&1 &
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
		"one/each $(echo "$o $f" | awk '{ printf "%.2f", $1 / $2 }')"
done
umount /mnt/vda
ok "engine benchmark done"
