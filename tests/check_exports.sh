#!/bin/sh
# Symbol discipline. The shared library exports exactly the functions
# declared XPI_API in include/xpi.h, all listed in the version script, and
# nothing else; the static library defines every one of them, and every
# other global symbol it defines carries the xpi_ prefix too (linked into a
# large program, an internal helper must not clash).
# usage: check_exports.sh libxpi.so include/xpi.h lib/xpi.map [libxpi.a]
set -eu
lib=$1 header=$2 map=$3 static=${4:-}
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
    echo "FAIL: header declarations (-) and shared library exports (+) differ"
    status=1
fi
if ! diff -u "$tmp/declared" "$tmp/mapped"; then
    echo "FAIL: header declarations (-) and version script (+) differ"
    status=1
fi
if [ -n "$static" ]; then
    nm -g --defined-only "$static" | awk 'NF == 3 && $2 ~ /^[TDBRWCGS]$/ {print $3}' \
        | sort -u > "$tmp/static"
    if grep -v '^xpi_' "$tmp/static"; then
        echo "FAIL: the static library defines globals without the xpi_ prefix (above)"
        status=1
    fi
    if comm -23 "$tmp/declared" "$tmp/static" | grep .; then
        echo "FAIL: declared functions missing from the static library (above)"
        status=1
    fi
    echo "$(wc -l < "$tmp/static") global symbols of the static library checked"
fi
echo "$(wc -l < "$tmp/exported") exported symbols checked"
exit $status
