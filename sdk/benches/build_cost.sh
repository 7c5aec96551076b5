#!/usr/bin/env bash
# Build cost of the sitehost crate (and sitehost-types, which holds the
# generated code), with their other dependencies already built:
#   1. after a one-line edit of the real spec (a summary), debug build;
#   2. from clean with a synthetic spec of 1,000 endpoints, debug build;
#   3. the release size of the quickstart example.
# Peak memory is the largest resident size of any process of the build
# (rustc), from GNU time. Run: bash sdk/benches/build_cost.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time; }

export CARGO_TARGET_DIR=target/build-cost
measure() { # label, then the command
    local label=$1; shift
    local report=target/build-cost/time.txt
    /usr/bin/time -o "$report" -f "%e %M" "$@" >/dev/null 2>&1
    read -r secs kib < <(tail -1 "$report")
    printf '| %s | %s s | %d MB |\n' "$label" "$secs" $((kib / 1024))
}

echo "Preparing (dependencies, synthetic spec)..." >&2
cargo build -q -p sitehost --features codegen
cargo run -q -p sitehost-codegen --example synth_spec -- 1000 target/build-cost/spec-1000 >&2

echo "| build | time | peak memory |"
echo "|---|---:|---:|"
spec=spec/cloud/stack/ssl/lets_encrypt.yaml
cp "$spec" target/build-cost/spec.bak
trap 'cp target/build-cost/spec.bak "$spec"' EXIT
sed -i 's/summary: Requests to renew a SSL certificate for a stack./summary: Requests to renew an SSL certificate for a stack./' "$spec"
measure "one-line edit of the real spec, \`cargo build -p sitehost\`" cargo build -q -p sitehost --features codegen
cp target/build-cost/spec.bak "$spec"
measure "the edit undone" cargo build -q -p sitehost --features codegen

cargo clean -q -p sitehost -p sitehost-types
SITEHOST_SPEC_DIR=$PWD/target/build-cost/spec-1000 measure "1,000 endpoints from clean (dependencies built)" cargo build -q -p sitehost --features codegen
SITEHOST_SPEC_DIR=$PWD/target/build-cost/spec-1000 measure "1,000 endpoints, \`cargo check\`" cargo check -q -p sitehost --features codegen
cargo clean -q -p sitehost -p sitehost-types
measure "the real spec from clean (dependencies built)" cargo build -q -p sitehost --features codegen

cargo build -q --release -p sitehost --example quickstart
bin=target/build-cost/release/examples/quickstart
cp "$bin" target/build-cost/quickstart-stripped && strip target/build-cost/quickstart-stripped
printf '| quickstart, release | %s KiB | stripped %s KiB |\n' $(( $(stat -c %s "$bin") / 1024 )) $(( $(stat -c %s target/build-cost/quickstart-stripped) / 1024 ))
