#!/usr/bin/env bash
# Startup time of the `sitehost` command (release build): `sitehost --help`,
# the help of one endpoint, and a `--dry-run`, against starting `true` (the
# cost of starting any process here), in the same run, interleaved.
# Run: bash cli/benches/startup.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build -q --release -p sitehost-cli
bin=$PWD/target/release/sitehost
python3 - "$bin" "${1:-200}" <<'PY'
import statistics, subprocess, sys, time
bin, runs = sys.argv[1], int(sys.argv[2])
cases = {
    "true (process start)": ["true"],
    "sitehost --help": [bin, "--help"],
    "sitehost cloud stack ssl lets-encrypt renew --help": [bin, "cloud", "stack", "ssl", "lets-encrypt", "renew", "--help"],
    "sitehost … renew --dry-run": [bin, "cloud", "stack", "ssl", "lets-encrypt", "renew", "--client-id", "1",
                                    "--server", "s", "--name", "n", "--dry-run"],
}
times = {name: [] for name in cases}
for _ in range(runs):
    for name, argv in cases.items():
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times[name].append((time.perf_counter() - start) * 1000)
print(f"| command ({runs} runs each, interleaved) | median | p90 |")
print("|---|---:|---:|")
for name, t in times.items():
    t.sort()
    print(f"| `{name}` | {statistics.median(t):.2f} ms | {t[int(len(t) * 0.9)]:.2f} ms |")
PY
