# Second boot of an atomic power-cut cycle: log recovery, then every unit
# of the file must be of one generation.  Args: DEV UNIT [tear]: with
# "tear", unit 0 is torn on purpose first (the control).
. /wt/guest-lib.sh
mount_xfs /dev/$1 /mnt/pc
[ "${3:-}" = tear ] && must wtatomic tear /mnt/pc/units "$2" 0
wtatomic check /mnt/pc/units "$2"
echo "check exit $?"
umount /mnt/pc || fail "umount"
ok "units read back"
