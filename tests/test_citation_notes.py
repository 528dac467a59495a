"""A citation's note (what was interpreted) reads in the report's language: a Chinese JSON document
carries `note_zh`, an English one `note`, never the other; a rules file or an agreement giving one
of the two without the other is refused when it is read."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from jingban.cli import main
from jingban.errors import InputError
from jingban.logsetup import configure
from jingban.rulesfile import load_rules

ROOT = Path(__file__).resolve().parents[1]
PLUGINS = ROOT / "plugins"
AGREEMENT = ROOT / "examples" / "tianjin_ltc" / "agreement-example.toml"
RULES = sorted(PLUGINS.glob("*/src/jingban_*/rules.toml"))
TAICANG_RULES = PLUGINS / "taicang" / "src" / "jingban_taicang" / "rules.toml"
CJK = re.compile("[\u4e00-\u9fff]")

EXAMPLES = {
    "qinhuangdao": "examples/qinhuangdao/2024-resident.toml",
    "taicang": "examples/taicang/2024.toml",
    "tianjin_ltc": "examples/tianjin_ltc/2024-heping.toml",
    "tianjin_ltc-midyear": "examples/tianjin_ltc/2024-midyear.toml",
    "kaifeng_checklist": "examples/kaifeng_checklist/2020-self-inspection.toml",
}
RUNS = {f"assess-{name}": ["--region", name.split("-")[0], "--evidence", path, "--format", "json"]
        for name, path in EXAMPLES.items()}
RUNS["settle-tianjin_ltc"] = ["settle", "--region", "tianjin_ltc", "--score", "77.3", "--fee", "240000",
                              "--agreement", str(AGREEMENT), "--format", "json"]
RUNS["settle-qinhuangdao"] = ["settle", "--region", "qinhuangdao", "--score", "79.5", "--fee", "1500000",
                              "--format", "json"]
RUNS["compare"] = ["compare", "--regions", "qinhuangdao,taicang,kaifeng_checklist", "--evidence",
                   EXAMPLES["qinhuangdao"], "--format", "json"]


@pytest.fixture(autouse=True)
def _restore_logging():
    yield
    configure()


def _citations(node):
    """Every table in a parsed TOML or JSON document that is a citation (it has a `document`
    string and no `id`: a region's `[region.document]` has one)."""
    if isinstance(node, dict):
        if isinstance(node.get("document"), str) and "id" not in node:
            yield node
        for v in node.values():
            yield from _citations(v)
    elif isinstance(node, list):
        for v in node:
            yield from _citations(v)


def _shipped_notes() -> dict[str, str]:
    """English note -> Chinese note of every citation the shipped rules files and agreement give."""
    pairs = {}
    for path in [*RULES, AGREEMENT]:
        for c in _citations(tomllib.loads(path.read_text(encoding="utf-8"))):
            if "note" in c or "note_zh" in c:
                assert "note" in c and "note_zh" in c, (path, c)
                pairs[c["note"]] = c["note_zh"]
    return pairs


def test_every_shipped_note_has_a_chinese_one():
    pairs = _shipped_notes()
    assert len(pairs) > 40
    for en, zh in pairs.items():
        assert CJK.search(zh), (en, zh)
        assert zh != en


def _notes_in(args: list[str], lang: str, monkeypatch) -> list[str]:
    monkeypatch.chdir(ROOT)
    res = CliRunner().invoke(main, [*args, "--lang", lang])
    assert res.exit_code in (0, 1, 2), res.output  # an assessment below a band may exit non-zero
    doc = json.loads(res.stdout)
    return [c["note"] for c in _citations(doc) if "note" in c]


@pytest.mark.parametrize("name", sorted(RUNS))
def test_a_chinese_document_carries_chinese_notes(name, monkeypatch):
    english = set(_shipped_notes())
    notes = _notes_in(RUNS[name], "zh", monkeypatch)
    assert notes, f"{name}: no citation with a note (the case tests nothing)"
    for note in notes:
        assert CJK.search(note), (name, note)
        assert note not in english, (name, note)


@pytest.mark.parametrize("name", sorted(RUNS))
def test_an_english_document_carries_english_notes(name, monkeypatch):
    english = set(_shipped_notes())
    notes = _notes_in(RUNS[name], "en", monkeypatch)
    assert notes and all(n in english for n in notes), (name, [n for n in notes if n not in english])


# -- one note without the other is refused ---------------------------------------------------------
def _taicang_with(tmp_path: Path, old: str, new: str) -> Path:
    text = TAICANG_RULES.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / "rules.toml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


NOTE = 'note = "one numbered point, two numeric conditions"'
NOTE_ZH = 'note_zh = "一个序号下含两项数量条件"'


def test_a_note_without_note_zh_is_refused(tmp_path):
    path = _taicang_with(tmp_path, f"{NOTE}, {NOTE_ZH}", NOTE)
    with pytest.raises(InputError) as exc:
        load_rules(path)
    zh, en = exc.value.line("zh"), exc.value.line("en")
    assert zh.startswith(f"{path}: ") and "citation.note：" in zh and "note_zh" in zh
    assert en.startswith(f"{path}: ") and "citation.note: " in en and "`note_zh`" in en


def test_a_note_zh_without_note_is_refused(tmp_path):
    path = _taicang_with(tmp_path, f"{NOTE}, {NOTE_ZH}", NOTE_ZH)
    with pytest.raises(InputError) as exc:
        load_rules(path)
    assert "citation.note_zh" in exc.value.line("en") and "`note` (English)" in exc.value.line("en")
    assert exc.value.line("zh").startswith(f"{path}: ")


def test_an_agreement_note_without_note_zh_is_refused(tmp_path):
    from jingban_tianjin_ltc.plugin import RULES as TJ_RULES, load_with_agreement

    text = AGREEMENT.read_text(encoding="utf-8")
    old = 'note = "Example weight", note_zh = "示例权重"'
    assert old in text
    path = tmp_path / "agreement.toml"
    path.write_text(text.replace(old, 'note = "Example weight"', 1), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_with_agreement(TJ_RULES, path, {})
    assert exc.value.line("en").startswith(f"{path}: ") and "citation.note: " in exc.value.line("en")
