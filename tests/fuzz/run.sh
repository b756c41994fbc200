#!/bin/sh
# Runs one libFuzzer target for a while without touching the checked-in
# seed corpus: new inputs go to a fresh temporary directory (the first
# corpus directory, the one libFuzzer writes to), which is removed after.
#
#   usage: run.sh TARGET SEEDDIR SECONDS [more libFuzzer options...]
#
# Crashes, leaks and timeouts are written by libFuzzer to the current
# directory (crash-*, leak-*, timeout-*, or -artifact_prefix=...) and
# make the run fail. Long local runs, e.g. ten minutes:
#   tests/fuzz/run.sh build/tests/fuzz/fuzz_api tests/fuzz/corpus/fuzz_api 600
set -eu
if [ $# -lt 3 ]; then
    echo "usage: $0 TARGET SEEDDIR SECONDS [libFuzzer options...]" >&2
    exit 2
fi
target=$1
seeds=$2
seconds=$3
shift 3
case $target in
*/*) ;;
*) target=./$target ;; # meson passes the target relative to the test's directory
esac
# UBSan findings are failures too (the build also has
# -fno-sanitize-recover=all); leaks are checked by ASan's LeakSanitizer.
UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS ASAN_OPTIONS
work=$(mktemp -d "${TMPDIR:-/tmp}/xpi-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
status=0
# -error_exitcode=1: libFuzzer's default, 77, is what meson reads as a
# skipped test.
"$target" -max_total_time="$seconds" -rss_limit_mb=1024 -timeout=30 -error_exitcode=1 \
    -print_final_stats=1 "$@" "$work" "$seeds" || status=$?
exit $status
