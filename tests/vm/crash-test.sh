#!/usr/bin/env bash
# crash-test.sh WRITE-CASE CHECK-CASE [WRITE-ARGS [CHECK-ARGS [NAME]]]: boot, run
# WRITE-CASE until it prints WT-CRASH-NOW, kill QEMU (no sync, no clean
# shutdown), boot again on the same disks and run CHECK-CASE.
set -u
here=$(cd "$(dirname "$0")" && pwd)
disks=$(mktemp -d /tmp/wt-crash.XXXXXX)
trap 'rm -rf "$disks"' EXIT
logs=${WT_BUILD:-$here/../../build}/vm-logs
mkdir -p "$logs"
name=${5:-$1}
"$here/vmrun" -t 600 -D "$disks" -K WT-CRASH-NOW -a "${3:-}" -l "$logs/$name.1.log" "$1" || exit 1
"$here/vmrun" -t 600 -D "$disks" -a "${4:-}" -l "$logs/$name.2.log" "$2"
