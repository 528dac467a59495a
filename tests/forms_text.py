"""What the forms tests share: the shipped examples, the command run in-process, an output
written to a file, and reading a forms HTML file back (its sections, tables and cell texts, with
html.parser: no regular expressions over markup). On the tests' path (pytest's `pythonpath`)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner

from jingban.cli import main

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "examples"
EXAMPLES = {
    "qinhuangdao": EX / "qinhuangdao" / "2024-resident.toml",
    "taicang": EX / "taicang" / "2024.toml",
    "tianjin_ltc": EX / "tianjin_ltc" / "2024-heping.toml",
    "kaifeng_checklist": EX / "kaifeng_checklist" / "2020-self-inspection.toml",
}


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def written(tmp_path: Path, fmt: str, *args: str, name: str) -> bytes:
    """The bytes `assess ... --format fmt -o tmp_path/name` writes (a result, provisional or not)."""
    out = tmp_path / name
    res = run(*args, "--format", fmt, "-o", str(out))
    assert res.exit_code in (0, 1), res.output
    return out.read_bytes()


class FormsPage(HTMLParser):
    """sections: id -> {"text": all text, "heads": header cell texts, "rows": [[cell texts]]}."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.sections: dict[str, dict] = {}
        self._sec = None
        self._in = []  # open tags
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._head_row: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self._in.append(tag)
        if tag == "section":
            self._sec = {"text": [], "heads": [], "rows": [], "class": a.get("class", "")}
            self.sections[a["id"]] = self._sec
        elif tag == "tr" and self._sec is not None:
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag):
        if self._in and self._in[-1] == tag:
            self._in.pop()
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(("th:" if tag == "th" else "") + "".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if all(c.startswith("th:") for c in self._row):
                self._sec["heads"].append([c[3:] for c in self._row])
            else:
                self._sec["rows"].append(self._row)
            self._row = None
        elif tag == "section":
            self._sec["text"] = "".join(self._sec["text"])
            self._sec = None

    def handle_data(self, data):
        if "style" in self._in or "title" in self._in:
            return
        if self._sec is not None:
            self._sec["text"].append(data)
        if self._cell is not None:
            self._cell.append(data)

    def text(self) -> str:
        return "\n".join(s["text"] for s in self.sections.values())
