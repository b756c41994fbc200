#!/bin/sh
# The shared library exports exactly the functions declared XPI_API in
# include/xpi.h, all listed in the version script, and nothing else.
# usage: check_exports.sh libxpi.so include/xpi.h lib/xpi.map
set -eu
lib=$1 header=$2 map=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRW]$/ {print $3}' | sed 's/@.*//' \
    | grep -v '^XPI_[0-9.]*$' | sort -u > "$tmp/exported"
grep -o 'XPI_API[^;]*(' "$header" | sed -E 's/.*[ *](xpi_[a-z0-9_]+)[ ]*\($/\1/' \
    | grep '^xpi_' | sort -u > "$tmp/declared"
sed -n 's/^[[:space:]]*\(xpi_[a-z0-9_]*\);.*/\1/p' "$map" | sort -u > "$tmp/mapped"

status=0
if grep -v '^xpi_' "$tmp/exported"; then
    echo "FAIL: symbols without the xpi_ prefix are exported (above)"
    status=1
fi
if ! diff -u "$tmp/declared" "$tmp/exported"; then
    echo "FAIL: header declarations (-) and exports (+) differ"
    status=1
fi
if ! diff -u "$tmp/declared" "$tmp/mapped"; then
    echo "FAIL: header declarations (-) and version script (+) differ"
    status=1
fi
echo "$(wc -l < "$tmp/exported") exported symbols checked"
exit $status
