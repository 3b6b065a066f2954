#!/bin/bash
# tools/readme_sources.sh MEDLIAB [README.md] [--check]
# Rewrites the block of README.md between
#   <!-- BEGIN generated: sources-table -->  and  <!-- END generated: sources-table -->
# with `medliab sources --markdown` (the count of sourced, fitted, assumed,
# setting and unclassified numbers per scenario file), so the table is never
# typed by hand.  --check changes nothing and exits 1 when the block is stale.
set -euo pipefail
MEDLIAB=${1:?usage: readme_sources.sh MEDLIAB [README.md] [--check]}
README=${2:-$(dirname "$0")/../README.md}
CHECK=${3:-}
ROOT=$(cd "$(dirname "$README")" && pwd)
BEGIN='<!-- BEGIN generated: sources-table -->'
END='<!-- END generated: sources-table -->'
grep -qxF "$BEGIN" "$README" && grep -qxF "$END" "$README" ||
    { echo "readme_sources: $README has no sources-table markers" >&2; exit 2; }
TABLE=$(mktemp)
NEW=$(mktemp)
trap 'rm -f "$TABLE" "$NEW"' EXIT
# Exit 7 (some number unclassified) still prints the table: the README shows it.
rc=0
"$MEDLIAB" sources --root "$ROOT" --markdown >"$TABLE" || rc=$?
[ "$rc" = 0 ] || [ "$rc" = 7 ] || { echo "readme_sources: medliab sources failed ($rc)" >&2; exit 2; }
awk -v b="$BEGIN" -v e="$END" -v t="$TABLE" '
    $0 == b { print; while ((getline l < t) > 0) print l; skip = 1; next }
    $0 == e { skip = 0 }
    !skip { print }' "$README" >"$NEW"
if [ "$CHECK" = --check ]; then
    if ! cmp -s "$README" "$NEW"; then
        echo "readme_sources: the sources table in $README is stale; run tools/readme_sources.sh" >&2
        diff "$README" "$NEW" >&2 || true
        exit 1
    fi
    exit 0
fi
cat "$NEW" >"$README"
