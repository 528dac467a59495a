"""The forms as one self-contained HTML file: CSS inline, nothing fetched, no scripts (a bureau's
network is offline), an A4 print stylesheet with a page break before each form, table headers
repeated on every printed page, page numbers in the page's margin, signature lines and a stamp.

The same sheets give the same bytes: no timestamp, nothing in an order a dict or a set chose.
Every text is HTML-escaped; personal data was masked by the builder unless asked otherwise, and
ID and phone numbers that free text carries are scrubbed here too (`masking.scrub`).
"""

from __future__ import annotations

from html import escape

from ..masking import scrub
from .layout import Cell, Column, Forms, Sheet
from .words import _t

# named, not left to `sans-serif`: a generic fallback can miss rare characters even where a CJK
# font is installed (design notes, WeasyPrint #2880); Chromium falls through the list per glyph
FONTS = ('"Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "Source Han Sans CN", '
         '"WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC", sans-serif')
SHORT_NOTES = 3  # notes that stay on the page of the signatures
WIDE = 8  # a sheet with this many columns or more is printed landscape


def _css(lang: str) -> str:
    # page numbers in the bottom margin box (Chromium >= 131 draws @page margin boxes); the words
    # around the counters come from the catalog
    marker_p, marker_q = "\x00P\x00", "\x00Q\x00"
    words = _t("page", lang, page=marker_p, pages=marker_q)
    content = " ".join(f'"{w}"' if w else "" for w in (words.replace(marker_p, "\x01p\x01")
                                                        .replace(marker_q, "\x01q\x01").split("\x01")))
    content = content.replace('"p"', "counter(page)").replace('"q"', "counter(pages)").replace('""', "").strip()
    return f"""
@page {{ size: A4; margin: 14mm 12mm 16mm 12mm;
  @bottom-center {{ content: {content}; font: 8pt {FONTS}; color: #444; }} }}
@page wide {{ size: A4 landscape; margin: 12mm 12mm 14mm 12mm; }}
* {{ box-sizing: border-box; }}
html {{ font-family: {FONTS}; font-size: 9pt; color: #000; line-height: 1.35; }}
body {{ margin: 0; }}
section.sheet {{ break-before: page; }}
section.sheet:first-of-type {{ break-before: auto; }}
section.wide {{ page: wide; }}
h1 {{ font-size: 15pt; text-align: center; margin: 0 0 2mm; font-weight: bold; }}
p.cite {{ text-align: center; margin: 0 0 3mm; font-size: 8pt; color: #333; }}
dl.fields {{ display: flex; flex-wrap: wrap; gap: 1mm 8mm; margin: 0 0 3mm; }}
dl.fields div {{ display: flex; }}
dl.fields dt {{ font-weight: bold; margin-right: 1mm; }}
dl.fields dt::after {{ content: "{_t('colon', lang)}"; }}
dl.fields dd {{ margin: 0; min-width: 30mm; border-bottom: 0.6pt solid #000; }}
table.form {{ width: 100%; border-collapse: collapse; table-layout: fixed; }}
table.form th, table.form td {{ border: 0.6pt solid #000; padding: 1mm 1.2mm; vertical-align: top;
  overflow-wrap: break-word; white-space: pre-line; }}
table.form th {{ hyphens: auto; font-size: 8pt; padding: 1mm 0.5mm; }}
table.form thead {{ display: table-header-group; }}
table.form th {{ background: #eee; font-weight: bold; text-align: center; vertical-align: middle; }}
table.form td.num {{ text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }}
table.form td.cat {{ vertical-align: middle; text-align: center; font-weight: bold; }}
table.form tbody {{ font-size: 8pt; }}
table.form tr.total {{ break-inside: avoid; }}
table.form tr.total td {{ font-weight: bold; background: #f6f6f6; }}
table.settlement td:first-child {{ font-weight: bold; }}
div.end {{ break-inside: avoid; }}
div.figures {{ margin: 3mm 0 0; break-inside: avoid; }}
div.figures svg {{ display: block; width: 150mm; height: auto; margin: 0 0 2mm; break-inside: avoid; }}
div.notes {{ margin: 2mm 0 0; font-size: 8.5pt; }}
div.notes p {{ margin: 0.8mm 0; white-space: pre-line; }}
div.paragraphs h2 {{ font-size: 11pt; margin: 4mm 0 1mm; }}
div.paragraphs p {{ white-space: pre-line; margin: 0 0 2mm; text-indent: 2em; }}
div.signatures {{ display: flex; flex-wrap: wrap; gap: 5mm 14mm; margin: 6mm 0 3mm; break-inside: avoid;
  break-before: avoid; }}
div.signatures div {{ min-width: 70mm; }}
div.signatures span.line {{ display: inline-block; min-width: 45mm; border-bottom: 0.6pt solid #000;
  height: 1.2em; vertical-align: bottom; }}
pre.text {{ font-family: "Noto Sans Mono CJK SC", monospace; font-size: 7pt; white-space: pre; }}
footer.stamp {{ margin-top: 3mm; border-top: 0.6pt solid #888; padding-top: 1mm; font-size: 7pt; color: #333;
  break-inside: avoid; }}
footer.stamp span {{ margin-right: 4mm; }}
footer.stamp span b {{ font-weight: bold; }}
footer.stamp span.sha {{ font-family: "Noto Sans Mono CJK SC", monospace; }}
"""


def _cell(tag: str, c: Cell, cls: str = "") -> str:
    attrs = []
    classes = [x for x in (cls, "num" if c.numeric else "") if x]
    if classes:
        attrs.append(f'class="{" ".join(classes)}"')
    if c.rowspan > 1:
        attrs.append(f'rowspan="{c.rowspan}"')
    if c.colspan > 1:
        attrs.append(f'colspan="{c.colspan}"')
    head = f"<{tag} {' '.join(attrs)}>" if attrs else f"<{tag}>"
    return f"{head}{escape(c.shown())}</{tag}>"


def _head(columns: tuple[Column, ...]) -> str:
    """One header row, or two when columns share a group heading; adjacent columns with the same
    label and no group share one cell (Taicang's 考核内容 over the category and the item)."""
    two = any(c.group for c in columns)
    top, bottom = [], []
    k = 0
    while k < len(columns):
        c = columns[k]
        if c.group:
            n = 1
            while k + n < len(columns) and columns[k + n].group == c.group:
                n += 1
            top.append(f'<th colspan="{n}">{escape(c.group)}</th>' if n > 1 else f"<th>{escape(c.group)}</th>")
            bottom.extend(f"<th>{escape(x.label)}</th>" for x in columns[k:k + n])
            k += n
            continue
        n = 1
        while k + n < len(columns) and not columns[k + n].group and columns[k + n].label == c.label:
            n += 1
        span = f' colspan="{n}"' if n > 1 else ""
        rows = ' rowspan="2"' if two else ""
        top.append(f"<th{span}{rows}>{escape(c.label)}</th>")
        k += n
    out = "<tr>" + "".join(top) + "</tr>"
    if two:
        out += "<tr>" + "".join(bottom) + "</tr>"
    return out


def _colgroup(columns: tuple[Column, ...]) -> str:
    total = sum(c.width for c in columns) or 1
    return "<colgroup>" + "".join(f'<col style="width:{c.width * 100 / total:.2f}%">' for c in columns) + "</colgroup>"


def _table(s: Sheet) -> str:
    cls = "form settlement" if s.kind == "settlement" else "form"
    out = [f'<table class="{cls}">', _colgroup(s.columns), "<thead>", _head(s.columns), "</thead>", "<tbody>"]
    for row in s.rows:
        cells = "".join(_cell("td", c, "cat" if c.rowspan > 1 else "") for c in row.cells)
        out.append(f'<tr class="{row.role}">{cells}</tr>' if row.role != "body" else f"<tr>{cells}</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _sheet(s: Sheet, f: Forms) -> str:
    wide = len(s.columns) >= WIDE
    out = [f'<section class="sheet{" wide" if wide else ""}" id="{escape(s.id)}">', f"<h1>{escape(s.title)}</h1>"]
    if s.citation:
        out.append(f'<p class="cite">〔{escape(s.citation)}〕</p>')
    if s.fields:
        out.append('<dl class="fields">' + "".join(f"<div><dt>{escape(k)}</dt><dd>{escape(v)}</dd></div>"
                                                  for k, v in s.fields) + "</dl>")
    if s.columns:
        out.append(_table(s))
    if s.paragraphs and s.kind == "text":  # a terminal report kept as it is (compare --rules)
        out.append("".join(f'<pre class="text">{escape(t)}</pre>' for _, t in s.paragraphs))
    elif s.paragraphs:
        out.append('<div class="paragraphs">' + "".join(f"<h2>{escape(h)}</h2><p>{escape(t)}</p>"
                                                        for h, t in s.paragraphs) + "</div>")
    if s.figures:  # our own SVG (report/charts.py escapes its text), inlined; HTML needs no namespace
        out.append('<div class="figures">' + "".join(x.replace(' xmlns="http://www.w3.org/2000/svg"', "", 1)
                                                     for x in s.figures if x) + "</div>")
    # what follows the table stays together on one page: a few notes, signature lines, stamp (a
    # long list of notes, Taicang's deductions, may break, or it would leave a page half empty)
    notes = '<div class="notes">' + "".join(f"<p>{escape(n)}</p>" for n in s.notes) + "</div>" if s.notes else ""
    if len(s.notes) > SHORT_NOTES:
        out.append(notes)
    out.append('<div class="end">')
    if notes and len(s.notes) <= SHORT_NOTES:
        out.append(notes)
    if s.signatures:
        out.append('<div class="signatures">' + "".join(
            f'<div>{escape(x)}{escape(_t("colon", f.lang))}<span class="line"></span></div>'
            for x in s.signatures) + "</div>")
    if f.stamp.lines:
        out.append('<footer class="stamp">' + "".join(
            f'<span{" class=sha" if i == len(f.stamp.lines) - 1 else ""}><b>{escape(k)}</b>'
            f"{escape(_t('colon', f.lang))}{escape(v)}</span>" for i, (k, v) in enumerate(f.stamp.lines))
            + "</footer>")
    out.append("</div>")
    out.append("</section>")
    return "\n".join(out)


def render(f: Forms, show_personal: bool = False) -> str:
    lang = "zh-CN" if f.lang == "zh" else "en"
    body = "\n".join(_sheet(s, f) for s in f.sheets)
    text = (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(f.title)}</title>\n<style>{_css(f.lang)}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")
    return text if show_personal else scrub(text)
