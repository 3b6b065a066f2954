#!/bin/bash
# Output safety under faults: results are written to OUT.h5.tmp.PID and
# renamed only when complete, so whatever goes wrong, OUT.h5 is either the
# complete new file or exactly what was there before, and no temporary file
# is left behind.
#
#   usage: faults.sh MEDLIAB SOURCE_DIR SECTION
#
# SECTION  what it checks
# output   an existing output is refused without --force and left untouched;
#          an output folder that cannot be written (a path under a regular
#          file, /proc, and a read-only folder when not root) is refused
#          with a clear message and exit code 4
# signals  SIGINT and SIGTERM during a long run: exit 130, "interrupted",
#          the temporary file removed, an older OUT.h5 (with --force) intact
# disk     a full disk: the output on a tiny tmpfs (mounted in a private
#          mount namespace with unshare, or directly as root); failing that,
#          a file-size limit (ulimit -f), which makes writes fail the same
#          way (EFBIG instead of ENOSPC).  Also `exact --cdf /dev/full`.
ML=$1 SRC=$2 SECTION=$3
if [ $# -ne 3 ] || [ ! -x "$ML" ]; then
    echo "usage: $0 MEDLIAB SOURCE_DIR output|signals|disk" >&2
    exit 2
fi
V1=$SRC/scenarios/validation/v1_poisson_lognormal.yaml
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
pass=0 fail=0

ok() { echo "ok $1"; pass=$((pass+1)); }
bad() { echo "FAIL $1: $2"; [ -f "${3:-}" ] && sed 's/^/    | /' "$3"; fail=$((fail+1)); }

# expect NAME WANT_RC RC STDERR_FILE TEXT DIR: exit code, message, and no
# temporary file in DIR.
expect() {
    local name=$1 want=$2 rc=$3 err=$4 text=$5 dir=$6
    if [ "$rc" -ne "$want" ]; then bad "$name" "exit code $rc, expected $want" "$err"
    elif [ -n "$text" ] && ! grep -qF -e "$text" "$err"; then bad "$name" "stderr lacks '$text'" "$err"
    elif compgen -G "$dir/*.tmp.*" >/dev/null; then bad "$name" "temporary file left: $(ls "$dir")"
    else ok "$name"; fi
}

section_output() {
    local d=$T/o
    mkdir "$d"
    # An existing output is refused and not touched, not even its mtime.
    printf 'not an HDF5 file: must survive\n' >"$d/out.h5"
    touch -d '2001-01-01' "$d/out.h5"
    cp -p "$d/out.h5" "$T/before"
    "$ML" run "$V1" -o "$d/out.h5" --replicates 100 --quiet 2>"$T/err"
    expect exists_refused 4 $? "$T/err" "out.h5: already exists; pass --force to overwrite it" "$d"
    if cmp -s "$d/out.h5" "$T/before" && [ "$(stat -c %Y "$d/out.h5")" = "$(stat -c %Y "$T/before")" ]
    then ok exists_untouched; else bad exists_untouched "the existing output changed"; fi
    "$ML" run "$V1" -o "$d/out.h5" --replicates 100 --quiet --force 2>"$T/err"
    expect force_replaces 0 $? "$T/err" "" "$d"
    if cmp -s "$d/out.h5" "$T/before"; then bad force_replaces_content "output not replaced"
    else ok force_replaces_content; fi

    # Unwritable places.  As root, permission bits do not stop writes, so
    # the checks that work for everyone use places nobody can create files:
    # a path through a regular file (ENOTDIR) and /proc.
    : >"$T/plainfile"
    "$ML" run "$V1" -o "$T/plainfile/out.h5" --replicates 10 --quiet 2>"$T/err"
    expect unwritable_not_a_folder 4 $? "$T/err" "cannot create the output file" "$T"
    "$ML" run "$V1" -o "/proc/medliab-faults-$$.h5" --replicates 10 --quiet 2>"$T/err"
    expect unwritable_proc 4 $? "$T/err" "/proc/medliab-faults-$$.h5.tmp." "$T"
    grep -qF "cannot create the output file" "$T/err" && ok unwritable_proc_message ||
        bad unwritable_proc_message "no 'cannot create the output file'" "$T/err"
    if [ "$(id -u)" != 0 ]; then
        mkdir "$T/ro" && chmod 555 "$T/ro"
        "$ML" run "$V1" -o "$T/ro/out.h5" --replicates 10 --quiet 2>"$T/err"
        expect unwritable_read_only 4 $? "$T/err" "cannot create the output file" "$T/ro"
        chmod 755 "$T/ro"
    else
        echo "note: running as root: the read-only folder check is left out (root writes anyway)"
    fi
}

# run_and_signal NAME SIGNAL DIR [--force]: starts a run long enough to be
# caught mid-way, waits for its temporary file, then sends SIGNAL.
run_and_signal() {
    local name=$1 sig=$2 d=$3 force=${4:-}
    "$ML" run "$V1" -o "$d/out.h5" --replicates 20000000 --threads 1 --quiet $force \
        2>"$T/err_$name" &
    local pid=$! i
    for ((i = 0; i < 600; i++)); do
        compgen -G "$d/out.h5.tmp.*" >/dev/null && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if ! compgen -G "$d/out.h5.tmp.*" >/dev/null; then
        kill -KILL "$pid" 2>/dev/null; wait "$pid"
        bad "$name" "no temporary file appeared within 60 s" "$T/err_$name"
        return 1
    fi
    sleep 0.5 # into the replicate loop
    kill -"$sig" "$pid"
    # A run that ignored the signal would go on for a minute or more: give
    # it 30 s, polling (a background watchdog would hold ctest's pipe open).
    for ((i = 0; i < 300; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid"
    local rc=$?
    expect "$name" 130 "$rc" "$T/err_$name" "interrupted" "$d"
}

section_signals() {
    local sig d
    for sig in INT TERM; do
        d=$T/s_$sig
        mkdir "$d"
        run_and_signal "sig$sig" "$sig" "$d" &&
            { [ -e "$d/out.h5" ] && bad "sig${sig}_no_output" "out.h5 exists" || ok "sig${sig}_no_output"; }
        # With --force over an older result, the older file must survive.
        printf 'older result\n' >"$d/out.h5"
        run_and_signal "sig${sig}_force" "$sig" "$d" --force &&
            { grep -qx 'older result' "$d/out.h5" && ok "sig${sig}_force_keeps_old" ||
                  bad "sig${sig}_force_keeps_old" "the older output was replaced or damaged"; }
    done
}

# A tiny file system for one command: prints how it was made, or fails.
# Runs CMD... with the tmpfs mounted at $T/full.
with_small_disk() {
    mkdir -p "$T/full"
    if command -v unshare >/dev/null &&
        unshare -rm sh -c "mount -t tmpfs -o size=256k tmpfs '$T/full'" 2>/dev/null; then
        unshare -rm sh -c 'mount -t tmpfs -o size=256k tmpfs "$0" && exec "$@"' \
            "$T/full" "$@"
        return
    fi
    if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=256k tmpfs "$T/full" 2>/dev/null; then
        "$@"
        local rc=$?
        umount "$T/full"
        return $rc
    fi
    return 200
}

section_disk() {
    local rc how=""
    # The whole check runs inside the mount namespace, so that the folder
    # can be inspected before the tmpfs goes away with it.
    cat >"$T/disk.sh" <<'EOF'
"$1" run "$2" -o "$3/out.h5" --replicates 100000 --threads 1 --quiet 2>"$4"
rc=$?
ls -A "$3" >"$4.left"
exit $rc
EOF
    with_small_disk bash "$T/disk.sh" "$ML" "$V1" "$T/full" "$T/err_disk"
    rc=$?
    if [ "$rc" -ne 200 ]; then
        how="a 256 KiB tmpfs"
    else
        # Fall back on a file-size limit: with SIGXFSZ ignored, writes past
        # the limit fail with EFBIG, as they would on a full disk.
        mkdir -p "$T/full"
        ( trap '' XFSZ; ulimit -f 256 && bash "$T/disk.sh" "$ML" "$V1" "$T/full" "$T/err_disk" )
        rc=$?
        how="a 256 KiB file-size limit (ulimit -f; no tmpfs could be mounted)"
    fi
    echo "note: disk full simulated with $how"
    if [ "$rc" -ne 4 ]; then bad disk_full "exit code $rc, expected 4" "$T/err_disk"
    elif ! grep -qE "out.h5(\.tmp\.[0-9]+)?: cannot (write|finish writing).*disk full" "$T/err_disk"
    then bad disk_full "no clear 'cannot write ... (disk full?)' message" "$T/err_disk"
    elif [ -s "$T/err_disk.left" ]; then bad disk_full "files left: $(cat "$T/err_disk.left")"
    else ok disk_full; fi

    # /dev/full accepts the open and fails every write.
    "$ML" exact "$V1" --cdf /dev/full >/dev/null 2>"$T/err"
    expect exact_cdf_dev_full 4 $? "$T/err" "/dev/full: write failed" "$T"
}

case $SECTION in
output) section_output ;;
signals) section_signals ;;
disk) section_disk ;;
*) echo "unknown section '$SECTION'" >&2; exit 2 ;;
esac
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
