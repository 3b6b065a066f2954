#!/bin/bash
# Benchmark (not a test), issue 16 point 3: medliab against the tools an
# actuary would otherwise use, on the same model (validation scenario v1:
# Poisson(20) claims a year, lognormal(10, 1.2) damages), the same number
# of replicates, one thread each, in one invocation:
#   (a) medliab's whole process, as a user waits for it: `medliab run`,
#       loading the run file, simulating, summarising and writing the HDF5
#       file;
#   (b) numpy, vectorised (bench/compare_numpy.py): the counts and damages
#       drawn in bulk, per-replicate sums by np.add.reduceat, the summary;
#   (c) R actuar, rcompound(n, rpois(20), rlnorm(10, 1.2)) and the summary
#       (bench/compare_actuar.R).
# Both baselines compute the summary medliab writes for the annual total
# (mean, sd, quantiles 0.5 to 0.999, TVaR 99%) by medliab's quantile rule,
# and time that computation themselves; the script times each whole process
# too (interpreter start, imports).  The targets use the computations alone:
# the baselines' start-up is theirs to shorten, and leaving it out makes
# them the faster, the harder comparison.  medliab's start-up and file are
# its user's wait, so they stay in.
# claims/s/core is the claims each tool reports it simulated (medliab: the
# sum of the file's per-replicate `annual/claims`), over the wall time: one
# thread, so one core.  The cpu column (user + sys) shows how far a busy
# machine stretched the wall times.  Each tool runs REPEATS times, the
# three alternating, and the table keeps each figure's minimum (the
# machine is noisy; the minimum is the run least disturbed).
# Targets (issue 16): medliab >= 2x numpy and >= 10x actuar.  A miss is
# printed as NOT MET, never an error: the script fails only when a tool is
# missing or a run fails.
# Check: the three means of the annual total must agree within 4 standard
# errors, each SE sd / sqrt(n) from that tool's own sample (different
# generators, so the samples are independent and the SEs add in squares).
#   usage: bench/compare.sh [BUILD_DIR] [REPLICATES] [OUT.md] [REPEATS]
#          (defaults build 1000000, no file, 3)
# Needs /usr/bin/python3 with numpy and h5py (Debian's: the python3 first
# on PATH may lack them) and Rscript with actuar (tools/install-deps.sh
# --bench).
set -euo pipefail
BUILD=${1:-build}; N=${2:-1000000}; MD=${3:-}; REPEATS=${4:-3}
SRC=$(cd "$(dirname "$0")/.." && pwd)
V1=$SRC/scenarios/validation/v1_poisson_lognormal.yaml
SEED=$(awk '/^  seed:/{print $2; exit}' "$V1")
PY=/usr/bin/python3
[ -x "$BUILD/medliab" ] || { echo "$BUILD/medliab not found (build first)"; exit 2; }
"$PY" -c 'import numpy, h5py' 2>/dev/null ||
  { echo "$PY lacks numpy or h5py (apt-get install python3-numpy python3-h5py)"; exit 2; }
command -v Rscript >/dev/null && Rscript -e 'suppressMessages(library(actuar))' >/dev/null 2>&1 ||
  { echo "R actuar not installed (bash tools/install-deps.sh --bench)"; exit 2; }
# One thread everywhere: medliab's OpenMP, and whatever BLAS numpy or R
# may have been linked with (none of it is on the path measured, but a
# second thread would make the cpu column lie about the wall one).
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
# Each tool pinned to the last CPU (taskset, where there is one), all
# alike: unpinned, a one-thread run on the 2-vCPU development machine took
# up to 1.7 times as long by where the scheduler put it.
PIN=()
if command -v taskset >/dev/null; then PIN=(taskset -c "$(( $(nproc) - 1 ))"); fi
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT

timed() { # label command...: runs it, appends "wall cpu" to $TMP/<label>.time
  local label=$1 rc=0; shift
  local TIMEFORMAT='%3R %3U %3S'
  { time "$@" >"$TMP/$label.out" 2>"$TMP/$label.err"; } 2>"$TMP/t" || rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "$label failed (exit $rc):"; cat "$TMP/$label.err"; exit 1
  fi
  awk '{printf "%s %.3f\n", $1, $2 + $3}' "$TMP/t" >> "$TMP/$label.time"
}
key() { # file key: the value of a `key value` line
  awk -v k="$2" '$1 == k {print $2; found = 1} END {if (!found) exit 1}' "$1" ||
    { echo "no $2 in $1"; exit 1; }
}
minof() { # file column: the smallest value in that column
  sort -g -k"$2,$2" "$1" | awk -v c="$2" 'NR == 1 {print $c}'
}

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== $N replicates, seed $SEED, one thread each, $REPEATS repeats (tools alternating) =="
for i in $(seq 1 "$REPEATS"); do
  timed medliab "${PIN[@]}" "$BUILD/medliab" run "$V1" --replicates "$N" --threads 1 \
    -o "$TMP/medliab.h5" --force --quiet
  timed numpy "${PIN[@]}" "$PY" "$SRC/bench/compare_numpy.py" "$N" "$SEED"
  timed actuar "${PIN[@]}" Rscript "$SRC/bench/compare_actuar.R" "$N" "$SEED"
  for t in numpy actuar; do
    echo "$(key "$TMP/$t.out" compute_s) $(key "$TMP/$t.out" compute_cpu_s)" >> "$TMP/${t}_compute.time"
  done
  printf '  repeat %d: medliab %s s, numpy %s s (compute %s s), actuar %s s (compute %s s) wall\n' "$i" \
    "$(tail -1 "$TMP/medliab.time" | cut -d' ' -f1)" "$(tail -1 "$TMP/numpy.time" | cut -d' ' -f1)" \
    "$(tail -1 "$TMP/numpy_compute.time" | cut -d' ' -f1)" "$(tail -1 "$TMP/actuar.time" | cut -d' ' -f1)" \
    "$(tail -1 "$TMP/actuar_compute.time" | cut -d' ' -f1)"
done
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)

# medliab's side of the summary, read from its file: the claims simulated,
# the annual total's (insured: every claim paid in full, so equal to the
# damages here) mean and its SE from the sample, and the summary medliab
# computed (the median is the exceedance curve's 2-year return period).
"$PY" - "$TMP/medliab.h5" > "$TMP/medliab.out" <<'EOF'
import sys, h5py, numpy as np
g = h5py.File(sys.argv[1], "r")["scenarios/v1_poisson_lognormal"]
x = g["annual/insured"][()]
s = g["summary"][()]
s = s[s["measure"] == b"insured"][0]
ep = g["ep/insured"][()]
print("claims", int(g["annual/claims"][()].sum()))
print("mean", repr(float(x.mean())))
print("se", repr(float(x.std(ddof=1) / np.sqrt(x.size))))
print("sd", repr(float(s["sd"])))
print("q0.5", repr(float(ep["aep"][ep["return_period"] == 2][0])))
for tag, col in (("0.9", "var90"), ("0.95", "var95"), ("0.99", "var99"),
                 ("0.995", "var995"), ("0.999", "var999"), ("tvar0.99", "tvar99")):
    print(tag if tag.startswith("tvar") else "q" + tag, repr(float(s[col])))
EOF

C_ML=$(key "$TMP/medliab.out" claims); C_NP=$(key "$TMP/numpy.out" claims); C_R=$(key "$TMP/actuar.out" claims)
REPORT=$TMP/report.md
{
  echo "bench/compare.sh: validation scenario v1, $N replicates, seed $SEED, one thread each$([ ${#PIN[@]} -gt 0 ] && echo ", pinned to CPU ${PIN[2]}");"
  echo "minimum of $REPEATS repeats; commit $(git -C "$SRC" rev-parse --short HEAD 2>/dev/null || echo unknown),"
  echo "$(date -u +%Y-%m-%d), $(nproc) of $(nproc --all) cores usable ($(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo)),"
  echo "load average $LOAD0 before, $LOAD1 after."
  echo
  echo "| what | wall s | cpu s | claims | claims/s/core | ratio medliab / this |"
  echo "| --- | --- | --- | --- | --- | --- |"
  ML_RATE=$(awk -v c="$C_ML" -v w="$(minof "$TMP/medliab.time" 1)" 'BEGIN{print c / (w < 0.001 ? 0.001 : w)}')
  row() { # what timefile claims
    awk -v what="$1" -v w="$(minof "$2" 1)" -v cpu="$(minof "$2" 2)" -v c="$3" -v ml="$ML_RATE" 'BEGIN{
      if (w < 0.001) w = 0.001;  # a tiny run can read 0 s, below the timer resolution
      printf "| %s | %.2f | %.2f | %d | %.3g | %.2f |\n", what, w, cpu, c, c / w, ml / (c / w)}'
  }
  row "medliab \`run\`, whole process (HDF5 file written)" "$TMP/medliab.time" "$C_ML"
  row "numpy, the vectorised computation" "$TMP/numpy_compute.time" "$C_NP"
  row "numpy, whole process (python3 start, imports)" "$TMP/numpy.time" "$C_NP"
  row "R actuar \`rcompound(n, rpois(20), rlnorm(10, 1.2))\` and the summary" "$TMP/actuar_compute.time" "$C_R"
  row "R actuar, whole process (Rscript start, library)" "$TMP/actuar.time" "$C_R"
  echo
  echo "Annual total (the last repeat's samples; same seed each repeat):"
  echo
  echo "| figure | medliab | numpy | actuar |"
  echo "| --- | --- | --- | --- |"
  for k in mean sd q0.5 q0.9 q0.95 q0.99 q0.995 q0.999 tvar0.99; do
    printf '| %s | %.6g | %.6g | %.6g |\n' "$k" "$(key "$TMP/medliab.out" "$k")" \
      "$(key "$TMP/numpy.out" "$k")" "$(key "$TMP/actuar.out" "$k")"
  done
  echo
  target() { # name timefile target
    awk -v name="$1" -v ml="$ML_RATE" -v w="$(minof "$2" 1)" -v c="$4" -v t="$3" \
        -v cpu="$(minof "$2" 2)" -v mlc="$C_ML" -v mlcpu="$(minof "$TMP/medliab.time" 2)" 'BEGIN{
      if (w < 0.001) w = 0.001; if (cpu < 0.001) cpu = 0.001; if (mlcpu < 0.001) mlcpu = 0.001;
      r = ml / (c / w);
      printf "- medliab whole process / %s = **%.2f** (target >= %d): %s", name, r, t, (r >= t ? "MET" : "NOT MET");
      printf " (by cpu time: %.2f)\n", (mlc / mlcpu) / (c / cpu)}'
  }
  target "numpy vectorised" "$TMP/numpy_compute.time" 2 "$C_NP"
  target "R actuar rcompound" "$TMP/actuar_compute.time" 10 "$C_R"
  awk -v m1="$(key "$TMP/medliab.out" mean)" -v s1="$(key "$TMP/medliab.out" se)" \
      -v m2="$(key "$TMP/numpy.out" mean)" -v s2="$(key "$TMP/numpy.out" se)" \
      -v m3="$(key "$TMP/actuar.out" mean)" -v s3="$(key "$TMP/actuar.out" se)" 'BEGIN{
    z[1] = (m1 - m2) / sqrt(s1^2 + s2^2); z[2] = (m1 - m3) / sqrt(s1^2 + s3^2);
    z[3] = (m2 - m3) / sqrt(s2^2 + s3^2); worst = 0;
    for (i = 1; i <= 3; i++) { a = z[i] < 0 ? -z[i] : z[i]; if (a > worst) worst = a }
    printf "- check: the three means of the annual total agree within 4 standard errors: %s", (worst <= 4 ? "yes" : "NO");
    printf " (medliab - numpy %.2f SE, medliab - actuar %.2f SE, numpy - actuar %.2f SE;", z[1], z[2], z[3];
    printf " exact mean 20 exp(10 + 1.2^2 / 2) = %.6g)\n", 20 * exp(10 + 1.2^2 / 2)}'
} > "$REPORT"
echo
cat "$REPORT"
if [ -n "$MD" ]; then
  # The file says where it came from: timings belong to a machine and a
  # day, so nothing regenerates it but this script.
  { echo "<!-- $(basename "$MD"): output of bench/compare.sh $BUILD $N $MD $REPEATS, copied; timings"
    echo "     depend on the machine and its load: run the script to measure yours. -->"
    echo; cat "$REPORT"; } > "$MD"
  echo; echo "written to $MD"
fi
