"""Damaged copies of a real results file, for tests/report_contract.sh.

Usage: report_contract.py GOOD.h5 OUTDIR

Writes OUTDIR/<case>.h5 for every case below, each a copy of GOOD.h5 (one
scenario) broken in one way the README's "Output format" contract forbids,
and prints one line per case: "<case>|<text the refusal must contain>".
The last, "zero_bytes", zeroes the middle third of the file's bytes
(HDF5's own checksums then fail).  The case "zero_middle" is not damaged (zeros are valid samples): its
second field is empty and the readers must accept it; it is here because
the issue found it leaking memory under the sanitizer.
"""
import os
import shutil
import sys

import h5py
import numpy as np

good, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)


def scenario(f):
    (name,) = list(f["scenarios"])
    return f["scenarios"][name]


def replace(group, name, data):
    """A dataset put back under its own name with other contents."""
    del group[name]
    group.create_dataset(name, data=data)


def bad_format(f):
    f.attrs["format"] = np.bytes_("other-results")


def future_version(f):
    f.attrs["format_version"] = np.uint64(5)


def no_format_version(f):
    del f.attrs["format_version"]


def format_int(f):  # an integer attribute where a string is expected
    f.attrs["format"] = np.int64(1)


def currency_int(f):
    scenario(f).attrs["currency"] = np.int64(840)


def replicates_str(f):  # a string where an integer is expected
    f.attrs["replicates"] = np.bytes_("500")


def truncated(f):  # one annual array shorter than the others
    a = scenario(f)["annual"]
    replace(a, "insured", a["insured"][:-1])


def longer_all(f):  # all equal, but not the root `replicates`
    f.attrs["replicates"] = np.uint64(f.attrs["replicates"] - 1)


def string_dataset(f):
    a = scenario(f)["annual"]
    n = a["insured"].shape[0]
    replace(a, "insured", np.array([b"x"] * n, dtype="S8"))


def int_dataset(f):  # integers are not float64 either
    a = scenario(f)["annual"]
    replace(a, "claims", a["claims"][:].astype(np.int64))


# Put back under its own name: in v1 insured holds damages' samples, and
# the writer stores them once (insured a hard link to damages' dataset), so
# writing into it in place would break every name the dataset has.
def nan_sample(f):
    a = scenario(f)["annual"]
    x = a["insured"][:]
    x[len(x) // 2] = np.nan
    replace(a, "insured", x)


def inf_sample(f):
    a = scenario(f)["annual_max"]
    x = a["insured"][:]
    x[3] = np.inf
    replace(a, "insured", x)


def zero_middle(f):  # valid: the middle third of the years had no loss
    for grp in ("annual", "annual_max"):
        for name, d in scenario(f)[grp].items():
            x = d[:]
            n = len(x)
            x[n // 3: 2 * n // 3] = 0.0
            d[:] = x


def version_1(f):  # valid: a version 1 file, whose policy table has no mc_se
    f.attrs["format_version"] = np.uint64(1)
    g = scenario(f)
    pol = g["policy"][()]
    keep = [n for n in pol.dtype.names if n != "mc_se"]
    del g["policy"]
    g.create_dataset("policy", data=pol[keep].astype(np.dtype([(n, pol.dtype[n]) for n in keep])))


def no_annual(f):
    del scenario(f)["annual"]


def empty_annual(f):  # replicates 0 and every annual array empty
    f.attrs["replicates"] = np.uint64(0)
    for grp in ("annual", "annual_max"):
        g = scenario(f)[grp]
        for name in list(g):
            replace(g, name, np.zeros(0))


def empty_arrays(f):  # replicates kept, the arrays emptied
    for grp in ("annual", "annual_max"):
        g = scenario(f)[grp]
        for name in list(g):
            replace(g, name, np.zeros(0))


def matrix_annual(f):  # two-dimensional where one dimension is expected
    a = scenario(f)["annual"]
    x = a["insured"][:]
    replace(a, "insured", np.stack([x, x]))


CASES = [
    (bad_format, "format is 'other-results', not 'medliab-results'"),
    (future_version, "format_version 5 is newer than this medliab reads (4)"),
    (no_format_version, "no attribute format_version"),
    (format_int, "attribute format is an integer, not a string"),
    (currency_int, "attribute currency is an integer, not a string"),
    (replicates_str, "attribute replicates is a string, not an integer"),
    (truncated, "annual/insured has 499 values, not replicates = 500"),
    (longer_all, "has 500 values, not replicates = 499"),
    (string_dataset, "annual/insured is a string dataset, not float64"),
    (int_dataset, "annual/claims is an integer dataset, not float64"),
    (nan_sample, "annual/insured[250] is nan"),
    (inf_sample, "annual_max/insured[3] is inf"),
    (zero_middle, ""),
    (version_1, ""),
    (no_annual, "no group annual"),
    (empty_annual, "attribute replicates is 0"),
    (empty_arrays, "has 0 values, not replicates = 500"),
    (matrix_annual, "annual/insured has 2 dimensions, not 1"),
]

for damage, text in CASES:
    path = os.path.join(out, damage.__name__ + ".h5")
    shutil.copyfile(good, path)
    with h5py.File(path, "r+") as f:
        damage(f)
    print(f"{damage.__name__}|{text}")

# The bytes of the file's middle third zeroed: object headers fail their
# checksums.  (HDF5 1.10.8 leaks 56 bytes in H5O_protect when it meets one,
# HDFGroup/hdf5#2599, fixed in 1.14.1: report_contract.sh runs this case
# with tests/lsan_hdf5.supp.)
path = os.path.join(out, "zero_bytes.h5")
shutil.copyfile(good, path)
size = os.path.getsize(path)
with open(path, "r+b") as f:
    f.seek(size // 3)
    f.write(bytes(size // 3))
print("zero_bytes|damaged file")
