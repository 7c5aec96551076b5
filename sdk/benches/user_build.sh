#!/usr/bin/env bash
# The cost of sitehost in a user's build: a new binary crate that depends on
# sitehost (the full spec, from the packaged crates, as a crates.io user gets
# them) against the same program written with reqwest, serde_json and tokio
# directly. Each builds cold (its own empty target folder, `cargo build`,
# debug), alternately, ROUNDS times (default 2); dependencies come from cargo's
# cache (offline), so only compilation is timed.
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

make_crate() { # name, main file, dependency lines
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
TOML
    # Resolve once, so that the timed builds do no resolution.
    (cd "$work/$1" && cargo tree -q --offline >/dev/null)
}
make_crate with-sitehost sdk.rs 'sitehost = "0.1"'
make_crate by-hand plain.rs 'reqwest = { version = "0.13", default-features = false, features = ["rustls"] }
serde_json = "1"'

cold() { # crate: prints seconds
    rm -rf "$work/$1/target"
    local start end
    start=$(date +%s.%N)
    (cd "$work/$1" && cargo build -q --offline)
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}

echo "| round | with sitehost | by hand | ratio |"
echo "|---|---:|---:|---:|"
for round in $(seq 1 "$rounds"); do
    a=$(cold with-sitehost)
    b=$(cold by-hand)
    printf '| %d | %.1f s | %.1f s | %.3f |\n' "$round" "$a" "$b" "$(echo "$a / $b" | bc -l)"
done
