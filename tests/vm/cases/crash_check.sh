# Second boot of the crash test: mount (log recovery) and check which data
# survived.  EXPECT=new: the overwrite (seed 2) must be there; EXPECT=old:
# the fsynced data (seed 1) must be there and the overwrite must not.
. /wt/guest-lib.sh
expect=${1:-new}
mount_xfs /dev/vda /mnt/vda
if [ "$expect" = new ]; then
	wtload -C -s 64k -n 16 -r 2 /mnt/vda/f || fail "write-through data lost in the crash"
	ok "write-through data survived the crash"
else
	wtload -C -s 64k -n 16 -r 1 /mnt/vda/f || fail "old data not found after crash"
	if wtload -C -s 64k -n 16 -r 2 /mnt/vda/f 2>/dev/null; then
		fail "buffered overwrite survived a crash without sync: the test cannot tell"
	fi
	ok "buffered overwrite was lost, as expected without write-through"
fi
