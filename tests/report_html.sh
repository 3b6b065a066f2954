#!/bin/bash
# `medliab report --html` (issue 17, point 2): one self-contained page with
# the table, the comparisons, the plots inline as SVG and the provenance.
#
# Two regimes (US and China, 200 replicates) and China under reform with
# parameter draws, plus a copy of the first file under a name holding
# < & ' ", converted by a rates file whose source text holds markup and a
# byte that is not UTF-8: tests/report_html_check.py reads the page as
# XML, opens it in headless Chromium (no console error, no request beyond
# the page, one rendered <svg> per SVG file that --plots writes, none
# blank) and screenshots it (not blank), then breaks copies of it and
# fails unless each check catches its break.  Then the failures: a folder
# that does not exist, a plotting step that fails or draws an SVG that
# refers outside itself leave no page (an older one intact) and no
# temporary file or folder; a new figure of the plotting step appears
# without a change to the C side; scenarios left in their own currencies
# give a page without plots that says why.
#
# Chromium: Debian's `chromium` (tools/install-deps.sh installs it), or
# MEDLIAB_CHROMIUM=PATH.  Without it the test fails, naming the package;
# outside CI only, MEDLIAB_SKIP_BROWSER=1 turns that into a skip (exit 77).
ML=$1; SRC=$2; PY=$3
BROWSER=${MEDLIAB_CHROMIUM:-$(command -v chromium || true)}
if [ -z "$BROWSER" ] || [ ! -x "$BROWSER" ]; then
  if [ "${CI:-}" != true ] && [ "${MEDLIAB_SKIP_BROWSER:-}" = 1 ]; then
    echo "skipped: no chromium, and MEDLIAB_SKIP_BROWSER=1"
    exit 77
  fi
  echo "FAIL: this test opens the report page in Debian's Chromium, and there is no" \
       "chromium on PATH (nor MEDLIAB_CHROMIUM): bash tools/install-deps.sh installs it;" \
       "outside CI, MEDLIAB_SKIP_BROWSER=1 skips the test instead"
  exit 1
fi
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok() { echo "ok $1"; pass=$((pass+1)); }
bad() { echo "FAIL $1"; shift; for f in "$@"; do echo "--- $f"; cat "$f"; done; fail=$((fail+1)); }
# The report's temporary figure folders go to TMPDIR: each step below must
# leave it empty.
export TMPDIR="$T/tmp"; mkdir "$TMPDIR"
tmp_empty() { [ -z "$(ls -A "$TMPDIR")" ] && ! ls "$T"/*.tmp.* >/dev/null 2>&1; }

"$ML" run "$SRC/scenarios/us.yaml" "$SRC/scenarios/china.yaml" --replicates 200 \
  -o "$T/a.h5" --quiet &&
"$ML" run "$SRC/scenarios/china_reform.yaml" --replicates 200 --parameter-draws 3 \
  -o "$T/b.h5" --quiet || { echo "FAIL runs"; exit 1; }
ODD="$T/odd <&'\"> x.h5"
cp "$T/a.h5" "$ODD"
# The rates' sources are shown on the page: one holds markup and a byte
# that is not UTF-8 (a CSV rates file is read as bytes; it has no base, so
# every call names --currency).
{ echo "currency,per_base,year,source"
  echo "USD,1,2023,the base"
  echo "CNY,7.0809,2023,\"<script>alert(1)</script> & 'FRB' G.5A "$'\xff'"\""
} >"$T/rates.csv"

"$ML" report "$T/a.h5" "$T/b.h5" "$ODD" --rates "$T/rates.csv" --currency USD \
  --plots "$T/plots" --html "$T/page.html" >"$T/out" 2>"$T/err"
[ $? = 0 ] && ok "report --html runs" || bad "report --html failed" "$T/out" "$T/err"
grep -q "^report page written to $T/page.html (HTML" "$T/out" && ok "says where the page is" ||
  bad "no line naming the page" "$T/out"
tmp_empty && ok "no temporary figure folder or page left" || { ls -la "$TMPDIR" "$T"; bad "left"; }
"$PY" "$SRC/tests/report_html_check.py" --browser "$BROWSER" --page "$T/page.html" \
  --plots "$T/plots" --rates "$T/rates.csv" --work "$T/check" --self-test \
  "$T/a.h5" "$T/b.h5" "$ODD" >"$T/py" 2>&1 &&
  ok "the page in Chromium: no console error, every plot, not blank; each break caught" ||
  bad "report_html_check" "$T/py"
cat "$T/py"

# A folder that does not exist: exit 4, the message names the page.
"$ML" report "$T/a.h5" --rates "$T/rates.csv" --currency USD --html "$T/none/p.html" \
  >"$T/out" 2>"$T/err"
rc=$?
[ $rc = 4 ] && grep -q "$T/none/p.html: cannot write" "$T/err" &&
  ok "missing folder: exit 4 naming the page" || bad "missing folder (exit $rc)" "$T/err"

# A plotting step that fails: no page, the older one intact, nothing left.
echo "an older page" >"$T/keep.html"
printf 'import sys\nsys.exit(1)\n' >"$T/fail.py"
MEDLIAB_PLOT_SCRIPT="$T/fail.py" "$ML" report "$T/a.h5" --rates "$T/rates.csv" \
  --currency USD --html "$T/keep.html" >"$T/out" 2>"$T/err"
rc=$?
[ $rc != 0 ] && [ "$(cat "$T/keep.html")" = "an older page" ] && tmp_empty &&
  ok "failed plotting: exit $rc, older page kept, no temporary file" ||
  { ls -la "$T" "$TMPDIR"; bad "failed plotting (exit $rc)" "$T/err"; }

# An SVG that refers outside itself is refused, naming the file.
cat >"$T/outside.py" <<'EOF'
import os, sys
with open(os.path.join(sys.argv[1], "outside.svg"), "w") as f:
    f.write('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
            ' width="10" height="10"><image xlink:href="http://example.org/a.png"/></svg>\n')
EOF
MEDLIAB_PLOT_SCRIPT="$T/outside.py" "$ML" report "$T/a.h5" --rates "$T/rates.csv" \
  --currency USD --html "$T/out.html" >"$T/out" 2>"$T/err"
rc=$?
[ $rc = 4 ] && grep -q "outside.svg: refers to something outside itself" "$T/err" &&
  [ ! -e "$T/out.html" ] && tmp_empty &&
  ok "an SVG with an outside reference: refused, named, no page" ||
  bad "outside reference (exit $rc)" "$T/err"

# A figure the plotting step gains is embedded as it comes, captioned by
# its file name.
cat >"$T/more.py" <<EOF
import os, runpy, shutil, sys
sys.argv = ["$SRC/tools/report_plots.py"] + sys.argv[1:]
try:
    runpy.run_path(sys.argv[0], run_name="__main__")
except SystemExit as e:
    if e.code:
        raise
d = sys.argv[1]
shutil.copy(os.path.join(d, "histogram.svg"), os.path.join(d, "compensation_vs_cost.svg"))
EOF
n_svg=$(ls "$T/plots" | grep -c '\.svg$')
MEDLIAB_PLOT_SCRIPT="$T/more.py" "$ML" report "$T/a.h5" --rates "$T/rates.csv" \
  --currency USD --html "$T/more.html" >"$T/out" 2>"$T/err" &&
  grep -q "Compensation vs cost (<code>compensation_vs_cost.svg</code>)" "$T/more.html" &&
  "$PY" "$SRC/tests/report_html_check.py" --browser "$BROWSER" --page "$T/more.html" \
    --svgs $((n_svg + 1)) --work "$T/check2" --static-only "$T/a.h5" >"$T/py" 2>&1 &&
  ok "a new figure drops in, captioned by its file name" || bad "new figure" "$T/err" "$T/py"

# Scenarios in their own currencies: a page without plots, saying why.
"$ML" report "$T/a.h5" --html "$T/own.html" >"$T/out" 2>"$T/err" &&
  grep -q "No plots: the scenarios are in different currencies" "$T/own.html" &&
  "$PY" "$SRC/tests/report_html_check.py" --browser "$BROWSER" --page "$T/own.html" \
    --svgs 0 --work "$T/check3" --static-only "$T/a.h5" >"$T/py" 2>&1 &&
  ok "own currencies: a page without plots that says why" || bad "own currencies" "$T/err" "$T/py"

echo "$pass passed, $fail failed"
[ $fail = 0 ]
