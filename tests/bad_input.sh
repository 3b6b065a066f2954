#!/bin/bash
# Bad-input catalogue: every *.yaml in CASEDIR is a scenario with one thing
# wrong, and must be refused with exit code 3 (bad input), an error that
# names the file, the line and the field, and no output file left behind.
#
#   usage: bad_input.sh MEDLIAB CASEDIR
#
# Each case file opens with a block of comment headers:
#   # expect: SUBSTRING   (line 1) text the error must contain, field path included
#   # line: N             (line 2) the line the error must name, as BASENAME:N:
#   # file: REL           (optional) the file that line is in, relative to
#                         CASEDIR, when the error lies in a file the case
#                         references (default: the case file itself)
#   # also: SUBSTRING     (optional, repeatable) more text the error must contain
# Files under CASEDIR/parts/ are helpers that cases reference, not cases.
# One case is built in: a file of zero bytes, which cannot carry headers.
ML=$1
DIR=$2
if [ $# -ne 2 ] || [ ! -x "$ML" ] || [ ! -d "$DIR" ]; then
    echo "usage: $0 MEDLIAB CASEDIR" >&2
    exit 2
fi
TOP=$(mktemp -d) || exit 2
trap 'rm -rf "$TOP"' EXIT
pass=0
fail=0

# run_case NAME CASEFILE EXPECT LINE LOCFILE [ALSO...]
run_case() {
    local name=$1 cf=$2 expect=$3 line=$4 locfile=$5
    shift 5
    local w out err rc loc left s
    w=$(mktemp -d "$TOP/run.XXXXXX") || { echo "FAIL $name: mktemp"; fail=$((fail+1)); return; }
    out=$w/out
    mkdir "$out"
    err=$w/stderr
    timeout 60 "$ML" run "$cf" -o "$out/out.h5" --replicates 10 --quiet \
        >"$w/stdout" 2>"$err"
    rc=$?
    loc="$(basename -- "$locfile"):$line:"
    left=$(cd "$out" && ls -A)
    local reason=""
    if [ "$rc" -ne 3 ]; then
        reason="exit code $rc, expected 3"
    elif ! grep -qF -e "$expect" "$err"; then
        reason="stderr lacks '$expect'"
    elif ! grep -qF -e "$loc" "$err"; then
        reason="stderr lacks '$loc'"
    elif [ -e "$out/out.h5" ]; then
        reason="out.h5 was created"
    elif compgen -G "$out/out.h5.tmp.*" >/dev/null; then
        reason="temporary file left: $left"
    elif [ -n "$left" ]; then
        reason="files left in the output folder: $left"
    else
        for s in "$@"; do
            if ! grep -qF -e "$s" "$err"; then
                reason="stderr lacks '$s'"
                break
            fi
        done
    fi
    if [ -z "$reason" ]; then
        echo "ok $name"
        pass=$((pass+1))
    else
        echo "FAIL $name: $reason"
        sed 's/^/    | /' "$err"
        fail=$((fail+1))
    fi
    rm -rf "$w"
}

shopt -s nullglob
cases=("$DIR"/*.yaml)
if [ ${#cases[@]} -eq 0 ]; then
    echo "FAIL (catalogue): no *.yaml cases in $DIR"
    fail=$((fail+1))
fi
for cf in "${cases[@]}"; do
    name=$(basename -- "$cf" .yaml)
    expect="" line="" locfile=$cf also=() bad=""
    n=0
    while IFS= read -r l || [ -n "$l" ]; do
        n=$((n+1))
        l=${l%$'\r'} # a case may use Windows line endings on purpose
        case $l in
        "#"*) ;;
        *) break ;;
        esac
        if [ $n -eq 1 ]; then
            [[ $l == "# expect: "?* ]] && expect=${l#"# expect: "} || bad=${bad:-"line 1 is not '# expect: SUBSTRING'"}
        elif [ $n -eq 2 ]; then
            [[ $l =~ ^#\ line:\ ([0-9]+)$ ]] && line=${BASH_REMATCH[1]} || bad=${bad:-"line 2 is not '# line: N'"}
        elif [[ $l == "# file: "?* ]]; then
            locfile=$DIR/${l#"# file: "}
            [ -f "$locfile" ] || bad=${bad:-"'# file:' names a missing file: $locfile"}
        elif [[ $l == "# also: "?* ]]; then
            also+=("${l#"# also: "}")
        fi
    done <"$cf"
    [ -z "$bad" ] && { [ -z "$expect" ] || [ -z "$line" ]; } && bad="missing '# expect:' or '# line:' header"
    if [ -n "$bad" ]; then
        echo "FAIL $name: bad case file: $bad"
        fail=$((fail+1))
        continue
    fi
    run_case "$name" "$cf" "$expect" "$line" "$locfile" "${also[@]}"
done

# Built in: an empty file (zero bytes).
: >"$TOP/empty_file.yaml"
run_case empty_file "$TOP/empty_file.yaml" \
    "(document): the file is empty" 1 "$TOP/empty_file.yaml"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
