#!/usr/bin/env bash
# line_counts.sh — lines of library code (models/, sim/: .c and .h) and of
# test code (tests/: the C tests and their headers, the shell and Python
# checks, the fuzz harness; not the bad-input YAML files, which are data).
# Prints "library N" and "tests N"; with --check, exits 1 when the tests
# have fewer lines than the library (issue 12, point 7).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
count() { git ls-files -co --exclude-standard -- "$@" | xargs -r cat | wc -l; }
lib=$(count 'models/*.c' 'models/*.h' 'sim/*.c' 'sim/*.h')
tst=$(count 'tests/*.c' 'tests/*.h' 'tests/*.sh' 'tests/*.py')
echo "library $lib"
echo "tests $tst"
if [ "${1:-}" = "--check" ] && [ "$tst" -lt "$lib" ]; then
    echo "line_counts: the tests ($tst lines) are shorter than the library ($lib)" >&2
    exit 1
fi
