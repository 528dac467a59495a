"""Benchmark: the claim facts of 1M claims read from an XLSX ledger, beside the same claims in Parquet.

    uv run python benchmarks/bench_xlsx.py                          # 1M claims, DuckDB, 3 runs each
    uv run python benchmarks/bench_xlsx.py --engine spark --repeats 1
    uv run python benchmarks/bench_xlsx.py --out-json benchmarks/results/1m-xlsx.json

What it does (docs/performance.md gives the results):

1. Writes the synthetic ledgers once, with `jingban.ledgers.demo.write_demo` (the generator behind
   `assess demo-data`), as XLSX (`--format xlsx`: Chinese header, date cells, TRUE/FALSE, numbers,
   as an agency's export) and as Parquet, same seed, into the cache folder (`--data-dir`); the time
   the XLSX writer took is recorded the first time.
2. For each format and run, a FRESH Python process runs `collect_facts` for Qinhuangdao's claim
   facts (late claims, of them vulnerable) and reports the time of the call and the process's peak
   RSS (VmHWM: the child's own). The XLSX runs also time reading the sheet alone (fastexcel into
   Arrow, then into a DuckDB table), in a process of its own, to show what the workbook costs.
3. Checks that both formats count the same facts (exit 1 if not).

Each run records how busy the machine was (the load average at its start). A benchmark, not a
timed test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE / ".data"
WANTED = ("late_claims", "late_claims_vulnerable")


def _peak_mib() -> float:
    """This process's own peak RSS, MiB (VmHWM: not carried over from the parent across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(folder: Path, engine: str, read_only: bool) -> None:
    import datetime as dt

    from jingban.api import rules
    from jingban.evidence import Period
    from jingban.ledgers.collect import collect_facts
    from jingban.ledgers.engines import DuckDBEngine, SparkEngine
    from jingban.workdays import load_calendar

    rs, cal = rules("qinhuangdao"), load_calendar()
    period = Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    eng = DuckDBEngine() if engine == "duckdb" else SparkEngine("local[2]")
    out: dict = {}
    if read_only:
        import tempfile

        from jingban.ledgers.collect import _ledger
        from jingban.ledgers.readable import prepare

        t = time.perf_counter()
        with tempfile.TemporaryDirectory() as work:
            readable = prepare(folder / "claims.xlsx", "auto", Path(work), _ledger(rs, "claims"))
            out["fastexcel_s"] = time.perf_counter() - t
            eng.use(readable)
            out["read_s"] = time.perf_counter() - t
    else:
        t = time.perf_counter()
        col = collect_facts(rs, folder, period, eng, cal, wanted=set(WANTED))
        out["collect_s"] = time.perf_counter() - t
        out["facts"] = {f.name: str(f.value) for f in col.facts}
        out["problems"] = len(col.problems)
    eng.close()
    out["peak_mib"] = _peak_mib()
    print(json.dumps(out))


def _run_child(folder: Path, engine: str, read_only: bool = False) -> dict:
    cmd = [sys.executable, __file__, "--child", str(folder), "--engine", engine] + (["--read-only"] if read_only else [])
    load = os.getloadavg()[0]
    t = time.perf_counter()
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_s"] = time.perf_counter() - t
    result["load_at_start"] = load
    return result


def _ensure(data: Path, claims: int, fmt: str) -> tuple[Path, float | None]:
    from jingban.ledgers.demo import write_demo

    folder = data / f"xlsx-bench-{claims}-{fmt}"
    if (folder / f"claims.{fmt}").exists():
        return folder, None
    t = time.perf_counter()
    write_demo(folder, claims, 1, fmt=fmt)
    return folder, time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb")
    ap.add_argument("--out-json", type=Path)
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--read-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.engine, args.read_only)
        return 0
    report: dict = {"claims": args.claims, "engine": args.engine, "machine": {
        "cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()}}
    for fmt in ("xlsx", "parquet"):
        folder, wrote = _ensure(args.data_dir, args.claims, fmt)
        runs = [_run_child(folder, args.engine) for _ in range(args.repeats)]
        entry = {"file_mib": (folder / f"claims.{fmt}").stat().st_size / 2**20, "runs": runs,
                 "collect_median_s": statistics.median(r["collect_s"] for r in runs),
                 "peak_max_mib": max(r["peak_mib"] for r in runs)}
        if wrote is not None:
            entry["written_s"] = wrote
        if fmt == "xlsx":
            entry["read_only"] = [_run_child(folder, args.engine, read_only=True) for _ in range(args.repeats)]
        report[fmt] = entry
        print(f"{fmt:8} {entry['file_mib']:7.1f} MiB  collect median {entry['collect_median_s']:.2f} s  "
              f"peak {entry['peak_max_mib']:.0f} MiB  facts {runs[0]['facts']}", flush=True)
        if fmt == "xlsx":
            reads = entry["read_only"]
            print(f"         sheet read alone: fastexcel {statistics.median(r['fastexcel_s'] for r in reads):.2f} s, "
                  f"into the engine {statistics.median(r['read_s'] for r in reads):.2f} s, "
                  f"peak {max(r['peak_mib'] for r in reads):.0f} MiB", flush=True)
    if args.out_json:
        args.out_json.write_text(json.dumps(report, indent=1) + "\n")
    same = report["xlsx"]["runs"][0]["facts"] == report["parquet"]["runs"][0]["facts"]
    print("same facts from both formats" if same else "THE FORMATS COUNT DIFFERENT FACTS")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
