#!/bin/sh
# The ABI gate. Against the checked-in baseline of the last release
# (abi/libxpi.so.1.abi, made by abidw from include/xpi.h and a gcc build
# with debug information):
# - no released function, variable or public type may change or go
#   (abidiff, added symbols ignored: additions are compatible);
# - no symbol may be added to a released version node (a new function
#   goes in a new node, XPI_1.1 { ... } XPI_1.0;).
# usage: check_abi.sh libxpi.so baseline.abi include-dir
set -eu
lib=$1 baseline=$2 headers=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

abidw --headers-dir "$headers" --no-corpus-path --drop-undefined-syms "$lib" > "$tmp/current.abi"
status=0
if ! abidiff --no-added-syms --headers-dir1 "$headers" --headers-dir2 "$headers" \
    "$baseline" "$tmp/current.abi" > "$tmp/report"; then
    cat "$tmp/report"
    echo "FAIL: an incompatible ABI change against $baseline (above)"
    status=1
fi

symbols() { # name@version of every defined function and variable
    sed -n "s/.*<elf-symbol name='\([^']*\)' version='\([^']*\)'.*is-defined='yes'.*/\1@\2/p" "$1" \
        | sort -u
}
symbols "$baseline" > "$tmp/released"
symbols "$tmp/current.abi" > "$tmp/now"
sed 's/.*@//' "$tmp/released" | sort -u > "$tmp/released_nodes"
comm -13 "$tmp/released" "$tmp/now" | while IFS=@ read -r name node; do
    if grep -qx "$node" "$tmp/released_nodes"; then
        echo "FAIL: $name added to the released node $node: give it a new node"
        echo x >> "$tmp/misplaced"
    fi
done
if [ -f "$tmp/misplaced" ]; then
    status=1
fi
echo "$(wc -l < "$tmp/released") released symbols checked, $(comm -13 "$tmp/released" "$tmp/now" | wc -l) added"
exit $status
