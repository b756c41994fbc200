#!/bin/sh
# Prints the tables of docs/robustness.md: the cells from test_bad_input's
# own record (test_bad_input --markdown), and for each function the
# existing tests in tests/*.c that also check it with bad input (a line
# that calls it and names an XPI_ERR_* status, or checks it for NaN).
# Usage: tests/badinput/robustness_table.sh BUILD_DIR  (from the source root)
set -eu
build=${1:?usage: $0 BUILD_DIR}
"$build/tests/badinput/test_bad_input" --markdown | while IFS= read -r line; do
    case $line in
    '| function |'*) printf '%s backed by |\n' "$line" ;;
    '|---|'*) printf '%s---|\n' "$line" ;;
    '| `xpi_'*)
        fn=$(printf '%s' "$line" | sed 's/^| `\([a-z0-9_]*\)`.*/\1/')
        others=$(grep -lE "$fn\(.*(XPI_ERR_|isnan)|(XPI_ERR_|isnan).*$fn\(" tests/*.c 2>/dev/null |
            sed 's|^tests/||' | tr '\n' ' ' | sed 's/ $//; s/ /, /g')
        if [ -n "$others" ]; then
            printf '%s test_bad_input.c; %s |\n' "$line" "$others"
        else
            printf '%s test_bad_input.c |\n' "$line"
        fi ;;
    *) printf '%s\n' "$line" ;;
    esac
done
