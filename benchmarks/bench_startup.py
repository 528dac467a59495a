"""Benchmark: how long `assess` takes to start, against `python -c "import click"` in the same run.

    uv run python benchmarks/bench_startup.py                  # 10 rounds, writes benchmarks/results/startup.json
    uv run python benchmarks/bench_startup.py --repeats 30 --out-json /tmp/startup.json
    uv run python benchmarks/bench_startup.py --tree /tmp/jb-old --out-json /tmp/old.json   # another checkout

Each command runs as a fresh process, with the interpreter of this script and the `assess` console
script beside it:

- `python -c "import click"`, the yardstick: an interpreter that loads the CLI library and nothing else;
- `assess --help`;
- `assess --version`;
- `assess --region taicang --evidence examples/taicang/2024.toml`, the Taicang example assessment;
- the same through `jingban.cli.main` rather than the console script's `jingban.__main__.run`,
  that is without what the process of its own does to the garbage collector: the threshold of the
  youngest generation raised before the CLI is imported, and the `gc.freeze()` before exit
  (`taicang, no freeze`; the name is kept from before the threshold, to compare files).

`--tree DIR` measures another checkout with its own `.venv` (`uv sync` in it first), e.g. the code
before a change, from `git worktree add`.

Bytecode is cached: the children run without PYTHONDONTWRITEBYTECODE, and one warm-up round (not
timed) writes the `.pyc` files before the timed rounds. The timed rounds interleave the commands,
in an order rotated each round, so that a machine whose speed drifts slows every command alike;
each command's median wall time is then compared with the yardstick's median from the same run.
Each run also records the CPU seconds other processes used meanwhile (`/proc/stat` minus the
child's own), so a noisy run can be recognised. One more run of the Taicang example under
`python -X importtime` (not timed) says where its imports spend their time, as shares, since the
option's own bookkeeping slows them. Prints a table; writes every time, the machine and the git
commit as JSON. A benchmark, not a timed test (tests/test_startup.py checks the imports).
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

HERE = Path(__file__).resolve().parent.parent
ROOT = HERE  # the checkout measured (--tree)
DEFAULT_OUT = HERE / "benchmarks" / "results" / "startup.json"
REPEATS = 10
YARDSTICK = "import click"
# the targets, as ratios to the yardstick's median
TARGETS = {"assess --help": 2.0, "taicang example": 3.0}
TAICANG = ["--region", "taicang", "--evidence", "examples/taicang/2024.toml"]
# `assess` without the console script's jingban.__main__.run (which raises the GC threshold at start
# and freezes the heap before exit)
NO_FREEZE = "import sys; from jingban.cli import main; main(sys.argv[1:], prog_name='assess')"


def commands(python: str, assess: str) -> dict[str, list[str]]:
    return {
        YARDSTICK: [python, "-c", "import click"],
        "assess --help": [assess, "--help"],
        "assess --version": [assess, "--version"],
        "taicang example": [assess, *TAICANG],
        "taicang, no freeze": [python, "-c", NO_FREEZE, *TAICANG],
    }


def _machine_cpu_s() -> float | None:
    """Busy CPU seconds of the whole machine since boot (/proc/stat)."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")  # less idle and iowait


def _cpu_busy(interval: float) -> float | None:
    """Share of the machine busy over `interval` seconds while this script sleeps."""
    a = _machine_cpu_s()
    time.sleep(interval)
    b = _machine_cpu_s()
    return None if a is None or b is None else (b - a) / (interval * (os.cpu_count() or 1))


def run_once(argv: list[str], env: dict[str, str]) -> dict:
    """One fresh process: its wall time, and other processes' CPU seconds while it ran."""
    cpu0, ru0 = _machine_cpu_s(), resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - t
    ru1, cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN), _machine_cpu_s()
    if proc.returncode not in (0, 1):  # 1: a provisional result is a result
        raise SystemExit(f"{' '.join(argv)} exited {proc.returncode}:\n{proc.stderr.decode()[-2000:]}")
    own = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
    others = None if cpu0 is None or cpu1 is None else max(0.0, (cpu1 - cpu0) - own)
    return {"wall_s": wall, "cpu_s": own, "others_cpu_s": others}


def _bytecode_cached(python: str, env: dict[str, str]) -> bool:
    """Whether the warm-up left a .pyc for the CLI module (a read-only install would not)."""
    code = ("import importlib.util, os, sys; s = importlib.util.find_spec('jingban.cli'); "
            "sys.exit(0 if s.cached and os.path.exists(s.cached) else 1)")
    return subprocess.run([python, "-c", code], cwd=ROOT, env=env, check=False).returncode == 0


def import_shares(python: str, assess: str, env: dict[str, str]) -> dict:
    """Where the Taicang example's imports spend their time: `-X importtime` self times, summed by
    group, as shares, and the modules that take longest themselves."""
    proc = subprocess.run([python, "-X", "importtime", assess, *TAICANG], cwd=ROOT, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    stdlib = set(subprocess.run([python, "-c", "import sys; print(*sys.stdlib_module_names)"],
                                capture_output=True, text=True, check=False).stdout.split())
    own: dict[str, int] = {}
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        fields = [f.strip() for f in line[len("import time:"):].split("|")]
        if not fields[0].isdigit():
            continue  # the header line
        own[fields[2]] = own.get(fields[2], 0) + int(fields[0])

    def group(name: str) -> str:
        top = name.split(".")[0].lstrip("_")
        if top.startswith("jingban"):
            return "jingban" if top == "jingban" else "region plugin"
        if top in ("click", "attr", "attrs", "pluggy"):
            return "attrs" if top == "attr" else top
        return "standard library" if top in stdlib or name.split(".")[0] in stdlib else "other"

    total = sum(own.values()) or 1
    groups: dict[str, int] = {}
    for name, us in own.items():
        groups[group(name)] = groups.get(group(name), 0) + us
    top = sorted(own.items(), key=lambda kv: -kv[1])[:12]
    return {"total_self_us": total, "modules": len(own),
            "share_by_group": {g: round(us / total, 3) for g, us in sorted(groups.items(), key=lambda kv: -kv[1])},
            "slowest_modules": [{"module": n, "self_us": us, "share": round(us / total, 3)} for n, us in top]}


def machine(python: str) -> dict:
    info = {"cpu": None, "nproc": os.cpu_count(), "usable_cpus": len(os.sched_getaffinity(0)),
            "python": subprocess.run([python, "-c", "import platform; print(platform.python_version())"],
                                     capture_output=True, text=True, check=False).stdout.strip(),
            "platform": platform.platform()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return info


def git_commit() -> dict:
    def git(*args: str) -> str | None:
        try:
            out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        except OSError:
            return None
        return out.stdout.strip() if out.returncode == 0 else None

    status = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": git("rev-parse", "--short", "HEAD"), "dirty": bool(status) if status is not None else None}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeats", type=int, default=REPEATS, help=f"timed rounds (default {REPEATS})")
    ap.add_argument("--tree", type=Path, default=None, metavar="DIR",
                    help="the checkout to measure, with its own .venv (default: this script's)")
    ap.add_argument("--python", default=None,
                    help="interpreter of the environment (default: the tree's .venv, else this one)")
    ap.add_argument("--code-commit", default=None, metavar="REV",
                    help="the commit of the tree measured, when it is not a git checkout (git archive)")
    ap.add_argument("--wait-idle", type=float, default=0.0, metavar="SECONDS",
                    help="before each round, wait up to this long for other work on the machine to stop")
    ap.add_argument("--out-json", type=Path, default=DEFAULT_OUT)
    a = ap.parse_args(argv)

    global ROOT
    if a.tree is not None:
        ROOT = a.tree.resolve()
    python = a.python or (str(ROOT / ".venv" / "bin" / "python") if a.tree is not None else sys.executable)
    assess = str(Path(python).parent / "assess")
    if not Path(assess).exists():
        raise SystemExit(f"no console script {assess}: run `uv sync` first")
    cmds = commands(python, assess)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

    for argv_ in cmds.values():  # warm-up: writes the bytecode, fills the OS's file cache
        run_once(argv_, env)
    cached = _bytecode_cached(python, env)

    names = list(cmds)
    runs: dict[str, list[dict]] = {n: [] for n in names}
    for i in range(a.repeats):
        deadline = time.monotonic() + a.wait_idle
        while a.wait_idle and time.monotonic() < deadline and (_cpu_busy(1.0) or 0) > 0.1:
            pass
        k = i % len(names)
        for name in names[k:] + names[:k]:  # rotated, so no command always runs first
            runs[name].append(run_once(cmds[name], env))

    base = statistics.median(r["wall_s"] for r in runs[YARDSTICK])
    results = {}
    for name in names:
        walls = [r["wall_s"] for r in runs[name]]
        med = statistics.median(walls)
        results[name] = {
            "argv": [Path(x).name if j == 0 else x for j, x in enumerate(cmds[name])],
            "median_s": med, "min_s": min(walls), "max_s": max(walls), "ratio": med / base,
            "target_ratio": TARGETS.get(name), "runs": runs[name],
        }
    shares = import_shares(python, assess, env)
    others = [r["others_cpu_s"] for rs in runs.values() for r in rs if r["others_cpu_s"] is not None]
    doc = {"repeats": a.repeats, "bytecode_cached": cached, "machine": machine(python), **(git_commit() if a.code_commit is None else {"commit": a.code_commit, "dirty": None}),
           "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
           "others_cpu_s_median": statistics.median(others) if others else None,
           "commands": results, "imports": shares}

    m = doc["machine"]
    print(f"{m['cpu']} · {m['nproc']} CPUs · Python {m['python']} · commit {doc['commit']}"
          f"{' (uncommitted changes)' if doc['dirty'] else ''} · {a.repeats} rounds · bytecode "
          f"{'cached' if cached else 'NOT cached'}")
    print(f"{'command':<20} {'median':>8} {'min':>8} {'max':>8} {'ratio':>6}  target")
    for name, r in results.items():
        target = r["target_ratio"]
        verdict = "" if target is None else f"<= {target:g}x {'met' if r['ratio'] <= target else 'MISSED'}"
        print(f"{name:<20} {r['median_s']:>7.3f}s {r['min_s']:>7.3f}s {r['max_s']:>7.3f}s {r['ratio']:>5.2f}x  {verdict}")
    if doc["others_cpu_s_median"] is not None and doc["others_cpu_s_median"] > 0.05:
        print(f"warning: other processes used {doc['others_cpu_s_median']:.2f} CPU s per run (median); "
              "times are inflated")
    print("imports of the Taicang example (-X importtime self time): "
          + ", ".join(f"{g} {x:.0%}" for g, x in shares["share_by_group"].items()))
    a.out_json.parent.mkdir(parents=True, exist_ok=True)
    a.out_json.write_text(json.dumps(doc, indent=2) + "\n")
    print(f"wrote {a.out_json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
