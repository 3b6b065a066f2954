"""The "Read across" sentences of tools/readme_blocks.py say what the
numbers say, whichever way they fall: each case below sets the numbers and
checks the words and figures chosen from them.

Usage: readme_blocks_check.py TOOLS_DIR
"""
import sys

sys.path.insert(0, sys.argv[1])
import readme_blocks as rb  # noqa: E402

failures = []


def check(cond, what, text=""):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        print("     " + text.replace("\n", " "))
        failures.append(what)


def scen(ncs, months, over, ins, paid):
    return {"negligent_compensated_share": ncs, "mean_months": months,
            "overhead_ratio": over, "borne_insurers": ins, "paid_share": paid}


def headline(base, reform, others=None, pure=(10.0, 43.0)):
    vals = {"china": base, "china_reform": reform}
    vals.update(others or {})
    names = list(vals)
    text = rb.compose_headline(names, vals, {"china": pure[0], "china_reform": pure[1]})
    return " ".join(text.split())  # undo the wrapping


# The main job today: reform better on every count.
t = headline(scen(0.0193, 12.2, 0.366, 0.418, 0.505), scen(0.0463, 7.69, 0.2349, 0.888, 0.702),
             {"us": scen(0.024, 19.6, 0.524, 0.646, 0.217),
              "taiwan": scen(0.0722, 8.9, 0.09, 0.46, 0.672)})
check("2.4 times as many negligent injuries" in t, "ratio of negligent compensated", t)
check("37% sooner (7.7 months on average instead of 12.2)" in t, "months, sooner", t)
check("overhead falling from 37 to 23 per 100" in t, "overhead falling", t)
check("insurers carry 89% of the cost instead of 42%" in t, "insurers' share", t)
check("pure premium (see \"Pricing\") rises 4.3-fold" in t, "pure premium rises", t)
check("The US pays the smallest share of its claims (21.7%) and has the highest overhead "
      "(52 per 100 of compensation)." in t, "one regime lowest paid share and highest overhead", t)
check("Taiwan compensates the largest share of negligent injuries (7.22%)." in t,
      "largest compensated share", t)

# A reform that makes everything worse: every word turns round.
t = headline(scen(0.05, 8.0, 0.2, 0.9, 0.7), scen(0.03, 12.0, 0.3, 0.5, 0.6), pure=(10.0, 6.0))
check("only 60% as many negligent injuries" in t, "fewer compensated", t)
check("50% later (12.0 months on average instead of 8.0)" in t, "months, later", t)
check("overhead rising from 20 to 30 per 100" in t, "overhead rising", t)
check("insurers carry 50% of the cost instead of 90%" in t, "insurers' share falls", t)
check("pure premium (see \"Pricing\") falls to 60% of its present level" in t,
      "pure premium falls", t)
check("China under reform pays the smallest share of its claims (60.0%); China has the "
      "highest overhead" not in t and
      "China under reform pays the smallest share of its claims (60.0%) and has the highest "
      "overhead (30 per 100 of compensation)." in t, "reform lowest and highest", t)
check("China compensates the largest share of negligent injuries (5.00%)." in t,
      "base compensates most", t)

# No change at the printed precision: no direction is claimed.
t = headline(scen(0.04, 10.0, 0.25, 0.6, 0.5), scen(0.0401, 10.02, 0.2504, 0.601, 0.5),
             {"uk": scen(0.01, 9.0, 0.4, 1.0, 0.3)}, pure=(10.0, 10.1))
check("about as many negligent injuries" in t, "about as many", t)
check("closes claims in the same time (10.0 months on average)" in t, "same time", t)
check("overhead unchanged at 25 per 100" in t, "overhead unchanged", t)
check("insurers carry the same 60% of the cost" in t, "same insurers' share", t)
check("stays about the same" in t, "pure premium about the same", t)
check("The UK pays the smallest share of its claims (30.0%) and has the highest overhead "
      "(40 per 100" in t, "the UK, capitalised", t)

# A state indemnifier (borne_state > 0) carries the indemnified share of
# the cost, not insurers; a reform that moves the claims from insurers to
# the state says so.
st = dict(scen(0.03, 9.0, 0.3, 0.0, 0.6), borne_state=0.95)
t = headline(st, dict(st, borne_state=0.97))
check("while the state carries 97% of the cost instead of 95%" in t and "insurers" not in t,
      "the state carries", t)
t = headline(scen(0.03, 9.0, 0.3, 0.6, 0.6), st)
check("while the indemnifier (insurers, then the state) carries 95% of the cost instead of "
      "60%" in t, "insurers, then the state", t)

# Lowest paid share and highest overhead in different regimes: two clauses.
t = headline(scen(0.02, 12.0, 0.37, 0.42, 0.5), scen(0.05, 8.0, 0.23, 0.89, 0.7),
             {"us": scen(0.024, 19.6, 0.3, 0.646, 0.2), "japan": scen(0.016, 11, 0.6, 0.56, 0.67)})
check("The US pays the smallest share of its claims (20.0%); Japan has the highest overhead "
      "(60 per 100 of compensation)." in t, "two regimes, two clauses", t)

# A file without the reform scenario is refused, naming what it has.
try:
    rb.compose_headline(["china", "us"], {"china": scen(0.02, 12, 0.3, 0.4, 0.5),
                                          "us": scen(0.02, 12, 0.3, 0.4, 0.5)}, {"china": 1})
    check(False, "missing china_reform refused")
except rb.BlockError as e:
    check("no scenario china_reform (it has china, us)" in str(e), "missing china_reform refused",
          str(e))

if failures:
    print(f"{len(failures)} check(s) failed")
    sys.exit(1)
print("headline checks passed")
