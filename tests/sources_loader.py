#!/usr/bin/python3
"""The numbers `medliab sources` counts are the numbers the loader reads.

Usage: sources_loader.py MEDLIAB SRC

On a copy of SRC/scenarios, every plain scalar that is written like a number
(decimal, .inf or unlimited, found here by PyYAML, independently of the
scanner) is replaced in turn by the word zz_mutant, and the shipped file
that loads it (a run file, or `medliab report --rates` for a rates table) is
loaded by medliab.  The loader reads the scalar as a number exactly when it
then fails with FILE:LINE: FIELD: 'zz_mutant' is not a (whole) number (or,
for the year of an amount, FIELD: year: 'zz_mutant' is not a whole number).  That
set must equal the set `medliab sources --list` counts, number by number
(file, line, field path); a scalar the loader reads as text (a name, a
disability grade's label) must not be counted.  Every YAML file under
scenarios/ must be loaded by some run file (a price index file through the
regime that names it), so that none goes unchecked.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

NUMBER = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
INF = {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
       "unlimited"}
MUTANT = "zz_mutant"


def looks_numeric(v):
    return v in INF or bool(NUMBER.match(v))


def candidates(text):
    """(line, field path, start, end) of every plain value scalar written
    like a number; keys are not values."""
    out = []

    def walk(node, path):
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                walk(v, (path + "." if path else "") + str(k.value))
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                walk(v, "%s[%d]" % (path, i))
        elif isinstance(node, yaml.ScalarNode):
            if node.style is None and looks_numeric(node.value):
                out.append((node.start_mark.line + 1, path, node.start_mark.index,
                            node.end_mark.index))

    walk(yaml.compose(text), "")
    return out


def main():
    ml, src = sys.argv[1], os.path.abspath(sys.argv[2])
    tmp = tempfile.mkdtemp()
    try:
        return check(ml, src, tmp)
    finally:
        shutil.rmtree(tmp)


def check(ml, src, tmp):
    scen = os.path.join(tmp, "scenarios")
    shutil.copytree(os.path.join(src, "scenarios"), scen)
    cal = os.path.join(src, "results", "reference", "calibration.csv")
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(scen) for f in fs
                   if f.endswith((".yaml", ".yml")))

    # Which command loads each file: the first run file naming it, or
    # report --rates for a rates table.
    h5 = os.path.join(tmp, "v1.h5")
    subprocess.run([ml, "run", os.path.join(scen, "validation", "v1_poisson_lognormal.yaml"),
                    "-o", h5, "--replicates", "10", "--quiet"], check=True)
    out_h5 = os.path.join(tmp, "out.h5")
    driver = {}
    for f in files:
        doc = yaml.safe_load(open(f))
        if not isinstance(doc, dict):
            continue
        if "rates" in doc and "base" in doc:
            driver.setdefault(f, [ml, "report", h5, "--rates", f])
        if "portfolio" in doc and "regime" in doc:
            cmd = [ml, "run", f, "-o", out_h5, "--replicates", "1", "--quiet", "--force",
                   "--threads", "1"]
            parts = [f]
            for key in ("portfolio", "regime"):
                if isinstance(doc[key], str):
                    parts.append(doc[key])
            parts += doc.get("levers") or []
            paths = [os.path.realpath(os.path.join(os.path.dirname(f), p)) for p in parts]
            # A price index is loaded through the regime that names it
            # (price_index: relative to the regime's file, or to the run
            # file for an inline regime); the loader reads every year of it,
            # the years no amount is trended from included.
            reg, rdir = doc["regime"], os.path.dirname(f)
            if isinstance(reg, str):
                rdir = os.path.dirname(os.path.join(rdir, reg))
                reg = yaml.safe_load(open(os.path.join(os.path.dirname(f), reg)))
            if isinstance(reg, dict) and isinstance(reg.get("price_index"), str):
                paths.append(os.path.realpath(os.path.join(rdir, reg["price_index"])))
            # A yield curve is loaded through the run file's time block
            # (relative to the run file).
            tm = doc.get("time")
            if isinstance(tm, dict) and isinstance(tm.get("curve"), str):
                paths.append(os.path.realpath(os.path.join(os.path.dirname(f), tm["curve"])))
            for p in paths:
                driver.setdefault(p, cmd)
    fail = 0
    loader = set()
    for f in files:
        cmd = driver.get(os.path.realpath(f))
        if not cmd:
            print("FAIL %s: no run file loads it" % os.path.relpath(f, tmp))
            fail += 1
            continue
        text = open(f, encoding="utf-8").read()
        ok = subprocess.run(cmd, capture_output=True, text=True)
        if ok.returncode:
            print("FAIL %s: the unmutated files do not load: %s" % (f, ok.stderr))
            return 1
        for line, field, a, b in candidates(text):
            with open(f, "w", encoding="utf-8") as fp:
                fp.write(text[:a] + MUTANT + text[b:])
            r = subprocess.run(cmd, capture_output=True, text=True)
            for m in re.finditer(r"(\S+\.ya?ml):(\d+): \S+: (year: )?'%s' is not a (whole )?number"
                                 % MUTANT, r.stderr):
                if os.path.realpath(m.group(1)) == os.path.realpath(f) and \
                        int(m.group(2)) == line:
                    loader.add((os.path.relpath(f, tmp), line, field))
                    break
            else:
                if r.returncode not in (0, 3):
                    print("FAIL %s:%d: %s: exit %d: %s" % (f, line, field, r.returncode,
                                                          r.stderr.strip()))
                    fail += 1
        with open(f, "w", encoding="utf-8") as fp:
            fp.write(text)

    # What the scanner counts: "FILE:LINE: FIELD = VALUE: CLASS: NOTE".
    r = subprocess.run([ml, "sources", scen, "--list", "--calibration", cal],
                       capture_output=True, text=True)
    if r.returncode not in (0, 7):
        print("FAIL medliab sources: exit %d: %s" % (r.returncode, r.stderr))
        return 1
    counted = set()
    for ln in r.stdout.splitlines():
        m = re.match(r"^(\S+\.ya?ml):(\d+): (\S*) = ", ln)
        if m:
            counted.add((os.path.relpath(m.group(1), tmp), int(m.group(2)), m.group(3)))
    for k in sorted(loader - counted):
        print("FAIL %s:%d: %s: the loader reads a number medliab sources does not count" % k)
        fail += 1
    for k in sorted(counted - loader):
        print("FAIL %s:%d: %s: medliab sources counts a number the loader does not read" % k)
        fail += 1
    print("%d numbers read by the loader, %d counted by medliab sources, %d files, %d failures"
          % (len(loader), len(counted), len(files), fail))
    return 1 if fail else 0


if __name__ == "__main__":
    sys.exit(main())
