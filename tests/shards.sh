#!/bin/bash
# Shards (issue 18): `run --replicate-range A:B` / `--shard K/M` and
# `merge` give the file one run of the whole range writes, and merge refuses
# every set of parts that is not one run's whole range.
#
#   shards.sh ML SRC H5DIFF SECTION
#   SECTION: identical (textbook with layers, a life-cycle regime, a time
#            block with its ledgers, a --set; shards of uneven sizes given
#            in shuffled order, at other thread counts: h5diff of /scenarios,
#            the root attributes but created_utc, and the printed summary),
#            refusals (overlap, duplicate, gap, another seed / replicate
#            count / run file / --set / version, a results file, a changed
#            run file, a truncated array, bad ranges: each a clear message,
#            no output and no temporary file left, an existing output kept),
#            recipes (docs/recipes/, each in the README verbatim, run here as
#            far as this machine allows: the Slurm array's tasks with the
#            variables Slurm sets, the Kubernetes Indexed Job's command with
#            the index it sets, GNU parallel as it is; each merge identical
#            to the whole run)
ML=$1; SRC=$2; H5DIFF=$3; SECTION=$4
H5DUMP=$(dirname "$H5DIFF")/h5dump
PY=/usr/bin/python3
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail=0
ok() { echo "ok $*"; }
bad() { echo "FAIL $*"; fail=1; }
V2=$SRC/scenarios/validation/v2_negbin_lognormal_layer.yaml
V3=$SRC/scenarios/validation/v3_poisson_gamma_agglimit.yaml

# same NAME WHOLE MERGED: /scenarios identical (datasets and their
# attributes), and the root attributes but the creation time.
same() {
  if "$H5DIFF" "$2" "$3" /scenarios /scenarios >"$T/d" 2>&1; then
    ok "$1: /scenarios identical to the whole run (h5diff)"
  else
    bad "$1: /scenarios differs from the whole run"; head -20 "$T/d"
  fi
  for a in seed replicates format format_version software_version git_commit; do
    "$H5DUMP" -a "/$a" "$2" | grep '(0)' >"$T/a1"; "$H5DUMP" -a "/$a" "$3" | grep '(0)' >"$T/a2"
    if [ -s "$T/a1" ] && cmp -s "$T/a1" "$T/a2"; then :; else
      bad "$1: root attribute $a differs: $(cat "$T/a1") / $(cat "$T/a2")"; fi
  done
}

# no_output LABEL: nothing named out*.h5 and no temporary file in $T/work.
no_output() {
  if ls "$T/work" | grep -qE '^out|\.tmp\.'; then
    bad "$1: left $(ls "$T/work" | grep -E '^out|\.tmp\.' | tr '\n' ' ')"
  else
    ok "$1: no output, no temporary file"
  fi
}

# refused LABEL PATTERN CMD...: exits 2..6 with PATTERN in stderr, no output.
refused() {
  local label=$1 pat=$2; shift 2
  (cd "$T/work" && "$@") >"$T/o" 2>"$T/e"; local rc=$?
  if [ $rc -ne 0 ] && grep -qE -- "$pat" "$T/e"; then
    ok "$label refused (exit $rc): $(head -c 200 "$T/e")"
  else
    bad "$label: exit $rc, stderr: $(cat "$T/e")"
  fi
  no_output "$label"
}

case $SECTION in
identical)
  cd "$T" || exit 1
  # Textbook scenarios with a layer and an aggregate limit; shards 0:1,
  # 1:7001, 7001:20000 (a one-replicate shard included), merged in another
  # order, at other thread counts than the whole run.
  "$ML" run "$V2" "$V3" -o whole.h5 --replicates 20000 --seed 7 --threads 2 >whole.txt ||
    bad "whole textbook run failed"
  i=0
  for r in 7001:20000 0:1 1:7001; do
    "$ML" run "$V2" "$V3" -o "p$i.h5" --replicates 20000 --seed 7 --threads 1 \
      --replicate-range "$r" --quiet || bad "shard $r failed"
    i=$((i + 1))
  done
  "$ML" merge merged.h5 p2.h5 p0.h5 p1.h5 --threads 1 >merged.txt || bad "merge failed"
  same "textbook, 3 uneven shards" whole.h5 merged.h5
  # The summaries printed: run's and merge's are the same to the last digit.
  grep -v '^wrote\|^  /scenarios\|^$' whole.txt >w.txt
  grep -v '^wrote\|^$' merged.txt >m.txt
  if [ -s w.txt ] && cmp -s w.txt m.txt; then
    ok "textbook: merge prints the whole run's summary ($(wc -l <w.txt) lines)"
  else
    bad "textbook: printed summaries differ"; diff w.txt m.txt | head
  fi
  # A life-cycle regime (stage arrays, time-to-closure histogram, pricing
  # groups), by --shard K/M, with a --set.
  C=$SRC/scenarios/china.yaml
  SET=regime.lifecycle.insurance.participation.tertiary=0.8
  "$ML" run "$C" -o cwhole.h5 --replicates 300 --seed 11 --set "$SET" --quiet ||
    bad "whole china run failed"
  for k in 0 1 2 3 4; do
    "$ML" run "$C" -o "c$k.h5" --replicates 300 --seed 11 --set "$SET" --shard "$k/5" \
      --threads 1 --quiet || bad "china shard $k/5 failed"
  done
  "$ML" merge cmerged.h5 c4.h5 c3.h5 c2.h5 c1.h5 c0.h5 --quiet || bad "china merge failed"
  same "china (life cycle, --set), 5 shards" cwhole.h5 cmerged.h5
  # A time block: every replicate's development ledger.
  U=$SRC/scenarios/time/uk.yaml
  "$ML" run "$U" -o uwhole.h5 --replicates 200 --seed 5 --quiet || bad "whole uk time run failed"
  "$ML" run "$U" -o u0.h5 --replicates 200 --seed 5 --replicate-range 0:123 --quiet &&
    "$ML" run "$U" -o u1.h5 --replicates 200 --seed 5 --replicate-range 123:200 --quiet &&
    "$ML" merge umerged.h5 u1.h5 u0.h5 --quiet || bad "uk time shards or merge failed"
  same "uk with a time block (ledgers), 2 shards" uwhole.h5 umerged.h5
  if "$H5DUMP" -H umerged.h5 | grep -q development; then
    ok "uk time: the merged file has its development group"
  else bad "uk time: no development group in the merged file"; fi
  # One shard of the whole range merges to the whole run too.
  "$ML" run "$V3" -o one.h5 --replicates 5000 --seed 3 --quiet &&
    "$ML" run "$V3" -o s.h5 --replicates 5000 --seed 3 --shard 0/1 --quiet &&
    "$ML" merge sm.h5 s.h5 --quiet || bad "a one-shard run failed"
  same "one shard of the whole range" one.h5 sm.h5
  # Lean shards: a series the engine left a copy of another is a second
  # name of that series' dataset, an array of zeros a dataset with nothing
  # stored, and the merge reads neither.  Copies that differ between shards
  # (a low rate: some shards have every incident claimed, or none) and a
  # results buffer reused by three scenarios; then the same shards with
  # every link and empty dataset written out in full (as any HDF5 writer
  # may store them), three of the four so: each merge is the whole run.
  L=("$SRC/tests/data/low_rate.yaml" "$SRC/scenarios/validation/v1_poisson_lognormal.yaml" "$V3")
  "$ML" run "${L[@]}" -o lwhole.h5 --replicates 40 --seed 9 --quiet || bad "whole low run failed"
  for k in 0 1 2 3; do
    "$ML" run "${L[@]}" -o "l$k.h5" --replicates 40 --seed 9 --shard "$k/4" --threads 1 \
      --quiet || bad "low shard $k/4 failed"
  done
  "$ML" merge lmerged.h5 l0.h5 l1.h5 l2.h5 l3.h5 --quiet || bad "low merge failed"
  same "lean shards (copies differing by shard, 3 scenarios)" lwhole.h5 lmerged.h5
  "$PY" - l0.h5 l1.h5 l2.h5 l3.h5 >lean.txt <<'PYEOF' || bad "lean shards: $(cat lean.txt)"
import sys, h5py
links = empties = 0
differ = set()
for path in sys.argv[1:]:
    f = h5py.File(path, 'r')
    v = f['scenarios/v1_poisson_lognormal/annual']
    # v1 pays damages in full: compensation is damages, stored once.
    assert v['compensation'].id == v['damages'].id, path + ': compensation not a link'
    assert v['retained'].id.get_storage_size() == 0, path + ': zeros stored'
    # Which names of the low rate's measures share a dataset, this shard.
    g = f['scenarios/low_rate/annual']
    ids = {}
    for name, d in g.items():
        ids.setdefault(h5py.h5o.get_info(d.id).addr, []).append(name)
    differ.add(frozenset(tuple(sorted(v)) for v in ids.values() if len(v) > 1))
    for sc in f['scenarios'].values():
        seen = {}
        for grp in ('annual', 'annual_max'):
            for name, d in sc[grp].items():
                key = d.id.fileno, h5py.h5o.get_info(d.id).addr
                links += key in seen
                seen[key] = name
                empties += d.id.get_storage_size() == 0
print(links, empties)
# The low rate's copies differ between shards: the test covers that.
assert len(differ) > 1, 'every shard has the same copies'
PYEOF
  read -r nl ne <lean.txt
  [ "${nl:-0}" -gt 0 ] && [ "${ne:-0}" -gt 0 ] && ok "lean shards: $nl links, $ne empty datasets"
  for k in 0 1 2; do
    cp "l$k.h5" "f$k.h5"
    "$PY" - "f$k.h5" <<'PYEOF' || bad "could not write f$k.h5 out in full"
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], 'r+')
for sc in f['scenarios'].values():
    for grp in ('annual', 'annual_max', 'pricing'):
        if grp not in sc:
            continue
        for name in list(sc[grp]):
            x = sc[grp][name][:]
            del sc[grp][name]
            sc[grp].create_dataset(name, data=np.ascontiguousarray(x, dtype='<f8'))
f.close()
PYEOF
  done
  "$ML" merge fmerged.h5 f0.h5 l3.h5 f2.h5 f1.h5 --quiet || bad "merge of written-out shards failed"
  same "shards written out in full, and one lean" lwhole.h5 fmerged.h5
  # h5diff must be able to see a difference: a shard of another seed's
  # samples, merged from a run of seed 8, differs from seed 7's file.
  "$ML" run "$V2" "$V3" -o other.h5 --replicates 20000 --seed 8 --quiet
  if "$H5DIFF" -q whole.h5 other.h5 /scenarios /scenarios; then
    bad "a different seed gave identical data"
  else
    ok "a different seed differs (the comparison can fail)"
  fi ;;

refusals)
  mkdir -p "$T/work" && cd "$T/work" || exit 1
  A=(run "$V2" "$V3" --replicates 1000 --seed 7 --quiet)
  "$ML" "${A[@]}" -o a0.h5 --replicate-range 0:400 &&
    "$ML" "${A[@]}" -o a1.h5 --replicate-range 400:1000 &&
    "$ML" "${A[@]}" -o a1b.h5 --replicate-range 300:1000 &&
    "$ML" "${A[@]}" -o a2.h5 --replicate-range 500:1000 &&
    "$ML" run "$V2" "$V3" --replicates 1000 --seed 8 --quiet -o s8.h5 --replicate-range 400:1000 &&
    "$ML" run "$V2" "$V3" --replicates 2000 --seed 7 --quiet -o n2.h5 --replicate-range 400:1000 &&
    "$ML" run "$V3" "$V2" --replicates 1000 --seed 7 --quiet -o sw.h5 --replicate-range 400:1000 &&
    "$ML" run "$V2" "$V3" --replicates 1000 --seed 7 --quiet -o set.h5 --replicate-range 400:1000 \
      --set regime.policy.deductible=1000 &&
    "$ML" run "$V2" "$V3" --replicates 1000 --seed 7 --quiet -o res.h5 ||
    bad "making the parts failed"
  "$ML" merge out_ok.h5 a1.h5 a0.h5 --quiet && ok "the control merge succeeds" ||
    bad "the control merge failed"
  rm -f out_ok.h5
  M=("$ML" merge out.h5)
  refused "overlapping shards" "overlap: replicates 300 to 399 are in both" "${M[@]}" a0.h5 a1b.h5
  refused "a duplicated shard" "both hold replicates 400 to 999" "${M[@]}" a0.h5 a1.h5 a1.h5
  refused "a missing slice" "no part holds replicates 400 to 499" "${M[@]}" a0.h5 a2.h5
  refused "a missing end" "no part holds replicates 400 to 999" "${M[@]}" a0.h5
  refused "a missing start" "no part holds replicates 0 to 399" "${M[@]}" a1.h5
  refused "another seed" "seed 8, but .* has seed 7" "${M[@]}" a0.h5 s8.h5
  refused "another replicate count" "a run of 2000 replicates" "${M[@]}" a0.h5 n2.h5
  refused "other run files" "run file 1 is .*v3_poisson" "${M[@]}" a0.h5 sw.h5
  refused "another --set" "0 --set values|--set" "${M[@]}" a0.h5 set.h5
  refused "a results file as a part" "format 'medliab-results', not a shard" "${M[@]}" a0.h5 res.h5
  refused "a file that is not HDF5" "cannot open it as an HDF5 file" "${M[@]}" a0.h5 "$V2"
  refused "a part that is missing" "nothere.h5: cannot open" "${M[@]}" a0.h5 nothere.h5
  refused "the output among the parts" "given as a shard and as the output" "${M[@]}" a0.h5 out.h5
  # Another build: the part's software version edited.
  cp a1.h5 ver.h5
  "$PY" -c "import h5py, numpy as np; f = h5py.File('ver.h5', 'r+'); f.attrs['software_version'] = np.bytes_('0.0.9'); f.close()"
  refused "another medliab version" "written by medliab 0.0.9" "${M[@]}" a0.h5 ver.h5
  # A truncated array: annual/claims one value short.
  cp a1.h5 cut.h5
  "$PY" -c "
import h5py
f = h5py.File('cut.h5', 'r+'); g = f['scenarios/v2_negbin_lognormal_layer/annual']
x = g['claims'][:-1]; del g['claims']; g['claims'] = x; f.close()"
  refused "a truncated array" "annual/claims: of another length" "${M[@]}" a0.h5 cut.h5
  # An unfinished shard (no scenario count, as a killed writer leaves it).
  cp a1.h5 unf.h5
  "$PY" -c "import h5py; f = h5py.File('unf.h5', 'r+'); del f.attrs['n_scenarios']; f.close()"
  refused "an unfinished shard" "no attribute n_scenarios" "${M[@]}" a0.h5 unf.h5
  # A run file changed since the shards ran.
  cp "$V3" mine.yaml
  "$ML" run mine.yaml --replicates 100 --seed 1 --quiet -o m0.h5 --replicate-range 0:50 &&
    "$ML" run mine.yaml --replicates 100 --seed 1 --quiet -o m1.h5 --replicate-range 50:100 ||
    bad "making the mine.yaml parts failed"
  sed -i 's/^\(  *\)limit: .*/\1limit: 400000/' mine.yaml
  refused "a changed run file" "mine.yaml: resolves to another scenario" "${M[@]}" m0.h5 m1.h5
  rm -f mine.yaml
  refused "a run file gone" "loaded again, from this folder" "${M[@]}" m0.h5 m1.h5
  # An existing output is kept without --force, replaced with it.
  echo keep >out_keep.h5
  (cd "$T/work" && "$ML" merge out_keep.h5 a0.h5 a1.h5 --quiet) 2>"$T/e"
  if grep -q "already exists" "$T/e" && [ "$(cat out_keep.h5)" = keep ]; then
    ok "an existing output is kept without --force"
  else bad "existing output: $(cat "$T/e")"; fi
  "$ML" merge out_keep.h5 a0.h5 a1.h5 --quiet --force && "$H5DUMP" -H out_keep.h5 >/dev/null &&
    ok "--force replaces it" || bad "--force did not replace the output"
  rm -f out_keep.h5
  # Bad ranges, refused before any work.
  R=(run "$V2" --replicates 1000 --seed 7 --quiet -o out.h5)
  refused "a range past the run" "runs past the run's 1000 replicates" "$ML" "${R[@]}" --replicate-range 0:1001
  refused "an empty range" "need A < B" "$ML" "${R[@]}" --replicate-range 5:5
  refused "a malformed range" "is not A:B" "$ML" "${R[@]}" --replicate-range 5-9
  refused "a negative range" "is not A:B" "$ML" "${R[@]}" --replicate-range -1:9
  refused "a shard number past its count" "need K < M" "$ML" "${R[@]}" --shard 4/4
  refused "a malformed shard" "is not K/M" "$ML" "${R[@]}" --shard 1of4
  refused "an empty shard" "is empty" "$ML" run "$V2" --replicates 3 -o out.h5 --shard 3/4
  refused "range and shard together" "not both" "$ML" "${R[@]}" --shard 0/2 --replicate-range 0:5
  refused "a range with --target-se" "cannot be combined" "$ML" run "$V2" -o out.h5 --target-se 0.01 --shard 0/2
  refused "a range with --parameter-draws" "cannot be combined" "$ML" "${R[@]}" --parameter-draws 3 --shard 0/2
  refused "a shard given to report" "format is 'medliab-shard'.*a shard: .medliab merge" \
    "$ML" report a0.h5
  refused "merge without shards" "need OUT.h5 and at least one SHARD.h5" "$ML" merge out.h5 ;;
recipes)
  R=$SRC/docs/recipes
  BIN=$(dirname "$ML"); [ "$(basename "$ML")" = medliab ] || { bad "ML must be named medliab"; exit 1; }
  for f in slurm_shards.sh k8s_shards.yaml k8s_merge.yaml gnu_parallel.sh; do
    if "$PY" -c "import sys; sys.exit(open(sys.argv[1]).read() not in open(sys.argv[2]).read())" \
      "$R/$f" "$SRC/README.md"; then ok "recipe $f is in the README verbatim"
    else bad "recipe $f is not in the README as it is in docs/recipes"; fi
  done
  mkdir -p "$T/ref" && cd "$T/ref" || exit 1
  RUN="$V2 $V3" N=20000
  "$ML" run $RUN --replicates $N --seed 20261123 -o whole.h5 --quiet || bad "the reference run failed"
  # Slurm: each array task as Slurm starts it (the #SBATCH lines are
  # comments to bash), four tasks here.
  mkdir -p "$T/slurm" && cd "$T/slurm" || exit 1
  for k in 0 1 2 3; do
    SLURM_ARRAY_TASK_ID=$k SLURM_ARRAY_TASK_COUNT=4 SLURM_CPUS_PER_TASK=1 RUN=$RUN N=$N \
      PATH=$BIN:$PATH bash "$R/slurm_shards.sh" || bad "slurm task $k failed"
  done
  merge=$(sed -n "s/.*--wrap '\(.*\)'.*/\1/p" "$R/slurm_shards.sh")
  PATH=$BIN:$PATH bash -c "$merge" >/dev/null || bad "the slurm recipe's merge ($merge) failed"
  same "Slurm job array recipe, 4 tasks" "$T/ref/whole.h5" results.h5
  # GNU parallel, as it is, three shards on this host's cores.
  mkdir -p "$T/par" && cd "$T/par" || exit 1
  RUN=$RUN N=$N M=3 PATH=$BIN:$PATH bash "$R/gnu_parallel.sh" || bad "the GNU parallel recipe failed"
  same "GNU parallel recipe, 3 shards" "$T/ref/whole.h5" results.h5
  # Kubernetes: every index's command, /data a folder here and workingDir
  # the source tree; 400 replicates instead of 10^6 (china and uk at 10^6
  # take hours on two cores).
  "$PY" - "$R/k8s_shards.yaml" "$R/k8s_merge.yaml" >"$T/k8s" <<'PYEOF' || bad "k8s manifests"
import sys, yaml
job = yaml.safe_load(open(sys.argv[1]))
spec = job["spec"]
assert spec["completionMode"] == "Indexed", "not an Indexed Job"
n = spec["completions"]
c = spec["template"]["spec"]["containers"][0]
cmd = c["args"][0]
assert f'--shard "$JOB_COMPLETION_INDEX/{n}"' in cmd, "the shard count is not the completions"
m = yaml.safe_load(open(sys.argv[2]))["spec"]["template"]["spec"]["containers"][0]
print(n); print(c["workingDir"]); print(cmd); print(m["args"][0])
PYEOF
  n=$(sed -n 1p "$T/k8s"); cmd=$(sed -n 3p "$T/k8s"); mcmd=$(sed -n 4p "$T/k8s")
  sub() { echo "$1" | sed "s#/data#$T/data#g; s/--replicates [0-9]*/--replicates 400/; s/--threads [0-9]*/--threads 1/"; }
  cd "$SRC" || exit 1
  for ((k = 0; k < n; k++)); do
    JOB_COMPLETION_INDEX=$k PATH=$BIN:$PATH sh -c "$(sub "$cmd")" || bad "k8s index $k failed"
  done
  PATH=$BIN:$PATH sh -c "$(sub "$mcmd")" >/dev/null || bad "the k8s merge failed"
  "$ML" run scenarios/china.yaml scenarios/uk.yaml --replicates 400 --seed 20261123 \
    -o "$T/k8s_whole.h5" --quiet || bad "the k8s reference run failed"
  same "Kubernetes Indexed Job recipe, $n indices" "$T/k8s_whole.h5" "$T/data/results.h5" ;;
*)
  echo "unknown section $SECTION"; exit 2 ;;
esac
exit $fail
