#!/usr/bin/python3
"""Compare a run's figures with results/reference/calibration.csv.

Usage: calibration.py RESULTS.h5 CALIBRATION.csv [--batches B1.h5,B2.h5,...]
                      [--regimes us,uk,...] [--skip-national | --only-national]
                      [--markdown | --markdown-rows] [--use fit|validate]

Each row of the CSV has a `use`: `fit` (a scenario parameter is set from
it) or `validate` (never used to set a parameter).  Fit rows and validate
rows are printed apart.  Exit status 1 when a fit row misses or any row's
metric is missing (or its Monte Carlo SE cannot be computed); a validate
row that misses is reported as MISS and does not fail the run.  Exit 2 on a
malformed CSV or bad arguments.

Rows whose regime ends in _national belong to the national run files
(scenarios/national/); --skip-national and --only-national pick them out.

A metric is a row of /scenarios/<regime>/policy (e.g. paid_share), a
column of a row of /scenarios/<regime>/stages written stage.<stage>.<column>
(e.g. stage.trial.paid_share), the mean of an annual measure written
mean.<measure> (from the summary table), or an arithmetic expression of
those (e.g. stage.judgment.visit_share/stage.lawsuit.visit_share).  A name
may be prefixed by [scenario] to read another scenario of the same file
(e.g. mean_payment/[us_no_cap]mean_payment-1).

tolerance_kind says what the tolerance is: `range` (the half-width of a
published range: several years or sources), `judgment` (a stated
judgment, its reason in the source column), or `mc_se` (the tolerance
column is then a multiple k, and the tolerance is k times the row's Monte
Carlo standard error).  A row passes when |simulated - target| <= tolerance.

Monte Carlo SE (--batches): the same run files rerun as B independent
batches (other seeds, each with 1/B of the replicates; tests/calibration.sh
makes them).  Each batch gives the row's metric; the SE of the full run's
figure is sd(batch figures) / sqrt(B) (batch means: every metric is a ratio
of totals over replicates, so the full run's figure is, to first order, the
mean of the batch figures).  Without --batches the SE column is empty, and
an mc_se row cannot be checked (a failure).

--markdown prints the validate rows as a Markdown table (for the README)
instead of the text report; --markdown-rows the same rows without the
table's header (to continue a table from another results file); the exit
status is the same.  They print the validate rows unless --use fit asks
for the fit rows (the README's fit table: target, simulated, met or not);
--use also limits the text report to rows of that use.
Reads HDF5 only (h5py, Debian python3-h5py).
"""
import csv
import math
import re
import sys

import h5py

sys.path.insert(0, __import__('os').path.dirname(__import__('os').path.abspath(__file__)))

COLUMNS = ["id", "use", "regime", "metric", "target", "tolerance", "tolerance_kind",
           "source"]
USES = ("fit", "validate")
KINDS = ("range", "judgment", "mc_se")


def lookup(group, metric):
    if metric.startswith("value_share."):
        # A specialty's share of the insurer's annual outlay
        # (/pricing/annual_by_specialty), over all replicates.
        d = group["pricing"]["annual_by_specialty"]
        names = [n.decode() for n in d.attrs["names"]]
        a = d[()]
        spec = metric.split(".", 1)[1]
        if spec not in names:
            raise KeyError(metric)
        return float(a[names.index(spec)].sum() / a.sum())
    if metric.startswith("claim_share."):
        # Expected share of claims from a specialty: exact, from the
        # national run file's portfolio and claiming (tools/national_check.py).
        import national_check
        regime = group.name.rsplit("/", 1)[1]
        return float(national_check.expected_claim_share(
            national_check.national_file(regime), metric.split(".", 1)[1]))
    if metric.startswith("mean."):
        for row in group["summary"][()]:
            if row["measure"].decode() == metric[5:]:
                return float(row["mean"])
        raise KeyError(metric)
    if metric.startswith("stage."):
        _, stage, col = metric.split(".", 2)
        for row in group["stages"][()]:
            if row["stage"].decode() == stage:
                return float(row[col])
        raise KeyError(metric)
    for row in group["policy"][()]:
        if row["metric"].decode() == metric:
            return float(row["value"])
    raise KeyError(metric)


NAME = re.compile(r"(?:\[([A-Za-z_0-9]+)\])?([A-Za-z_][A-Za-z_0-9]*(?:\.[A-Za-z_][A-Za-z_0-9]*)*)")


def evaluate(f, regime, expr):
    """Replaces each name by its value and evaluates + - * / ( ) only."""
    def value(m):
        scen = m.group(1) or regime
        if scen not in f["scenarios"]:
            raise KeyError(scen)
        return repr(lookup(f["scenarios"][scen], m.group(2)))
    text = NAME.sub(value, expr)
    if not re.fullmatch(r"[0-9eE.+\-*/() ]+", text):
        raise KeyError(expr)
    return float(eval(text, {"__builtins__": {}}, {}))


def read_rows(path):
    """The CSV's rows, checked: every column present, use and kind known."""
    with open(path, newline="") as c:
        lines = [(i + 1, r) for i, r in enumerate(c) if not r.startswith("#")]
    reader = csv.DictReader(r for _, r in lines)
    if reader.fieldnames != COLUMNS:
        raise ValueError(f"{path}: header must be {','.join(COLUMNS)}; "
                         f"got {','.join(reader.fieldnames or [])}")
    rows = []
    for (lineno, _), row in zip(lines[1:], reader):
        where = f"{path}:{lineno}"
        if None in row or any(row[k] is None for k in COLUMNS):
            raise ValueError(f"{where}: expected {len(COLUMNS)} columns")
        if row["use"] not in USES:
            raise ValueError(f"{where}: use: '{row['use']}' is not fit or validate")
        if row["tolerance_kind"] not in KINDS:
            raise ValueError(f"{where}: tolerance_kind: '{row['tolerance_kind']}' is not "
                             f"one of {', '.join(KINDS)}")
        try:
            row["target"], row["tolerance"] = float(row["target"]), float(row["tolerance"])
        except ValueError:
            raise ValueError(f"{where}: target and tolerance must be numbers")
        if not row["tolerance"] > 0:
            raise ValueError(f"{where}: tolerance must be > 0")
        rows.append(row)
    return rows


def mc_se(batches, regime, metric):
    vals = [evaluate(b, regime, metric) for b in batches]
    if len(vals) < 2:
        return None
    m = sum(vals) / len(vals)
    var = sum((v - m) ** 2 for v in vals) / (len(vals) - 1)
    return math.sqrt(var / len(vals))


def check(f, batches, row):
    """Fills simulated, se, tol and status (ok, MISS, MISSING, NO_SE)."""
    reg = row["regime"]
    try:
        row["simulated"] = evaluate(f, reg, row["metric"])
    except KeyError:
        row["status"], row["simulated"], row["se"], row["tol"] = "MISSING", None, None, None
        return
    try:
        row["se"] = mc_se(batches, reg, row["metric"]) if batches else None
    except KeyError:
        row["se"] = None
    if row["metric"].startswith("claim_share."):
        row["se"] = 0.0  # an exact expectation: no simulation noise
    if row["tolerance_kind"] == "mc_se":
        if row["se"] is None:
            row["status"], row["tol"] = "NO_SE", None
            return
        row["tol"] = row["tolerance"] * row["se"]
    else:
        row["tol"] = row["tolerance"]
    row["status"] = "ok" if abs(row["simulated"] - row["target"]) <= row["tol"] else "MISS"


def fmt(x):
    return "-" if x is None else f"{x:.6g}"


def se_text(x):
    return "exact" if x == 0.0 else fmt(x)


def tol_text(row):
    if row["tolerance_kind"] == "mc_se":
        return f"{fmt(row['tolerance'])} x SE" + (f" = {fmt(row['tol'])}" if row["tol"] else "")
    return f"{fmt(row['tolerance'])} ({row['tolerance_kind']})"


def ratio_text(row):
    if row["se"] and row["tol"]:
        return f"{row['tol'] / row['se']:.1f}"
    return "-"


def print_text(rows):
    for use in USES:
        part = [r for r in rows if r["use"] == use]
        if not part:
            continue
        print(f"{use} rows ({len(part)}):")
        print(f"  {'':7s} {'id':30s} {'simulated':>12s} {'target':>12s}  "
              f"{'tolerance':26s} {'MC SE':>10s} {'tol/SE':>7s}")
        for r in part:
            print(f"  {r['status']:7s} {r['id']:30s} {fmt(r['simulated']):>12s} "
                  f"{fmt(r['target']):>12s}  {tol_text(r):26s} {se_text(r['se']):>10s} "
                  f"{ratio_text(r):>7s}")


def md_cell(text):
    return text.replace("|", "\\|")


def print_markdown(rows, header=True, use="validate"):
    if header:
        print("| id | regime | published figure (source) | target ± tolerance (kind) "
              "| simulated | MC SE | result |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        if r["use"] != use:
            continue
        tol = (f"{fmt(r['tolerance'])} × SE" if r["tolerance_kind"] == "mc_se"
               else f"{fmt(r['tolerance'])} ({r['tolerance_kind']})")
        result = ({"ok": "pass", "MISS": "**miss**"} if use == "validate" else
                  {"ok": "met", "MISS": "**not met**"}).get(r["status"], r["status"])
        print(f"| {r['id']} | {r['regime']} | {md_cell(r['source'])} | "
              f"{fmt(r['target'])} ± {tol} | {fmt(r['simulated'])} | {se_text(r['se'])} | "
              f"{result} |")


def main(argv):
    args, only, national, markdown, batch_paths = argv[3:], None, None, False, []
    use = None
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("--regimes", "--batches", "--use") and i + 1 < len(args):
            if a == "--use":
                if args[i + 1] not in USES:
                    print(f"calibration.py: --use {args[i + 1]}: not fit or validate",
                          file=sys.stderr)
                    return 2
                use = args[i + 1]
            elif a == "--regimes":
                only = set(args[i + 1].split(","))
            else:
                batch_paths = [p for p in args[i + 1].split(",") if p]
            i += 2
            continue
        if a in ("--skip-national", "--only-national"):
            national = a == "--only-national"
        elif a in ("--markdown", "--markdown-rows"):
            markdown = a
        else:
            print(f"calibration.py: unknown argument '{a}'", file=sys.stderr)
            return 2
        i += 1
    try:
        rows = read_rows(argv[2])
    except (OSError, ValueError) as e:
        print(f"calibration.py: {e}", file=sys.stderr)
        return 2
    rows = [r for r in rows
            if (not only or r["regime"] in only)
            and (national is None or r["regime"].endswith("_national") == national)
            and (use is None or r["use"] == use)]
    batches = [h5py.File(p, "r") for p in batch_paths]
    with h5py.File(argv[1], "r") as f:
        for r in rows:
            check(f, batches, r)
    for b in batches:
        b.close()
    if markdown:
        print_markdown(rows, header=markdown == "--markdown", use=use or "validate")
    else:
        print_text(rows)
    bad_fit = [r["id"] for r in rows if r["use"] == "fit" and r["status"] != "ok"]
    broken = [r["id"] for r in rows if r["status"] in ("MISSING", "NO_SE")]
    misses = [r["id"] for r in rows if r["use"] == "validate" and r["status"] == "MISS"]
    if not markdown:
        n_val = sum(r["use"] == "validate" for r in rows)
        print(f"fit rows: {sum(r['use'] == 'fit' for r in rows) - len(bad_fit)} met, "
              f"{len(bad_fit)} failed{': ' + ', '.join(bad_fit) if bad_fit else ''}")
        print(f"validate rows: {n_val - len(misses) - sum(r['use'] == 'validate' and r['id'] in broken for r in rows)} "
              f"pass, {len(misses)} miss (reported, not a failure)"
              f"{': ' + ', '.join(misses) if misses else ''}")
        if broken:
            print(f"missing metric or Monte Carlo SE: {', '.join(broken)}")
    return 1 if bad_fit or broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
