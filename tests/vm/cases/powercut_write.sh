# First boot of a power-cut cycle (tests/vm/powercut.sh): wtpowercut write
# on DEV until the host kills QEMU.  Args: DEV SLOTS QD SEED MODE.
. /wt/guest-lib.sh
echo 0 >/proc/sys/vm/dirty_writeback_centisecs
echo 360000 >/proc/sys/vm/dirty_expire_centisecs
mount_xfs /dev/$1 /mnt/pc
wtpowercut write /mnt/pc/f "$2" "$3" "$4" "$5"
fail "wtpowercut write stopped: $?"
