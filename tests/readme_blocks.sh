#!/bin/bash
# The README's generated blocks (tools/readme_update.sh, readme_blocks.py):
# a block is rewritten from a run and then checks as current; a changed
# figure inside a block fails --check with a diff naming it; every way a
# check could pass without checking (a marker without its pair, an unknown
# or missing block, an input not given, empty or unreadable, a binary
# that is missing or fails) is an error, exit 2, that says what is wrong.
# The sentences' choice of words is tested by readme_blocks_check.py.
ML=$1; SRC=$2; PY=$3
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok() { echo "ok $1"; pass=$((pass+1)); }
bad() { echo "FAIL $1"; shift; for f in "$@"; do echo "--- $f"; tail -n 30 "$f"; done; fail=$((fail+1)); }
B=$SRC/tools/readme_blocks.py
S=$SRC/scenarios
# Any results file of the six regimes will do: 300 replicates keep it fast.
"$ML" run "$S"/{us,uk,japan,taiwan,china,china_reform}.yaml -o "$T/m.h5" --replicates 300 \
  --quiet || { echo "FAIL run"; exit 1; }
cp "$SRC/README.md" "$T/R.md"

"$PY" "$B" --readme "$T/R.md" --main "$T/m.h5" >"$T/out" 2>&1 &&
  grep -q "rewrote .*R.md (main-table, main-headline)" "$T/out" && ok "blocks rewritten" ||
  bad "rewrite" "$T/out"
grep -q "^\*300 replicates, seed 20261123; amounts in each regime's currency\.\*$" "$T/R.md" &&
  ok "the table says the run's replicates and seed" || bad "caption" "$T/R.md"
"$PY" "$B" --check --readme "$T/R.md" --main "$T/m.h5" >"$T/out" 2>&1 &&
  grep -q "is current" "$T/out" && ok "rewritten README checks as current" || bad "check" "$T/out"
# The text outside the blocks is untouched.
strip() { awk '/<!-- BEGIN generated:/{s=1} !s{print} /<!-- END generated:/{s=0}' "$1"; }
cmp -s <(strip "$SRC/README.md") <(strip "$T/R.md") && ok "text outside the blocks kept" ||
  bad "outside text changed" "$T/R.md"

sed 's/^| share of claims paid | [0-9.]*%/| share of claims paid | 99.9%/' "$T/R.md" >"$T/X.md"
"$PY" "$B" --check --readme "$T/X.md" --main "$T/m.h5" >"$T/out" 2>"$T/err"
[ $? = 1 ] && grep -q "^-| share of claims paid | 99.9%" "$T/out" &&
  grep -q "differs from what the runs give" "$T/err" && ok "a hand-edited figure fails --check" ||
  bad "tampered figure" "$T/out" "$T/err"
cmp -s "$T/X.md" <(sed 's/^| share of claims paid | [0-9.]*%/| share of claims paid | 99.9%/' \
  "$T/R.md") && ok "--check writes nothing" || bad "--check wrote"

# expect2 NAME PATTERN ARGS...: readme_blocks.py exits 2 saying PATTERN.
expect2() {
  local name=$1 pat=$2; shift 2
  "$PY" "$B" --check "$@" >"$T/out" 2>&1
  [ $? = 2 ] && grep -q -- "$pat" "$T/out" && ok "$name" || bad "$name" "$T/out"
}
expect2 "input not given" "block main-table needs --main" --readme "$T/R.md"
: >"$T/empty.h5"
expect2 "empty input" "input --main .*empty.h5 is missing or empty" --readme "$T/R.md" \
  --main "$T/empty.h5"
expect2 "unreadable input" "block main-table: cannot render from .*README.md" \
  --readme "$T/R.md" --main "$SRC/README.md"
sed '0,/<!-- BEGIN generated: main-table -->/s//<!-- BEGIN generated: lever-table -->\n<!-- END generated: lever-table -->\n&/' \
  "$T/R.md" >"$T/U.md"
expect2 "unknown block" "block lever-table is not rendered by tools/readme_blocks.py" \
  --readme "$T/U.md" --main "$T/m.h5"
grep -v "<!-- END generated: main-headline -->" "$T/R.md" >"$T/E.md"
expect2 "BEGIN without END" "BEGIN main-headline without its END" --readme "$T/E.md" \
  --main "$T/m.h5"
grep -v "generated: main-headline" "$T/R.md" >"$T/M.md"
expect2 "registered block missing" "no markers for the registered block main-headline" \
  --readme "$T/M.md" --main "$T/m.h5"
sed 's/<!-- BEGIN generated: main-table -->/<!-- BEGIN generated main-table -->/' "$T/R.md" >"$T/F.md"
expect2 "malformed marker" "a malformed marker" --readme "$T/F.md" --main "$T/m.h5"

# The driver: a missing binary, and one whose run fails, stop it (exit 2).
bash "$SRC/tools/readme_update.sh" --check "$T/no-medliab" >"$T/out" 2>&1
[ $? = 2 ] && grep -q "is not an executable medliab" "$T/out" && ok "missing binary" ||
  bad "missing binary" "$T/out"
printf '#!/bin/sh\necho "medliab: no such thing" >&2\nexit 3\n' >"$T/broken"
chmod +x "$T/broken"
bash "$SRC/tools/readme_update.sh" --check "$T/broken" >"$T/out" 2>&1
[ $? = 2 ] && grep -q "cannot make the main job" "$T/out" && grep -q "no such thing" "$T/out" &&
  ok "a failing run stops the check, with its output" || bad "failing run" "$T/out"

"$PY" "$SRC/tests/readme_blocks_check.py" "$SRC/tools" >"$T/py" 2>&1 &&
  ok "headline words follow the numbers" || bad "headline words" "$T/py"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
