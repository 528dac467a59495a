"""Benchmark: every ledger fact of a region over N synthetic claims, against a naive per-row baseline.

    uv run --group bench python benchmarks/bench_collect.py                 # 10M claims, DuckDB
    uv run --group bench python benchmarks/bench_collect.py --claims 100_000_000 --data-dir /tmp/jb-bench

What it does (docs/performance.md gives the method and the results):

1. Writes the synthetic ledgers with `jingban.ledgers.demo.write_demo` (the generator behind
   `assess demo-data`) unless they are already in the cache folder. A region whose rules name other
   product codes (Kaifeng: basic/maternity) gets its own folder, written with its codes.
2. For each region, runs `collect_facts` for all the facts its rules use, in a FRESH Python process
   each time, so the peak RSS (read in that process at its end: `ru_maxrss`, bounded by `VmHWM`, see
   `_maxrss_mib`) is the collection's own.
   `--repeats` runs per region (default 3); the median is reported. Two clocks: `collect_facts` alone, and the whole
   child process (interpreter start, imports, rules and calendar loading, the engine, the collection).
3. The naive baseline, in another fresh process: pandas reads the first `--naive-sample` claims of the
   same Parquet file, then `DataFrame.apply(axis=1)` decides for each row whether it is late under
   Qinhuangdao's rule (20 working days in the city, 30 outside, the day of submission not counted,
   payment on a rest day after the deadline late, unpaid claims late once the deadline has passed by
   the end of the period) with a working-day function that walks day by day with `cal.is_workday`.
   Its time is extrapolated linearly to `--claims`; so is its memory. The same apply with `cal.is_late`
   (binary search) is timed too. The same process runs `collect_facts` on a Parquet file holding just
   that sample and checks that all count the same late claims (exit 1 if not).
4. A breakdown run (one more fresh process per region) times each engine call of the collection, to
   show where the time goes. It is not part of the timed runs.

Each run records how busy the machine was (other processes' CPU seconds while it ran); `--wait-idle`
waits for other work to stop first. Prints a table; `--out-json FILE` writes every number and the
machine. A benchmark, not a timed test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

_T0 = time.perf_counter()  # a child's clock: before its heavy imports (jingban, duckdb, narwhals, pandas)

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE / ".data"
YEAR = 2024
NAIVE_REGION = "qinhuangdao"
REPEATS = 3


# ------------------------------------------------------------------------------------------ helpers
def _maxrss_mib() -> float:
    """Peak RSS of this process, MiB. `ru_maxrss` (KiB on Linux) is not enough on its own: Linux
    carries the parent's high-water mark into a child across fork/vfork + exec, so a child of a big
    parent starts with the parent's peak. `VmHWM` in /proc/self/status belongs to the current
    address space only, so it is the child's own peak; we report the smaller of the two."""
    ru = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return min(ru, int(line.split()[1]) / 1024)
    except OSError:
        pass
    return ru


def _rss_now_mib() -> float:
    """Current RSS of this process, MiB (VmRSS)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return _maxrss_mib()


def _ru_maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _children_maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _period():
    import datetime as dt

    from jingban.evidence import Period

    return Period(dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))


def _ruleset(region: str):
    from jingban.api import registry
    from jingban.engine import ruleset_for

    return ruleset_for(registry(), region, {}, None, None)


MEMORY_LIMIT: str | None = None  # --duckdb-memory-limit, in the children
TEMP_DIR: str | None = None


def _engine(name: str, threads: int | None):
    from jingban.ledgers.engines import DuckDBEngine, SparkEngine

    if name != "duckdb":
        return SparkEngine()
    eng = DuckDBEngine(threads)
    if MEMORY_LIMIT:
        # what a smaller machine would impose: DuckDB then spills its sorts and joins to TEMP_DIR
        eng.con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
        if TEMP_DIR:
            eng.con.execute(f"SET temp_directory = '{TEMP_DIR}'")
    return eng


def _fact_values(col) -> dict[str, str]:
    return {f.name: str(f.value) for f in col.facts}


def _products(region: str) -> tuple[str, ...]:
    """The product codes the demo ledgers must use for this region (as `assess demo-data --region`)."""
    rs = _ruleset(region)
    return tuple(rs.ledger.products or tuple(p.id for p in rs.products) or ("resident", "employee"))


def _cpu_busy(interval: float = 0.5) -> float | None:
    """Share of the machine's CPU time spent busy over `interval` seconds (this script idles meanwhile):
    other work on a 2-core machine slows the collection, so each run records it."""

    def sample():
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
        return sum(fields), idle

    try:
        t1, i1 = sample()
        time.sleep(interval)
        t2, i2 = sample()
    except (OSError, ValueError, IndexError):
        return None
    return 1 - (i2 - i1) / max(1, t2 - t1)


def _machine_cpu_s() -> float | None:
    """Busy CPU seconds of the whole machine since boot (/proc/stat)."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    busy = sum(fields[:8]) - fields[3] - fields[4]  # user..steal, less idle and iowait
    return busy / os.sysconf("SC_CLK_TCK")


CODE_COMMIT: str | None = None  # --code-commit: the commit of jingban's code when it is not this checkout's
WAIT_IDLE = 0.0  # seconds to wait for an idle machine before each run (--wait-idle)


def _run_child(args: list[str]) -> tuple[dict, float]:
    """Run this script in a fresh interpreter; return its JSON answer and its whole wall time.
    The answer gets `busy_before`: the machine's CPU use just before the run (0..1)."""
    busy = _cpu_busy()
    deadline = time.monotonic() + WAIT_IDLE
    while busy is not None and busy > 0.1 and time.monotonic() < deadline:
        busy = _cpu_busy(2.0)
    cpu0, ru0 = _machine_cpu_s(), resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), *args], capture_output=True, text=True,
                          check=False)
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"child {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["busy_before"] = busy
    ru1, cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN), _machine_cpu_s()
    own = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
    if cpu0 is not None and cpu1 is not None:
        # CPU seconds other processes used while the child ran: > 0.1 s or so means the run was slowed
        out["others_cpu_s"] = max(0.0, (cpu1 - cpu0) - own)
    out["child_cpu_s"] = own
    return out, wall


# ------------------------------------------------------------------------------------------ children
def child_collect(region: str, folder: str, engine: str, threads: int | None, breakdown: bool) -> dict:
    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(40))  # warnings would go to stdout
    from jingban.ledgers.collect import collect_facts
    from jingban.workdays import load_calendar

    t_imported = time.perf_counter()
    rs = _ruleset(region)
    cal = load_calendar()
    eng = _engine(engine, threads)
    calls: list[dict] = []
    if breakdown:
        _instrument(eng, calls)
    t_ready = time.perf_counter()
    jvm_mib = None
    try:
        col = collect_facts(rs, Path(folder), _period(), eng, cal)
        t_done = time.perf_counter()
        if engine == "spark":
            jvm_mib = _jvm_hwm_mib(eng)
    finally:
        eng.close()
    return {
        "region": region, "collect_s": t_done - t_ready, "setup_s": t_ready - t_imported,
        "imports_s": t_imported - _T0, "in_child_s": time.perf_counter() - _T0,
        "maxrss_mib": _maxrss_mib(), "jvm_maxrss_mib": jvm_mib, "ru_maxrss_mib": _ru_maxrss_mib(),
        "children_maxrss_mib": _children_maxrss_mib(),
        "facts": _fact_values(col), "problems": [p.line() for p in col.problems],
        "skipped": [list(s) for s in col.skipped], "calls": calls,
    }


def _jvm_hwm_mib(eng) -> float | None:
    """Peak RSS of Spark's JVM (a separate process, not in this process's own peak), MiB."""
    try:
        pid = eng.spark.sparkContext._gateway.proc.pid
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except Exception:  # noqa: BLE001 - best effort: a remote cluster has no local JVM
        return None
    return None


def _instrument(eng, calls: list[dict], who: str = "main", t0: float | None = None) -> None:
    """Wrap the engine's methods to time each call (the breakdown run only). Queries prepared to run
    later (`prepare`, `duplicate_screen`) are timed when they run, on whichever thread runs them; each
    call records its start (`at`, seconds after the first instrumented engine was wrapped) so that
    the calls that overlap can be seen. The second connection (`worker`) is wrapped too."""
    import threading

    t0 = time.perf_counter() if t0 is None else t0

    def label(name, a):
        if name in ("fetch", "prepare"):
            try:
                cols = list(a[0].to_native().columns)
            except Exception:  # noqa: BLE001
                cols = []
            return "fetch[" + ",".join(cols[:6]) + (",…" if len(cols) > 6 else "") + f"] ({len(cols)} columns)"
        if name in ("load", "columns_of"):
            return f"{name}({Path(str(a[0])).name})"
        if name == "duplicate_screen":
            return f"duplicate_screen({a[1]})"
        if name == "table":
            return f"table({len(a[1])} rows)"
        return name

    def record(what: str, t: float) -> None:
        now = time.perf_counter()
        calls.append({"call": what, "engine": who, "thread": threading.current_thread().name,
                      "at": round(t - t0, 4), "s": now - t})

    def later(run, what: str):
        """The prepared query, timed when it runs."""
        def timed_run(*a, **k):
            t = time.perf_counter()
            out = run(*a, **k)
            record(what + " (ran)", t)
            return out
        return timed_run

    for name in ("columns_of", "load", "table", "duplicate_screen", "fetch", "prepare", "worker", "codes"):
        orig = getattr(eng, name, None)
        if orig is None:
            continue

        def timed(*a, _orig=orig, _name=name, **k):
            t = time.perf_counter()
            out = _orig(*a, **k)
            what = label(_name, a)
            record(what + (" prepared" if _name in ("prepare", "duplicate_screen") else ""), t)
            if _name in ("prepare", "duplicate_screen"):
                return later(out, what)
            if _name == "worker":
                _instrument(out, calls, "worker", t0)
            return out

        setattr(eng, name, timed)


def _deadline_naive(cal, start, n):
    """The n-th working day after `start`, walking one day at a time (the naive way)."""
    import datetime as dt

    d, k = start, 0
    while k < n:
        d += dt.timedelta(days=1)
        if cal.is_workday(d):
            k += 1
    return d


def child_naive(folder: str, sample: int, engine: str, threads: int | None, workdir: str) -> dict:
    import pyarrow as pa  # with pandas: Table.to_pandas
    import pyarrow.parquet as pq
    from jingban.ledgers.collect import collect_facts
    from jingban.ledgers.schema import VULNERABLE
    from jingban.workdays import load_calendar

    rs = _ruleset(NAIVE_REGION)
    cal = load_calendar()
    deadline = next(d for d in rs.ledger.claim_deadlines if d.fact == "late_claims")
    products = set(rs.ledger.products or tuple(p.id for p in rs.products))
    period = _period()
    start, end = period.start, period.end

    pf = pq.ParquetFile(Path(folder) / "claims.parquet")
    # warm up the same path on 1,000 rows, so the memory baseline below holds the libraries' fixed
    # allocations and the extrapolation scales only what grows with the rows
    warm = next(pf.iter_batches(batch_size=1000)).to_pandas()
    warm.apply(lambda row: _deadline_naive(cal, row["submitted"], 20), axis=1)
    del warm
    rss0 = _rss_now_mib()

    # the first `sample` claims of the same file (the generator's rows are independent draws)
    t = time.perf_counter()
    batches, got = [], 0
    for b in pf.iter_batches(batch_size=min(sample, 1_000_000)):
        batches.append(b.slice(0, sample - got))
        got += len(batches[-1])
        if got >= sample:
            break
    table = pa.Table.from_batches(batches)
    df = table.to_pandas()  # dates as datetime.date objects, empty `paid` as None
    t_read = time.perf_counter() - t
    rss_read = _maxrss_mib()

    def late(row) -> bool:
        s, p = row["submitted"], row["paid"]
        if s is None or not (start <= s <= end) or row["product"] not in products:
            return False
        if p is not None and p < s:
            return False  # set aside as a ledger problem
        n = deadline.in_city_days if row["in_city"] else deadline.out_of_city_days
        return (p if p is not None else end) > _deadline_naive(cal, s, n)

    t = time.perf_counter()
    df["late"] = df.apply(late, axis=1)
    t_apply = time.perf_counter() - t
    naive_late = int(df["late"].sum())

    # the same row-wise apply with the calendar's own lookup (`cal.is_late`, a binary search): how much
    # of the naive time is the day-by-day walk and how much the row-wise apply itself
    def late_lookup(row) -> bool:
        s, p = row["submitted"], row["paid"]
        if s is None or not (start <= s <= end) or row["product"] not in products:
            return False
        if p is not None and p < s:
            return False
        n = deadline.in_city_days if row["in_city"] else deadline.out_of_city_days
        return cal.is_late(s, p if p is not None else end, n)

    t = time.perf_counter()
    lookup_late = int(df.apply(late_lookup, axis=1).sum())
    t_lookup = time.perf_counter() - t
    naive_vul = int((df["late"] & df["claimant_category"].isin(list(VULNERABLE))).sum())
    df_bytes = int(df.memory_usage(deep=True).sum())
    rss_after = _maxrss_mib()

    # the fast engine on exactly these rows
    sample_dir = Path(workdir)
    sample_dir.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, sample_dir / "claims.parquet", compression="zstd")
    del df, table, batches
    eng = _engine(engine, threads)
    try:
        col = collect_facts(rs, sample_dir, period, eng, cal, wanted=[deadline.fact, deadline.vulnerable_fact])
    finally:
        eng.close()
    fast = _fact_values(col)
    return {
        "sample": got, "read_s": t_read, "apply_s": t_apply, "rows_per_s": got / t_apply,
        "naive_late": naive_late, "naive_late_vulnerable": naive_vul,
        "lookup_apply_s": t_lookup, "lookup_rows_per_s": got / t_lookup, "lookup_late": lookup_late,
        "fast_late": int(float(fast.get(deadline.fact, "nan"))),
        "fast_late_vulnerable": int(float(fast.get(deadline.vulnerable_fact, "nan"))),
        "df_bytes": df_bytes, "rss_start_mib": rss0, "rss_after_read_mib": rss_read, "rss_after_apply_mib": rss_after,
    }


# ------------------------------------------------------------------------------------------ machine
def machine() -> dict:
    import duckdb
    import narwhals

    info = {"nproc": os.cpu_count(), "usable_cpus": len(os.sched_getaffinity(0)),
            "python": platform.python_version(), "platform": platform.platform(),
            "duckdb": duckdb.__version__, "narwhals": narwhals.__version__}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["ram_gib"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    for mod in ("pandas", "pyarrow", "pyspark"):
        try:
            info[mod] = __import__(mod).__version__
        except ImportError:
            info[mod] = None
    try:
        info["commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True,
                                        text=True, check=False).stdout.strip() or None
    except OSError:
        info["commit"] = None
    # the code measured: this checkout's, or another's put first on PYTHONPATH for an A/B (the
    # commit above is then the benchmark script's, and --code-commit says which code ran)
    import jingban

    source = Path(jingban.__file__).resolve().parents[2]
    info["jingban_source"] = str(source)
    info["code_commit"] = CODE_COMMIT or (info["commit"] if source == HERE.parent / "core" else None)
    return info


# ------------------------------------------------------------------------------------------ data
def ensure_data(data_dir: Path, claims: int, seed: int, products: tuple[str, ...],
                compression: str = "snappy") -> tuple[Path, float | None]:
    """The ledgers for these product codes, written once; returns the folder and the seconds spent writing."""
    from jingban.ledgers.demo import write_demo

    folder = data_dir / f"claims{claims}-seed{seed}-{'-'.join(products)}-{compression}"
    marker = folder / "complete.json"
    if marker.exists():
        return folder, None
    print(f"writing {claims:,} claims ({', '.join(products)}) to {folder} ...", file=sys.stderr, flush=True)
    t = time.perf_counter()
    write_demo(folder, claims, seed, year=YEAR, products=products, compression=compression)
    took = time.perf_counter() - t
    size = sum(p.stat().st_size for p in folder.glob("*.parquet"))
    marker.write_text(json.dumps({"claims": claims, "seed": seed, "products": products, "compression": compression,
                                  "bytes": size,
                                  "write_s": took}))
    return folder, took


# ------------------------------------------------------------------------------------------ main
def _pct(x: float | None) -> str:
    return "?" if x is None else f"{x:.0%}"


def _fmt_s(s: float) -> str:
    return f"{s:.2f} s" if s < 100 else f"{s:,.0f} s"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--claims", type=int, default=10_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--compression", default="snappy", choices=["snappy", "zstd", "lz4", "uncompressed"],
                    help="Parquet compression of the generated claims (default snappy, what most tools write)")
    ap.add_argument("--data-dir", type=Path, default=DEFAULT_DATA, help="cache of generated ledgers")
    ap.add_argument("--regions", default="qinhuangdao,taicang,kaifeng_checklist")
    ap.add_argument("--naive-sample", type=int, default=200_000, help="claims the naive baseline is timed on (0: skip)")
    ap.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb")
    ap.add_argument("--threads", type=int, default=None, help="DuckDB threads (default: every core)")
    ap.add_argument("--repeats", type=int, default=REPEATS)
    ap.add_argument("--duckdb-memory-limit", default=None, metavar="SIZE",
                    help="SET memory_limit in the collection (e.g. 1GB), to show it spills instead of failing")
    ap.add_argument("--temp-dir", help=argparse.SUPPRESS)
    ap.add_argument("--no-breakdown", action="store_true", help="skip the per-call breakdown run")
    ap.add_argument("--wait-idle", type=float, default=0.0, metavar="SECONDS",
                    help="before each run, wait up to this long for other work on the machine to stop")
    ap.add_argument("--out-json", type=Path, default=None)
    ap.add_argument("--code-commit", default=None, metavar="REV",
                    help="the commit of the jingban code on PYTHONPATH, for an A/B against another checkout")
    # internal: the fresh child processes
    ap.add_argument("--child", choices=("collect", "naive"), help=argparse.SUPPRESS)
    ap.add_argument("--region", help=argparse.SUPPRESS)
    ap.add_argument("--folder", help=argparse.SUPPRESS)
    ap.add_argument("--workdir", help=argparse.SUPPRESS)
    ap.add_argument("--breakdown", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    global MEMORY_LIMIT, TEMP_DIR
    MEMORY_LIMIT, TEMP_DIR = a.duckdb_memory_limit, a.temp_dir

    if a.child == "collect":
        print(json.dumps(child_collect(a.region, a.folder, a.engine, a.threads, a.breakdown)))
        return 0
    if a.child == "naive":
        print(json.dumps(child_naive(a.folder, a.naive_sample, a.engine, a.threads, a.workdir)))
        return 0

    global WAIT_IDLE, CODE_COMMIT
    WAIT_IDLE, CODE_COMMIT = a.wait_idle, a.code_commit
    regions = [r.strip() for r in a.regions.split(",") if r.strip()]
    common = ["--engine", a.engine] + (["--threads", str(a.threads)] if a.threads else [])
    if a.duckdb_memory_limit:
        common += ["--duckdb-memory-limit", a.duckdb_memory_limit, "--temp-dir", str(a.data_dir / "duckdb-tmp")]
    info = machine()
    print(f"machine: {info.get('cpu')} · {info['nproc']} CPUs · {info.get('ram_gib')} GiB · Python {info['python']} · "
          f"duckdb {info['duckdb']} · narwhals {info['narwhals']} · pandas {info['pandas']}", flush=True)
    a.data_dir.mkdir(parents=True, exist_ok=True)
    folders: dict[str, Path] = {}
    generated: dict[str, float | None] = {}
    for region in regions + ([NAIVE_REGION] if a.naive_sample else []):
        folder, took = ensure_data(a.data_dir, a.claims, a.seed, _products(region), a.compression)
        folders[region] = folder
        generated[str(folder)] = took if took is not None else generated.get(str(folder))

    results: dict = {"claims": a.claims, "seed": a.seed, "compression": a.compression, "engine": a.engine,
                     "threads": a.threads,
                     "duckdb_memory_limit": a.duckdb_memory_limit,
                     "repeats": a.repeats, "machine": info, "data": {}, "regions": {}, "naive": None}
    for folder in sorted(set(folders.values())):
        meta = json.loads((folder / "complete.json").read_text())
        results["data"][str(folder)] = {**meta, "written_this_run_s": generated.get(str(folder))}

    for region in regions:
        runs = []
        for i in range(a.repeats):
            out, wall = _run_child(["--child", "collect", "--region", region, "--folder", str(folders[region]),
                                    *common])
            out["child_wall_s"] = wall
            runs.append(out)
            print(f"  {region} run {i + 1}: collect {out['collect_s']:.3f} s, child {wall:.2f} s, "
                  f"peak RSS {out['maxrss_mib']:.0f} MiB, busy before {_pct(out['busy_before'])}, "
                  f"others' CPU during {out.get('others_cpu_s', float('nan')):.2f} s",
                  file=sys.stderr, flush=True)
        facts = {json.dumps(r["facts"], sort_keys=True) for r in runs}
        busiest = max((r["busy_before"] or 0) for r in runs)
        # other processes' CPU seconds as a share of what the machine had during the run
        others = max(r.get("others_cpu_s", 0.0) / (r["child_wall_s"] * (os.cpu_count() or 1)) for r in runs)
        entry = {
            "collect_median_s": statistics.median(r["collect_s"] for r in runs),
            "child_median_s": statistics.median(r["child_wall_s"] for r in runs),
            "maxrss_max_mib": max(r["maxrss_mib"] for r in runs),
            "jvm_maxrss_max_mib": max((r.get("jvm_maxrss_mib") or 0) for r in runs) or None,
            "same_facts_every_run": len(facts) == 1, "busiest_before": busiest,
            "others_cpu_share_max": others,
            "facts": runs[0]["facts"], "problems": runs[0]["problems"], "skipped": runs[0]["skipped"],
            "runs": [{k: v for k, v in r.items() if k not in ("facts", "problems", "skipped", "calls")} for r in runs],
        }
        if not a.no_breakdown:
            out, _ = _run_child(["--child", "collect", "--region", region, "--folder", str(folders[region]),
                                 "--breakdown", *common])
            entry["breakdown"] = {"collect_s": out["collect_s"], "calls": out["calls"]}
        results["regions"][region] = entry

    if a.naive_sample:
        work = a.data_dir / f"naive-sample-{a.naive_sample}-seed{a.seed}"
        out, wall = _run_child(["--child", "naive", "--folder", str(folders[NAIVE_REGION]),
                                "--naive-sample", str(a.naive_sample), "--workdir", str(work), *common])
        out["child_wall_s"] = wall
        out["extrapolated_s"] = a.claims / out["rows_per_s"]
        out["lookup_extrapolated_s"] = a.claims / out["lookup_rows_per_s"]
        # memory the naive way needs for every claim: the DataFrame grows linearly with the rows
        out["extrapolated_df_gib"] = out["df_bytes"] / out["sample"] * a.claims / 2**30
        out["extrapolated_rss_gib"] = (out["rss_start_mib"]
                                       + (out["rss_after_apply_mib"] - out["rss_start_mib"]) * a.claims / out["sample"]
                                       ) / 1024
        out["counts_agree"] = ((out["naive_late"], out["naive_late_vulnerable"])
                               == (out["fast_late"], out["fast_late_vulnerable"])
                               and out["lookup_late"] == out["fast_late"])
        results["naive"] = out

    # ---- report
    print()
    print(f"{a.claims:,} claims · engine {a.engine} · median of {a.repeats} fresh processes per region")
    print(f"{'region':<20} {'collect_facts':>14} {'whole child':>12} {'peak RSS':>10}  facts")
    for region, e in results["regions"].items():
        print(f"{region:<20} {_fmt_s(e['collect_median_s']):>14} {_fmt_s(e['child_median_s']):>12} "
              f"{e['maxrss_max_mib']:>6.0f} MiB  {len(e['facts'])}{'' if e['same_facts_every_run'] else ' (differ!)'}")
        if e["jvm_maxrss_max_mib"]:
            print(f"{'':<20} + Spark's JVM: peak RSS {e['jvm_maxrss_max_mib']:.0f} MiB (not in the peak RSS column)")
        if a.engine == "duckdb" and (e["busiest_before"] > 0.1 or e["others_cpu_share_max"] > 0.03):
            print(f"{'':<20} warning: other processes used up to {e['others_cpu_share_max']:.0%} of the CPUs during "
                  f"a run (busy {e['busiest_before']:.0%} before one); times are inflated")
        if e["problems"] or e["skipped"]:
            print(f"{'':<20} problems {e['problems']} skipped {e['skipped']}")
    for region, e in results["regions"].items():
        if "breakdown" not in e:
            continue
        b = e["breakdown"]
        print(f"\nbreakdown run, {region} (collect_facts {_fmt_s(b['collect_s'])}): engine calls of 10 ms or more, "
              f"by start; calls that overlap ran at the same time")
        for c in sorted((c for c in b["calls"] if c["s"] >= 0.01), key=lambda c: c["at"]):
            print(f"  at {c['at']:6.3f} s  {c['s']:6.3f} s  {c['engine']:<6}  {c['call']}")
    n = results["naive"]
    if n:
        fast = results["regions"].get(NAIVE_REGION, {}).get("collect_median_s")
        print()
        print(f"naive pandas row-wise apply ({NAIVE_REGION} late claims), sample {n['sample']:,} claims:")
        print(f"  {n['rows_per_s']:,.0f} rows/s -> {_fmt_s(n['extrapolated_s'])} for {a.claims:,} claims "
              f"(read {n['read_s']:.2f} s, apply {n['apply_s']:.2f} s); DataFrame ~{n['extrapolated_df_gib']:.1f} GiB, "
              f"RSS ~{n['extrapolated_rss_gib']:.1f} GiB extrapolated")
        print(f"  the same apply with cal.is_late (binary search) instead of the walk: {n['lookup_rows_per_s']:,.0f} "
              f"rows/s -> {_fmt_s(n['lookup_extrapolated_s'])}")
        print(f"  late claims on the sample: naive {n['naive_late']:,} / fast {n['fast_late']:,}; vulnerable: naive "
              f"{n['naive_late_vulnerable']:,} / fast {n['fast_late_vulnerable']:,} -> "
              f"{'agree' if n['counts_agree'] else 'DISAGREE'}")
        if fast:
            results["speedup"] = n["extrapolated_s"] / fast
            results["speedup_vs_lookup_apply"] = n["lookup_extrapolated_s"] / fast
            print(f"  speed-up: {results['speedup']:,.0f}x (naive extrapolated / {NAIVE_REGION} collect_facts "
                  f"median, which computes all its facts); {results['speedup_vs_lookup_apply']:,.0f}x against the "
                  f"apply with cal.is_late")
    if a.out_json:
        a.out_json.parent.mkdir(parents=True, exist_ok=True)
        a.out_json.write_text(json.dumps(results, indent=2, default=str) + "\n")
        print(f"\nwrote {a.out_json}")
    if n and not n["counts_agree"]:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
