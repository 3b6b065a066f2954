#!/usr/bin/python3
"""Side-by-side table of the policy measures of every scenario in a results
file (reads HDF5 only).  Usage: regimes_table.py RESULTS.h5

tools/readme_blocks.py imports ROWS and read() for the README's main-job
table, so the terminal and the README show the same figures."""
import sys

import h5py

ROWS = [("claims_per_exposure", "claims per 1,000 admissions", "{:.3f}"),
        ("paid_share", "share of claims paid", "{:.1%}"),
        ("negligent_compensated_share", "negligent injuries compensated", "{:.2%}"),
        ("mean_payment", "mean payment, liability claims", "{:,.0f}"),
        ("fund_mean_award", "mean fund award (nominal)", "{:,.0f}"),
        ("overhead_ratio", "overhead per unit compensation", "{:.2f}"),
        ("patient_net_share", "patients' net share", "{:.1%}"),
        ("litigation_share", "claims reaching litigation", "{:.1%}"),
        ("mean_months", "mean months to closure", "{:.1f}"),
        ("p90_months", "90th pct months to closure", "{:.1f}"),
        # Who pays the total cost (compensation + expenses); the five add to 1.
        # The state is a state indemnifier paying claims in the hospital's
        # place (England's NHS Resolution); funds are no-fault funds.
        ("borne_insurers", "cost borne by insurers", "{:.1%}"),
        ("borne_state", "cost borne by the state", "{:.1%}"),
        ("borne_hospitals", "cost borne by hospitals", "{:.1%}"),
        ("borne_funds", "cost borne by no-fault funds", "{:.1%}"),
        ("borne_patients", "cost borne by patients (legal)", "{:.1%}"),
        ("unpaid_share", "awards owed, never paid", "{:.1%}")]


def read(path):
    """(names, vals): the scenarios in file order and, for each, its policy
    metrics by name plus "currency"."""
    with h5py.File(path, "r") as f:
        names = list(f["scenarios"])
        vals = {}
        for n in names:
            g = f["scenarios"][n]
            vals[n] = {r["metric"].decode(): float(r["value"]) for r in g["policy"][()]}
            cur = g.attrs["currency"]
            vals[n]["currency"] = cur.decode() if isinstance(cur, bytes) else str(cur)
    return names, vals


def cells(names, vals, key, fmt):
    # A share that is zero up to rounding (a difference of totals) prints
    # as 0, not -0.0%.
    def show(x):
        return fmt.format(0.0 if abs(x) < 1e-9 else x)
    return [show(vals[n][key]) if key in vals[n] else "-" for n in names]


def main():
    names, vals = read(sys.argv[1])
    w = max(12, max(len(n) for n in names) + 1)
    print(f"{'':32s}" + "".join(f"{n:>{w}s}" for n in names))
    print(f"{'currency':32s}" + "".join(f"{vals[n]['currency']:>{w}s}" for n in names))
    for key, label, fmt in ROWS:
        print(f"{label:32s}" + "".join(f"{c:>{w}s}" for c in cells(names, vals, key, fmt)))


if __name__ == "__main__":
    main()
