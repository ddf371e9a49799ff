"""What the safety guards cost: ``get`` of a cached version and ``load`` of the Shenyang release,
with today's code and with the code of an earlier commit, in one run.

    .venv/bin/python scripts/bench_guards.py --baseline COMMIT [--rounds 7]

The baseline's ``src/`` is taken with ``git archive`` into a temporary folder; both versions run in
fresh interpreters, alternately (so drift of the machine hits both), against the same cache and
the same local catalog (the committed ``dist/``). Prints each one's median and fastest time per
call and the ratio today / baseline; nothing is asserted (a ratio near 1.0 means no cost).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
import gwrdata
from gwrdata.publish.fetch import get
catalog, calls = sys.argv[2], int(sys.argv[3])
get("shenyang-gwr-2024@2.0.0", catalog=catalog)  # warm: the version is in the cache
times = {}
started = time.perf_counter()
for _ in range(calls):
    get("shenyang-gwr-2024@2.0.0", catalog=catalog)
times["get (cached)"] = (time.perf_counter() - started) / calls
started = time.perf_counter()
for _ in range(calls):
    gwrdata.load("shenyang-gwr-2024", version="2.0.0", catalog=catalog)
times["load"] = (time.perf_counter() - started) / calls
print(json.dumps(times))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", required=True, help="the commit to compare with (e.g. the one before the guards)")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--calls", type=int, default=5, help="calls per round")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gwrdata-bench-") as tmp:
        base = Path(tmp) / "baseline"
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.baseline, "src"], capture_output=True, check=True).stdout
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(base, filter="data")
        env = dict(os.environ, GWRDATA_CACHE=str(Path(tmp) / "cache"), GX_ANALYTICS_ENABLED="False")
        runs: dict[str, dict[str, list[float]]] = {"today": {}, "baseline": {}}
        for _ in range(args.rounds):
            for label, src in (("today", ROOT / "src"), ("baseline", base / "src")):
                out = subprocess.run([sys.executable, "-c", PROBE, str(src), str(ROOT / "dist"), str(args.calls)],
                                     capture_output=True, text=True, env=env, check=True).stdout
                for step, seconds in json.loads(out).items():
                    runs[label].setdefault(step, []).append(seconds)
    for step in runs["today"]:
        today, before = runs["today"][step], runs["baseline"][step]
        print(f"{step:14s} today median {statistics.median(today) * 1000:7.1f} ms (fastest {min(today) * 1000:6.1f})  "
              f"baseline median {statistics.median(before) * 1000:7.1f} ms (fastest {min(before) * 1000:6.1f})  "
              f"ratio {statistics.median(today) / statistics.median(before):.2f} (fastest {min(today) / min(before):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
