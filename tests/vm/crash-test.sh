#!/usr/bin/env bash
# crash-test.sh WRITE-CASE CHECK-CASE [WRITE-ARGS [CHECK-ARGS]]: boot, run
# WRITE-CASE until it prints WT-CRASH-NOW, kill QEMU (no sync, no clean
# shutdown), boot again on the same disks and run CHECK-CASE.
set -u
here=$(cd "$(dirname "$0")" && pwd)
disks=$(mktemp -d /tmp/wt-crash.XXXXXX)
trap 'rm -rf "$disks"' EXIT
"$here/vmrun" -t 600 -D "$disks" -K WT-CRASH-NOW -a "${3:-}" "$1" || exit 1
"$here/vmrun" -t 600 -D "$disks" -a "${4:-}" "$2"
