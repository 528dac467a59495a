"""Mutation run over the money and scoring code: does some test fail for each small planted change?

Not a test and not in CI (it takes a long while): run it by hand after changing amounts,
settlement, the scoring primitives or the shapes, and kill or explain every survivor in
docs/testing.md ("Mutation testing").

    uv run python benchmarks/mutation.py                       # every file, the default tests
    uv run python benchmarks/mutation.py core/src/jingban/settlement.py --limit 20
    uv run python benchmarks/mutation.py --list                # the mutants, nothing run

Why our own script and not mutmut: mutmut 3 copies the sources into ./mutants/ and mutates only
code inside functions (module constants such as MAX_AMOUNT and CENT are out of its reach: "if you
want to mutate code outside of functions, you can try using mutmut 2"), and this uv workspace
imports `jingban` from core/src through an editable install that the copy does not replace for
the five test directories; on a shared 2-CPU machine a run of the whole suite per mutant is out of
reach too. This script is small and does what we need: each mutant is one AST change (a comparison,
an arithmetic or boolean operator, a number, min/max, a rounding mode) to one file, written to a
shadow copy of core/src that goes first on PYTHONPATH, so the working tree is never touched and an
interrupted run leaves nothing behind; a chosen subset of the tests (the hand-computed ones that
reach these modules) runs against it, stopping at the first failure.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "core" / "src"
FILES = [
    "core/src/jingban/amounts.py",
    "core/src/jingban/settlement.py",
    "core/src/jingban/scoring/clauses.py",
    "core/src/jingban/scoring/findings.py",
    "core/src/jingban/scoring/bonus.py",
    "core/src/jingban/scoring/requirements.py",
    "core/src/jingban/shapes/deductions.py",
    "core/src/jingban/shapes/dimensions.py",
    "core/src/jingban/shapes/rating.py",
    "core/src/jingban/shapes/check.py",
]
TESTS = [
    "tests/test_amounts.py",
    "tests/test_settlement_ceiling.py",
    "tests/test_settlement.py",
    "plugins/qinhuangdao/tests/test_rules.py",
    "plugins/taicang/tests/test_rules.py",
    "plugins/tianjin_ltc/tests/test_rules.py",
    "plugins/kaifeng_checklist/tests/test_rules.py",
    "tests/test_clause_consequences.py",
    "tests/test_clause_primitives.py",
]

SWAP_CMP = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
            ast.NotEq: ast.Eq, ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.In: ast.NotIn, ast.NotIn: ast.In}
SWAP_BIN = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.FloorDiv: ast.Div}
SWAP_NAME = {"min": "max", "max": "min", "ROUND_HALF_UP": "ROUND_HALF_EVEN", "ROUND_FLOOR": "ROUND_CEILING",
             "ROUND_CEILING": "ROUND_FLOOR", "ZERO": "ONE", "ONE": "ZERO", "True": "False", "False": "True"}


def _docstring_nodes(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def candidates(tree: ast.AST) -> list[tuple[int, str, int, str]]:
    """(node index in ast.walk order, kind, line, description) for every mutation of the tree."""
    out = []
    docs = _docstring_nodes(tree)
    for n, node in enumerate(ast.walk(tree)):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Compare):
            for k, op in enumerate(node.ops):
                if type(op) in SWAP_CMP:
                    out.append((n, f"cmp{k}", line, f"{type(op).__name__} -> {SWAP_CMP[type(op)].__name__}"))
        elif isinstance(node, ast.BinOp) and type(node.op) in SWAP_BIN:
            out.append((n, "bin", line, f"{type(node.op).__name__} -> {SWAP_BIN[type(node.op)].__name__}"))
        elif isinstance(node, ast.BoolOp):
            out.append((n, "bool", line, "and <-> or"))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            out.append((n, "not", line, "drop not"))
        elif isinstance(node, ast.Constant) and id(node) not in docs:
            v = node.value
            if isinstance(v, bool):
                out.append((n, "const", line, f"{v} -> {not v}"))
            elif isinstance(v, int):
                out.append((n, "const", line, f"{v} -> {v + 1}"))
            elif isinstance(v, str) and _decimal_text(v):
                out.append((n, "const", line, f"'{v}' -> '{_bump(v)}'"))
        elif isinstance(node, ast.Name) and node.id in SWAP_NAME and isinstance(node.ctx, ast.Load):
            out.append((n, "name", line, f"{node.id} -> {SWAP_NAME[node.id]}"))
    return out


def _decimal_text(v: str) -> bool:
    try:
        float(v)
    except ValueError:
        return False
    return v.strip() != "" and not v.strip().lower().startswith(("n", "i", "+n", "-n"))


def _bump(v: str) -> str:
    from decimal import Decimal

    d = Decimal(v)
    return str(d + (Decimal(1).scaleb(d.as_tuple().exponent) if d.as_tuple().exponent < 0 else 1))


def mutate(source: str, index: int, kind: str) -> str:
    tree = ast.parse(source)
    node = list(ast.walk(tree))[index]
    if kind.startswith("cmp"):
        k = int(kind[3:])
        node.ops[k] = SWAP_CMP[type(node.ops[k])]()
    elif kind == "bin":
        node.op = SWAP_BIN[type(node.op)]()
    elif kind == "bool":
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    elif kind == "not":
        node.op = ast.UAdd()  # +x on a bool is the int; the truth value stays the operand's
    elif kind == "const":
        v = node.value
        node.value = (not v) if isinstance(v, bool) else (v + 1) if isinstance(v, int) else _bump(v)
    elif kind == "name":
        node.id = SWAP_NAME[node.id]
    return ast.unparse(tree)


def run_tests(shadow: Path, tests: list[str], timeout: int, extra: list[str] = ()) -> str:
    env = dict(os.environ, PYTHONPATH=str(shadow) + os.pathsep + os.environ.get("PYTHONPATH", ""),
               PYTHONDONTWRITEBYTECODE="1")
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *extra, *tests]
    try:
        res = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout"  # counted as killed: the mutant hangs the suite
    return "survived" if res.returncode == 0 else "killed"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", default=FILES)
    ap.add_argument("--tests", nargs="*", default=TESTS)
    ap.add_argument("--limit", type=int, default=None, help="at most this many mutants per file")
    ap.add_argument("--list", action="store_true", help="list the mutants and stop")
    ap.add_argument("--timeout", type=int, default=600)
    ap.add_argument("--only", default=None, help="only the mutants on these lines (comma-separated), to recheck survivors")
    ap.add_argument("--pytest-args", default="", help='more pytest arguments, e.g. "-k duckdb"')
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "mutation.json"))
    args = ap.parse_args()

    results = []
    extra = shlex.split(args.pytest_args)
    only = {int(x) for x in args.only.split(",")} if args.only else None
    with tempfile.TemporaryDirectory(prefix="jingban-mut-") as tmp:
        shadow = Path(tmp) / "src"
        shutil.copytree(SRC, shadow, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        if not args.list and run_tests(shadow, args.tests, args.timeout, extra) != "survived":
            print("the chosen tests fail without any mutant: fix them first", file=sys.stderr)
            return 2
        for rel in args.files:
            path = ROOT / rel
            source = path.read_text(encoding="utf-8")
            target = shadow / path.relative_to(SRC)
            muts = [m for m in candidates(ast.parse(source)) if only is None or m[2] in only][: args.limit]
            for index, kind, line, what in muts:
                if args.list:
                    print(f"{rel}:{line}: {what}")
                    continue
                mutated = mutate(source, index, kind)
                if mutated == ast.unparse(ast.parse(source)):
                    continue
                target.write_text(mutated, encoding="utf-8")
                t0 = time.monotonic()
                outcome = run_tests(shadow, args.tests, args.timeout, extra)
                target.write_text(source, encoding="utf-8")
                results.append({"file": rel, "line": line, "mutation": what, "outcome": outcome})
                print(f"{outcome:8} {rel}:{line}: {what} ({time.monotonic() - t0:.0f}s)", flush=True)
    if args.list:
        return 0
    killed = sum(r["outcome"] != "survived" for r in results)
    survived = [r for r in results if r["outcome"] == "survived"]
    print(f"\n{len(results)} mutants, {killed} killed, {len(survived)} survived")
    for r in survived:
        print(f"  survived {r['file']}:{r['line']}: {r['mutation']}")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps({"mutants": len(results), "killed": killed, "survived": len(survived),
                                          "results": results}, ensure_ascii=False, indent=1) + "\n",
                              encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
