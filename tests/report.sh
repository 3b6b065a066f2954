#!/bin/bash
# `medliab report` end to end: two results files, one scenario in GBP
# converted to USD by a rates file; the CSV table is checked figure by
# figure against values recomputed with h5py from the stored samples, the
# Markdown table and the plots (PNG and SVG, non-empty) must exist, and
# misuse is refused with the documented exit codes.
ML=$1; SRC=$2; PY=$3
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok() { echo "ok $1"; pass=$((pass+1)); }
bad() { echo "FAIL $1"; shift; for f in "$@"; do echo "--- $f"; cat "$f"; done; fail=$((fail+1)); }
V=$SRC/scenarios/validation
sed -e 's/currency: USD/currency: GBP/' -e 's/^name: .*/name: v3_in_gbp/' \
    "$V/v3_poisson_gamma_agglimit.yaml" >"$T/v3_gbp.yaml"
printf 'currency,per_base,year,source\nUSD,1,2023,base\nGBP,0.8,2023,"test factor, exact in binary"\n' >"$T/rates.csv"
"$ML" run "$V/v1_poisson_lognormal.yaml" "$T/v3_gbp.yaml" -o "$T/a.h5" --replicates 3001 --seed 11 --quiet &&
"$ML" run "$V/v2_negbin_lognormal_layer.yaml" -o "$T/b.h5" --replicates 2000 --seed 12 --quiet ||
  { echo "FAIL runs"; exit 1; }

"$ML" report "$T/a.h5" "$T/b.h5" --rates "$T/rates.csv" --currency USD --csv "$T/r.csv" \
  --markdown "$T/r.md" --plots "$T/plots" >"$T/out" 2>"$T/err"
[ $? = 0 ] && ok "report runs" || bad "report failed" "$T/out" "$T/err"
grep -q "1 GBP = 1.25 USD (2023; test factor, exact in binary)" "$T/out" &&
  ok "terminal names the factor, year and source" || bad "no factor line" "$T/out"
grep -q "^insured TVaR99 (USD) " "$T/out" && ok "terminal table" || bad "terminal table" "$T/out"
"$PY" "$SRC/tests/report_check.py" --csv "$T/r.csv" --md "$T/r.md" --out "$T/out" \
  --plots "$T/plots" --rates "$T/rates.csv" --currency USD "$T/a.h5:v1_poisson_lognormal" \
  "$T/a.h5:v3_in_gbp" "$T/b.h5:v2_negbin_lognormal_layer" >"$T/py" 2>&1 &&
  ok "CSV, Markdown and plots agree with h5py" || bad "report_check" "$T/py"
cat "$T/py"

# Development (issue 15, point 5): the regimes' run files have a time block,
# so their scenarios carry triangles: plot_development.csv is checked cell
# by cell against them (report_check.py), beside a file without any (the
# run above, whose plots carry no development files: checked there), and
# its lines keep the colours of the other figures (the 3rd and 4th here).
"$ML" run "$SRC/scenarios/us.yaml" "$SRC/scenarios/uk.yaml" -o "$T/t.h5" --replicates 300 \
  --seed 13 --quiet || { echo "FAIL time runs"; exit 1; }
"$ML" report "$T/a.h5" "$T/t.h5" --rates "$T/rates.csv" --currency USD --csv "$T/d.csv" \
  --markdown "$T/d.md" --plots "$T/dplots" >"$T/dout" 2>"$T/err"
[ $? = 0 ] && grep -q "exceedance, measures, histogram, policy, compensation, development (.png, .svg)" "$T/dout" &&
  ok "report with development: names the development figure" || bad "report with development" "$T/dout" "$T/err"
"$PY" "$SRC/tests/report_check.py" --csv "$T/d.csv" --md "$T/d.md" --out "$T/dout" \
  --plots "$T/dplots" --rates "$T/rates.csv" --currency USD "$T/a.h5:v1_poisson_lognormal" \
  "$T/a.h5:v3_in_gbp" "$T/t.h5:uk" "$T/t.h5:us" >"$T/py" 2>&1 &&
  ok "development plot data agrees with the triangles (h5py)" || bad "report_check (development)" "$T/py"
grep -E "^(FAIL|ok   .*(development|shares|ultimate|colour))" "$T/py"
# The payment pattern's metrics (payment_months, paid_by_year_K) of two
# scenarios of one run are paired like every ratio of totals: their errors
# from the ledgers' per-replicate terms (report_check.py restates them
# from the ledger's own layout attribute), and none of them unpaired.
"$ML" report "$T/t.h5" --rates "$T/rates.csv" --currency USD --csv "$T/p.csv" \
  --markdown "$T/p.md" >"$T/pout" 2>"$T/err"
[ $? = 0 ] && [ "$(grep -cE '^us,uk,(payment_months|paid_by_year_[0-9]+),.*,paired,' "$T/p.comparisons.csv")" = 6 ] &&
  ok "payment pattern: 6 metrics compared paired" || bad "payment pattern not paired" "$T/p.comparisons.csv" "$T/err"
"$PY" "$SRC/tests/report_check.py" --csv "$T/p.csv" --md "$T/p.md" --out "$T/pout" \
  --rates "$T/rates.csv" --currency USD "$T/t.h5:uk" "$T/t.h5:us" >"$T/py" 2>&1 &&
  ok "payment pattern: paired errors agree with h5py" || bad "report_check (payment pattern)" "$T/py"
# A later report without development into the same folder leaves none of its files.
"$ML" report "$T/a.h5" --rates "$T/rates.csv" --currency USD --plots "$T/dplots" >"$T/out" 2>&1 &&
  [ -s "$T/dplots/exceedance.svg" ] && ! ls "$T/dplots" | grep -q development &&
  ok "no development: the folder keeps no development figure" || bad "stale development files" "$T/out"

# Comparisons (issue 14, point 3): --baseline and --compare choose the
# couples; a couple from two runs (seeds 11 and 12) is not paired, and says
# why; the paired bootstrap draws from addressed streams, so the same
# report gives the same comparisons, to the last bit.
"$ML" report "$T/a.h5" "$T/b.h5" --baseline v3_in_gbp --csv "$T/c1.csv" >"$T/out" 2>&1 &&
  [ "$(cut -d, -f2 "$T/c1.comparisons.csv" | sort -u | tr '\n' ' ')" = "baseline v3_in_gbp " ] &&
  [ "$(cut -d, -f1 "$T/c1.comparisons.csv" | sort -u | tr '\n' ' ')" = \
    "scenario v1_poisson_lognormal v2_negbin_lognormal_layer " ] &&
  ok "--baseline: every other scenario against it" || bad "--baseline" "$T/out" "$T/c1.comparisons.csv"
"$ML" report "$T/a.h5" "$T/b.h5" --compare v2_negbin_lognormal_layer:v1_poisson_lognormal \
  --csv "$T/c2.csv" >"$T/out" 2>&1 &&
  [ "$(cut -d, -f1,2 "$T/c2.comparisons.csv" | sort -u | wc -l)" = 2 ] &&
  grep -q "^v2_negbin_lognormal_layer vs v1_poisson_lognormal: not paired: seeds differ (11 and 12)" "$T/out" &&
  grep -q ",unpaired,\"not paired: seeds differ (11 and 12), so the years saw different incidents\"$" "$T/c2.comparisons.csv" &&
  ok "--compare A:B: that couple only; two runs' scenarios are not paired, and say why" ||
  bad "--compare" "$T/out" "$T/c2.comparisons.csv"
for c in c3 c4; do
  "$ML" report "$T/a.h5" --rates "$T/rates.csv" --currency USD --csv "$T/$c.csv" >/dev/null 2>&1
done
cmp -s "$T/c4.comparisons.csv" "$T/c3.comparisons.csv" &&
  grep -q "insured_var995,.*,paired bootstrap," "$T/c3.comparisons.csv" &&
  ok "comparisons are deterministic (the bootstrap's addressed streams)" ||
  bad "deterministic comparisons" "$T/c3.comparisons.csv"
"$ML" report "$T/a.h5" --baseline nosuch >"$T/out" 2>&1
[ $? = 2 ] && grep -q "^medliab: --baseline nosuch: names no scenario of the files (v1_poisson_lognormal, v3_in_gbp)" "$T/out" &&
  ok "--baseline of no scenario: exit 2, naming the scenarios" || bad "--baseline nosuch" "$T/out"
"$ML" report "$T/a.h5" --compare v3_in_gbp:v3_in_gbp >"$T/out" 2>&1
[ $? = 2 ] && grep -q "a scenario against itself" "$T/out" && ok "--compare A:A refused" ||
  bad "--compare A:A" "$T/out"
"$ML" report "$T/a.h5" --compare v3_in_gbp:v1_poisson_lognormal --baseline v3_in_gbp >"$T/out" 2>&1
[ $? = 2 ] && grep -q "exclude each other" "$T/out" && ok "--baseline with --compare refused" ||
  bad "--baseline and --compare" "$T/out"
"$ML" report --help | grep -q -- "--compare A:B" && "$ML" report --help | grep -q "T.comparisons.csv" &&
  ok "--help documents the comparisons" || bad "--help"

# The same tail levels in `run` and `report` (issue 17): run's summary has
# the VaR99.5 and TVaR99 columns the report's rows have, with the same
# insured figures (run prints six significant digits).
"$ML" run "$V/v2_negbin_lognormal_layer.yaml" -o "$T/b2.h5" --replicates 2000 --seed 12 \
  >"$T/runout" 2>/dev/null && "$ML" report "$T/b.h5" >"$T/out" 2>&1 &&
  grep -qE "^  measure +mean +sd +se\(mean\) +VaR99\.5 +TVaR99$" "$T/runout" &&
  awk -v a="$(awk '$1 == "insured" {print $5, $6}' "$T/runout")" \
      -v b="$(awk '/^insured (VaR99.5|TVaR99) \(USD\)/ {gsub(",", "", $NF); printf "%s ", $NF}' "$T/out")" \
      'BEGIN { split(a, x, " "); split(b, y, " ");
               exit !(y[1] > 0 && y[2] > 0 && (x[1] - y[1])^2 <= (1e-5 * y[1])^2 &&
                      (x[2] - y[2])^2 <= (1e-5 * y[2])^2) }' &&
  ok "run and report: insured VaR99.5 and TVaR99, the same levels and figures" ||
  bad "run and report levels" "$T/runout" "$T/out"

# The shipped rates file parses, and converts a run in GBP.
"$ML" report "$T/a.h5" --rates "$SRC/scenarios/rates.yaml" --currency JPY >"$T/out" 2>&1
[ $? = 0 ] && grep -q "1 GBP = .* JPY (2023; Federal Reserve G.5A" "$T/out" &&
  ok "scenarios/rates.yaml converts GBP and USD to JPY" || bad "rates.yaml" "$T/out"

"$ML" report "$T/a.h5" --plots "$T/p2" >"$T/out" 2>&1
[ $? = 5 ] && grep -q "different currencies" "$T/out" && ok "plots of mixed currencies refused" ||
  bad "mixed currencies" "$T/out"
"$ML" report "$T/a.h5" --rates "$T/rates.csv" --currency TWD >"$T/out" 2>&1
[ $? = 3 ] && grep -q "no rate for the reporting currency TWD (it has: USD, GBP)" "$T/out" &&
  ok "missing rate refused" || bad "missing rate" "$T/out"
"$ML" report "$T/nothere.h5" >"$T/out" 2>&1
[ $? = 4 ] && ok "missing file: exit 4" || bad "missing file" "$T/out"
"$ML" report "$SRC/scenarios/rates.yaml" >"$T/out" 2>&1
[ $? = 4 ] && ok "not an HDF5 file: exit 4" || bad "not HDF5" "$T/out"
"$ML" report >"$T/out" 2>&1
[ $? = 2 ] && ok "no file: exit 2" || bad "usage" "$T/out"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
