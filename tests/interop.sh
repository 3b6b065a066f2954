#!/bin/bash
# Interoperability: a results file is read by three independent readers.
#  - h5py runs the README's Python snippet verbatim (path and scenario
#    substituted), and its figures are compared with the file;
#  - h5dump prints the annual samples, which must equal h5py's bit for bit;
#  - R's hdf5r runs the README's R snippet verbatim, and its annual samples
#    and summary must equal h5py's.  R is skipped, saying so, only when
#    Rscript or hdf5r is missing (tools/install-deps.sh installs both).
ML=$1; SRC=$2; PY=$3; H5DUMP=$4
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok() { echo "ok $1"; pass=$((pass+1)); }
bad() { echo "FAIL $1"; shift; for f in "$@"; do echo "--- $f"; cat "$f"; done; fail=$((fail+1)); }
SC=v1_poisson_lognormal
"$ML" run "$SRC/scenarios/validation/$SC.yaml" -o "$T/r.h5" --replicates 1500 --seed 4 --quiet ||
  { echo "FAIL run"; exit 1; }
# The snippets of the README, between the marker and the closing fence.
snippet() { awk -v m="<!-- interop: $1 -->" '$0==m{f=1;next} f&&/^```/{if(s)exit; s=1; next} f&&s' \
  "$SRC/README.md" | sed -e "s#results/out/regimes.h5#$T/r.h5#" -e "s#scenarios/us#scenarios/$SC#"; }
snippet python >"$T/snip.py"
snippet r >"$T/snip.R"
[ -s "$T/snip.py" ] && [ -s "$T/snip.R" ] && ok "README has the Python and R snippets" ||
  bad "snippets not found in README" "$T/snip.py" "$T/snip.R"

# h5py: the snippet prints currency, n, mean, se, var995 and its CI, tvar99.
"$PY" "$T/snip.py" >"$T/py.out" 2>&1 || bad "Python snippet failed" "$T/py.out"
"$PY" - "$T/r.h5" "$SC" "$T/py.out" <<'PYEOF' >"$T/chk" 2>&1 && ok "Python snippet prints the file's figures" || bad "Python snippet output" "$T/chk" "$T/py.out"
import sys, h5py
path, sc, out = sys.argv[1:4]
words = open(out).read().split()
with h5py.File(path, "r") as f:
    g = f["scenarios"][sc]
    row = [r for r in g["summary"][()] if r["measure"] == b"insured"][0]
    want = [len(g["annual/insured"]), row["mean"], row["se"], row["var995"],
            row["var995_lo"], row["var995_hi"], row["tvar99"]]
assert words[0] == "USD", words
got = [float(w) for w in words[1:]]
assert len(got) == len(want) and all(a == float(b) for a, b in zip(got, want)), (got, want)
PYEOF

# h5dump: the annual samples at 17 significant digits equal h5py's exactly.
"$H5DUMP" -y -w 0 -m "%.17g" -d "/scenarios/$SC/annual/insured" "$T/r.h5" >"$T/dump" 2>&1 &&
"$H5DUMP" -d "/scenarios/$SC/summary" "$T/r.h5" >"$T/dumps" 2>&1 ||
  bad "h5dump failed" "$T/dump" "$T/dumps"
"$PY" - "$T/r.h5" "$SC" "$T/dump" "$T/dumps" <<'PYEOF' >"$T/chk" 2>&1 && ok "h5dump reads the same samples and summary" || bad "h5dump" "$T/chk"
import re, sys, h5py
path, sc, dump, dumps = sys.argv[1:5]
body = open(dump).read().split("DATA {", 1)[1].split("}", 1)[0]
vals = [float(v) for v in re.split(r"[,\s]+", body) if v]
with h5py.File(path, "r") as f:
    x = f["scenarios"][sc]["annual/insured"][()]
assert len(vals) == len(x) and all(a == b for a, b in zip(vals, x)), "samples differ"
s = open(dumps).read()
assert '"insured"' in s and "var995_lo" in s and "tvar99_se" in s, "summary columns"
PYEOF

if command -v Rscript >/dev/null && Rscript -e 'library(hdf5r)' >/dev/null 2>&1; then
  { cat "$T/snip.R"
    echo 'f <- H5File$new(commandArgs(TRUE)[1], mode = "r")'
    echo 'g <- f[["scenarios/'$SC'"]]'
    echo 'x <- g[["annual/insured"]]$read(); s <- g[["summary"]]$read()'
    echo 'cat(sprintf("%.17g", x), sep = "\n", file = commandArgs(TRUE)[2])'
    echo 'r <- s[s$measure == "insured", ]'
    echo 'cat(sprintf("%.17g", c(r$mean, r$var995, r$var995_hi, r$tvar99_se)), sep = "\n", file = commandArgs(TRUE)[3])'
    echo 'f$close_all()'; } >"$T/run.R"
  Rscript "$T/run.R" "$T/r.h5" "$T/rx" "$T/rs" >"$T/r.out" 2>&1 || bad "R snippet failed" "$T/r.out"
  "$PY" - "$T/r.h5" "$SC" "$T/rx" "$T/rs" <<'PYEOF' >"$T/chk" 2>&1 && ok "R hdf5r reads the same samples and summary" || bad "R hdf5r" "$T/chk" "$T/r.out"
import sys, h5py
path, sc, rx, rs = sys.argv[1:5]
with h5py.File(path, "r") as f:
    g = f["scenarios"][sc]
    x = g["annual/insured"][()]
    row = [r for r in g["summary"][()] if r["measure"] == b"insured"][0]
got = [float(v) for v in open(rx).read().split()]
assert len(got) == len(x) and all(a == b for a, b in zip(got, x)), "samples differ"
got = [float(v) for v in open(rs).read().split()]
want = [row["mean"], row["var995"], row["var995_hi"], row["tvar99_se"]]
assert got == [float(w) for w in want], (got, want)
PYEOF
  grep -q "mean .*se .*var995 .*tvar99" "$T/r.out" && ok "R snippet prints the insured row" ||
    bad "R output" "$T/r.out"
else
  echo "skipped R: Rscript or r-cran-hdf5r not installed (bash tools/install-deps.sh)"
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
