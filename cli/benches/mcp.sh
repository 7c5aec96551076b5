#!/usr/bin/env bash
# Startup of `sitehost mcp` (release build, the whole spec): the time from
# starting the process to its answer to `initialize`, and the time of a
# `tools/list` (read-only, and with --allow-destructive: every tool), against
# starting `true` (the cost of starting any process here), interleaved.
# Run: bash cli/benches/mcp.sh [RUNS] (PROFILE=debug for a debug build)
set -euo pipefail
cd "$(dirname "$0")/../.."
profile=${PROFILE:-release}
if [ "$profile" = release ]; then
    cargo build -q --release -p sitehost-cli
else
    cargo build -q -p sitehost-cli
fi
bin=$PWD/target/$profile/sitehost
python3 - "$bin" "${1:-100}" <<'PY'
import json, os, statistics, subprocess, sys, time
bin, runs = sys.argv[1], int(sys.argv[2])
env = {**os.environ, "SH_API_KEY": "bench-key", "SH_API_URL": "http://127.0.0.1:9"}
init = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
    "protocolVersion": "2025-06-18", "capabilities": {},
    "clientInfo": {"name": "bench", "version": "1"}}}) + "\n"
done = json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}) + "\n"
listing = json.dumps({"jsonrpc": "2.0", "id": 2, "method": "tools/list"}) + "\n"

def session(flags):
    start = time.perf_counter()
    p = subprocess.Popen([bin, "mcp", *flags], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, env=env, text=True, bufsize=1)
    p.stdin.write(init); p.stdin.flush()
    p.stdout.readline()
    initialized = time.perf_counter()
    p.stdin.write(done); p.stdin.write(listing); p.stdin.flush()
    tools = len(json.loads(p.stdout.readline())["result"]["tools"])
    listed = time.perf_counter()
    p.stdin.close(); p.wait()
    return (initialized - start) * 1000, (listed - initialized) * 1000, tools

rows = {"true (process start)": [], "initialize, read-only": [], "tools/list, read-only": [],
        "initialize, --allow-destructive": [], "tools/list, --allow-destructive": []}
counts = {}
for _ in range(runs):
    start = time.perf_counter()
    subprocess.run(["true"], check=False)
    rows["true (process start)"].append((time.perf_counter() - start) * 1000)
    for label, flags in (("read-only", []), ("--allow-destructive", ["--allow-destructive"])):
        i, l, n = session(flags)
        rows[f"initialize, {label}"].append(i)
        rows[f"tools/list, {label}"].append(l)
        counts[label] = n
print(f"| measure ({runs} runs each, interleaved; tools: {counts}) | median | p90 |")
print("|---|---:|---:|")
for name, t in rows.items():
    t.sort()
    print(f"| {name} | {statistics.median(t):.2f} ms | {t[int(len(t) * 0.9)]:.2f} ms |")
PY
