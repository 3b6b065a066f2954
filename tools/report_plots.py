"""Draw the figures of `medliab report --plots DIR` (run by medliab).

Usage: report_plots.py DIR CURRENCY MEASURE

Reads the CSV files that medliab wrote into DIR (plot_exceedance.csv,
plot_measures.csv, plot_histogram.csv, plot_policy.csv and, for runs with a
time block, plot_development.csv; their columns are described in
sim/report/report_plots.c) and writes each figure as PNG and SVG:
exceedance, measures, histogram and, when the files carry a policy table,
policy, and when they carry development triangles, development.  It
computes nothing: every plotted number is in those CSV files.
"""
import csv
import math
import os
import sys
from collections import OrderedDict

import matplotlib

matplotlib.use("Agg")  # files only; no display
import matplotlib.pyplot as plt  # noqa: E402

# Reproducible SVG: no random ids, no date.
plt.rcParams["svg.hashsalt"] = "medliab"
plt.rcParams["figure.dpi"] = 100


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def by_scenario(rows):
    out = OrderedDict()
    for r in rows:
        out.setdefault(r["scenario"], []).append(r)
    return out


def save(fig, d, name):
    for ext in ("png", "svg"):
        fig.savefig(os.path.join(d, f"{name}.{ext}"), bbox_inches="tight",
                    metadata={"Date": None} if ext == "svg" else None)
    plt.close(fig)


def money(ax, axis, cur, label):
    """Ticks in thousands or millions when the amounts are large, so that
    the labels stay short enough not to overlap."""
    lo, hi = ax.get_ylim() if axis == "y" else ax.get_xlim()
    top = max(abs(lo), abs(hi))
    scale, word = (1e6, " million") if top >= 1e7 else (1e3, " thousand") if top >= 1e4 else (1, "")
    fmt = matplotlib.ticker.FuncFormatter(lambda v, _: f"{v / scale:,.{0 if scale > 1 or top >= 100 else 2}f}")
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(fmt)
    target.set_label_text(f"{label} ({cur}{word})")


def exceedance(d, cur, measure):
    fig, ax = plt.subplots(figsize=(7.5, 4.5))
    for name, rows in by_scenario(read(os.path.join(d, "plot_exceedance.csv"))).items():
        ax.plot([float(r["return_period"]) for r in rows], [float(r["loss"]) for r in rows],
                label=name, linewidth=1.6)
    ax.set_xscale("log")
    ax.set_xlabel("return period (years)")
    money(ax, "y", cur, f"annual {measure}")
    ax.set_title(f"Aggregate exceedance: annual {measure} exceeded once in T years")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize="small")
    save(fig, d, "exceedance")


def grouped_bars(ax, groups, series, values, errors=None):
    width = 0.8 / max(1, len(series))
    for k, s in enumerate(series):
        xs = [g + (k - (len(series) - 1) / 2) * width for g in range(len(groups))]
        ax.bar(xs, values[s], width, label=s,
               yerr=errors[s] if errors else None, capsize=2)
    ax.set_xticks(range(len(groups)))
    ax.set_xticklabels(groups, rotation=20, ha="right")


def measures(d, cur):
    rows = read(os.path.join(d, "plot_measures.csv"))
    scen = list(by_scenario(rows))
    names = list(OrderedDict((r["measure"], 0) for r in rows))
    val = {s: [math.nan] * len(names) for s in scen}
    err = {s: [0.0] * len(names) for s in scen}
    for r in rows:
        i = names.index(r["measure"])
        val[r["scenario"]][i] = float(r["mean"])
        err[r["scenario"]][i] = float(r["ci95"])
    fig, ax = plt.subplots(figsize=(8, 4.5))
    grouped_bars(ax, names, scen, val, err)
    money(ax, "y", cur, "mean per year")
    ax.set_title("Average annual amounts (bars: 95% confidence interval)")
    ax.legend(fontsize="small")
    ax.grid(True, axis="y", alpha=0.3)
    save(fig, d, "measures")


def histogram(d, cur, measure):
    fig, ax = plt.subplots(figsize=(7.5, 4.5))
    note = []
    for name, rows in by_scenario(read(os.path.join(d, "plot_histogram.csv"))).items():
        finite = [r for r in rows if r["hi"] != "inf"]
        total = sum(int(r["count"]) for r in rows)
        edges = [float(r["lo"]) for r in finite] + [float(finite[-1]["hi"])]
        share = [int(r["count"]) / total for r in finite]
        ax.stairs(share, edges, label=name, linewidth=1.4)
        beyond = sum(int(r["count"]) for r in rows if r["hi"] == "inf")
        note.append(f"{name}: {beyond / total:.2%}")
    ax.set_ylabel("share of years")
    money(ax, "x", cur, f"annual {measure}")
    ax.set_title(f"Distribution of annual {measure}")
    ax.text(0.99, 0.97, "beyond the axis:\n" + "\n".join(note), transform=ax.transAxes,
            ha="right", va="top", fontsize="x-small")
    ax.legend(fontsize="small", loc="center right")
    ax.grid(True, alpha=0.3)
    save(fig, d, "histogram")


def policy(d):
    rows = read(os.path.join(d, "plot_policy.csv"))
    if not rows:
        return
    scen = list(by_scenario(rows))
    metrics = list(OrderedDict(((r["metric"], r["unit"]), 0) for r in rows))
    cols = 3
    nrow = math.ceil(len(metrics) / cols)
    fig, axes = plt.subplots(nrow, cols, figsize=(4 * cols, 2.6 * nrow), squeeze=False)
    for k, (m, unit) in enumerate(metrics):
        ax = axes[k // cols][k % cols]
        vals = []
        for s in scen:
            v = [float(r["value"]) for r in rows if r["scenario"] == s and r["metric"] == m]
            vals.append(v[0] if v else math.nan)
        ax.bar(range(len(scen)), vals, color=[f"C{i}" for i in range(len(scen))])
        ax.set_xticks(range(len(scen)))
        ax.set_xticklabels(scen, rotation=30, ha="right", fontsize="x-small")
        ax.set_title(f"{m}\n({unit})" if unit else m, fontsize="small")
        ax.grid(True, axis="y", alpha=0.3)
    for k in range(len(metrics), nrow * cols):
        axes[k // cols][k % cols].axis("off")
    fig.tight_layout()
    save(fig, d, "policy")


def colours(d):
    """Each scenario's colour: the n-th scenario of the report (the order of
    plot_exceedance.csv, which has them all) takes the n-th colour of the
    cycle, as its curve, bars and histogram do in the other figures, so a
    scenario without development leaves its colour unused here."""
    cycle = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    names = by_scenario(read(os.path.join(d, "plot_exceedance.csv")))
    return {name: cycle[k % len(cycle)] for k, name in enumerate(names)}


def development(d):
    """Accident year 0's cumulative paid and reported shares of the ultimate
    by development year, one line per scenario; the x axis stops where every
    line has reached 99.9% (or at the last development year)."""
    path = os.path.join(d, "plot_development.csv")
    if not os.path.isfile(path):
        return
    scen = by_scenario(read(path))
    colour = colours(d)
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), sharey=True)
    panels = (("paid_share", "paid (insured payments)"),
              ("reported_share", "reported claims"))
    for ax, (col, title) in zip(axes, panels):
        last = 1
        for name, rows in scen.items():
            pts = [(int(r["development_year"]), 100.0 * float(r[col]))
                   for r in rows if r[col] != ""]
            if not pts:
                continue  # nothing paid or reported: no share to draw
            ax.plot([x for x, _ in pts], [y for _, y in pts], label=name,
                    color=colour.get(name), linewidth=1.6, marker="o", markersize=2.5)
            done = [x for x, y in pts if y >= 99.9]
            last = max(last, done[0] if done else pts[-1][0])
        ax.set_xlim(1, max(last, 2))
        ax.set_ylim(0, 102)
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
        ax.axhline(100, color="grey", linewidth=0.8, linestyle=":")
        ax.set_xlabel("development year")
        ax.set_ylabel("share of ultimate, %")
        ax.set_title(title, fontsize="medium")
        ax.grid(True, alpha=0.3)
    axes[1].legend(fontsize="small", loc="lower right")
    fig.suptitle("Development of accident year 0: cumulative share of the ultimate")
    fig.tight_layout()
    save(fig, d, "development")


def refuse(message):
    """Data no figure can be drawn from: one line, exit 3, no traceback
    (medliab checks its files first, so this is for data made by hand)."""
    print(f"report_plots.py: {message}", file=sys.stderr)
    sys.exit(3)


def check(d):
    """Every scenario has points to draw and years to share out."""
    for name in ("plot_exceedance.csv", "plot_histogram.csv", "plot_measures.csv",
                 "plot_policy.csv"):
        if not os.path.isfile(os.path.join(d, name)):
            refuse(f"{os.path.join(d, name)}: missing")
    path = os.path.join(d, "plot_exceedance.csv")
    if not read(path):
        refuse(f"{path}: no points (no annual samples to plot)")
    path = os.path.join(d, "plot_histogram.csv")
    for name, rows in by_scenario(read(path)).items():
        if not any(r["hi"] != "inf" for r in rows) or sum(int(r["count"]) for r in rows) == 0:
            refuse(f"{path}: no years counted for scenario {name}")


def main():
    d, cur, measure = sys.argv[1], sys.argv[2], sys.argv[3]
    check(d)
    exceedance(d, cur, measure)
    measures(d, cur)
    histogram(d, cur, measure)
    policy(d)
    development(d)


main()
