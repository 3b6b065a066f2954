"""Draw the tornado chart of `medliab sensitivity --out DIR` (run by medliab).

Usage: sensitivity_plot.py TORNADO.csv OUT.png OUT.svg MEASURE

Reads the tornado table medliab wrote (columns in
sim/report/sensitivity_files.h: parameter, low, high, swing, base,
param_value, param_low, param_high, ...) and draws one horizontal bar for
each of the MAX_BARS leading parameters, from the measure at the parameter's low end to the measure at its
high end, largest swing on top, with the value at the point values marked.
It computes nothing: every plotted number is in the CSV.  Exit 3 when the
table cannot be drawn (no rows, a missing column).
"""
import csv
import math
import sys

import matplotlib

matplotlib.use("Agg")  # files only; no display
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker  # noqa: E402

# Reproducible SVG: no random ids, no date.
plt.rcParams["svg.hashsalt"] = "medliab"
plt.rcParams["figure.dpi"] = 100

COLUMNS = ("parameter", "low", "high", "swing", "base", "param_low", "param_high")
MAX_LABEL = 56
# A chart of every ranged number of a regime (about 90) would be too tall
# to read; the leading bars carry the story, the CSV carries all.
MAX_BARS = 20


def short(key):
    """A key is "DIR/FILE:FIELD" or a name.  A long one loses its file
    first (the CSV keeps the whole key), then the start of the field path:
    its end names the number."""
    if len(key) > MAX_LABEL and ":" in key:
        key = key.split(":", 1)[1]
    return key if len(key) <= MAX_LABEL else "..." + key[-(MAX_LABEL - 3):]


def scale_of(top):
    """Ticks in thousands or millions when the amounts are large, so that
    the labels stay short enough not to overlap."""
    return (1e6, " (million)") if top >= 1e7 else (1e3, " (thousand)") if top >= 1e4 else (1, "")


def number(v, top):
    return f"{v:,.0f}" if top >= 100 else f"{v:.3g}"


def main(argv):
    if len(argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    src, png, svg, measure = argv[1:]
    with open(src, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows or any(c not in rows[0] for c in COLUMNS):
        print(f"sensitivity_plot.py: {src}: no rows or not the columns {', '.join(COLUMNS)}",
              file=sys.stderr)
        return 3
    base = float(rows[0]["base"])
    left_out = rows[MAX_BARS:]
    rows = rows[:MAX_BARS][::-1]  # largest swing drawn last, that is on top
    fig, ax = plt.subplots(figsize=(8.5, 1.2 + 0.45 * len(rows)))
    for y, r in enumerate(rows):
        lo, hi = float(r["low"]), float(r["high"])
        if not (math.isfinite(lo) and math.isfinite(hi)):
            continue
        # Two segments from the base: where the low end and the high end of
        # the parameter take the figure (either may lie on either side).
        ax.barh(y, lo - base, left=base, color="C0", height=0.6,
                label="parameter at its low end" if y == len(rows) - 1 else None)
        ax.barh(y, hi - base, left=base, color="C1", height=0.6,
                label="parameter at its high end" if y == len(rows) - 1 else None)
    labels = [f"{short(r['parameter'])}\n[{float(r['param_low']):.4g}, "
              f"{float(r['param_high']):.4g}]" for r in rows]
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(labels, fontsize="x-small")
    ax.axvline(base, color="black", linewidth=1)
    top = max(abs(v) for v in ax.get_xlim())
    ax.annotate(f"at the point values: {number(base, top)}", (base, len(rows) - 0.5),
                xytext=(4, 0), textcoords="offset points", fontsize="x-small",
                va="bottom")
    ax.set_ylim(-0.6, len(rows) + 0.2)
    ax.set_title(f"Tornado: {measure}, one number at a time at the ends of its range",
                 fontsize="medium")
    scale, word = scale_of(top)
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(
        lambda v, _: f"{v / scale:,.{0 if scale > 1 or top >= 100 else 2}f}"))
    label = measure + word
    if left_out:
        top_left = max(float(r["swing"]) for r in left_out)
        label += (f"\n{len(left_out)} more numbers, each with a swing of at most "
                  f"{number(top_left, top)}: see tornado.csv")
    ax.set_xlabel(label)
    ax.grid(True, axis="x", alpha=0.3)
    ax.legend(fontsize="x-small", loc="best")
    for path, fmt in ((png, "png"), (svg, "svg")):
        fig.savefig(path, format=fmt, bbox_inches="tight",
                    metadata={"Date": None} if fmt == "svg" else None)
    plt.close(fig)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
