"""The forms as a Word document (python-docx): Kaifeng's self-inspection report, or elsewhere a
one-page cover letter for the forms.

The report is the builder's `report` sheet (forms/annexes.py, from the result's report section):
its title with the document it answers (方案 三（一）), the unit and the date (the checklist's
header: 填报单位（盖章）, 报送日期, left blank to fill in by hand), the five sections in the plan's
order, the signature lines and the stamp.

A region whose document asks for no report gets a cover letter instead (docs/reports.md says why):
title, the agency, product and period, the score, the grade and the money paid as the settlement
page shows them (a provisional result's ranges included), the forms it accompanies, signature
lines and the stamp. Nothing is computed here: every figure is a cell of the builder's sheets.

The same inputs give the same bytes: the core properties (created, modified, revision, author)
are fixed, and the zip is written again with its entries in the same order and a fixed
timestamp (python-docx stamps each entry with the time of saving).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from ..masking import scrub
from ..messages import label
from ..result import Result
from .layout import Forms, Sheet
from .words import _t
from .xlsx import FIXED_DATE, has_content

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FONT_ZH, HEADING_ZH, FONT_EN = "宋体", "黑体", "Times New Roman"
# a line of a section's text that ends so continues on the next: the evidence file's own line
# wrapping inside a sentence, not a new paragraph (a list entry ends with none of these)
CONTINUES = ("，", "、", "（", "“", ",")


def _reproducible(data: bytes) -> bytes:
    """The package again, every entry with a fixed timestamp and plain attributes, in its order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


class _Doc:
    def __init__(self, f: Forms, show_personal: bool):
        import docx
        from docx.oxml.ns import qn
        from docx.shared import Pt

        self.f, self.show_personal, self.Pt = f, show_personal, Pt
        self.doc = docx.Document()
        normal = self.doc.styles["Normal"]
        normal.font.name = FONT_EN
        normal.font.size = Pt(12)
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT_ZH)
        for name in ("Heading 1", "Heading 2"):  # black, as an official document's headings are
            st = self.doc.styles[name]
            st.font.name = FONT_EN
            st.font.color.rgb = docx.shared.RGBColor(0, 0, 0)
            st.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), HEADING_ZH)
        section = self.doc.sections[0]
        section.page_width, section.page_height = docx.shared.Mm(210), docx.shared.Mm(297)  # A4
        for side in ("left_margin", "right_margin"):
            setattr(section, side, docx.shared.Mm(28))
        section.top_margin, section.bottom_margin = docx.shared.Mm(37), docx.shared.Mm(35)
        # python-docx's template carries a thumbnail of some other page: a file browser would show
        # it as this document's preview, so it goes (Relationships is a dict of rId -> relation)
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        rels = self.doc.part.package.rels
        for rid in [k for k, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
            del rels[rid]
        cp = self.doc.core_properties
        cp.title = self.text(f.title)
        cp.author = cp.last_modified_by = "jingban"
        cp.created = cp.modified = FIXED_DATE.replace(tzinfo=dt.timezone.utc)
        cp.last_printed = FIXED_DATE.replace(tzinfo=dt.timezone.utc)
        cp.revision = 1
        # the stamp without the options (a property holds 255 characters; the page has them all)
        cp.comments = self.text("; ".join(f"{k}: {v}" for k, v in f.stamp.lines
                                          if k != label("options", f.lang)))[:255]
        cp.keywords = cp.subject = cp.category = ""

    def text(self, s: str) -> str:
        return s if self.show_personal else scrub(s)

    def colon(self) -> str:
        return _t("colon", self.f.lang)

    def title(self, title: str, citation: str = "") -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        from docx.oxml.ns import qn

        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(self.text(title))
        run.font.size = self.Pt(20)
        run.bold = True
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), HEADING_ZH)
        if citation:
            c = self.doc.add_paragraph()
            c.alignment = WD_ALIGN_PARAGRAPH.CENTER
            c.add_run(self.text(f"〔{citation}〕")).font.size = self.Pt(10.5)

    def fields(self, fields) -> None:
        for k, v in fields:
            p = self.doc.add_paragraph()
            p.add_run(self.text(f"{k}{self.colon()}")).bold = True
            p.add_run(self.text(v))

    def heading(self, text: str) -> None:
        h = self.doc.add_heading(self.text(text), level=2)
        for run in h.runs:
            run.font.size = self.Pt(14)

    def body(self, text: str) -> None:
        from docx.shared import Pt

        paras: list[str] = []
        joined = False
        for line in (x.strip() for x in self.text(text).split("\n")):
            if not line:
                joined = False
                continue
            if joined:
                paras[-1] += line
            else:
                paras.append(line)
            joined = line.endswith(CONTINUES)
        for para in paras:
            p = self.doc.add_paragraph(para)
            p.paragraph_format.first_line_indent = Pt(24)

    def signatures(self, signatures) -> None:
        self.doc.add_paragraph()
        for sig in signatures:
            p = self.doc.add_paragraph()
            p.add_run(self.text(f"{sig}{self.colon()}"))
            p.add_run("_" * 24)
            p.paragraph_format.space_before = self.Pt(18)

    def stamp(self) -> None:
        if not self.f.stamp.lines:
            return
        self.doc.add_paragraph()
        p = self.doc.add_paragraph()
        for k, v in self.f.stamp.lines:
            p.add_run(self.text(f"{k}{self.colon()}{v}  ")).font.size = self.Pt(7.5)

    def table(self, sheet: Sheet, keep: set[str]) -> None:
        """The settlement page's rows whose figure is one of `keep`: figure, amount, basis."""
        rows = [r for r in sheet.rows if r.cells and r.cells[0].text in keep]
        if not rows:
            return
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm

        t = self.doc.add_table(rows=0, cols=3)
        t.style = "Table Grid"
        t.autofit = False
        widths = (Mm(42), Mm(38), Mm(74))
        for n, w in enumerate(widths):
            t.columns[n].width = w
        for r in rows:
            cells = t.add_row().cells
            for n, c in enumerate(r.cells[:3]):
                cells[n].width = widths[n]
                cells[n].text = self.text(c.shown())
                para = cells[n].paragraphs[0]
                if c.numeric:
                    para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                for run in para.runs:
                    run.bold = r.role == "total" or n == 0
                    run.font.size = self.Pt(10.5)

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return _reproducible(out.getvalue())


def render_report(f: Forms, sheet: Sheet, show_personal: bool = False) -> bytes:
    """The self-inspection report: title, unit and date, the five sections, signatures, stamp."""
    d = _Doc(f, show_personal)
    d.title(sheet.title, sheet.citation)
    d.fields(sheet.fields)
    for caveat in f.caveats:
        d.body(caveat)
    for heading, body in sheet.paragraphs:
        d.heading(heading)
        d.body(body)
    d.signatures(sheet.signatures)
    d.stamp()
    return d.bytes()


def render_cover(f: Forms, r: Result, show_personal: bool = False) -> bytes:
    """A cover letter for the forms: who, what period, the score, grade and money paid, what is
    enclosed, signature lines."""
    lang = f.lang
    d = _Doc(f, show_personal)
    forms = [s for s in f.sheets if s.kind == "form"]
    settlement = next((s for s in f.sheets if s.kind == "settlement"), None)
    main = forms[0] if forms else (settlement or (f.sheets[0] if f.sheets else None))
    d.title(label("cover_title", lang), main.citation if main is not None else r.region.document.id)
    d.fields(main.fields if main is not None else ((label("agency", lang), r.agency),))
    d.body(label("cover_text", lang, forms=_t("comma", lang).join(f"《{s.title}》" if lang == "zh" else s.title
                                                                 for s in f.sheets if has_content(s))))
    if settlement is not None:
        keep = {label(k, lang) for k in ("score", "grade", "grade_possible", "paid", "no_money")}
        d.table(settlement, keep)
    elif r.total is not None:
        from ..report.text import pts

        if not r.provisional:  # a provisional total is no fact: the note below says so
            d.fields(((label("total", lang), pts(r.total)),))
    if r.provisional:
        d.body(label("cover_provisional", lang))
    for caveat in f.caveats:
        d.body(caveat)
    signatures = main.signatures if main is not None else ()
    d.signatures(signatures)
    d.stamp()
    return d.bytes()


def render_result(f: Forms, r: Result, show_personal: bool = False) -> bytes:
    """The document a result files: the self-inspection report where the result has one, else
    the cover letter."""
    report = next((s for s in f.sheets if s.kind == "report"), None)
    if report is not None:
        return render_report(f, report, show_personal)
    return render_cover(f, r, show_personal)
