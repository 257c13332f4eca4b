# shellcheck shell=bash disable=SC2154
# kernel/wtk triage: series triage.  Sourced by kernel/wtk, which provides
# kgit, die, log, do_fetch, do_config and the variables tree, cache,
# version, jobs and repo.

triage_usage() {
	cat <<'EOF'
usage: kernel/wtk triage [-r RUNS] [-n WRITES] [-d DELAY_MS] [-t PCT] [-S STAGES]
                         [-o DIR] [FROM [TO]]
       kernel/wtk triage -J DIR [-t PCT] [-S STAGES]

Series triage: build every state of the kernel tree from FROM to TO (each
commit of FROM..TO, first parent, in order; cached in $WT_CACHE/triage),
boot each with the same workload recorded by wtlat --record, compare every
state with FROM, and name the first state where a write-through stage
regressed.

  FROM, TO    commits of the kernel tree (kernel/wtk tree); TO defaults to
              its HEAD, FROM to the first patch whose tree has the
              write-through trace events (wtlat needs them)
  -r RUNS     recorded runs per boot (default 3)
  -n WRITES   synchronous 4 KiB write-through overwrites per run (default 200)
  -d MS       null_blk completion delay in ms (default 2)
  -t PCT      regression threshold in percent, as wtdiff -t (default 25:
              CPU-bound stages move by up to 38% between boots under TCG)
  -S STAGES   stages to judge, as wtdiff -S (default all)
  -o DIR      records, console logs and the report (default triage-out)
  -J DIR      judge again the records of an earlier triage in DIR (its -o)
              with this -t and -S: no build, no boot, no kernel tree; a
              state that now needs a second boot and has none in DIR is
              reported unconfirmed

The workload is tests/vm/cases/triage_run.sh: one file on a null_blk
device, written once, then RUNS runs of WRITES overwrites, each recorded
with its own wtlat --record.  FROM boots twice before the other states (A
and B) and once after them (E); every other state boots once.  A stage of
a state has regressed when wtdiff -A series -t PCT calls it regressed in
each of the 3 x RUNS comparisons (run i of A, B and E against run i of
the state): significant by wtdiff's chi-square and bucket rules and
beyond the threshold, in every run, against the base booted before and
after it, so that the machine slowing down during the hunt is not a
regression.  The first state that regressed boots a second time, followed
by one more boot of FROM, and only the stages that regressed in both of
its boots count (the second against the base boots around it, E and the
new one): a single boot can run slow, every CPU stage at once.  B against
A (adjacent boots of one kernel) is the noise check: a regression there
makes the verdicts untrustworthy (exit 2).  E against A and B is the
drift over the hunt, reported: a regression smaller than the drift can go
unseen.  The programs come from $WT_BUILD (default ./build).  The
states are built in a worktree of the kernel tree
($WT_CACHE/linux-VERSION-triage), so the tree of kernel/wtk build is
not touched.

Exit: 0 no state regressed, 1 a state regressed (the report names the
first one and its stages), 2 bad arguments, a build or VM failure, or a
noisy base.

EXAMPLES
  kernel/wtk triage                      every patch from the first traced one
  kernel/wtk triage -S lock,copy HEAD~3 HEAD
  kernel/wtk triage -t 10 -r 5 v5 v6     two series states, stricter
  kernel/wtk triage -J triage-out -t 40  the same records, a looser threshold
EOF
}

# first commit of the series whose tree has the write-through trace events
triage_first_traced() {
	local c
	for c in $(kgit rev-list --reverse --first-parent wt-base..HEAD); do
		if kgit show "$c:fs/iomap/trace.h" 2>/dev/null |
			grep -q 'TRACE_EVENT(iomap_writethrough_complete'; then
			echo "$c"
			return
		fi
	done
	die "no commit of the series has the write-through trace events"
}

# build state $1 in the triage worktree $2, once; prints its kernel directory
triage_build() {
	local sha=$1 wt=$2 kd=$cache/triage/$1 t0=$SECONDS
	if [[ -f $kd/bzImage ]]; then
		echo "$kd"
		return
	fi
	git -C "$wt" checkout -q --detach "$sha"
	cp "$tree/.config" "$wt/.config"
	make -C "$wt" -s CC="ccache gcc" olddefconfig >/dev/null
	if ! CCACHE_NOHASHDIR=1 make -C "$wt" -s -j"$jobs" CC="ccache gcc" \
		KBUILD_BUILD_USER=wt KBUILD_BUILD_HOST=wt bzImage >"$wt/wt-build.log" 2>&1; then
		grep -E 'error|Error' "$wt/wt-build.log" | head -n 30 >&2
		die "triage: state ${sha:0:12} does not build; log in $wt/wt-build.log"
	fi
	mkdir -p "$kd.tmp"
	cp "$wt/arch/x86/boot/bzImage" "$wt/.config" "$kd.tmp/"
	{
		echo "base=linux-source-7.2 $version"
		echo "series_head=$(git -C "$wt" log -1 --format='%h %s')"
		echo "patches=$(git -C "$wt" rev-list --count wt-base..HEAD)"
		echo "release=$(make -C "$wt" -s kernelrelease)"
	} >"$kd.tmp/info"
	rm -rf "$kd"
	mv "$kd.tmp" "$kd"
	log "triage: built ${sha:0:12} in $((SECONDS - t0)) s"
	echo "$kd"
}

# boot kernel $1 of state $2; its records go to $3/run*.ndjson, and the
# state's commit and subject to $3/state (what triage -J reads)
triage_boot() {
	local kd=$1 sha=$2 dir=$3 n
	rm -rf "$dir"
	mkdir -p "$dir/disks"
	{
		echo "$sha"
		kgit log -1 --format=%s "$sha"
	} >"$dir/state"
	if ! WT_BUILD=$tbuild "$repo/tests/vm/vmrun" -k "$kd" -t 900 -D "$dir/disks" \
		-l "$dir/console.log" -a "$sha $truns $twrites $tdelay" triage_run \
		>"$dir/vmrun.out" 2>&1; then
		tail -n 5 "$dir/vmrun.out" >&2
		die "triage: state ${sha:0:12}: the VM run failed (see $dir/vmrun.out)"
	fi
	tar -xf "$dir/disks/vdc.img" -C "$dir" 2>/dev/null ||
		die "triage: state ${sha:0:12}: no records on the guest's vdc"
	rm -rf "$dir/disks"
	n=$(find "$dir" -maxdepth 1 -name 'run*.ndjson' | wc -l)
	[[ $n == "$truns" ]] || die "triage: state ${sha:0:12}: $n records in $dir, $truns expected"
	log "triage: ran ${sha:0:12} ($dir)"
}

# Stages of the runs in $1 that wtdiff calls regressed in every comparison
# with the runs of each base directory $2...: "stage min% median%" lines,
# the largest median first (the change is the larger of the p50 and the
# mean change).
triage_judge() {
	local new=$1 b i f tmp
	shift
	tmp=$(mktemp -d)
	for b in "$@"; do
		for ((i = 1; i <= truns; i++)); do
			f=$tmp/$(basename "$b")-$i.json
			"$tbuild/bin/wtdiff" -j -A series -t "$tthr" ${tstages:+-S "$tstages"} \
				"$b/run$i.ndjson" "$new/run$i.ndjson" >"$f" 2>"$f.err" && :
			case $? in
			0 | 1) ;;
			*) die "triage: wtdiff $b/run$i.ndjson $new/run$i.ndjson: $(cat "$f.err")" ;;
			esac
		done
	done
	jq -r -s --argjson want "$(($# * truns))" '
		[ .[] | .stages | to_entries[] | select(.value.verdict == "regressed")
		  | { s: .key, d: ([.value.p50.delta_rel // 0, .value.mean.delta_rel // 0] | max) } ]
		| group_by(.s)[] | select(length == $want)
		| (map(.d) | sort) as $d
		| "\(.[0].s) \($d[0] * 100 | floor) \($d[($d | length / 2 | floor)] * 100 | floor)"' \
		"$tmp"/*.json | sort -k3,3nr
	rm -rf "$tmp"
}

# stage names of judge lines $1, comma-separated
triage_names() { echo -n "$1" | awk '{ printf "%s%s", sep, $1; sep = ", " }'; }
# judge lines as "stage +min% +median%, ..."
triage_fmt() { awk '{ printf "%s%s +%s%% +%s%%", sep, $1, $2, $3; sep = ", " }'; }
# judge lines as "stage +median%, ..."
triage_medians() { awk '{ printf "%s%s +%s%%", sep, $1, $3; sep = ", " }'; }

# Judge the records in $tout and write $tout/report.txt; exits 0, 1 or 2.
# The states are the directories NN-SHA12 (00-base-a and -b the base);
# the first state that regressed boots again into NN-SHA12-again unless
# that is recorded already (triage -J never boots: it reports the state
# unconfirmed).  Under emulation a whole boot can run slow, every CPU
# stage at once: only stages that regressed in both boots count.
triage_verdict() {
	local noise drift lines=() dirs=() r1 r2 conf dir i s sub regs first='' report from to n params
	mapfile -t dirs < <(find "$tout" -mindepth 1 -maxdepth 1 -type d -name '[0-9][0-9]-*' \
		! -name '00-base-*' ! -name '*-again*' | sort)
	((${#dirs[@]} >= 1)) || die "triage: no state records in $tout"
	[[ -f $tout/zz-base-end/state ]] ||
		die "triage: no base boot after the states in $tout (zz-base-end): records of an older triage?"
	rm -f "$tout/report.txt"
	from=$(sed -n 1p "$tout/00-base-a/state")
	to=$(sed -n 1p "${dirs[-1]}/state")
	noise=$(triage_judge "$tout/00-base-b" "$tout/00-base-a" | triage_medians)
	drift=$(triage_judge "$tout/zz-base-end" "$tout/00-base-a" "$tout/00-base-b" | triage_medians)
	for dir in "${dirs[@]}"; do
		[[ -f $dir/state ]] || die "triage: $dir has no state file"
		n=$(basename "$dir")
		i=$((10#${n:0:2}))
		s=$(sed -n 1p "$dir/state")
		sub=$(sed -n 2p "$dir/state")
		r1=$(triage_judge "$dir" "$tout/00-base-a" "$tout/00-base-b" "$tout/zz-base-end")
		regs=$(echo -n "$r1" | triage_fmt)
		if [[ -n $r1 && -z $first && -z $noise ]]; then
			if [[ -n $tjudge && ! ( -f $dir-again/state && -f $dir-again-base/state ) ]]; then
				regs="$regs; no second boot in the records"
				first="state $i, ${s:0:12} \"$sub\": stages $(triage_names "$r1") (one boot: unconfirmed)"
			else
				# the second boot, then the base again: the base boots
				# around it are E and that one
				[[ -f $dir-again/state ]] ||
					triage_boot "$(triage_build "$s" "$twt")" "$s" "$dir-again"
				[[ -f $dir-again-base/state ]] ||
					triage_boot "$(triage_build "$from" "$twt")" "$from" "$dir-again-base"
				r2=$(triage_judge "$dir-again" "$tout/zz-base-end" "$dir-again-base")
				# the stages of r1 that r2 has too (awk: no match is no error)
				conf=$(awk 'NR == FNR { two[$1]; next } $1 in two { printf "%s%s", sep, $1; sep = ", " }' \
					<(echo "$r2") <(echo "$r1"))
				if [[ -n $conf ]]; then
					regs="$regs; second boot: $(echo -n "$r2" | triage_fmt)"
					first="state $i, ${s:0:12} \"$sub\": stages $conf"
				else
					regs="$regs; second boot: ${r2:+$(echo -n "$r2" | triage_fmt), }no common stage: not a regression"
				fi
			fi
		fi
		lines+=("$(printf '%-3s %-12s %-50.50s %s' "$i" "${s:0:12}" "$sub" "${regs:-none}")")
	done
	params=$(cat "$tout/params" 2>/dev/null || echo "$truns ? ?")
	read -r n twrites tdelay <<<"$params"
	report=$tout/report.txt
	{
		echo "triage: $((${#dirs[@]} + 1)) states ${from:0:12}..${to:0:12}; per boot $truns runs of $twrites" \
			"4 KiB write-through overwrites (null_blk, ${tdelay} ms); threshold ${tthr}%${tstages:+; stages $tstages}"
		echo "rule: a stage regressed when wtdiff calls it regressed in all $((3 * truns)) comparisons with" \
			"the base boots before (A, B) and after (E) the states, and in a second boot of the state" \
			"against the base boots around it"
		echo "noise check, base B against A ($truns pairs): ${noise:-no stage regressed}"
		echo "drift, base E against A and B: ${drift:-no stage regressed}${drift:+ (a regression smaller than that can go unseen)}"
		printf '%-3s %-12s %-50s %s\n' "#" state subject "regressed stages (min% median% of the change)"
		printf '%-3s %-12s %-50.50s %s\n' 0 "${from:0:12}" "$(sed -n 2p "$tout/00-base-a/state")" "(base)"
		printf '%s\n' "${lines[@]}"
		if [[ -n $noise ]]; then
			echo "result: NOISY BASE: boot B regressed against boot A ($noise): raise -t or -r"
		elif [[ -n $first ]]; then
			echo "result: first regression: $first"
		else
			echo "result: no regression beyond ${tthr}% from ${from:0:12}"
		fi
	} | tee "$report"
	grep -q '^result: NOISY' "$report" && exit 2
	grep -q '^result: first regression' "$report" && exit 1
	exit 0
}

do_triage() {
	local o from to states=() s i kd setrun=''
	truns=3 twrites=200 tdelay=2 tthr=25 tstages='' tout=triage-out tjudge='' twt=''
	tbuild=${WT_BUILD:-$repo/build}
	OPTIND=1
	while getopts "r:n:d:t:S:o:J:h" o; do
		case $o in
		r) truns=$OPTARG setrun=-r ;; n) twrites=$OPTARG setrun=-n ;; d) tdelay=$OPTARG setrun=-d ;;
		t) tthr=${OPTARG%\%} ;; S) tstages=$OPTARG ;; o) tout=$OPTARG setrun=-o ;;
		J) tjudge=$OPTARG ;;
		h) triage_usage; exit 0 ;;
		*) echo "wtk: triage: bad option (kernel/wtk triage -h)" >&2; exit 2 ;;
		esac
	done
	shift $((OPTIND - 1))
	(($# <= 2)) || { echo "wtk: triage: at most FROM and TO" >&2; exit 2; }
	for o in "$truns" "$twrites" "$tdelay" "$tthr"; do
		[[ $o =~ ^[0-9]+$ ]] || { echo "wtk: triage: '$o' is not a whole number" >&2; exit 2; }
	done
	((truns >= 1 && twrites >= 10 && tthr <= 1000)) ||
		{ echo "wtk: triage: need -r >= 1, -n >= 10, -t <= 1000" >&2; exit 2; }
	[[ -x $tbuild/bin/wtdiff ]] ||
		{ echo "wtk: triage: no $tbuild/bin/wtdiff (build the project or set WT_BUILD)" >&2; exit 2; }
	command -v jq >/dev/null || { echo "wtk: triage: needs jq (tools/install-deps.sh)" >&2; exit 2; }
	if [[ -n $tjudge ]]; then
		[[ -z $setrun && $# == 0 ]] ||
			{ echo "wtk: triage: -J judges recorded boots: no ${setrun:-FROM or TO} with it" >&2; exit 2; }
		[[ -f $tjudge/00-base-a/state && -f $tjudge/00-base-b/state ]] ||
			{ echo "wtk: triage: no triage records in '$tjudge' (want the -o DIR of a triage run)" >&2; exit 2; }
		[[ -f $tjudge/zz-base-end/state ]] ||
			{ echo "wtk: triage: no base boot after the states in '$tjudge': records of an older triage" >&2; exit 2; }
		tout=$tjudge
		truns=$(find "$tout/00-base-a" -maxdepth 1 -name 'run*.ndjson' | wc -l)
		((truns >= 1)) || { echo "wtk: triage: no runs in $tout/00-base-a" >&2; exit 2; }
		triage_verdict
	fi
	[[ -f $tbuild/initramfs.gz ]] ||
		{ echo "wtk: triage: no $tbuild/initramfs.gz (build the project or set WT_BUILD)" >&2; exit 2; }
	do_fetch
	to=$(kgit rev-parse -q --verify "${2:-HEAD}^{commit}") ||
		{ echo "wtk: triage: no commit '${2:-HEAD}' in $tree" >&2; exit 2; }
	if [[ -n ${1:-} ]]; then
		from=$(kgit rev-parse -q --verify "$1^{commit}") ||
			{ echo "wtk: triage: no commit '$1' in $tree" >&2; exit 2; }
	else
		from=$(triage_first_traced)
	fi
	kgit merge-base --is-ancestor "$from" "$to" ||
		{ echo "wtk: triage: ${1:-FROM} is not an ancestor of ${2:-HEAD}" >&2; exit 2; }
	mapfile -t states < <(echo "$from"; kgit rev-list --reverse --first-parent "$from..$to")
	((${#states[@]} >= 2)) || { echo "wtk: triage: FROM and TO are one state: nothing to compare" >&2; exit 2; }
	((${#states[@]} <= 100)) || { echo "wtk: triage: ${#states[@]} states: at most 100" >&2; exit 2; }
	[[ -f $tree/.config ]] || do_config
	twt=$cache/linux-$version-triage
	[[ -d $twt ]] || kgit worktree add -q --detach "$twt" "$from"
	mkdir -p "$tout"
	# the records of an earlier triage in this directory would be judged too
	rm -rf "$tout"/[0-9][0-9]-* "$tout/zz-base-end" "$tout/report.txt"
	echo "$truns $twrites $tdelay" >"$tout/params"
	log "triage: ${#states[@]} states, ${from:0:12}..${to:0:12}, $truns runs of $twrites writes per boot"
	for s in "${states[@]}"; do
		triage_build "$s" "$twt" >/dev/null
	done
	kd=$(triage_build "$from" "$twt")
	triage_boot "$kd" "$from" "$tout/00-base-a"
	triage_boot "$kd" "$from" "$tout/00-base-b"
	for ((i = 1; i < ${#states[@]}; i++)); do
		s=${states[$i]}
		triage_boot "$(triage_build "$s" "$twt")" "$s" "$tout/$(printf %02d "$i")-${s:0:12}"
	done
	triage_boot "$kd" "$from" "$tout/zz-base-end"
	triage_verdict
}
