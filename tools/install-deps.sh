#!/bin/bash
# Installs the Debian 12 packages medliab needs to build and test (only what
# is missing).
#   --bench  adds R and actuar (the benchmark comparison), bc (bench/time.sh,
#            bench/uncertainty.sh) and time (bench/scaling.sh, bench/device.sh)
#   --ci     adds what CI's extra passes use: clang and its runtime (libFuzzer,
#            for the fuzz run), valgrind (memcheck ctest) and time (/usr/bin/time),
#            and the MPI packages (CI builds and tests both variants)
#   --mpi    adds Open MPI and parallel HDF5, for -DMEDLIAB_MPI=ON (Debian keeps
#            the serial HDF5 the default build uses beside it)
set -euo pipefail
# python3-matplotlib draws the report's plots, python3-yaml lets the pricing
# test read the stored scenario text, r-cran-hdf5r is the interoperability
# test's R reader, chromium is the headless browser ctest report_html opens
# the report page in, parallel (GNU parallel) runs the README's shard recipe
# in ctest shards_recipes: the test suite needs all five.
PKGS="build-essential cmake pkg-config libgsl-dev libhdf5-dev zlib1g-dev hdf5-tools
      libcmocka-dev librandom123-dev libyaml-dev python3-h5py python3-numpy
      python3-matplotlib python3-yaml r-cran-hdf5r chromium parallel"
MPI_PKGS="libopenmpi-dev openmpi-bin libhdf5-openmpi-dev"
for a in "$@"; do
  case $a in
  --bench) PKGS="$PKGS r-cran-actuar bc time" ;;
  --ci) PKGS="$PKGS clang libclang-rt-14-dev valgrind time $MPI_PKGS" ;;
  --mpi) PKGS="$PKGS $MPI_PKGS" ;;
  *) echo "usage: $0 [--bench] [--ci] [--mpi]" >&2; exit 2 ;;
  esac
done
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && { echo "all packages present"; exit 0; }
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
echo "installing:$missing"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
