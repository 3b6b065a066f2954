#!/bin/bash
# Results computed once (issue 12, point 2): the writer's objects (h5out,
# h5policy, h5pricing) and the printed summary (summary_print) call no
# function of sim/results/: they lay out the numbers of the results
# structure, which ml_scenario_results_fill computed.  The functions are
# found from the results library itself (its defined text symbols), so a
# computing function added later is covered without a list here.  Data
# tables (ml_level_tag) are not functions and may be read.  Also: the
# results library itself calls no output or file function.
#
#   usage: writer_serialises.sh NM LIBMEDLIAB_RESULTS LIBMEDLIAB_H5 CLI_OBJECTS
#   CLI_OBJECTS: the medliab executable's objects, ';'-separated
NM=$1 RESULTS=$2 H5=$3 CLI=$4
if [ $# -ne 4 ] || [ ! -f "$RESULTS" ] || [ ! -f "$H5" ]; then
    echo "usage: $0 NM LIBMEDLIAB_RESULTS LIBMEDLIAB_H5 CLI_OBJECTS" >&2
    exit 2
fi
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { echo "ok $1"; pass=$((pass+1)); }
bad() { echo "FAIL $1: $2"; fail=$((fail+1)); }

"$NM" -g --defined-only "$RESULTS" | awk '$2 == "T" { print $3 }' | sort -u >"$T/functions"
n=$(wc -l <"$T/functions")
# The list must hold the computing functions, or the check proves nothing.
for f in ml_summary_compute ml_ep_compute ml_mean ml_policy_metrics ml_stage_metrics \
         ml_pricing_compute ml_scenario_results_fill; do
    grep -qx "$f" "$T/functions" || bad functions_found "$f is not among the $n functions of $RESULTS"
done
echo "note: $n functions defined by $(basename "$RESULTS")"

# calls MEMBER_LABEL FILE [ARCHIVE_MEMBER]: the results functions it calls.
calls() {
    if [ -n "${3:-}" ]; then
        "$NM" -u -A "$2" 2>/dev/null | grep -F ":$3:" | awk '{ print $NF }'
    else
        "$NM" -u "$2" | awk '{ print $NF }'
    fi | sort -u | comm -12 - "$T/functions"
}

for member in h5out.c.o h5policy.c.o h5pricing.c.o; do
    if ! "$NM" -A "$H5" 2>/dev/null | grep -qF ":$member:"; then
        bad "$member" "not in $H5"
        continue
    fi
    c=$(calls "$member" "$H5" "$member")
    [ -z "$c" ] && ok "writer $member calls no results function" ||
        bad "writer $member" "calls $(echo $c)"
done

# The check can fail: the figures reader, which collects named figures,
# does call into sim/results (ml_figures_add).
c=$(calls h5figures.c.o "$H5" h5figures.c.o)
echo "$c" | grep -qx ml_figures_add && ok "control: h5figures.c.o is seen calling ml_figures_add" ||
    bad control "h5figures.c.o's call of ml_figures_add was not seen"

printer=""
IFS=';' read -ra objs <<<"$CLI"
for o in "${objs[@]}"; do
    case $o in */summary_print.c.o) printer=$o ;; esac
done
if [ -z "$printer" ] || [ ! -f "$printer" ]; then
    bad summary_print "no summary_print.c.o among the executable's objects"
else
    c=$(calls summary_print "$printer")
    [ -z "$c" ] && ok "printed summary calls no results function" ||
        bad summary_print "calls $(echo $c)"
fi
# And sim/results/ itself does no I/O: no stdio output, no file opened or
# written (snprintf into a buffer is formatting, not output).  The printer
# is the control: it must be seen printing.
io='^(__)?(v?f?printf|fputs|fputc|puts|putc|putchar|fwrite|perror|fopen|fdopen|open|write)(_chk)?$'
c=$("$NM" -u "$RESULTS" 2>/dev/null | awk '{ print $NF }' | grep -E "$io" | sort -u)
[ -z "$c" ] && ok "sim/results/ calls no output or file function" ||
    bad results_io "$(basename "$RESULTS") calls $(echo $c)"
if [ -n "$printer" ] && "$NM" -u "$printer" | awk '{ print $NF }' | grep -qE "$io"; then
    ok "control: summary_print.c.o is seen printing"
else
    bad control_io "summary_print.c.o's output calls were not seen"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
