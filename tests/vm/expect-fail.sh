#!/usr/bin/env bash
# expect-fail.sh MESSAGE CMD...: pass only if CMD fails and prints MESSAGE.
msg=$1; shift
out=$("$@" 2>&1); rc=$?
echo "$out" | tail -n 20
if [[ $rc -eq 0 ]]; then
	echo "expect-fail: '$*' succeeded; it should have failed" >&2
	exit 1
fi
if ! grep -qF -- "$msg" <<<"$out"; then
	echo "expect-fail: '$*' failed (rc $rc) without saying '$msg'" >&2
	exit 1
fi
echo "expect-fail: failed as expected (rc $rc): $msg"
