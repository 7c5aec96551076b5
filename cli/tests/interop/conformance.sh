#!/usr/bin/env bash
# The official MCP conformance suite against `sitehost mcp --listen`, at a
# pinned version, over the fake API: the server scenarios that apply to a
# server of tools. The suite cannot send a bearer token, so a small proxy in
# front of the server adds the fake's key (the server itself has no
# unauthenticated mode). Checks that need the suite's own fixture tools,
# prompts or resources are listed, each with its reason, in
# conformance-expected-failures.yaml.
#
#     bash cli/tests/interop/conformance.sh target/debug/sitehost
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
binary=$1
version=0.2.0-alpha.12
scenarios=(
    server-initialize ping tools-list tools-call-simple-text tools-call-error
    server-stateless dns-rebinding-protection http-header-validation
    json-schema-2020-12 tools-call-with-progress caching
    input-required-result-unsupported-methods
)

work=$(mktemp -d)
pids=()
finish() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap finish EXIT

# Waits for the first line of a file, up to 10 s.
first_line() {
    for _ in $(seq 100); do
        if [ -s "$1" ]; then head -1 "$1"; return; fi
        sleep 0.1
    done
    echo "no output in $1" >&2
    exit 1
}

"$binary" fake > "$work/fake" 2>/dev/null &
pids+=($!)
api_url=$(first_line "$work/fake" | sed 's/^export SH_API_URL=//')
env -u SH_API_KEY -u SH_CLIENT_ID SH_API_URL="$api_url" \
    "$binary" mcp --listen 127.0.0.1:0 2> "$work/server" &
pids+=($!)
port=$(first_line "$work/server" | sed 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/')
python3 "$here/bearer_proxy.py" "$port" fake-api-key > "$work/proxy" &
pids+=($!)
proxy=$(first_line "$work/proxy" | sed 's/^listening //')

failed=0
for scenario in "${scenarios[@]}"; do
    if ! npx -y -p node@22 -p "@modelcontextprotocol/conformance@$version" -- \
        conformance server --url "http://127.0.0.1:$proxy/mcp" --scenario "$scenario" \
        --expected-failures "$here/conformance-expected-failures.yaml" \
        > "$work/out" 2>&1; then
        grep -v "npm warn" "$work/out" | tail -30
        echo "conformance: $scenario failed" >&2
        failed=1
    fi
done
if grep -q "fake-api-key" "$work/server"; then
    echo "conformance: the key is in the server's log" >&2
    failed=1
fi
[ "$failed" = 0 ] && echo "mcp conformance $version: ${#scenarios[@]} scenarios: ok"
exit "$failed"
