#!/bin/sh
# The xpi tool under valgrind memcheck: every output format on the sample,
# weights and filters, and malformed input; any error or leak fails.
#   memcheck.sh XPI_BINARY CLI_DIR SAMPLE_CSV
set -u
xpi=$1
dir=$2
sample=$3
status=0
run() { # expected exit status, then the tool's arguments
    want=$1
    shift
    valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
        --show-leak-kinds=definite,indirect "$xpi" "$@" > /dev/null 2>&1
    got=$?
    if [ "$got" -ne "$want" ]; then
        echo "FAIL: xpi $* exited $got, want $want (99: valgrind found errors)"
        status=1
    fi
    checks=$((checks + 1))
}
checks=0
for format in text json csv html; do
    run 0 report "$sample" --time date --by channel --format "$format"
done
run 0 segments "$sample" --by channel --by date --format html
run 0 report "$dir/data/bad_rows.csv" --time date --weight weight --period week
run 0 score "$dir/data/semicolon.csv" --weight weight --where "region=Süd"
run 3 score "$dir/data/unterminated.csv"
run 3 score "$dir/data/garbage_nul.bin"
run 3 score "$dir/data/garbage_text.bin"
run 3 score "$dir/data/empty.csv"
run 4 score "$dir/data/header_only.csv"
run 3 score "$dir/data/bad_rows.csv" --strict
run 2 score "$sample" --bogus
echo "$checks runs under valgrind, status $status"
exit $status
