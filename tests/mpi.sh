#!/bin/bash
# MPI build (issue 6): same seed, same file.  The reference is a one-process
# run (the serial build's medliab when given, else this build without a
# launcher); mpirun with 1, 2 and 3 ranks and several thread counts must give
# identical datasets, compared by h5diff over the whole /scenarios group
# (annual and annual_max samples, summary, ep, policy tables and their
# attributes).
#
#   mpi.sh ML MPIEXEC SRC H5DIFF SERIAL_ML SECTION
#   SECTION: validation (v2 + v3), lifecycle (china, fewer replicates),
#            local (the ranks keep their own blocks and compute the
#            results together: a textbook scenario on 1 to 4 ranks and
#            with fewer replicates than ranks, a lifecycle one, timed
#            ones with ledgers),
#            target_se (--target-se under 2 ranks), fault (an error on one
#            rank only ends every rank and leaves no file behind), signal
#            (SIGTERM to mpirun mid-run leaves no file behind)
ML=$1; MPIEXEC=$2; SRC=$3; H5DIFF=$4; SERIAL=$5; SECTION=$6
[ -x "$SERIAL" ] || SERIAL=$ML # NONE: this build, started without a launcher
# Open MPI refuses root unless told; CI runs as root in a container.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# Two cores here: ranks must share them, and must not spin while waiting.
export OMPI_MCA_mpi_yield_when_idle=1
MPIRUN=("$MPIEXEC" --oversubscribe)
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail=0
ok() { echo "ok $*"; }
bad() { echo "FAIL $*"; fail=1; }

# same REF OUT LABEL: the /scenarios groups of two files are identical.
same() {
  if "$H5DIFF" "$1" "$2" /scenarios /scenarios >"$T/d" 2>&1; then
    ok "$3: /scenarios identical to the one-process run"
  else
    bad "$3: differs from the one-process run"; head -20 "$T/d"
  fi
}

# compare NAME REPLICATES SCENARIO...: reference, then np/threads pairs.
compare() {
  local name=$1 reps=$2; shift 2
  "$SERIAL" run "$@" -o "$T/$name-ref.h5" --replicates "$reps" --seed 7 --threads 2 --quiet ||
    { bad "$name: reference run failed"; return; }
  for cfg in ${CFGS:-1:2 2:1 3:2}; do
    local np=${cfg%:*} th=${cfg#*:} out="$T/$name-np${cfg/:/-t}.h5"
    if "${MPIRUN[@]}" -np "$np" "$ML" run "$@" -o "$out" --replicates "$reps" --seed 7 \
      --threads "$th" --quiet; then
      same "$T/$name-ref.h5" "$out" "$name, $np rank(s) x $th thread(s)"
    else
      bad "$name: mpirun -np $np failed"
    fi
    ls "$T" | grep -q '\.tmp\.' && bad "$name: a temporary file was left behind"
  done
  # h5diff must be able to see a difference: another seed differs.
  "$SERIAL" run "$@" -o "$T/$name-other.h5" --replicates "$reps" --seed 8 --threads 2 --quiet
  if "$H5DIFF" -q "$T/$name-ref.h5" "$T/$name-other.h5" /scenarios /scenarios; then
    bad "$name: a different seed gave identical data"
  else
    ok "$name: a different seed differs"
  fi
}

case $SECTION in
validation)
  compare validation 20000 "$SRC/scenarios/validation/v2_negbin_lognormal_layer.yaml" \
    "$SRC/scenarios/validation/v3_poisson_gamma_agglimit.yaml" ;;
lifecycle)
  compare china 300 "$SRC/scenarios/china.yaml" ;;
local)
  # Test data, not a calibrated figure: a textbook regime with every
  # table a rank computes from its own block: two specialties, graded
  # hospitals with beds, policy terms (retained and insured both vary) and
  # a per-claim and a stop-loss layer (the ceded and net series).
  cat >"$T/tb.yaml" <<'EOF'
name: dist_textbook
portfolio:
  name: two_hospitals
  exposure_unit: hospital-year
  specialties:
    - {name: surgery, incident_rate: 3}     # incidents per hospital-year
    - {name: medicine, incident_rate: 5}
  hospitals:
    - {name: H1, grade: tertiary, beds: 800, exposure: {surgery: 1, medicine: 1}}
    - {name: H2, grade: secondary, beds: 300, exposure: {surgery: 0.5, medicine: 2}}
regime:
  name: textbook_terms
  currency: USD
  claiming: {p_claim: 0.6}
  pathway: {p_settle: 0.7}
  liability:
    - {share: 1, prob: 0.5}
    - {share: 0.5, prob: 0.3}
    - {share: 0, prob: 0.2}
  severity: {model: lognormal, meanlog: 10, sdlog: 1.5}
  policy: {deductible: 5000, limit: 500000, coinsurance: 0.9, aggregate_limit: 2000000}
pricing:
  layers:
    - {name: xl_300k_xs_200k, kind: per_claim_xl, attachment: 200000, limit: 300000}
    - {name: sl_1m_xs_600k, kind: stop_loss, attachment: 600000, limit: 1000000}
EOF
  V1=$SRC/scenarios/validation/v1_poisson_lognormal.yaml
  CFGS="1:2 2:1 3:2 4:1" compare local 5000 "$T/tb.yaml" "$V1"
  # Fewer replicates than ranks: some ranks hold none.
  CFGS="3:1 4:1" compare local-tiny 2 "$T/tb.yaml"
  # Copies the engine leaves unwritten differ between ranks: at a low rate
  # a rank's few replicates often have every incident claimed, or none
  # (claims a copy of incidents there, not elsewhere); three scenarios in
  # one results buffer, so arrays hold the previous scenario's samples
  # where a copy is read through its target.  Checked to fail when the
  # ranks read their arrays without the copies resolved.
  CFGS="2:1 3:1 4:1" compare local-copies 12 "$SRC/tests/data/low_rate.yaml" "$V1" "$T/tb.yaml"
  # A lifecycle scenario without timing (stage tables, cover by grade, the
  # time-to-closure histogram): its ranks keep their blocks too.
  CFGS="2:1 3:1" compare local-lifecycle 300 "$SRC/scenarios/national_scale.yaml"
  # Timed scenarios: development ledgers, triangles, the chain ladder's
  # check over ten accident years, pricing by basis with its risk margin,
  # the payment-pattern metrics, in one file with the textbook one.
  CFGS="2:1 3:1" compare local-timed 200 "$T/tb.yaml" "$SRC/scenarios/china.yaml" \
    "$SRC/scenarios/time/uk.yaml" ;;
target_se)
  # The checkpoints grow the run in ranges; each is split over the ranks.
  V1=$SRC/scenarios/validation/v1_poisson_lognormal.yaml
  args=(--target-se 0.004 --max-replicates 100000 --seed 7 --quiet)
  "$SERIAL" run "$V1" -o "$T/ts-ref.h5" --threads 2 "${args[@]}" || bad "target_se: reference failed"
  "${MPIRUN[@]}" -np 2 "$ML" run "$V1" -o "$T/ts-np2.h5" --threads 1 "${args[@]}" ||
    bad "target_se: mpirun -np 2 failed"
  same "$T/ts-ref.h5" "$T/ts-np2.h5" "--target-se, 2 ranks"
  for f in ts-ref ts-np2; do
    "$(dirname "$H5DIFF")/h5dump" -a replicates "$T/$f.h5" | grep '(0)' >"$T/$f.n" 2>/dev/null
  done
  if cmp -s "$T/ts-ref.n" "$T/ts-np2.n" && [ -s "$T/ts-ref.n" ]; then
    ok "--target-se stopped at the same replicate count: $(tr -s ' ' <"$T/ts-ref.n")"
  else
    bad "--target-se replicate counts differ"
  fi ;;
fault)
  # Seed 7 makes replicate 6 of 8 exceed the engine's incident limit
  # (found by running it; a one-process run names replicate 6): with 2
  # ranks the blocks are 0-3 and 4-7, so only rank 1 fails.  Every rank
  # must stop with the same exit status, rank 0 must report rank 1's
  # message once, and no file may be left.
  mkdir "$T/out"
  cat >"$T/limit.yaml" <<'EOF'
# Test data, not a calibrated figure: a year effect so wide (gamma, variance
# 5) that some years exceed the engine's limit of 2^24 - 1 incidents a
# hospital-year and most do not.
name: limit_some_years
portfolio:
  name: one_hospital
  exposure_unit: hospital-year
  year_effect: {model: gamma, size: 0.2}
  specialties:
    - {name: all, incident_rate: 4000000}   # incidents per hospital-year
  hospitals:
    - {name: H1, exposure: {all: 1}}        # hospital-years
regime:
  name: textbook
  currency: USD
  claiming: {p_claim: 0}                    # no claims: keeps the run short
  pathway: {p_settle: 1}
  liability:
    - {share: 1, prob: 1}
  severity: {model: lognormal, meanlog: 10, sdlog: 1}
  policy: {deductible: 0, limit: unlimited, coinsurance: 1, aggregate_limit: unlimited}
EOF
  "$SERIAL" run "$T/limit.yaml" -o "$T/out/one.h5" --replicates 8 --seed 7 --threads 1 \
    --quiet 2>"$T/e1"
  grep -q "replicate 6," "$T/e1" || bad "fault: the one-process run no longer fails at replicate 6: $(cat "$T/e1")"
  "${MPIRUN[@]}" -np 2 "$ML" run "$T/limit.yaml" -o "$T/out/two.h5" --replicates 8 --seed 7 \
    --threads 1 --quiet >"$T/o2" 2>"$T/e2"
  rc=$?
  [ "$rc" = 5 ] && ok "fault: mpirun exits 5 (unsupported), as one process does" ||
    bad "fault: mpirun exited $rc, expected 5"
  n=$(grep -c "replicate 6," "$T/e2")
  [ "$n" = 1 ] && ok "fault: rank 1's message reported once: $(grep 'replicate 6,' "$T/e2")" ||
    bad "fault: rank 1's message reported $n times"
  left=$(ls -A "$T/out")
  [ -z "$left" ] && ok "fault: no output and no temporary file left" ||
    bad "fault: left behind: $left"
  # A command-line mistake is the same on every rank: said once, exit 2.
  "${MPIRUN[@]}" -np 3 "$ML" run "$T/limit.yaml" -o "$T/out/u.h5" --replicates x \
    >/dev/null 2>"$T/e3"
  rc=$?
  n=$(grep -c "medliab run: --replicates" "$T/e3")
  [ "$rc" = 2 ] && [ "$n" = 1 ] && ok "fault: a usage error is printed once by 3 ranks, exit 2" ||
    bad "fault: usage error: exit $rc, printed $n times: $(cat "$T/e3")" ;;
signal)
  # SIGTERM to mpirun mid-run (as a batch system's time limit sends):
  # mpirun passes it to the ranks, which agree to stop; rank 0 removes the
  # temporary file and says so once.
  mkdir "$T/out"
  "${MPIRUN[@]}" -np 2 "$ML" run "$SRC/scenarios/national_scale.yaml" -o "$T/out/x.h5" \
    --replicates 1000000 --threads 1 --quiet 2>"$T/e" &
  pid=$!
  for _ in $(seq 200); do ls "$T/out" | grep -q '\.tmp\.' && break; sleep 0.1; done
  sleep 1
  kill -TERM "$pid"
  wait "$pid"
  rc=$?
  [ "$rc" != 0 ] && ok "signal: mpirun exits non-zero ($rc)" || bad "signal: mpirun exited 0"
  n=$(grep -c "interrupted" "$T/e")
  [ "$n" = 1 ] && ok "signal: 'interrupted' reported once" ||
    bad "signal: 'interrupted' reported $n times: $(cat "$T/e")"
  left=$(ls -A "$T/out")
  [ -z "$left" ] && ok "signal: no output and no temporary file left" ||
    bad "signal: left behind: $left" ;;
*) echo "unknown section $SECTION"; exit 2 ;;
esac
exit $fail
