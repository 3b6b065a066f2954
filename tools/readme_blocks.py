#!/usr/bin/python3
"""Render the README's generated blocks from runs and write them in place.

Usage (normally through tools/readme_update.sh, which makes the runs):

    readme_blocks.py [--check] [--readme README.md] [--main RUN.h5] ...

A generated block of the README is everything between two marker lines,

    <!-- BEGIN generated: NAME -->
    ...
    <!-- END generated: NAME -->

and is never edited by hand: it is rewritten from the numbers of a run, so
it cannot drift from the code.  Without --check the README is rewritten
where a block differs; with --check nothing is written and the exit code
is 1, with a unified diff, when the README is not what the runs give.  Any
problem that would leave a block unchecked is an error (exit 2): a marker
without its pair, a block named in the README that no function renders, a
registered block missing from the README, an input a block needs that was
not given (its run failed or was never made), or an input that cannot be
read.  So a check never passes silently.

The blocks today (BLOCKS, below): main-table and main-headline (the main
job), lever-table (tests/levers_check.py --markdown on the lever runs),
reform-table (tools/reform_table.py on the same lever runs),
validation-table and calibration-table (tools/calibration.py --markdown,
validate and fit rows, on the calibration runs and their batches, the
same as ctest calibration's), national-table (tools/national_check.py
--notes on the national run), sources-table (`medliab sources
--markdown`), exact-table (tests/test_exact), coverage-table
(tests/test_stats_ci), report-figures (the report figures that
tools/readme_pictures.sh draws from the main job, with their captions)
bench-results (the benchmarks' records under bench/, copied),
channel-shares (China's first channels and mediation outcomes in the main
job) and memory-record (bench/memory.md, copied into section Memory).
A validate row that misses must also be discussed by its id, in
backquotes, in the README's own text (DISCUSSED).

Adding a block (for example `fee-table` from a run of fee scenarios):

 1. If it needs an input not in INPUTS, add it there ({"fees": "what it
    is"}): it becomes the option --fees PATH (an underscore becomes a
    hyphen; a name in LISTS takes comma-separated files).  In
    tools/readme_update.sh, make the input with `produce NAME OUTFILE
    COMMAND...` and pass `--fees OUTFILE` to this script; produce stops
    with the command's output when it fails.
 2. Write a function render_fee_table(inp) -> str that returns the
    block's Markdown (no leading or trailing blank line) from the inputs
    only (inp.fees is the path); choose every word that states a result
    from the numbers, so the text stays true when they change.
 3. Register it in BLOCKS: "fee-table": (render_fee_table, ("fees",)).
 4. Put the two markers in README.md where the block goes, give
    tests/readme_blocks.sh the input, run `bash tools/readme_update.sh`,
    and commit the README with the change.
"""
import argparse
import contextlib
import difflib
import io
import math
import os
import re
import sys
import textwrap

import h5py

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(1, os.path.join(ROOT, "tests"))
import regimes_table  # noqa: E402  (the table's rows, shared with the terminal)
import calibration  # noqa: E402  (the validate and fit rows: ctest calibration's own code)
import national_check  # noqa: E402
import levers_check  # noqa: E402  (tests/: the lever table is ctest levers' own check)
import reform_table  # noqa: E402  (the reform table: each lever against China today)

CALIBRATION_CSV = os.path.join(ROOT, "results", "reference", "calibration.csv")

# Input name -> what it is; each is the option --NAME (underscores as
# hyphens).  The names in LISTS are comma-separated lists of files.
INPUTS = {
    "main": "the main job's results file: scenarios/{us,uk,japan,taiwan,china,"
            "china_reform}.yaml run at their own seed and replicates",
    "levers": "the levers' results file: scenarios/china.yaml, scenarios/china_reform.yaml "
              "and scenarios/levers/*.yaml run at their own seed and replicates",
    "calibration": "the reference portfolio's calibration run (tools/calibration_runs.sh: cal.h5)",
    "calibration_batches": "its batches for the Monte Carlo SE, comma-separated "
                           "(tools/calibration_runs.sh: cal_1.h5,...)",
    "national": "the national portfolios' run (tools/calibration_runs.sh: nat.h5, "
                "scenarios/national/{us,uk,uk_fixed_costs,japan,taiwan,china}.yaml at their own seed and "
                "replicates)",
    "national_batches": "its batches, comma-separated (tools/calibration_runs.sh: nat_1.h5,...)",
    "sources": "the output of `medliab sources --markdown` (the count of each class of "
               "number per scenario file)",
    "coverage": "the output of tests/test_stats_ci (build/tests/test_stats_ci): the coverage "
                "of the confidence intervals over many simulated samples",
    "exact": "the output of tests/test_exact (build/tests/test_exact): each validation "
             "scenario simulated at its seed and replicates against the exact method",
    "time": "the ten-accident-year runs: scenarios/time/*.yaml at their own seed and "
            "replicates",
    "memory": "bench/memory.sh's record (bench/memory.md): peak memory against the "
              "replicates, measured; copied, never rerun here",
    "bench": "the benchmarks' records, comma-separated (bench/bench_v1.md, bench/compare.md, "
             "...): each written by its script with its date, commit and machine; timings "
             "are the machine's, so they are copied from the records, never rerun here",
}
LISTS = {"calibration_batches", "national_batches", "bench"}


def option(k):
    return "--" + k.replace("_", "-")

BEGIN = re.compile(r"^<!-- BEGIN generated: ([a-z0-9-]+) -->$")
END = re.compile(r"^<!-- END generated: ([a-z0-9-]+) -->$")


class BlockError(Exception):
    pass


# Regime names as prose, for sentences composed from the numbers.
DISPLAY = {"us": "the US", "uk": "the UK", "japan": "Japan", "taiwan": "Taiwan",
           "china": "China", "china_reform": "China under reform"}


def display(name):
    return DISPLAY.get(name, name)


def cap(s):
    return s[:1].upper() + s[1:]


def main_job(path):
    """Everything the main-job blocks use: the file's replicates and seed,
    the policy metrics of each scenario and its pure premium (the total
    row of its pricing table)."""
    names, vals = regimes_table.read(path)
    with h5py.File(path, "r") as f:
        reps, seed = int(f.attrs["replicates"]), int(f.attrs["seed"])
        pure = {}
        for n in names:
            g = f["scenarios"][n]
            if "pricing" in g:
                for r in g["pricing"]["premium_by_group"][()]:
                    if r["kind"].decode() == "total":
                        pure[n] = float(r["pure_premium"])
    return names, vals, pure, reps, seed


def render_main_table(inp):
    names, vals, _, reps, seed = main_job(inp.main)
    lines = [f"*{reps:,} replicates, seed {seed}; amounts in each regime's currency.*", "",
             "|  | " + " | ".join(names) + " |",
             "| --- |" + " ---: |" * len(names),
             "| currency | " + " | ".join(vals[n]["currency"] for n in names) + " |"]
    for key, label, fmt in regimes_table.ROWS:
        lines.append(f"| {label} | " + " | ".join(regimes_table.cells(names, vals, key, fmt))
                     + " |")
    return "\n".join(lines)


def times_as_many(r):
    if r >= 1.05:
        return f"{r:.1f} times as many"
    if r > 1 / 1.05:
        return "about as many"
    return f"only {r:.0%} as many"


def sooner(m0, m1):
    """How the mean time to closure moves from m0 to m1 months."""
    if round(m1, 1) == round(m0, 1):
        return f"closes claims in the same time ({m1:.1f} months on average)"
    word = "sooner" if m1 < m0 else "later"
    return (f"closes claims {abs(1 - m1 / m0):.0%} {word} ({m1:.1f} months on average "
            f"instead of {m0:.1f})")


def overhead(o0, o1):
    a, b = round(100 * o0), round(100 * o1)
    if a == b:
        return f"with overhead unchanged at {a} per 100 of compensation"
    return f"with overhead {'falling' if b < a else 'rising'} from {a} to {b} per 100 of compensation"


def payer(v):
    """Who the indemnifier is: a state scheme
    where the run booked payments to the state (borne_state), else insurers."""
    return "the state" if v.get("borne_state", 0.0) > 0.0 else "insurers"


def borne(v):
    """The indemnifier's share of the whole cost (compensation and
    expenses): the table's rows cost borne by insurers plus by the state."""
    return v.get("borne_insurers", 0.0) + v.get("borne_state", 0.0)


def insurers(s0, s1, p0="insurers", p1="insurers"):
    """The indemnifier's share of the cost before (s0) and after (s1),
    carried by payers p0, p1."""
    who = p1 if p0 == p1 else f"the indemnifier ({p0}, then {p1})"
    verb = "carry" if who == "insurers" else "carries"
    if round(100 * s0) == round(100 * s1):
        return f"while {who} {verb} the same {s1:.0%} of the cost"
    return f"while {who} {verb} {s1:.0%} of the cost instead of {s0:.0%}"


def premium(p):
    if p >= 1.05:
        return f"rises {p:.1f}-fold"
    if p > 1 / 1.05:
        return "stays about the same"
    return f"falls to {p:.0%} of its present level"


def extreme(names, vals, key, pick):
    """The scenario with the smallest (pick=min) or largest value of key."""
    have = [n for n in names if key in vals[n]]
    if not have:
        raise BlockError(f"no scenario has the policy metric {key}")
    return pick(have, key=lambda n: vals[n][key])


def compose_headline(names, vals, pure, base="china", reform="china_reform", path=None):
    """The "Read across" sentences from the numbers: every comparison word
    (times as many, sooner or later, falling or rising, the smallest, the
    highest) is chosen from them."""
    for n in (base, reform):
        if n not in vals:
            raise BlockError(f"the main job has no scenario {n} (it has {', '.join(names)})")
        if n not in pure:
            raise BlockError(f"scenario {n} has no pricing table")
    b, r = vals[base], vals[reform]
    iv = (lambda fig, fmt: ratio_interval(path, base, reform, fig, fmt)) if path else \
        (lambda fig, fmt: "")
    times = lambda x: f"{x:.1f}"
    s1 = (f"Read across: under the full reform package {display(base)} compensates "
          f"{times_as_many(r['negligent_compensated_share'] / b['negligent_compensated_share'])}"
          f" negligent injuries{iv('negligent_compensated_share', times)} and "
          f"{sooner(b['mean_months'], r['mean_months'])}, "
          f"{overhead(b['overhead_ratio'], r['overhead_ratio'])}, "
          f"{insurers(borne(b), borne(r), payer(b), payer(r))}; "
          f"the pure premium "
          f"(see \"Pricing\") {premium(pure[reform] / pure[base])}"
          f"{iv('pure_premium', times)}.")
    low = extreme(names, vals, "paid_share", min)
    high = extreme(names, vals, "overhead_ratio", max)
    paid = f"pays the smallest share of its claims ({vals[low]['paid_share']:.1%})"
    over = (f"the highest overhead ({round(100 * vals[high]['overhead_ratio'])} per 100 of "
            f"compensation)")
    if low == high:
        s2 = f"{cap(display(low))} {paid} and has {over}."
    else:
        s2 = f"{cap(display(low))} {paid}; {display(high)} has {over}."
    most = extreme(names, vals, "negligent_compensated_share", max)
    s3 = (f"{cap(display(most))} compensates the largest share of negligent injuries "
          f"({vals[most]['negligent_compensated_share']:.2%}).")
    return textwrap.fill(" ".join([s1, s2, s3]), width=74, break_on_hyphens=False)


def paired_ratios(path, base, reform, figure):
    """reform's figure over base's, draw by draw, over the main job's
    parameter draws (common random numbers and shared parameters pair
    them: uncertainty/draws, README "Output format"); None without draws."""
    with h5py.File(path, "r") as f:
        g = [f["scenarios"][n].get("uncertainty") for n in (base, reform)]
        if g[0] is None or g[1] is None:
            return None
        cols = [x["draws"].attrs["columns"] for x in g]
        cols = [(c.decode() if isinstance(c, bytes) else c).split(",") for c in cols]
        if figure not in cols[0] or figure not in cols[1]:
            return None
        b = g[0]["draws"][:, cols[0].index(figure)]
        r = g[1]["draws"][:, cols[1].index(figure)]
    return [x / y for x, y in zip(r, b) if math.isfinite(x) and math.isfinite(y) and y != 0]


def interval90(x):
    """The 5% and 95% points of x as the results file defines them: order
    statistics of rank ceil(P K) (sim/results/uncertainty.h)."""
    x = sorted(x)
    k = len(x)
    return x[max(1, math.ceil(0.05 * k)) - 1], x[max(1, math.ceil(0.95 * k)) - 1]


def ratio_interval(path, base, reform, figure, fmt):
    """" (90% interval over the parameters: a–b)", or "" without draws."""
    x = paired_ratios(path, base, reform, figure)
    if not x:
        return ""
    lo, hi = interval90(x)
    return f" (90% interval over the parameters' ranges {fmt(lo)}–{fmt(hi)}, {len(x)} draws)"


def render_main_headline(inp):
    names, vals, pure, _, _ = main_job(inp.main)
    return compose_headline(names, vals, pure, path=inp.main)


def pct(x):
    return f"{100 * x:.1f}%"


def render_channel_shares(inp):
    """China's first channels and how its people's mediation cases end,
    from the stages table of the main job's china scenario (the outcome
    shares as calibration.csv defines them: closed there, reconciled,
    withdrawn, and the rest referred or litigated)."""
    reps, seed = run_attrs(inp.main)
    with h5py.File(inp.main, "r") as f:
        rows = {r["stage"].decode(): r for r in f["scenarios/china/stages"][()]}
    need = ("negotiation", "people_mediation", "admin_mediation", "litigation",
            "reconciliation", "withdrawn")
    missing = [n for n in need if n not in rows]
    if missing:
        raise BlockError(f"block channel-shares: china's stages table has no {', '.join(missing)}")
    pm = rows["people_mediation"]
    visits = float(pm["visit_share"])
    agree = float(pm["closed_share"]) / visits
    recon = float(rows["reconciliation"]["visit_share"]) / visits
    withdrawn = float(rows["withdrawn"]["visit_share"]) / visits
    rest = 1.0 - agree - recon - withdrawn
    e = {n: float(rows[n]["entry_share"]) for n in need[:4]}
    text = (f"At the main job's seed ({reps:,} replicates, seed {seed}) the first channels "
            f"are negotiation {pct(e['negotiation'])}, people's mediation "
            f"{pct(e['people_mediation'])}, administrative mediation "
            f"{pct(e['admin_mediation'])} and litigation {pct(e['litigation'])}; people's "
            f"mediation's cases end {pct(agree)} in agreement, {pct(recon)} in "
            f"reconciliation, {pct(withdrawn)} withdrawn and {pct(rest)} referred or "
            f"litigated.")
    return "\n".join(textwrap.wrap(text, 74))


def captured(fn, argv):
    """What a tool's main(argv) prints, and its exit status."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        rc = fn(argv)
    return out.getvalue(), rc


def run_attrs(path):
    """(replicates, seed) of a results file, the same for all its scenarios."""
    with h5py.File(path, "r") as f:
        return int(f.attrs["replicates"]), int(f.attrs["seed"])


def table_rows(md, header):
    """The rows of a Markdown table printed by a tool, checked to start
    with the header it is known by (so that a wrong input is refused)."""
    lines = md.strip("\n").split("\n")
    if not lines or not lines[0].startswith(header):
        raise BlockError(f"expected a table starting '{header}', got: "
                         f"{lines[0][:80] if lines else 'nothing'}")
    return lines


def render_lever_table(inp):
    md, _ = captured(levers_check.main, ["levers_check.py", inp.levers, "--markdown"])
    lines = table_rows(md, "| lever | what it changes |")
    reps, seed = run_attrs(inp.levers)
    rows = lines[2:]
    if not rows:
        raise BlockError(f"{inp.levers} holds no single-lever run")
    fails = sum(r.rstrip().endswith("| FAIL |") for r in rows)
    verdict = ("every documented effect is met within 3 SE" if not fails else
               f"{fails} of {len(rows)} documented effects miss by more than 3 SE")
    return "\n".join([f"*{reps:,} replicates, seed {seed}: each lever alone on china, "
                      f"common random numbers; {verdict}.*", ""] + lines)


def render_reform_table(inp):
    return reform_table.render(inp.levers)


def batches(paths):
    return ",".join(p for p in paths.split(",") if p)


def calibration_tables(inp, use):
    """The validate (or fit) rows of the reference and national runs, as
    one Markdown table, and the count of rows by result."""
    ref, _ = captured(calibration.main, [
        "calibration.py", inp.calibration, CALIBRATION_CSV, "--skip-national",
        "--batches", batches(inp.calibration_batches), "--use", use, "--markdown"])
    nat, _ = captured(calibration.main, [
        "calibration.py", inp.national, CALIBRATION_CSV, "--only-national",
        "--batches", batches(inp.national_batches), "--use", use, "--markdown-rows"])
    lines = table_rows(ref, "| id | regime |") + [ln for ln in nat.split("\n") if ln]
    rows = lines[2:]
    if not rows:
        raise BlockError(f"calibration.csv has no {use} rows")
    results = {}
    for r in rows:
        cells = [c.strip() for c in r.strip().strip("|").split(" | ")]
        results.setdefault(cells[-1].strip("*"), []).append(cells[0])
    (r1, s1), (r2, s2) = run_attrs(inp.calibration), run_attrs(inp.national)
    nb = len(batches(inp.calibration_batches).split(","))
    nn = len(batches(inp.national_batches).split(","))
    caption = (f"*Reference portfolio: {r1:,} replicates, seed {s1}, MC SE from {nb} batches; "
               f"national portfolios (rows `*_national`): {r2:,} replicates, seed {s2}, "
               f"MC SE from {nn} batches.*")
    return caption, lines, results


def render_validation_table(inp):
    caption, lines, res = calibration_tables(inp, "validate")
    n = sum(len(v) for v in res.values())
    parts = [f"{len(v)} {k}" + (f" ({', '.join(f'`{i}`' for i in v)})" if k != "pass" else "")
             for k, v in sorted(res.items(), key=lambda kv: kv[0] != "pass")]
    summary = textwrap.fill(f"Of the {n} validate rows: {'; '.join(parts)}.", width=74,
                            break_on_hyphens=False)
    return "\n".join([caption, ""] + lines + ["", summary])


def render_calibration_table(inp):
    caption, lines, res = calibration_tables(inp, "fit")
    n = sum(len(v) for v in res.values())
    bad = {k: v for k, v in res.items() if k != "met"}
    summary = (f"All {n} fit rows are met." if not bad else
               f"Of the {n} fit rows, {n - sum(len(v) for v in bad.values())} are met; not met: "
               + ", ".join(f"`{i}` ({k})" for k, v in bad.items() for i in v) + ".")
    return "\n".join([caption, ""] + lines + ["", summary])


def render_national_table(inp):
    md, _ = captured(national_check.main, ["national_check.py", inp.national, "--notes"])
    lines = table_rows(md, "| country | figure |")
    reps, seed = run_attrs(inp.national)
    return "\n".join([f"*Means of {reps:,} replicates at seed {seed}, ± one Monte Carlo "
                      f"standard error (sd / √replicates); \"expected\" is exact from the "
                      f"portfolio and claiming probabilities.*", ""] + lines)


def render_sources_table(inp):
    with open(inp.sources) as f:
        return "\n".join(table_rows(f.read(), "| file | sourced |"))


EXACT_LINE = re.compile(
    r"^\s+(\S+)\s+n=(\d+) KS=([0-9.]+) \(DKW bound ([0-9.]+) at alpha ([0-9.e-]+); "
    r"bracket width ([0-9.]+)\) mean sim (-?[0-9.]+) exact (-?[0-9.]+) diff/se (-?[0-9.]+)$")


def render_exact_table(inp):
    """tests/test_exact's line per validation scenario, as a table."""
    with open(inp.exact) as f:
        found = [m for m in map(EXACT_LINE.match, f.read().split("\n")) if m]
    if not found:
        raise BlockError(f"{inp.exact} has no line 'NAME n=... KS=...' of tests/test_exact")
    ns = {m[2] for m in found}
    alphas = {m[5] for m in found}
    lines = [f"*tests/test_exact: each scenario at its seed, n = "
             f"{', '.join(f'{int(n):,}' for n in sorted(ns))} simulated years, "
             f"DKW bound at α = {', '.join(sorted(alphas))}.*", "",
             "| scenario | KS distance | DKW bound | bracket width | simulated mean "
             "| exact mean | (sim − exact)/se | KS within bound |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for m in found:
        ok = float(m[3]) <= float(m[4])
        lines.append(f"| {m[1]} | {m[3]} | {m[4]} | {m[6]} | {float(m[7]):,.0f} | "
                     f"{float(m[8]):,.0f} | {m[9]} | {'yes' if ok else '**no**'} |")
    return "\n".join(lines)


COVERAGE_HEAD = re.compile(r"^(\w+)\(([^)]*)\), n = (\d+), R = (\d+): mean coverage ([0-9.]+) "
                           r"\(4 SE = ([0-9.]+)\)$")
COVERAGE_ROW = re.compile(r"^\s+P = ([0-9.]+): VaR coverage ([0-9.]+) \(exact ([0-9.]+), 4 SE "
                          r"[0-9.]+\); TVaR coverage ([0-9.]+) over (\d+) tail points")
ATOMS_ROW = re.compile(r"^(\w+\([^)]*\)), n = (\d+): P = [0-9.]+ VaR coverage ([0-9.]+) ")


def render_coverage_table(inp):
    """tests/test_stats_ci's coverage lines: VaR and TVaR intervals by P for
    the exponential and the lognormal, the mean's interval, and the VaR
    interval with atoms."""
    dists, rows, atoms, cur = [], {}, [], None
    with open(inp.coverage) as f:
        for ln in f.read().split("\n"):
            h, r, a = COVERAGE_HEAD.match(ln), COVERAGE_ROW.match(ln), ATOMS_ROW.match(ln)
            if h:
                cur = h[1]
                dists.append(h)
            elif r and cur:
                rows.setdefault(r[1], {})[cur] = r
            elif a:
                atoms.append(a)
    names = [h[1] for h in dists]
    if names != ["exponential", "lognormal"] or not rows or \
            any(set(v) != set(names) for v in rows.values()):
        raise BlockError(f"{inp.coverage} lacks tests/test_stats_ci's exponential and lognormal "
                         f"coverage lines for every P")
    e, l = dists
    lines = [f"*tests/test_stats_ci: {int(e[4]):,} samples of n = {int(e[3]):,} each "
             f"(4 binomial SE of a coverage near 0.95: ±{e[6]}).*", "",
             "| P | VaR interval, exponential (exact coverage) | VaR interval, lognormal "
             "| TVaR ± 1.96 se, exponential | TVaR ± 1.96 se, lognormal | tail points n(1 − P) |",
             "| --- | --- | --- | --- | --- | --- |"]
    for p, v in rows.items():
        x, y = v["exponential"], v["lognormal"]
        lines.append(f"| {float(p):g} | {x[2]} ({float(x[3]):.3f}) | {y[2]} | {x[4]} | {y[4]} "
                     f"| {int(x[5]):,} |")
    lines += ["", f"The mean's interval covers {e[5]} (exponential) and {l[5]} (lognormal)."]
    if atoms:
        cov = sorted(a[3] for a in atoms)
        lines[-1] += (f" With atoms ({atoms[0][1]} counts, n = {int(atoms[0][2]):,}) the VaR "
                      f"interval covers {cov[0]}–{cov[-1]}.")
    return "\n".join(lines)


def render_time_table(inp):
    """The policy year on each basis, per regime of the main job: the
    step factors and the tail multiple beside the published ones
    (results/reference/claims_made_published.csv), the present value of
    occurrence cover with its risk margin, and the payment pattern of
    compensation."""
    import csv
    path = inp.main
    pub = {}
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "results", "reference", "claims_made_published.csv")) as f:
        for r in csv.DictReader(f):
            pub[r["figure"]] = r
    names, _, _, _, _ = main_job(path)
    rows = []
    with h5py.File(path, "r") as f:
        for n in names:
            g = f["scenarios"][n]
            if "development" not in g:
                continue
            d = g["development"]
            b = {r["basis"].decode(): r for r in d["basis"][()]}
            pol = {r["metric"].decode(): float(r["value"]) for r in g["policy"][()]}
            cur = g.attrs["currency"]
            cur = cur.decode() if isinstance(cur, bytes) else cur
            occ = float(b["occurrence"]["expected"])
            rm = float(d.attrs["risk_margin_occurrence"])
            steps = " / ".join("%.2f" % float(b["claims_made_%d" % k]["ratio_to_mature"])
                               for k in range(1, 6))
            tail = float(b["tail"]["ratio_to_mature"])
            rows.append("| %s | %s | %s | %s | %s | %.2f | %.1f | %.0f%% |" % (
                display(n), cur, "{:,.0f}".format(occ), "{:,.0f}".format(rm), steps, tail,
                pol.get("payment_months", float("nan")),
                100 * pol.get("paid_by_year_5", float("nan"))))
    ps = " / ".join("%s" % pub["step_%d" % k]["value"] for k in range(1, 6))
    lines = ["| regime | currency | occurrence, present value | risk margin | claims-made "
             "steps, years 1-5 | tail after 5 years | months to payment | paid in 5 years |",
             "| --- | --- | ---: | ---: | --- | ---: | ---: | ---: |"] + rows
    lines.append("| published (%s) | | | | %s | %s (up to %s) | | |" % (
        "11 NYCRR 70.8", ps, pub["tail_after_5"]["value"], pub["tail_after_5"]["high"]))
    return "\n".join(lines)


def render_reserving_table(inp):
    """The chain ladder on each regime's ten-year triangles against the
    truth of every replicate (development/reserving of the time runs)."""
    lines = ["| regime | triangle | true outstanding, mean | chain ladder, mean | "
             "mean relative error | 5%-95% of the relative error | Mack 95% band covers |",
             "| --- | --- | ---: | ---: | ---: | --- | ---: |"]
    with h5py.File(inp.time, "r") as f:
        reps = int(f.attrs["replicates"])
        for n in f["scenarios"]:
            g = f["scenarios"][n]
            if "development" not in g or "reserving" not in g["development"]:
                continue
            d = g["development"]
            cur = g.attrs["currency"]
            cur = cur.decode() if isinstance(cur, bytes) else cur
            for r in d["reserving"][()]:
                lines.append("| %s | %s | %s %s | %s | %+.0f%% | %+.0f%% to %+.0f%% | %.0f%% |" % (
                    display(n[:-4] if n.endswith("_10y") else n), r["triangle"].decode(), cur,
                    "{:,.0f}".format(float(r["mean_truth"])),
                    "{:,.0f}".format(float(r["mean_estimate"])),
                    100 * float(r["mean_rel_error"]), 100 * float(r["rel_q05"]),
                    100 * float(r["rel_q95"]), 100 * float(r["coverage95"])))
        years = int(g["development"].attrs["years"])
    return ("*%d accident years, valued at the end of the last; %s replicates each; the "
            "truth is every payment still to come.*\n\n" % (years, "{:,}".format(reps))
            + "\n".join(lines))


def render_report_figures(inp):
    """The README's two report figures (drawn into docs/ by
    tools/readme_pictures.sh from the same main job) and their captions:
    the run's replicates, seed and parameter draws, and the exceedance
    curves' cut-off (T = n / 10, sim/report/plot_exceedance.h)."""
    reps, seed = run_attrs(inp.main)
    with h5py.File(inp.main, "r") as f:
        names = list(f["scenarios"])
        draws = max([int(f["scenarios"][n]["uncertainty"].attrs.get("draws", 0))
                     for n in names if "uncertainty" in f["scenarios"][n]] + [0])
    words = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven",
             8: "eight", 9: "nine", 10: "ten"}
    run = (f"{words.get(len(names), len(names))} regimes of the main job ({reps:,} "
           f"replicates, seed {seed}")
    run += f", {draws} parameter draws)" if draws else ")"
    over = (f"thick translucent bars the 90% interval over the {draws} parameter draws "
            "(the parameters' ranges, \"Uncertainty\"), thin black ones the 95% Monte "
            "Carlo interval" if draws else "bars the 95% Monte Carlo interval")
    return "\n".join(textwrap.wrap(
        f"![AEP curves of the regimes on log scales with 95% bands]"
        f"(docs/report_exceedance.png)", 200) + [""] + textwrap.wrap(
        f"*The {run}: annual insured losses in USD at the exchange rates of "
        f"`scenarios/rates.yaml`, the loss exceeded once in T years on log scales, each "
        f"curve with its pointwise 95% confidence band and drawn up to T = "
        f"{reps / 10:,.6g} years, where ten simulated years still lie beyond it.*", 74) +
        [""] + textwrap.wrap(
        "![Share of negligent injuries compensated against overhead and against the "
        "cost per negligent injury compensated](docs/report_compensation.png)", 200) +
        [""] + textwrap.wrap(
        f"*The same run: one point per regime, the share of negligent injuries "
        f"compensated against overhead (expenses per unit of compensation) and against "
        f"the total cost (compensation + expenses) per negligent injury compensated; "
        f"{over}.  Both figures: `bash tools/readme_pictures.sh`, or by hand `medliab "
        f"report results/out/regimes.h5 --rates scenarios/rates.yaml --plots DIR`"
        f"{' (the quick start runs no parameter draws)' if draws else ''}.*", 74))


def bench_record(path, block):
    """A benchmark record as its script wrote it (its leading comment,
    which says how it was made, left out), under the record's name."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r"\A\s*<!--.*?-->\s*", "", text, flags=re.S).strip()
    if not text:
        raise BlockError(f"block {block}: {path} holds no record")
    name = "bench/" + os.path.basename(path)
    script = re.sub(r"\.md$", ".sh", name)
    return [f"**`{name}`** (written by `{script}`):", "", text, ""]


def render_bench_results(inp):
    out = []
    for path in inp.bench.split(","):
        out += bench_record(path, "bench-results")
    return "\n".join(out).rstrip()


def render_memory_record(inp):
    return "\n".join(bench_record(inp.memory, "memory-record")).rstrip()


# NAME -> (function(inputs) -> Markdown, names of the INPUTS it needs).
BLOCKS = {
    "main-table": (render_main_table, ("main",)),
    "main-headline": (render_main_headline, ("main",)),
    "time-table": (render_time_table, ("main",)),
    "reserving-table": (render_reserving_table, ("time",)),
    "lever-table": (render_lever_table, ("levers",)),
    "reform-table": (render_reform_table, ("levers",)),
    "validation-table": (render_validation_table, ("calibration", "calibration_batches",
                                                   "national", "national_batches")),
    "calibration-table": (render_calibration_table, ("calibration", "calibration_batches",
                                                     "national", "national_batches")),
    "national-table": (render_national_table, ("national",)),
    "sources-table": (render_sources_table, ("sources",)),
    "exact-table": (render_exact_table, ("exact",)),
    "coverage-table": (render_coverage_table, ("coverage",)),
    "report-figures": (render_report_figures, ("main",)),
    "bench-results": (render_bench_results, ("bench",)),
    "channel-shares": (render_channel_shares, ("main",)),
    "memory-record": (render_memory_record, ("memory",)),
}


def find_blocks(lines, path):
    """[(name, begin index, end index)] of the README's marker pairs."""
    out, open_ = [], None
    for i, ln in enumerate(lines):
        b, e = BEGIN.match(ln.rstrip("\n")), END.match(ln.rstrip("\n"))
        if ln.lstrip().startswith("<!--") and "generated" in ln and not (b or e):
            raise BlockError(f"{path}:{i + 1}: a malformed marker: {ln.strip()}")
        if b:
            if open_:
                raise BlockError(f"{path}:{i + 1}: BEGIN {b[1]} inside block {open_[0]}")
            open_ = (b[1], i)
        elif e:
            if not open_ or open_[0] != e[1]:
                raise BlockError(f"{path}:{i + 1}: END {e[1]} without its BEGIN")
            out.append((open_[0], open_[1], i))
            open_ = None
    if open_:
        raise BlockError(f"{path}:{open_[1] + 1}: BEGIN {open_[0]} without its END")
    names = [n for n, _, _ in out]
    for n in names:
        if names.count(n) > 1:
            raise BlockError(f"{path}: block {n} appears {names.count(n)} times")
        if n not in BLOCKS:
            raise BlockError(f"{path}: block {n} is not rendered by tools/readme_blocks.py "
                             f"(known: {', '.join(BLOCKS)})")
    for n in BLOCKS:
        if n not in names:
            raise BlockError(f"{path}: has no markers for the registered block {n}")
    return out


def render(name, inp):
    fn, needs = BLOCKS[name]
    for k in needs:
        p = getattr(inp, k)
        if not p:
            raise BlockError(f"block {name} needs {option(k)} ({INPUTS[k]}), which was not given")
        for q in (p.split(",") if k in LISTS else [p]):
            if k in LISTS and not q:
                continue
            if not os.path.isfile(q) or os.path.getsize(q) == 0:
                raise BlockError(f"block {name}: input {option(k)} {q} is missing or empty")
        if k in LISTS and len([q for q in p.split(",") if q]) < 2:
            raise BlockError(f"block {name}: input {option(k)} needs at least two files "
                             f"(a Monte Carlo SE from batches)")
    try:
        return fn(inp).strip("\n")
    except BlockError as e:  # say which block could not be made
        raise e if str(e).startswith(f"block {name}") else BlockError(f"block {name}: {e}")
    except Exception as e:  # a bad input file must name the block, not dump a trace
        raise BlockError(f"block {name}: cannot render from "
                         f"{', '.join(getattr(inp, k) for k in needs)}: {type(e).__name__}: {e}")


# Blocks whose rows that miss must be discussed, by id in backquotes, in
# the README's own text (outside every block): a validate row that misses
# is explained, never left bare in a table.
DISCUSSED = {"validation-table": re.compile(r"^\| ([a-z0-9_]+) \|.*\| \*\*miss\*\* \|$")}


def undiscussed(name, rendered, prose):
    pat = DISCUSSED.get(name)
    if not pat:
        return []
    return [m[1] for m in map(pat.match, rendered.split("\n")) if m and f"`{m[1]}`" not in prose]


def rewrite(text, path, inp):
    lines = text.splitlines(keepends=True)
    blocks = find_blocks(lines, path)
    out, at, prose, rendered = [], 0, [], {}
    for name, b, e in blocks:
        # A blank line on either side keeps the block's Markdown (a table,
        # a paragraph) apart from the comment lines for every renderer.
        prose += lines[at:b]
        rendered[name] = render(name, inp)
        out += lines[at:b + 1] + ["\n"]
        out += [ln + "\n" for ln in rendered[name].split("\n")] + ["\n"]
        at = e
    out += lines[at:]
    prose = "".join(prose + lines[at:])
    for name, md in rendered.items():
        bare = undiscussed(name, md, prose)
        if bare:
            raise BlockError(f"{path}: block {name}: {', '.join(bare)} miss(es) and the README "
                             f"does not discuss it by its id (`{bare[0]}`) outside the blocks")
    return "".join(out), [n for n, _, _ in blocks]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="write nothing; exit 1 with a diff if the README differs")
    ap.add_argument("--readme", default="README.md")
    for k, what in INPUTS.items():
        ap.add_argument(option(k), dest=k, metavar="PATHS" if k in LISTS else "PATH", help=what)
    inp = ap.parse_args()
    try:
        with open(inp.readme) as f:
            old = f.read()
        new, names = rewrite(old, inp.readme, inp)
    except (BlockError, OSError) as e:
        print(f"readme_blocks: {e}", file=sys.stderr)
        return 2
    if new == old:
        print(f"readme_blocks: {inp.readme} is current ({', '.join(names)})")
        return 0
    if inp.check:
        sys.stdout.writelines(difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True),
            inp.readme, inp.readme + " (from the runs)"))
        print(f"readme_blocks: {inp.readme} differs from what the runs give: "
              f"run bash tools/readme_update.sh and commit it", file=sys.stderr)
        return 1
    with open(inp.readme, "w") as f:
        f.write(new)
    print(f"readme_blocks: rewrote {inp.readme} ({', '.join(names)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
