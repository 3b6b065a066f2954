#!/bin/bash
# Levers by name (issue 17): `levers: [compulsory]` in a run file that lies
# outside the source tree is the shipped scenarios/regimes/levers/
# compulsory.yaml, so it runs to the same annual results as the shipped run
# file that names the lever by its path; and a file beside the run file
# still comes first (a name is looked up only when no such file exists).
ML=$1; SRC=$2; H5DIFF=$3; PY=$4
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail=0
ok() { echo "ok $1"; }
bad() { echo "FAIL $1"; [ -f "${2:-}" ] && sed 's/^/    | /' "$2"; fail=1; }

cat >"$T/by_name.yaml" <<YAML
name: china_compulsory
run: {replicates: 300, seed: 20261123}
portfolio: $SRC/scenarios/portfolios/reference.yaml
regime: $SRC/scenarios/regimes/china.yaml
levers: [compulsory]
YAML
(cd "$T" && "$ML" run by_name.yaml -o name.h5 --quiet) >"$T/log" 2>&1 ||
    bad "a run file naming a shipped lever runs" "$T/log"
"$ML" run "$SRC/scenarios/levers/china_compulsory.yaml" --replicates 300 -o "$T/path.h5" \
    --quiet >"$T/log" 2>&1 || bad "the shipped run file runs" "$T/log"
for g in annual annual_max policy; do
    if "$H5DIFF" "$T/name.h5" "$T/path.h5" /scenarios/china_compulsory/$g \
        /scenarios/china_compulsory/$g >"$T/d" 2>&1; then
        ok "by name = by path: /scenarios/china_compulsory/$g identical"
    else
        bad "by name = by path: /scenarios/china_compulsory/$g differs" "$T/d"
    fi
done
"$PY" - "$T/name.h5" >"$T/d" 2>&1 <<'PY' && ok "the results file records the lever" || bad "the results file records the lever" "$T/d"
import sys, h5py
g = h5py.File(sys.argv[1], "r")["scenarios/china_compulsory"]
sc = g.attrs["scenario"]
sc = sc.decode() if isinstance(sc, bytes) else sc
assert "reform lever compulsory applied (" in sc and "regimes/levers/compulsory.yaml" in sc, sc[:400]
PY

# A lever file beside the run file, named like a shipped lever, is the one used.
sed 's/^lever: compulsory$/lever: local_compulsory/' \
    "$SRC/scenarios/regimes/levers/compulsory.yaml" >"$T/compulsory"
(cd "$T" && "$ML" run by_name.yaml -o local.h5 --quiet) >"$T/log" 2>&1 ||
    bad "a run file with a lever file beside it runs" "$T/log"
if "$PY" -c "import sys,h5py; s=h5py.File(sys.argv[1],'r')['scenarios/china_compulsory'].attrs['scenario']; s=s.decode() if isinstance(s,bytes) else s; sys.exit(0 if 'reform lever local_compulsory applied' in s else 1)" "$T/local.h5"; then
    ok "a file beside the run file comes before the shipped lever"
else
    bad "a file beside the run file comes before the shipped lever"
fi
exit $fail
