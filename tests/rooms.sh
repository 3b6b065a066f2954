#!/usr/bin/env bash
# rooms.sh — cmake/check_rooms.cmake refuses an include that runs back up
# the flow (docs/DESIGN.md, section 2), with the file and line, and passes
# the tree as it is.  Each case copies the rooms, adds one include to one
# file, and runs the check on the copy.
#   usage: rooms.sh SOURCE_DIR
set -uo pipefail
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

copy() {
    rm -rf "$tmp/t" && mkdir -p "$tmp/t"
    cp -r "$src/models" "$src/sim" "$src/cmake" "$tmp/t/"
}

# The tree as it is passes.
copy
if ! out=$(cmake -DSRC="$tmp/t" -P "$tmp/t/cmake/check_rooms.cmake" 2>&1); then
    echo "FAIL the tree as committed is refused: $out"; fail=1
else
    echo "ok   the tree as committed passes"
fi

# case FILE INCLUDE EXPECTED-MESSAGE-PART
case_() {
    local file=$1 inc=$2 want=$3
    copy
    # After the file's first line, so the reported line is 2.
    sed -i "1a $inc" "$tmp/t/$file"
    # CMake wraps its messages: join the lines before matching.
    if out=$(cmake -DSRC="$tmp/t" -P "$tmp/t/cmake/check_rooms.cmake" 2>&1); then
        echo "FAIL $file + $inc: accepted"; fail=1; return
    fi
    out=$(tr '\n' ' ' <<<"$out" | tr -s ' ')
    if ! grep -qF "$file:2: $want" <<<"$out"; then
        echo "FAIL $file + $inc: message lacks '$file:2: $want':"; echo "$out" | head -5; fail=1
    else
        echo "ok   $file + $inc refused: $(grep -oF "$file:2: $want" <<<"$out")"
    fi
}

case_ sim/engine/engine.c '#include "h5out.h"' 'includes h5out.h of sim/h5, which comes after sim/engine'
case_ sim/load/scenario.h '#include "engine.h"' 'includes engine.h of sim/engine, which comes after sim/load'
case_ models/claim.c '#include "scenario.h"' 'includes scenario.h of sim/load, which comes after models in the flow'
case_ sim/results/stats.c '#include "report_table.h"' 'includes report_table.h of sim/report'
case_ sim/h5/h5out.c '#include "cli.h"' 'includes cli.h of sim/cli'
case_ sim/report/report_table.c '#include "engine.h"' 'includes engine.h of sim/engine'
case_ sim/results/pricing.c '#include <hdf5.h>' 'includes <hdf5.h>, which only h5 may use'
case_ sim/cli/main.c '#include <hdf5.h>' 'includes <hdf5.h>, which only h5 may use'
case_ sim/engine/engine.c '#include <yaml.h>' 'includes <yaml.h>, which only load may use'
case_ sim/results/stats.c '#include <omp.h>' 'includes <omp.h>, which only engine may use'
exit $fail
