# Second boot of a power-cut cycle: log recovery, then every slot's
# generation and the appended log file's size and whole records.
# Args: DEV SLOTS.
. /wt/guest-lib.sh
mount_xfs /dev/$1 /mnt/pc
must wtpowercut check /mnt/pc/f "$2"
umount /mnt/pc || fail "umount"
ok "slots read back"
