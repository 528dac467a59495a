"""A seeded corpus of malformed inputs over the shipped examples (issue 11).

Each case takes one shipped file (an example's evidence, the Tianjin agreement, a calendar
override, a synthetic ledger, a region's rules file, or a command line), breaks it in one way
drawn from a seeded generator, and runs it as an operator would. Whatever the break, these hold:

- no internal error: the exit code is 0, 1 or 2 (3 only for a plugin that fails to load), never 4,
  and no traceback;
- bad input is refused whole: exit 2 leaves standard output empty and says one line on standard
  error, naming the file it read (or the option, for a command line);
- a break that can only be malformed (a duplicated key, an unknown key, a value of the wrong type
  where the format says which) is refused, never assessed;
- the ID and phone numbers planted in the inputs never reach standard output, standard error or
  the log unmasked.

The generator is seeded: a failing case is reproduced from its id alone. `JINGBAN_CORPUS=N` runs
N cases per family instead of the default (CI runs the default, a few hundred in all).
"""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

from jingban.cli import main
from jingban.errors import InputError
from jingban.rulesfile import load_rules

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
PLUGINS = ROOT / "plugins"
PER_FAMILY = int(os.environ.get("JINGBAN_CORPUS", "60"))

# Planted personal data: a resident ID number (18 digits, and the 15-digit old form), a mobile
# number in three spellings. None may come out unmasked.
ID18, ID15, PHONE = "110101199003071234", "110101900307123", "13812345678"
PERSONAL = (ID18, ID15, PHONE, "+86 138 1234 5678", "138-1234-5678")

EVIDENCE = {
    "taicang": EXAMPLES / "taicang" / "2024.toml",
    "qinhuangdao": EXAMPLES / "qinhuangdao" / "2024-resident.toml",
    "kaifeng_checklist": EXAMPLES / "kaifeng_checklist" / "2020-self-inspection.toml",
    "tianjin_ltc": EXAMPLES / "tianjin_ltc" / "2024-heping.toml",
}
AGREEMENT = EXAMPLES / "tianjin_ltc" / "agreement-example.toml"
RULES = {r: PLUGINS / r / "src" / f"jingban_{r}" / "rules.toml" for r in EVIDENCE}
CALENDAR = """\
# a newly published notice and a regional layer (docs/calendar.md)
[years.2027]
source = "国务院办公厅关于2027年部分节假日安排的通知（示例）"
holidays = [2027-01-01, 2027-10-01]
workdays = [2027-09-26]

[layers.demo]
source = "示例地方补充假日"
days_off = [2024-03-08]
"""

ASSIGNMENT = re.compile(r"^(\s*)([A-Za-z_][\w\-]*(?:\.[\w\-]+)*|\"[^\"]+\")(\s*=\s*)(.+?)\s*$")
TABLE = re.compile(r"^\s*\[\[?[^\]]+\]\]?\s*(#.*)?$")

# Values put in place of a key's value. Each is TOML that parses; many are of another type than
# the format wants, out of range, or personal data.
VALUES = (
    '"1e30"', "1e30", "10000000000000000000000000000000", "-1", '"-5.00"', '""', "[]", "{}",
    "true", "0", '"NaN"', "nan", "inf", '"8,5"', '"1,500000.00"', f'"{PHONE}"', f'"{ID18}"',
    f'"张三 {ID15}"', '"+86 138 1234 5678"', '"2024-13-45"', "2024-02-30T00:00:00", '"\\u0000"',
    '"x\\u0000y.toml"', '["a", 1]', '[[1, 2], "x"]', '{ a = 1 }', '"' + "很长" * 3000 + '"',
    "1.5", '"0.000000000000000000000000001"', '"1" ', "2024-01-01",
)


@attrs.frozen
class Case:
    """One malformed input: how to run it and what it must give."""

    id: str
    family: str
    files: dict = attrs.field(factory=dict)   # name -> bytes, written into a fresh folder
    args: tuple = ()                          # the command line; {dir} stands for that folder
    named: str = ""                           # what a refusal must name (a file or an option)
    must_refuse: bool = False                 # the break can only be malformed


# ---- breaking a TOML text, line by line -------------------------------------------------------

def _assignments(lines: list[str]) -> list[int]:
    return [i for i, x in enumerate(lines) if ASSIGNMENT.match(x) and not x.lstrip().startswith("#")
            and not x.rstrip().endswith(("[", "{", ","))]


def break_toml(text: str, rng: random.Random) -> tuple[str, str, bool]:
    """One break of a TOML text: (the new text, what was done, whether it can only be malformed)."""
    lines = text.split("\n")
    spots = _assignments(lines)
    how = rng.choice(("value", "value", "value", "drop", "duplicate", "unknown", "truncate",
                      "bytes", "table", "personal"))
    if how == "value" and spots:
        i = rng.choice(spots)
        m = ASSIGNMENT.match(lines[i])
        new = rng.choice(VALUES)
        lines[i] = f"{m[1]}{m[2]}{m[3]}{new}"
        # a table where a number or a text stood, or a truth value where a text or a number
        # stood: no key of any format takes both
        was_scalar = m[4][0] in '"-0123456789'
        refuse = was_scalar and (new.startswith("{") or (new == "true" and m[4] not in ("true", "false")))
        return "\n".join(lines), f"line {i + 1}: {m[2]} = {new[:30]}", refuse
    if how == "drop" and spots:
        i = rng.choice(spots)
        return "\n".join(lines[:i] + lines[i + 1:]), f"line {i + 1} dropped", False
    if how == "duplicate" and spots:
        # The same key twice in one table is never valid TOML.
        i = rng.choice(spots)
        return "\n".join(lines[:i + 1] + [lines[i]] + lines[i + 1:]), f"line {i + 1} twice", True
    if how == "unknown" and spots:
        # A key no format defines, beside a real one: a typo the reader must not pass over.
        i = rng.choice(spots)
        m = ASSIGNMENT.match(lines[i])
        lines.insert(i + 1, f"{m[1]}zz_no_such_key{m[3]}{m[4]}")
        return "\n".join(lines), f"unknown key after line {i + 1}", True
    if how == "truncate":
        cut = rng.randrange(1, max(2, len(text)))
        return text[:cut], f"cut at {cut}", False
    if how == "bytes":
        raw = text.encode("utf-8")
        at = rng.randrange(len(raw))
        junk = bytes(rng.choice((0x00, 0xff, 0xfe, 0xc3, 0x80, 0xe4, 0x0b)) for _ in range(rng.randint(1, 4)))
        return (raw[:at] + junk + raw[at:]).decode("utf-8", "surrogateescape"), f"bytes at {at}", False
    if how == "table":
        at = rng.choice([i for i, x in enumerate(lines) if TABLE.match(x)] or [len(lines) - 1])
        name = rng.choice(("[facts]", "[[findings]]", "[zz_table]", "[period]", "[ratings.zz]", "[[survey]]"))
        lines.insert(at, name)
        return "\n".join(lines), f"{name} before line {at + 1}", False
    # personal data in every string value of one table: the reader may take it, never show it
    strings = [i for i in spots if ASSIGNMENT.match(lines[i])[4].startswith('"')]
    for i in rng.sample(strings, min(3, len(strings))):
        m = ASSIGNMENT.match(lines[i])
        lines[i] = f'{m[1]}{m[2]}{m[3]}"{rng.choice(PERSONAL)} 张三"'
    return "\n".join(lines), "personal data in strings", False


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


# ---- the families ----------------------------------------------------------------------------

def evidence_cases(n: int) -> list[Case]:
    out = []
    for region, path in EVIDENCE.items():
        rng = random.Random(f"evidence-{region}")
        base = path.read_text(encoding="utf-8")
        for k in range(n // len(EVIDENCE)):
            text, what, refuse = break_toml(base, rng)
            files = {"evidence.toml": _encode(text)}
            if region == "tianjin_ltc":
                files["agreement-example.toml"] = AGREEMENT.read_bytes()
            args = ["-e", "{dir}/evidence.toml", "--format", rng.choice(("table", "json"))]
            if rng.random() < 0.3:
                args += ["--log-level", "debug", "--log-format", rng.choice(("console", "json"))]
            out.append(Case(f"evidence-{region}-{k}: {what}", "evidence", files, tuple(args),
                            "evidence.toml", refuse))
    return out


def agreement_cases(n: int) -> list[Case]:
    rng = random.Random("agreement")
    base = AGREEMENT.read_text(encoding="utf-8")
    evidence = EVIDENCE["tianjin_ltc"].read_bytes()
    out = []
    for k in range(n):
        text, what, refuse = break_toml(base, rng)
        files = {"evidence.toml": evidence, "agreement-example.toml": _encode(text)}
        out.append(Case(f"agreement-{k}: {what}", "agreement", files,
                        # an indicator id broken in the agreement leaves the evidence scoring an
                        # item the agreement no longer has: the evidence's key is named then
                        ("-e", "{dir}/evidence.toml", "--format", "json"), "agreement-example.toml|evidence.toml",
                        refuse))
    return out


def calendar_cases(n: int) -> list[Case]:
    rng = random.Random("calendar")
    out = []
    for k in range(n):
        text, what, refuse = break_toml(CALENDAR, rng)
        files = {"calendar.toml": _encode(text)}
        args = rng.choice((
            ("calendar", "deadline", "--from", "2024-02-05", "--days", "15", "--calendar", "{dir}/calendar.toml"),
            ("calendar", "show", "--year", "2027", "--calendar", "{dir}/calendar.toml"),
            ("-e", str(EVIDENCE["taicang"]), "--calendar", "{dir}/calendar.toml"),
        ))
        out.append(Case(f"calendar-{k}: {what}", "calendar", files, args, "calendar.toml", refuse))
    return out


def rules_cases(n: int) -> list[Case]:
    out = []
    for region, path in RULES.items():
        rng = random.Random(f"rules-{region}")
        base = path.read_text(encoding="utf-8")
        for k in range(n // len(RULES)):
            text, what, refuse = break_toml(base, rng)
            out.append(Case(f"rules-{region}-{k}: {what}", "rules", {"rules.toml": _encode(text)},
                            (), "rules.toml", refuse))
    return out


OPTION_VALUES = {
    "--score": ("8,5", "1e30", "-1", "abc", "", "101", "NaN", "1,000", "九十", f"{PHONE}"),
    "--fee": ("1500000,50", "1e30", "-1", "", "1,500,000.00.0", "inf", f"{ID18}", "0x10"),
    "--format": ("pdf", "", "TABLE"),
    "--lang": ("fr", "", "ZH-cn"),
    "--region": ("atlantis", "", PHONE, "../taicang", "taicang\x00"),
    "--option": ("no_equals", "=x", "zz=1", f"same_issue_rows={PHONE}"),
    "--evidence": ("/nonexistent/e.toml", "{dir}", f"{{dir}}/{ID18}.toml"),
}


def command_cases(n: int) -> list[Case]:
    rng = random.Random("command")
    out = []
    for k in range(n):
        opt = rng.choice(sorted(OPTION_VALUES))
        value = rng.choice(OPTION_VALUES[opt])
        if opt in ("--score", "--fee"):
            given = {"--score": "90", "--fee": "3200000.00", opt: value}
            args = ("settle", "--region", "taicang", "--score", given["--score"], "--fee", given["--fee"])
        elif opt == "--evidence":
            args = ("--evidence", value)
        else:
            args = ("-e", str(EVIDENCE["qinhuangdao"]), opt, value)
        # a missing evidence file is named by its path, which the refusal must hold (masked)
        # a folder given as the evidence is named by its path
        named = ("{dir}" if value == "{dir}" else "file not found") if opt == "--evidence" else opt.lstrip("-")
        out.append(Case(f"command-{k}: {opt} {value[:20]!r}", "command", {}, args, named))
    return out


def _demo_ledgers() -> dict[str, bytes]:
    """Six small synthetic CSV ledgers (seeded), written once: the base every ledger case breaks."""
    import tempfile

    from jingban.ledgers.demo import write_demo

    with tempfile.TemporaryDirectory() as d:
        return {p.name: p.read_bytes() for p in write_demo(Path(d), 30, 7, fmt="csv")}


def break_csv(files: dict[str, bytes], rng: random.Random) -> tuple[dict, str, bool]:
    """One break of one ledger: (the files, what was done, whether --strict must refuse it)."""
    files = dict(files)
    name = rng.choice(sorted(files))
    lines = files[name].decode("utf-8").splitlines()
    row = rng.randrange(1, len(lines)) if len(lines) > 1 else 0
    cells = lines[row].split(",")
    how = rng.choice(("cell", "cell", "fewer", "more", "header", "empty", "head_only", "bytes", "gbk",
                      "utf16", "crlf", "huge", "directory", "parquet", "personal"))
    strict = False
    if how == "cell":
        at = rng.randrange(len(cells))
        cells[at] = rng.choice(("yes", "T", "2024-02-30", "-1", "1e30", "", "NaN", '"', "2024/13/01", "是"))
        lines[row] = ",".join(cells)
        what = f"{name} row {row + 1} cell {at + 1} = {cells[at]!r}"
    elif how == "fewer":
        lines[row] = ",".join(cells[:-1])
        what, strict = f"{name} row {row + 1} one field short", False
    elif how == "more":
        lines[row] = ",".join(cells + ["x"])
        what = f"{name} row {row + 1} one field more"
    elif how == "header":
        head = lines[0].split(",")
        head[rng.randrange(len(head))] = rng.choice(("zz", "", "claim_id", "申请日期"))
        lines[0] = ",".join(head)
        what = f"{name} header {lines[0][:40]}"
    elif how == "empty":
        files[name] = b""
        return files, f"{name} empty", False
    elif how == "head_only":
        lines = lines[:1]
        what = f"{name} header only"
    elif how == "bytes":
        raw = "\n".join(lines).encode("utf-8")
        at = rng.randrange(len(raw))
        files[name] = raw[:at] + b"\xff\xfe\x00" + raw[at:]
        return files, f"{name} bytes at {at}", False
    elif how == "gbk":
        files[name] = ("\n".join(lines) + "\n").replace("虚构", "测试").encode("gb18030")
        return files, f"{name} in GBK", False
    elif how == "utf16":
        files[name] = ("\n".join(lines) + "\n").encode("utf-16")
        return files, f"{name} in UTF-16", False
    elif how == "crlf":
        files[name] = ("\r\n".join(lines) + "\r\n").encode("utf-8")
        return files, f"{name} CRLF", False
    elif how == "huge":
        cells[-1] = "很" * 200_000
        lines[row] = ",".join(cells)
        what = f"{name} row {row + 1} a 200,000-character field"
    elif how == "directory":
        files[name] = None  # a folder where the file should be
        return files, f"{name} is a folder", False
    elif how == "parquet":
        del files[name]
        files[name.replace(".csv", ".parquet")] = rng.choice((b"", b"PAR1garbagePAR1", bytes(range(256))))
        return files, f"{name} as a broken Parquet file", False
    else:
        survey = files["survey.csv"].decode("utf-8").splitlines()
        for i in rng.sample(range(1, len(survey)), min(3, len(survey) - 1)):
            c = survey[i].split(",")
            c[2], c[3] = rng.choice((ID18, ID15)), rng.choice((PHONE, "+86 138 1234 5678"))
            survey[i] = ",".join(c)
        files["survey.csv"] = ("\n".join(survey) + "\n").encode("utf-8")
        return files, "personal data in the survey", False
    files[name] = ("\n".join(lines) + "\n").encode("utf-8")
    return files, what, strict


def ledger_cases(n: int) -> list[Case]:
    rng = random.Random("ledgers")
    base = _demo_ledgers()
    out = []
    for k in range(n):
        files, what, _ = break_csv(base, rng)
        region = rng.choice(("qinhuangdao", "taicang", "kaifeng_checklist"))
        args = ["collect", "-r", region, "--ledgers", "{dir}/ledgers", "--year", "2024"]
        if rng.random() < 0.3:
            args.append("--strict")
        if rng.random() < 0.3:  # the log options belong to the group, before the command
            args = ["--log-level", "debug", "--log-format", "json", *args]
        out.append(Case(f"ledgers-{k}: {what}", "ledgers", {f"ledgers/{n_}": b for n_, b in files.items()},
                        tuple(args), "ledgers"))
    return out


CASES = (evidence_cases(PER_FAMILY * 2) + ledger_cases(PER_FAMILY) + agreement_cases(PER_FAMILY // 2) + calendar_cases(PER_FAMILY // 2)
         + rules_cases(PER_FAMILY) + command_cases(PER_FAMILY // 2))


# ---- running them ----------------------------------------------------------------------------

def _no_personal(*texts: str) -> None:
    for text in texts:
        for p in PERSONAL:
            assert p not in text, (p, text[:500])


def _run(case: Case, folder: Path):
    for name, data in case.files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if data is None:
            path.mkdir()
        else:
            path.write_bytes(data)
    args = [a.replace("{dir}", str(folder)) for a in case.args]
    return CliRunner(env={"JINGBAN_LANG": "en"}).invoke(main, args, prog_name="assess")


@pytest.mark.parametrize("case", [c for c in CASES if c.family != "rules"], ids=lambda c: c.id)
def test_a_malformed_input_is_refused_whole_or_assessed_never_crashes(case, tmp_path):
    result = _run(case, tmp_path)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.stderr[-800:])
    _no_personal(result.stdout, result.stderr)
    if result.exit_code == 2:
        assert result.stdout == "", "partial output on a refusal"
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        named = case.named.replace("{dir}", str(tmp_path)).split("|")
        assert any(n in lines[0] for n in named), (case.named, lines[0])
    elif case.must_refuse:
        pytest.fail(f"accepted: {case.id}")


@pytest.mark.parametrize("case", [c for c in CASES if c.family == "rules"], ids=lambda c: c.id)
def test_a_malformed_rules_file_is_refused_at_load_naming_it(case, tmp_path):
    path = tmp_path / "rules.toml"
    path.write_bytes(case.files["rules.toml"])
    try:
        load_rules(path)
    except InputError as exc:
        line = exc.line("en")
        assert "rules.toml" in line, line
        assert "\n" not in line.strip(), line
        _no_personal(line, exc.line("zh"))
    else:
        assert not case.must_refuse, f"accepted: {case.id}"


def test_the_corpus_is_large_and_mixed():
    """The corpus is what the issue asks for: a few hundred cases in CI, every family in it, and
    cases that must be refused among them (so the must-refuse check is exercised)."""
    families = {c.family for c in CASES}
    assert families == {"evidence", "ledgers", "agreement", "calendar", "rules", "command"}
    assert len(CASES) >= 250
    assert sum(c.must_refuse for c in CASES) >= 30
    assert len({c.id for c in CASES}) == len(CASES)
