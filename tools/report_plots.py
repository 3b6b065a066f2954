"""Draw the figures of `medliab report --plots DIR` (run by medliab).

Usage: report_plots.py DIR CURRENCY MEASURE

Reads the CSV files that medliab wrote into DIR (plot_scenarios.csv,
plot_exceedance.csv, plot_measures.csv, plot_histogram.csv,
plot_policy.csv, plot_compensation.csv and, for runs with a time block,
plot_development.csv; their columns and the methods behind every number
are described in sim/report/report_plots.c, plot_exceedance.h and
plot_metrics.h) and writes each figure as PNG and SVG: exceedance,
measures, histogram and, when the files carry a policy table, policy and
(life-cycle regimes) compensation, and when they carry development
triangles, development.

It computes nothing: every plotted number, interval end and cut-off is in
those CSV files; this script only chooses how to show them (log axes, tick
units such as "million USD", percent for shares).  Each scenario keeps one
colour in every figure: the k-th scenario of plot_scenarios.csv takes the
k-th colour of PALETTE.
"""
import csv
import math
import os
import sys
import textwrap
from collections import OrderedDict

import matplotlib

matplotlib.use("Agg")  # files only; no display
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker as mticker  # noqa: E402

# Reproducible SVG: no random ids, no date.
plt.rcParams["svg.hashsalt"] = "medliab"
plt.rcParams["figure.dpi"] = 100
plt.rcParams["axes.spines.top"] = False
plt.rcParams["axes.spines.right"] = False

# Okabe and Ito's colour-blind-safe palette, ordered so that the first six
# differ most, with a dark grey for its black (black is the axes' colour,
# and the intervals' here); yellow last (faint on white).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#555555", "#56B4E9",
           "#F0E442"]
MC_NOTE = "thin black: 95% Monte Carlo interval (often hidden by the dot)"


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def by_scenario(rows):
    out = OrderedDict()
    for r in rows:
        out.setdefault(r["scenario"], []).append(r)
    return out


def num(cell):
    """A CSV cell as a number: NaN for an empty cell (no such number)."""
    return float(cell) if cell not in ("", None) else math.nan


def save(fig, d, name, tight=True):
    """PNG and SVG; tight=False for a figure laid out in inches, whose
    margins are set already (the tight box costs a second drawing)."""
    for ext in ("png", "svg"):
        fig.savefig(os.path.join(d, f"{name}.{ext}"), bbox_inches="tight" if tight else None,
                    metadata={"Date": None} if ext == "svg" else None)
    plt.close(fig)


class Report:
    """The report's scenarios in order, their colours and provenance."""

    def __init__(self, d):
        self.rows = OrderedDict((r["scenario"], r) for r in read(os.path.join(d, "plot_scenarios.csv")))
        self.names = list(self.rows)

    def colour(self, name):
        k = self.names.index(name) if name in self.names else len(self.names)
        return PALETTE[k % len(PALETTE)]

    def years(self):
        """'2,000 simulated years' or, when they differ, 'from 500 to 2,000'."""
        n = sorted({int(r["replicates"]) for r in self.rows.values()})
        return f"{n[0]:,} simulated years" if len(n) == 1 else \
            f"{n[0]:,} to {n[-1]:,} simulated years"


# ---- number formats -------------------------------------------------------

def money_scale(top):
    """The unit the ticks of amounts up to top are written in."""
    for scale, word in ((1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
        if top >= scale:
            return scale, word
    return 1.0, ""


def plain(v):
    """A tick label: thousands separated, as few digits as the value needs."""
    a = abs(v)
    if a < 1e-9:
        return "0"  # zero, or rounding noise about it
    if a >= 100:
        return f"{v:,.0f}"
    if a >= 1:
        return f"{v:.3g}"
    return f"{v:.2g}"


def money_axis(axis, top, cur, what, log=False):
    """Ticks of amounts in one unit of the currency ("million USD"), no
    offset or exponent; log axes get ticks at 1, 2 and 5 of each decade."""
    scale, word = money_scale(top)
    if log:
        axis.set_major_locator(mticker.LogLocator(base=10, subs=(1.0, 2.0, 3.0, 5.0)))
        axis.set_minor_locator(mticker.LogLocator(base=10, subs=(4.0, 6.0, 7.0, 8.0, 9.0)))
        axis.set_minor_formatter(mticker.NullFormatter())
    axis.set_major_formatter(mticker.FuncFormatter(lambda v, _: plain(v / scale)))
    unit = f"{word} {cur}".strip()
    axis.set_label_text(f"{what} ({unit}{', log scale' if log else ''})")


def percent_axis(axis):
    axis.set_major_formatter(mticker.PercentFormatter(xmax=1.0, decimals=None))


# ---- exceedance ------------------------------------------------------------

def exceedance(d, rep, cur, measure):
    """The AEP curves on log-log axes with their pointwise 95% bands, each
    drawn only where plot_exceedance.csv marks it supported."""
    fig, ax = plt.subplots(figsize=(8, 5))
    top, drawn, cut, ends = 0.0, False, [], []
    for name, rows in by_scenario(read(os.path.join(d, "plot_exceedance.csv"))).items():
        pts = [r for r in rows if r["supported"] == "1"]
        n = rep.rows[name]["replicates"] if name in rep.rows else "?"
        if not pts:
            cut.append(name)
            continue
        # Drawn from short to long return periods; an unbounded band end
        # (a side n cannot bound) is a gap.
        pts = pts[::-1]
        t = [float(r["return_period"]) for r in pts]
        lo = [v if math.isfinite(v) and v > 0 else math.nan for v in (float(r["lo"]) for r in pts)]
        hi = [v if math.isfinite(v) else math.nan for v in (float(r["hi"]) for r in pts)]
        loss = [float(r["loss"]) for r in pts]
        c = rep.colour(name)
        ax.fill_between(t, lo, hi, color=c, alpha=0.25, linewidth=0)
        line, = ax.plot(t, loss, color=c, linewidth=1.7, label=f"{name} (n = {int(n):,})")
        ends.append((loss[-1], line))
        top = max([top] + [v for v in hi + loss if math.isfinite(v)])
        drawn = True
    if drawn:
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.xaxis.set_major_locator(mticker.LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        ax.xaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: plain(v)))
        ax.xaxis.set_minor_formatter(mticker.NullFormatter())
        money_axis(ax.yaxis, top, cur, f"annual {measure} loss", log=True)
        ax.set_xlim(left=1)
        # The legend lists the curves in the order they end, top first.
        ends.sort(key=lambda e: -e[0])
        ax.legend([e[1] for e in ends], [e[1].get_label() for e in ends], fontsize="small",
                  loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
        ax.grid(True, which="major", alpha=0.35)
        ax.grid(True, which="minor", alpha=0.12)
    else:
        ax.text(0.5, 0.5, "no return period is supported: each curve needs at least 11\n"
                "simulated years (10 beyond its longest return period)",
                transform=ax.transAxes, ha="center", va="center")
    ax.set_xlabel("return period T (years, log scale)")
    ax.set_title(f"Annual {measure} loss exceeded once in T years")
    note = ("Shaded: pointwise 95% confidence band (order statistics at Binomial ranks). "
            "Each curve stops where\nfewer than 10 simulated years lie beyond it "
            f"(T = n/10). {rep.years().capitalize()} per regime.")
    if cut:
        note += f"\nNo curve (fewer than 11 years): {', '.join(cut)}."
    fig.text(0.01, -0.02, note, fontsize="x-small", va="top", ha="left")
    save(fig, d, "exceedance")


# ---- measures --------------------------------------------------------------

def measures(d, rep, cur):
    """Mean annual amounts as a dot plot on a log axis: one row per
    measure, one dot per regime (95% interval as a line, usually narrower
    than the dot), so that a regime of small amounts reads as well as a
    large one.  Zeros have no place on a log axis: they are named below."""
    rows = read(os.path.join(d, "plot_measures.csv"))
    scen = list(by_scenario(rows))
    names = list(OrderedDict((r["measure"], r.get("title") or r["measure"]) for r in rows).items())
    shown = [(m, t) for m, t in names if any(float(r["mean"]) > 0 for r in rows if r["measure"] == m)]
    zero = [t for m, t in names if (m, t) not in shown]
    fig, ax = plt.subplots(figsize=(8.5, 0.42 * max(len(shown), 3) + 1.4))
    top, labelled = 0.0, set()
    step = 0.7 / max(1, len(scen))
    for k, s in enumerate(scen):
        c = rep.colour(s)
        for i, (m, _) in enumerate(shown):
            r = [x for x in rows if x["scenario"] == s and x["measure"] == m]
            if not r or not float(r[0]["mean"]) > 0:
                continue
            y = i + (k - (len(scen) - 1) / 2) * step
            mean, half = float(r[0]["mean"]), float(r[0]["ci95"])
            ax.errorbar(mean, y, xerr=half, fmt="o", color=c, markersize=4.5, elinewidth=1,
                        capsize=2, label=None if s in labelled else s)
            labelled.add(s)
            top = max(top, mean)
    ax.set_yticks(range(len(shown)))
    ax.set_yticklabels([t for _, t in shown], fontsize="small")
    ax.invert_yaxis()
    ax.set_xscale("log")
    money_axis(ax.xaxis, top, cur, "mean per year", log=True)
    ax.grid(True, axis="x", which="major", alpha=0.35)
    ax.grid(True, axis="x", which="minor", alpha=0.12)
    for i in range(len(shown) - 1):
        ax.axhline(i + 0.5, color="grey", linewidth=0.4, alpha=0.5)
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    ax.set_title("Average annual amounts by regime (log scale; 95% intervals, mostly "
                 "narrower than the dots)", fontsize="medium")
    if zero:
        fig.text(0.01, -0.01, "Zero in every regime (not drawn): " + "; ".join(zero) + ".",
                 fontsize="x-small", va="top", wrap=True)
    save(fig, d, "measures")


# ---- histogram -------------------------------------------------------------

def histogram(d, rep, cur, measure):
    """One panel per regime, each on its own range (its smallest year to
    its 99.5% quantile), with the mean marked."""
    hist = by_scenario(read(os.path.join(d, "plot_histogram.csv")))
    mean = {r["scenario"]: float(r["mean"]) for r in read(os.path.join(d, "plot_measures.csv"))
            if r["measure"] == measure}
    cols = min(3, len(hist))
    nrow = math.ceil(len(hist) / cols)
    fig, axes = plt.subplots(nrow, cols, figsize=(4.2 * cols, 2.9 * nrow), squeeze=False)
    for k, (name, rows) in enumerate(hist.items()):
        ax = axes[k // cols][k % cols]
        finite = [r for r in rows if r["hi"] != "inf"]
        beyond = [r for r in rows if r["hi"] == "inf"]
        edges = [float(r["lo"]) for r in finite] + [float(finite[-1]["hi"])]
        share = [float(r["share"]) for r in finite]
        c = rep.colour(name)
        ax.stairs(share, edges, fill=True, color=c, alpha=0.55)
        ax.stairs(share, edges, color=c, linewidth=1.0)
        if name in mean:
            ax.axvline(mean[name], color="black", linestyle="--", linewidth=1)
            ax.annotate("mean", (mean[name], 1.0), xycoords=("data", "axes fraction"),
                        xytext=(3, -10), textcoords="offset points", fontsize="x-small")
        ax.set_xlim(edges[0], edges[-1])
        money_axis(ax.xaxis, max(abs(edges[0]), abs(edges[-1])), cur, f"annual {measure} loss")
        ax.xaxis.set_major_locator(mticker.MaxNLocator(5))
        percent_axis(ax.yaxis)
        ax.set_ylabel("share of years" if k % cols == 0 else "")
        more = float(beyond[0]["share"]) if beyond else 0.0
        ax.set_title(f"{name}", fontsize="medium", color=c, loc="left", fontweight="bold")
        ax.set_title(f"beyond the right edge (its 99.5% quantile):\n{more:.2%} of years",
                     fontsize="x-small", loc="right")
        ax.grid(True, alpha=0.3)
    for k in range(len(hist), nrow * cols):
        axes[k // cols][k % cols].axis("off")
    fig.suptitle(f"Distribution of the annual {measure} loss by regime (40 bins, each regime on its own "
                 "axis)", fontsize="medium")
    fig.tight_layout()
    save(fig, d, "histogram")


# ---- policy metrics --------------------------------------------------------

def intervals(ax, y, r, horizontal=True, colour="black"):
    """The row's 95% Monte Carlo interval (thin black) and, where it has
    parameter draws, their 90% interval (thick, in the regime's colour,
    translucent), drawn from their end points in the CSV."""
    line = ax.hlines if horizontal else ax.vlines
    p05, p95 = num(r["p05"]), num(r["p95"])
    if math.isfinite(p05) and math.isfinite(p95):
        line(y, p05, p95, color=colour, linewidth=4, alpha=0.35, zorder=2)
    lo, hi = num(r["lo95"]), num(r["hi95"])
    if math.isfinite(lo) and math.isfinite(hi):
        line(y, lo, hi, color="black", linewidth=1.1, zorder=4)


def interval_note(rows):
    draws = sorted({int(r["draws"]) for r in rows if int(r["draws"]) > 0})
    note = MC_NOTE
    if draws:
        k = f"{draws[0]}" if len(draws) == 1 else f"{draws[0]} to {draws[-1]}"
        note += f"; wide translucent: 90% interval over {k} parameter draws"
    return note


def value_axis(ax, kind, cur, top):
    """The panel's tick format; returns the unit word of amounts and the
    scale the values beside the dots are written in."""
    if kind == "share":
        percent_axis(ax.xaxis)
        return "", 1.0
    if kind == "amount":
        scale, word = money_scale(top)
        ax.xaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: plain(v / scale)))
        return f"{word} {cur}".strip(), scale
    ax.xaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: plain(v)))
    return "", 1.0


def shown_value(kind, v, scale):
    """The value written beside a dot, in the panel's unit."""
    if not math.isfinite(v):
        return "n/a"
    text = (f"{v:.1%}" if abs(v) >= 0.001 or v == 0 else f"{v:.2%}") if kind == "share" \
        else plain(v / scale)
    # Rounding noise below zero (-1e-10 of a share) reads as zero, unsigned.
    return text[1:] if text.startswith("-") and not text.strip("-0.,%") else text


def panel_unit(kind, unit, word, cur):
    """The second line of a panel's title: what the number is, in words."""
    if kind == "share":
        return f"%: {unit}"
    if kind == "amount":
        return unit.replace(cur, word, 1) if unit.startswith(cur) else f"{word}; {unit}"
    return unit


def policy(d, rep, cur):
    """Every policy metric in its own panel, in groups (frequency, access,
    amounts, cost, who bears it, time): one dot per regime with its
    intervals and its value written at the right.  The axis starts at 0,
    so that the distance from the left edge is the size.  The payment
    pattern by development year is the development figure's."""
    rows = [r for r in read(os.path.join(d, "plot_policy.csv")) if r["group"] != "Payment pattern"]
    if not rows:
        return
    scen = [s for s in rep.names if any(r["scenario"] == s for r in rows)]
    groups = OrderedDict()
    for r in rows:
        groups.setdefault(r["group"], OrderedDict()).setdefault(r["metric"], []).append(r)
    # A fixed layout, in inches (a layout engine over some thirty panels
    # takes many times longer to draw): each group a bold heading, then
    # its rows of panels, each panel with room for a three-line title
    # above, its ticks below and its values at the right.
    cols, head, title_h, ticks_h = 4, 0.35, 0.62, 0.32
    left, right, gap = 0.95, 0.55, 0.8
    axes_h = 0.2 * len(scen) + 0.35
    width = 4.3 * cols
    panel_w = (width - left - right - (cols - 1) * gap) / cols
    nrows = sum(math.ceil(len(m) / cols) for m in groups.values())
    height = 0.1 + len(groups) * head + nrows * (title_h + axes_h + ticks_h) + 0.45
    fig = plt.figure(figsize=(width, height))
    y = height - 0.1
    for group, metrics in groups.items():
        fig.text(0.005, (y - 0.05) / height, group, fontweight="bold", fontsize="medium",
                 va="top")
        y -= head
        for k, (m, mrows) in enumerate(metrics.items()):
            if k % cols == 0:
                y -= title_h + axes_h
            ax = fig.add_axes([(left + (k % cols) * (panel_w + gap)) / width, y / height,
                               panel_w / width, axes_h / height])
            kind, unit, title = mrows[0]["kind"], mrows[0]["unit"], mrows[0]["title"]
            vals = {r["scenario"]: r for r in mrows}
            ends = [num(r[c]) for r in mrows for c in ("value", "hi95", "p95")]
            top = max([abs(v) for v in ends if math.isfinite(v)] + [0])
            word, scale = value_axis(ax, kind, cur, top)
            for row, s in enumerate(scen):
                r = vals.get(s)
                v = num(r["value"]) if r else math.nan
                if math.isfinite(v):
                    intervals(ax, row, r, colour=rep.colour(s))
                    ax.plot(v, row, "o", color=rep.colour(s), markersize=5, zorder=5)
                ax.annotate(shown_value(kind, v, scale), (1, row),
                            xycoords=("axes fraction", "data"), xytext=(4, 0),
                            textcoords="offset points", ha="left", va="center", fontsize=7,
                            color=rep.colour(s) if math.isfinite(v) else "grey")
            ax.set_yticks(range(len(scen)))
            ax.set_yticklabels(scen if k % cols == 0 else [], fontsize="x-small")
            ax.tick_params(axis="y", length=0)
            ax.set_ylim(len(scen) - 0.5, -0.5)
            ax.set_xlim(left=min(0, *[v for v in ends if math.isfinite(v)]))
            if top == 0:
                ax.set_xlim(-0.5 if kind != "share" else -0.005, 1 if kind != "share" else 0.01)
            ax.tick_params(axis="x", labelsize="x-small")
            ax.grid(True, axis="x", alpha=0.3)
            ax.set_axisbelow(True)
            ax.set_title("\n".join(textwrap.wrap(title, 40)) + "\n" +
                         f"({panel_unit(kind, unit, word, cur)})", fontsize=7.5)
            if k % cols == cols - 1 or k == len(metrics) - 1:
                y -= ticks_h
    fig.text(0.005, 0.4 / height, f"Dots: the run's values (written at the right of each panel); "
             f"{interval_note(rows)}.\nAmounts in {cur}. The payment pattern by development "
             "year (paid_by_year_*) is drawn in the development figure.", fontsize="x-small",
             va="top")
    save(fig, d, "policy", tight=False)


def compensation(d, rep, cur):
    """One point per regime: the share of negligent injuries compensated
    against overhead (expenses per unit of compensation) and against the
    total cost per negligent injury compensated, with their intervals."""
    path = os.path.join(d, "plot_compensation.csv")
    rows = read(path) if os.path.isfile(path) else []
    if not rows:
        return
    fig, axes = plt.subplots(1, 2, figsize=(12, 5), sharey=True)
    panels = (("overhead_ratio", False), ("cost_per_negligent_compensated", True))
    for ax, (xm, log) in zip(axes, panels):
        top, title = 0.0, ""
        for name, sr in by_scenario(rows).items():
            got = {r["metric"]: r for r in sr}
            if xm not in got or "negligent_compensated_share" not in got:
                continue
            rx, ry = got[xm], got["negligent_compensated_share"]
            x, y = num(rx["value"]), num(ry["value"])
            if not (math.isfinite(x) and math.isfinite(y)):
                continue
            c = rep.colour(name)
            intervals(ax, y, rx, colour=c)
            intervals(ax, x, ry, horizontal=False, colour=c)
            ax.plot(x, y, "o", color=c, markersize=8, zorder=5, markeredgecolor="white")
            ax.annotate(name, (x, y), xytext=(6, 5), textcoords="offset points",
                        fontsize="small", color=c, fontweight="bold")
            top = max(top, x, num(rx["hi95"]) if math.isfinite(num(rx["hi95"])) else 0)
            title = rx["title"]
        if log:
            ax.set_xscale("log")
            money_axis(ax.xaxis, top, cur, "total cost per negligent injury compensated",
                       log=True)
        else:
            percent_axis(ax.xaxis)
            ax.set_xlabel("overhead: expenses as a share of compensation")
            ax.set_xlim(left=0)
        ax.set_title(title + ("\n(compensation + expenses, over negligent injuries compensated)"
                              if log else "\n(expenses over compensation)"), fontsize="medium")
        ax.grid(True, which="major", alpha=0.35)
    percent_axis(axes[0].yaxis)
    axes[0].set_ylabel("negligent injuries compensated (share of all negligent injuries)")
    axes[0].set_ylim(bottom=0)
    fig.suptitle("Which regime compensates more negligently injured patients, at what cost",
                 fontsize="large")
    fig.text(0.01, -0.01, f"Points: the run's values. {interval_note(rows)}. The cost per "
             "negligent injury compensated is a ratio of totals over the simulated years\n"
             "(95% Monte Carlo interval by the delta method); the parameter draws keep no count "
             f"of injuries compensated, so it has no interval over them. Amounts in {cur}.",
             fontsize="x-small", va="top")
    fig.tight_layout()
    save(fig, d, "compensation")


# ---- development -----------------------------------------------------------

def development(d, rep):
    """Accident year 0's cumulative paid and reported shares of the ultimate
    by development year, one line per scenario; the x axis stops where every
    line has reached 99.9% (or at the last development year)."""
    path = os.path.join(d, "plot_development.csv")
    if not os.path.isfile(path):
        return
    scen = by_scenario(read(path))
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), sharey=True)
    panels = (("paid_share", "paid (insured payments)"),
              ("reported_share", "reported claims"))
    for ax, (col, title) in zip(axes, panels):
        last = 1
        for name, rows in scen.items():
            pts = [(int(r["development_year"]), float(r[col]))
                   for r in rows if r[col] != ""]
            if not pts:
                continue  # nothing paid or reported: no share to draw
            ax.plot([x for x, _ in pts], [y for _, y in pts], label=name,
                    color=rep.colour(name), linewidth=1.6, marker="o", markersize=2.5)
            done = [x for x, y in pts if y >= 0.999]
            last = max(last, done[0] if done else pts[-1][0])
        ax.set_xlim(1, max(last, 2))
        ax.set_ylim(0, 1.02)
        percent_axis(ax.yaxis)
        ax.xaxis.set_major_locator(mticker.MaxNLocator(integer=True))
        ax.axhline(1.0, color="grey", linewidth=0.8, linestyle=":")
        ax.set_xlabel("development year")
        ax.set_ylabel("share of ultimate")
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


COLUMNS = {
    "plot_scenarios.csv": ("scenario", "replicates"),
    "plot_exceedance.csv": ("scenario", "return_period", "loss", "lo", "hi", "supported"),
    "plot_histogram.csv": ("scenario", "lo", "hi", "share"),
    "plot_measures.csv": ("scenario", "measure", "mean", "ci95"),
    "plot_policy.csv": ("scenario", "metric", "title", "group", "kind", "value", "unit", "lo95",
                        "hi95", "p05", "p95", "draws"),
}


def check(d):
    """Every file with its columns, every scenario with points to draw and
    years to share out."""
    for name, cols in COLUMNS.items():
        path = os.path.join(d, name)
        if not os.path.isfile(path):
            refuse(f"{path}: missing")
        with open(path, newline="") as f:
            head = next(csv.reader(f), [])
        if any(c not in head for c in cols):
            refuse(f"{path}: not the columns {', '.join(cols)}")
    path = os.path.join(d, "plot_exceedance.csv")
    if not read(path):
        refuse(f"{path}: no points (no annual samples to plot)")
    path = os.path.join(d, "plot_histogram.csv")
    for name, rows in by_scenario(read(path)).items():
        if not any(r["hi"] != "inf" for r in rows) or sum(float(r["share"]) for r in rows) == 0:
            refuse(f"{path}: no years counted for scenario {name}")


def main():
    d, cur, measure = sys.argv[1], sys.argv[2], sys.argv[3]
    check(d)
    rep = Report(d)
    exceedance(d, rep, cur, measure)
    measures(d, rep, cur)
    histogram(d, rep, cur, measure)
    policy(d, rep, cur)
    compensation(d, rep, cur)
    development(d, rep)


main()
