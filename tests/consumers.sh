#!/usr/bin/env bash
# libxpi as its users get it: installed to a prefix, then the examples
# built against the installed copy four ways (pkg-config shared,
# pkg-config --static from a static-only install, CMake find_package
# shared and static) and once as a meson subproject, each program run on the
# bundled data. Writes one line per check to the log given, in meson's
# testlog.json form ("result": "OK" or "FAIL"), and exits non-zero if any
# failed.
# usage: tests/consumers.sh LOG   (from the source root; needs cc, meson,
# ninja, pkg-config, cmake)
set -uo pipefail
log=$(realpath -m "$1")
src=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: > "$log"
failed=0

record() { # name, status
    local result=OK
    [ "$2" -eq 0 ] || { result=FAIL; failed=1; }
    echo "{\"name\": \"consumers/$1\", \"result\": \"$result\"}" >> "$log"
    echo "== consumers/$1: $result"
}

run_examples() { # directory holding the built examples
    local dir=$1 e status
    for e in quickstart compare segments trend; do
        case $e in
        quickstart | compare) "$dir/$e" "$src/examples/data/responses.csv" > /dev/null ;;
        *) "$dir/$e" > /dev/null ;;
        esac
        status=$?
        if [ $status -ne 0 ]; then
            echo "== consumers: $dir/$e exited $status" >&2
            return 1
        fi
    done
}

examples=(quickstart compare segments trend)

# Whether a program loads a library matching a pattern. Not `ldd | grep -q`:
# under pipefail, grep -q exits at the first match and ldd, still writing,
# dies of SIGPIPE, which failed the check now and then.
links_to() { # program, pattern
    ldd "$1" > "$tmp/ldd.txt" && grep -q "$2" "$tmp/ldd.txt"
}

# Install.
meson setup "$tmp/build" --prefix="$tmp/prefix" -Dtests=false -Dexamples=false \
    -Dbuildtype=release > "$tmp/setup.log" 2>&1 &&
    ninja -C "$tmp/build" install > "$tmp/install.log" 2>&1
record install $?
pc=$(find "$tmp/prefix" -name xpi.pc | head -1)
libdir=$(dirname "$(dirname "$pc")")

# pkg-config, shared.
status=0
mkdir -p "$tmp/shared"
for e in "${examples[@]}"; do
    cc -std=c99 -Wall -Wextra -Wpedantic -Werror "$src/examples/$e.c" -o "$tmp/shared/$e" \
        $(PKG_CONFIG_PATH=$(dirname "$pc") pkg-config --cflags --libs xpi) \
        -Wl,-rpath,"$libdir" -lm || status=1
done
[ $status -eq 0 ] && links_to "$tmp/shared/trend" "$libdir/libxpi.so.1" &&
    run_examples "$tmp/shared"
record pkg-config-shared $?

# pkg-config --static, from a prefix holding the static library alone.
meson setup "$tmp/static-build" --prefix="$tmp/static-prefix" -Ddefault_library=static \
    -Dtests=false -Dexamples=false -Dbuildtype=release > "$tmp/static-setup.log" 2>&1 &&
    ninja -C "$tmp/static-build" install > "$tmp/static-install.log" 2>&1
spc=$(find "$tmp/static-prefix" -name xpi.pc | head -1)
[ -z "$(find "$tmp/static-prefix" -name 'libxpi.so*')" ]
status=$?
mkdir -p "$tmp/static"
for e in "${examples[@]}"; do
    cc -std=c99 -Wall -Wextra -Wpedantic -Werror "$src/examples/$e.c" -o "$tmp/static/$e" \
        $(PKG_CONFIG_PATH=$(dirname "$spc") pkg-config --static --cflags --libs xpi) || status=1
done
[ $status -eq 0 ] && ! links_to "$tmp/static/trend" libxpi && run_examples "$tmp/static"
record pkg-config-static $?

# CMake find_package, shared and static.
for kind in shared static; do
    mkdir -p "$tmp/cmake-$kind"
    {
        echo "cmake_minimum_required(VERSION 3.13)"
        echo "project(consumer C)"
        echo "find_package(xpi 1.0 REQUIRED)"
        for e in "${examples[@]}"; do
            echo "add_executable($e $src/examples/$e.c)"
            echo "target_link_libraries($e PRIVATE xpi::xpi m)"
        done
    } > "$tmp/cmake-$kind/CMakeLists.txt"
    static=OFF
    [ $kind = static ] && static=ON
    cmake -S "$tmp/cmake-$kind" -B "$tmp/cmake-$kind/build" -DCMAKE_PREFIX_PATH="$tmp/prefix" \
        -DXPI_STATIC=$static > "$tmp/cmake-$kind.log" 2>&1 &&
        cmake --build "$tmp/cmake-$kind/build" >> "$tmp/cmake-$kind.log" 2>&1 &&
        if [ $kind = static ]; then
            ! links_to "$tmp/cmake-$kind/build/trend" libxpi
        else
            links_to "$tmp/cmake-$kind/build/trend" "$libdir/libxpi.so.1"
        fi &&
        run_examples "$tmp/cmake-$kind/build"
    status=$?
    [ $status -eq 0 ] || tail -20 "$tmp/cmake-$kind.log"
    record cmake-$kind $status
done

# A meson project with libxpi as a subproject.
mkdir -p "$tmp/sub/subprojects/xpi"
(cd "$src" && git ls-files -z | xargs -0 cp --parents -t "$tmp/sub/subprojects/xpi")
cp "$src"/examples/*.c "$tmp/sub/"
{
    echo "project('consumer', 'c', default_options : ['c_std=c99'])"
    echo "xpi = subproject('xpi', default_options : ['tests=false', 'examples=false'])"
    echo "xpi_dep = xpi.get_variable('xpi_dep')"
    echo "m = meson.get_compiler('c').find_library('m', required : false)"
    for e in "${examples[@]}"; do
        echo "executable('$e', '$e.c', dependencies : [xpi_dep, m])"
    done
} > "$tmp/sub/meson.build"
(cd "$tmp/sub" && meson setup build > "$tmp/sub.log" 2>&1 && ninja -C build >> "$tmp/sub.log" 2>&1) &&
    run_examples "$tmp/sub/build"
status=$?
[ $status -eq 0 ] || tail -20 "$tmp/sub.log"
record meson-subproject $status

exit $failed
