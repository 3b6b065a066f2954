#!/bin/bash
# bench/memory.sh's arithmetic (the record the README's section "Memory"
# copies): with a stand-in for GNU time that reports a known peak for each
# run (a line a + b N per job; the main job's also carries a count memo
# that grows up to its cap), the record must give back each b and a, fit
# the main job only past the memo's cap (where the script computes it from
# count_memo.h and the portfolio), and refuse a fit with fewer than two
# runs past it.  Nothing is timed: the stand-in runs no simulation.
#   usage: bench_memory.sh BUILD_DIR SRC
BUILD=$1; SRC=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok() { echo "ok $1"; pass=$((pass+1)); }
bad() { echo "FAIL $1"; shift; for f in "$@"; do echo "--- $f"; cat "$f"; done; fail=$((fail+1)); }

# The stand-in: GNU time's -f "%M %e" -o FILE CMD...; peak in kB from the
# replicates and the job (v1, national_scale, else the main job).
cat >"$T/fake_time" <<'SH'
#!/bin/bash
out=""; n=0; job=main
while [ $# -gt 0 ]; do
  case $1 in
    -o) [ -z "$out" ] && out=$2 && shift;;
    --replicates) n=$2; shift;;
    *v1_poisson_lognormal.yaml) job=v1;;
    *national_scale.yaml) job=nat;;
  esac
  shift
done
case $job in
  v1) kb=$((18000 + 30 * n / 1024));;
  nat) kb=$((19000 + 400 * n / 1024));;
  main) m=$(( n < 3495 ? n : 3495 )); kb=$((60000 + (m * 14400 + 3000 * n) / 1024));;
esac
echo "$kb 0.5" >"$out"
SH
chmod +x "$T/fake_time"

export GNU_TIME=$T/fake_time V1_N="102400 1024000" JOB_N="1024 4096 8192" NAT_N="1024 2048"
bash "$SRC/bench/memory.sh" "$BUILD" "$T/m.md" 1 >"$T/out" 2>&1 || { bad "memory.sh with the stand-in" "$T/out"; exit 1; }
grep -q "v1 (one hospital, textbook engine): \*\*30 bytes a replicate\*\* + 17.6 MiB fixed (least squares over its 2 runs)" "$T/m.md" &&
  ok "v1: 30 bytes a replicate + 17.6 MiB (18,000 kB) given back" || bad "v1 line" "$T/m.md"
grep -q "national_scale (12,000 hospitals): \*\*400 bytes a replicate\*\* + 18.6 MiB fixed" "$T/m.md" &&
  ok "national_scale: 400 bytes a replicate given back" || bad "national line" "$T/m.md"
# Past the cap the memo is 3495 x 14,400 bytes: the fixed part is
# 60,000 kB + 48.0 MiB = 106.6 MiB; the 1,024-replicate run is left out.
grep -q "stops growing at 3495 replicates" "$T/m.md" &&
  grep -q "the main job (six regimes, life cycle, time: block, pricing): \*\*3000 bytes a replicate\*\* + 106.6 MiB fixed (least squares over the 2 runs of 3495 replicates or more)" "$T/m.md" &&
  ok "main job: fitted past the memo's cap, 3000 bytes a replicate" || bad "main job line" "$T/m.md"
grep -q "^| 1024 | .* MiB | 0.50 |$" "$T/m.md" && ok "every run's row kept, the one below the cap too" ||
  bad "rows" "$T/m.md"

JOB_N="1024 4096" bash "$SRC/bench/memory.sh" "$BUILD" "$T/m2.md" 1 >"$T/out" 2>&1
[ $? != 0 ] && grep -q "fewer than 2 runs of 3495 replicates or more to fit" "$T/out" && [ ! -e "$T/m2.md" ] &&
  ok "one run past the cap: refused, no record written" || bad "one run past the cap" "$T/out"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
