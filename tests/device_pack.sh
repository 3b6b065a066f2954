#!/bin/bash
# bench/device.sh, which runs only on a rarely lent many-core machine, must
# work there the first time: its pack holds the binary, h5diff and GNU time
# with every library they load but the C library's own, and loads from
# itself alone; a pack short of a library is refused before anything runs;
# its run gives bench/scaling.sh's thread and shard tables (every file
# identical to the one-thread run's, which scaling.sh checks) and the
# target's verdict, read right for each case.
#   usage: device_pack.sh BUILD_DIR SRC
BUILD=$1 SRC=$2
[ -x /usr/bin/time ] || { echo "SKIP: no /usr/bin/time (apt-get install time)"; exit 77; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail=0
ok() { echo "ok $*"; }
bad() { echo "FAIL $*"; fail=1; }
D="bash $SRC/bench/device.sh"

$D pack "$BUILD" "$T/pack" >"$T/pack.log" 2>&1 || { cat "$T/pack.log"; bad "pack"; exit 1; }
for b in medliab h5diff time; do
  [ -x "$T/pack/bin/$b" ] && ok "pack holds bin/$b" || bad "pack lacks bin/$b"
done
for l in libgsl.so libhdf5_serial.so libyaml-0.so libgomp.so; do
  ls "$T/pack/lib/$l"* >/dev/null 2>&1 && ok "pack holds $l" || bad "pack lacks $l"
done
if ls "$T/pack/lib" | grep -Eq '^(libc|libm|ld-linux)[.-]'; then
  bad "pack holds the C library's own objects"
else
  ok "pack leaves the C library to the machine"
fi

# A pack short of a library: refused before anything runs, the library named.
cp -r "$T/pack" "$T/short"
rm "$T/short/lib/"libyaml-0.so*
if OUT="$T/short-out" $D run "$T/short" >"$T/short.log" 2>&1; then
  bad "a pack without libyaml ran"
elif grep -q "libyaml-0.so.* => /" "$T/short.log" && [ ! -e "$T/short-out/scaling.csv" ]; then
  ok "a pack without libyaml is refused, naming it, before any run"
else
  cat "$T/short.log"; bad "a pack without libyaml: wrong message or a run started"
fi

# The run, small (judgment: sizes that take seconds; the timings mean
# nothing here, only that every table and the verdict come out).
if OUT="$T/out" REPS=200 WEAK_REPS=100 MEM_REPS=20000 REPEAT=1 MAXP=2 $D run "$T/pack" >"$T/run.log" 2>&1; then
  ok "run"
else
  cat "$T/run.log"; bad "run failed"; exit 1
fi
for row in threads,1 threads,2 shards,1 shards,2 weak-sh,1 weak-sh,2; do
  grep -q "^$row," "$T/out/scaling.csv" && ok "row $row" || bad "no row $row"
done
grep -q "^mem,merge," "$T/out/scaling.csv" && ok "row mem,merge" || bad "no memory rows"
grep -q "^ranks," "$T/out/scaling.csv" && bad "rank rows without an MPI build" || ok "no rank rows"
grep -q "commit $(cat "$T/pack/commit")," "$T/out/device.md" &&
  ok "record names the pack's commit" || bad "record lacks the pack's commit"
grep -q "^<!-- device.md: written by bench/device.sh run" "$T/out/device.md" &&
  ok "record says device.sh wrote it" || bad "record's comment"
grep -q "efficiency at 2 threads .*not checked (fewer than 16 threads)" "$T/out/device.md" &&
  ok "verdict on 2 threads: not checked" || bad "verdict on 2 threads"

# A run that fails stops the script with a message naming the table and
# row (a medliab that refuses --shard: the shards table's first row).
cp -r "$T/pack" "$T/failing"
mv "$T/failing/bin/medliab" "$T/failing/bin/medliab.real"
printf '#!/bin/bash\ncase " $* " in *" --shard "*) exit 3 ;; esac\nexec "$0.real" "$@"\n' \
  >"$T/failing/bin/medliab"
chmod +x "$T/failing/bin/medliab"
if OUT="$T/fail-out" REPS=200 WEAK_REPS=100 MEM_REPS=0 REPEAT=1 MAXP=2 $D run "$T/failing" >"$T/fail.log" 2>&1; then
  bad "a failing shard run passed"
elif grep -q "FAIL: shards 1: the run failed" "$T/fail.log"; then
  ok "a failing shard run stops the script, naming the row"
else
  cat "$T/fail.log"; bad "a failing shard run: no message naming the row"
fi

# The verdict reads the 16-thread row, against 90%.
csv() { printf 'table,p,replicates,seconds,efficiency\nthreads,1,9,10,1\n'; printf '%s\n' "$@"; }
csv threads,16,9,0.69,0.905 threads,32,9,0.5,0.6 >"$T/a.csv"
csv threads,16,9,0.71,0.895 >"$T/b.csv"
csv threads,8,9,1.3,0.99 >"$T/c.csv"
$D verdict "$T/a.csv" | grep -q "at 16 threads 90.5%.*: MET" && ok "verdict 90.5% at 16: met" ||
  bad "verdict 90.5% at 16"
$D verdict "$T/b.csv" | grep -q "at 16 threads 89.5%.*: NOT MET" && ok "verdict 89.5% at 16: not met" ||
  bad "verdict 89.5% at 16"
$D verdict "$T/c.csv" | grep -q "at 8 threads .*not checked" && ok "verdict at 8: not checked" ||
  bad "verdict at 8"
exit $fail
