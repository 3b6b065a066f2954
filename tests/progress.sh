#!/bin/bash
# Progress feedback: plain lines on a non-terminal stderr, a bar on a
# terminal (run under script(1)), nothing with --quiet; the end-of-run
# summary says what was written where; and the results are identical
# (h5diff) whichever way the run reported, although the engine ran in
# blocks of different sizes.
ML=$1; SRC=$2; H5DIFF=$3
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
V1=$SRC/scenarios/validation/v1_poisson_lognormal.yaml
V3=$SRC/scenarios/validation/v3_poisson_gamma_agglimit.yaml
pass=0; fail=0
ok() { echo "ok $1"; pass=$((pass+1)); }
bad() { echo "FAIL $1"; shift; for f in "$@"; do echo "--- $f"; cat -v "$f"; done; fail=$((fail+1)); }

"$ML" run "$V1" "$V3" -o "$T/lines.h5" --replicates 4000 --seed 5 >"$T/out" 2>"$T/err"
[ $? = 0 ] && ok "run with progress lines" || bad "run with progress lines" "$T/err"
n=$(grep -c '^medliab: .*% .* of 8000 replicates .* replicates/s  ETA ' "$T/err")
[ "$n" -ge 10 ] && ok "progress lines on a non-terminal ($n lines)" || bad "progress lines ($n)" "$T/err"
grep -q '^medliab: 100%  8000 of 8000 replicates' "$T/err" && ok "last line at 100%" || bad "no 100% line" "$T/err"
grep -q $'\r' "$T/err" && bad "carriage return on a non-terminal" "$T/err" || ok "no bar on a non-terminal"
grep -q "^wrote $T/lines.h5 (.* MB) in .* s: 2 scenarios, 4000 replicates, seed 5" "$T/out" &&
  grep -q "/scenarios/v3_poisson_gamma_agglimit: annual/, annual_max/, summary, ep/" "$T/out" &&
  ok "summary of what was written where" || bad "end-of-run summary" "$T/out"

"$ML" run "$V1" "$V3" -o "$T/quiet.h5" --replicates 4000 --seed 5 --quiet >"$T/out" 2>"$T/err"
[ $? = 0 ] && [ ! -s "$T/out" ] && [ ! -s "$T/err" ] && ok "--quiet prints nothing" ||
  bad "--quiet printed" "$T/out" "$T/err"

# A terminal: script(1) gives the run a pseudo-terminal (stdout discarded).
script -qec "'$ML' run '$V1' '$V3' -o '$T/tty.h5' --replicates 4000 --seed 5 >/dev/null" \
  "$T/tty" >/dev/null 2>&1
grep -q $'\r\033\[K'"v1_poisson_lognormal (1/2) \[[#-]*\] .*%  [0-9]*/8000  [0-9]*/s  ETA" "$T/tty" &&
  ok "progress bar on a terminal" || bad "no progress bar on a terminal" "$T/tty"

for f in quiet tty; do
  if "$H5DIFF" "$T/lines.h5" "$T/$f.h5" /scenarios /scenarios >"$T/d" 2>&1; then
    ok "lines vs $f: /scenarios identical"
  else
    bad "lines vs $f: /scenarios differ" "$T/d"
  fi
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
