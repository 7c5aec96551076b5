#!/usr/bin/env bash
# The cost of sitehost in a user's build: a new binary crate that depends on
# sitehost (the full spec, from the packaged crates, as a crates.io user gets
# them) against the same program written with reqwest, serde_json and tokio
# directly. Each builds cold (its own empty target folder, `cargo build`,
# debug), ROUNDS times (default 2), in turn, which of the two goes first
# alternating from round to round, after one untimed build of each (so that
# both find cargo's sources in the page cache). Dependencies come from cargo's
# cache (offline), so only compilation is timed. The target folders are on
# /dev/shm (memory) where there is one, so that writing them out to disk does
# not add its own delays; BUILD_DIR=... puts them elsewhere.
# The packaged crates are path dependencies here (a [patch]), which cargo
# compiles incrementally, as it does a workspace's own crates; from crates.io
# they are compiled as every registry crate is, without incremental state.
# The program with sitehost says so in its profile (`incremental = false` for
# the three packages), so that it builds them as a crates.io user does;
# INCREMENTAL_DEPS=1 leaves that out (the method before, which charged the
# packages the cost of writing incremental state).
# AREAS="cloud" builds the program with sitehost with only the areas named
# (`default-features = false, features = ["rustls", "cloud"]`: the program
# calls a `/cloud` endpoint) instead of the default, which is every area.
# Prints each round's wall-clock times and ratio, and the CPU time (user +
# system, all processes) of each build, then the median ratios.
# Run: bash sdk/benches/user_build.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
work=$root/target/user-build
rounds=${ROUNDS:-2}
rm -rf "$work"
mkdir -p "$work"

cargo package -q --workspace --exclude sitehost-tests --exclude sitehost-cli --no-verify --allow-dirty --offline \
    --target-dir "$work/pkg"
for c in "$work"/pkg/package/*.crate; do tar xzf "$c" -C "$work"; done

make_crate() { # name, main file, dependency lines, more manifest
    mkdir -p "$work/$1/src"
    cp "$root/sdk/benches/user_build/$2" "$work/$1/src/main.rs"
    cp "$root/Cargo.lock" "$work/$1/Cargo.lock"
    cat > "$work/$1/Cargo.toml" <<TOML
[package]
name = "$1"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
$3
tokio = { version = "1", features = ["rt", "macros"] }

[patch.crates-io]
sitehost = { path = "$work/sitehost-0.1.0" }
sitehost-codegen = { path = "$work/sitehost-codegen-0.1.0" }
sitehost-types = { path = "$work/sitehost-types-0.1.0" }

[workspace]
${4:-}
TOML
    # Resolve once, so that the timed builds do no resolution.
    (cd "$work/$1" && cargo tree -q --offline >/dev/null)
}
as_from_registry=''
if [ -z "${INCREMENTAL_DEPS:-}" ]; then
    for p in sitehost sitehost-types sitehost-codegen; do
        as_from_registry+="[profile.dev.package.$p]
incremental = false
"
    done
fi
dependency='sitehost = "0.1"'
if [ -n "${AREAS:-}" ]; then
    features=$(printf ', "%s"' $AREAS)
    dependency="sitehost = { version = \"0.1\", default-features = false, features = [\"rustls\"$features] }"
fi
make_crate with-sitehost sdk.rs "$dependency" "$as_from_registry"
make_crate by-hand plain.rs 'reqwest = { version = "0.13", default-features = false, features = ["rustls"] }
serde_json = "1"'

if [ -z "${BUILD_DIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
    BUILD_DIR=$(mktemp -d /dev/shm/user-build.XXXXXX)
    trap 'rm -rf "$BUILD_DIR"' EXIT
fi
builds=${BUILD_DIR:-$work}

cold() { # crate: prints wall-clock and CPU seconds
    local target=$builds/target-$1
    rm -rf "$target"
    local TIMEFORMAT='%R %U %S'
    local times
    times=$( { time (cd "$work/$1" && CARGO_TARGET_DIR=$target cargo build -q --offline) >/dev/null; } 2>&1 )
    rm -rf "$target"
    read -r real user sys <<<"$times"
    echo "$real $(echo "$user + $sys" | bc)"
}

cold with-sitehost >/dev/null
cold by-hand >/dev/null

ratios=()
cpu_ratios=()
echo "| round | with sitehost | by hand | ratio | CPU time, with / by hand | CPU ratio |"
echo "|---|---:|---:|---:|---:|---:|"
for round in $(seq 1 "$rounds"); do
    if [ $((round % 2)) -eq 1 ]; then
        read -r a a_cpu < <(cold with-sitehost)
        read -r b b_cpu < <(cold by-hand)
    else
        read -r b b_cpu < <(cold by-hand)
        read -r a a_cpu < <(cold with-sitehost)
    fi
    ratio=$(echo "$a / $b" | bc -l)
    cpu_ratio=$(echo "$a_cpu / $b_cpu" | bc -l)
    ratios+=("$ratio")
    cpu_ratios+=("$cpu_ratio")
    printf '| %d | %.1f s | %.1f s | %.3f | %.1f s / %.1f s | %.3f |\n' \
        "$round" "$a" "$b" "$ratio" "$a_cpu" "$b_cpu" "$cpu_ratio"
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
printf '\nmedian ratio %.3f, median CPU ratio %.3f (%d rounds)\n' \
    "$(median "${ratios[@]}")" "$(median "${cpu_ratios[@]}")" "$rounds"
