#!/usr/bin/env bash
# Run every test tier: unit, host (root: BPF and XFS on this kernel) and vm
# (builds the kernel from kernel/patches if the cache lacks it, boots it
# under QEMU).  Ends with ctest's summary line.  The mutants tier runs only
# with -L mutants.
set -eu
cd "$(dirname "$0")"
tools/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
cd build
# The mutants tier builds a kernel per mutant: only on request (-L mutants).
args=("$@")
case " $* " in *" -L"*) ;; *) args+=(-LE mutants) ;; esac
# two at a time: most VM cases are single-threaded under emulation
ctest --output-on-failure --timeout 3000 -j2 "${args[@]}"
