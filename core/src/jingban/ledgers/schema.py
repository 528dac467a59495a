"""The ledgers an agency hands over, and their columns (docs/ledgers.md).

Each ledger is one file in the ledgers folder, `<name>.parquet`, `<name>.csv` or `<name>.xlsx`.
Column kinds: str, bool, date, month, decimal. A missing required column is an error; a value that
does not parse is a row problem, reported with counts and row numbers.

Each column has one English and one Chinese name (`zh`, from the sources' own wording where they
have one), and a file's header uses either: agencies export with Chinese headers. Code columns name
the titles their codes are written as too (`titles`), and a yes/no column may have words of its
own (`yes`/`no`: 满意/不满意 in the survey's 综合评价).
"""

from __future__ import annotations

from typing import Sequence

import attrs

KINDS = ("str", "bool", "date", "month", "decimal")


@attrs.frozen
class Column:
    name: str
    kind: str = attrs.field(validator=attrs.validators.in_(KINDS))
    required: bool = True
    personal: bool = False  # masked wherever a sample of values is shown
    doc: str = ""
    zh: str = ""  # the column's Chinese name, which a header may use instead of `name`
    # (title, code): a code column's values may be written as these titles (五保 for wubao)
    titles: tuple[tuple[str, str], ...] = ()
    yes: tuple[str, ...] = ()  # a yes/no column's own words, besides 是/否, true/false, 1/0
    no: tuple[str, ...] = ()


@attrs.frozen
class Ledger:
    name: str
    title_zh: str
    title_en: str
    columns: tuple[Column, ...]
    key: str | None = None  # a column whose values must be unique

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def with_titles(self, column: str, titles: tuple[tuple[str, str], ...]) -> "Ledger":
        """The ledger with more titles for a code column (a region's product titles)."""
        cols = tuple(attrs.evolve(c, titles=c.titles + titles) if c.name == column else c for c in self.columns)
        return attrs.evolve(self, columns=cols)

    def resolve(self, names: Sequence[str]) -> tuple[str, ...]:
        """The ledger's name of each column of a header (`names`, as the file has them): a Chinese
        name becomes the English one; a name the ledger does not know stays as it is (the column is
        never read). A header naming one column twice (理赔编号 and claim_id), or mixing Chinese and
        English names, raises HeaderError: which of two columns would the rules read?"""
        by_zh = {c.zh: c.name for c in self.columns if c.zh}
        own = {c.name for c in self.columns}
        out: list[str] = []
        seen: dict[str, str] = {}
        languages: dict[str, str] = {}
        for raw in names:
            name = raw.strip()
            canonical = by_zh.get(name, name)
            if canonical in seen:
                raise HeaderError("twice", (seen[canonical], raw))
            if canonical in own:
                seen[canonical] = raw
                languages.setdefault("zh" if name in by_zh else "en", raw)
            out.append(canonical)
        if len(languages) > 1:
            raise HeaderError("mixed", (languages["zh"], languages["en"]))
        return tuple(out)


class HeaderError(ValueError):
    """A header the ledger cannot be read by: `kind` "twice" or "mixed", and the two names."""

    def __init__(self, kind: str, names: tuple[str, str]) -> None:
        super().__init__(kind, names)
        self.kind, self.names = kind, names


C = Column

VULNERABLE = ("wubao", "dibao", "severe_disability")
CATEGORIES = VULNERABLE + ("other",)
# 秦医保〔2023〕91号 附件2 item 7 names the vulnerable claimants 五保供养对象、低保对象、重度残疾人员;
# ledgers write them so or shortened
CATEGORY_TITLES = (("五保", "wubao"), ("五保供养对象", "wubao"), ("低保", "dibao"), ("低保对象", "dibao"),
                   ("重度残疾", "severe_disability"), ("重度残疾人员", "severe_disability"), ("其他", "other"))

CLAIMS = Ledger("claims", "理赔结算台账", "Settled claims", (
    C("claim_id", "str", doc="claim number, unique", zh="理赔编号"),
    C("product", "str", doc="product code (the region's products, e.g. resident / employee / maternity)", zh="险种"),
    C("in_city", "bool", doc="treated in the city (市内) or not (市外)", zh="是否市内"),
    C("claimant_category", "str", doc="wubao | dibao | severe_disability | other (五保/低保/重度残疾/其他)", zh="人员类别",
      titles=CATEGORY_TITLES),
    C("submitted", "date", doc="day the claim was submitted complete", zh="申请日期"),
    C("paid", "date", required=True, doc="day the benefit was paid; empty if unpaid", zh="支付日期"),
    C("amount", "decimal", doc="amount claimed, yuan", zh="申请金额"),
    C("remote", "bool", doc="treated outside the insured area (异地)", zh="是否异地"),
    C("cash", "bool", doc="reported and settled in cash (现金接报), not through the network", zh="是否现金接报"),
    C("verified", "bool", doc="verified on site or by phone (核查)", zh="是否核查"),
    C("inpatient", "bool", doc="an inpatient claim (住院)", zh="是否住院"),
    C("first_review", "bool", doc="given a first review (初审)", zh="是否初审"),
    C("second_review", "bool", doc="drawn for a second review (复审抽查)", zh="是否复审抽查"),
), key="claim_id")

SURVEY = Ledger("survey", "参保人员满意度调查表", "Satisfaction survey (Qinhuangdao annex 1)", (
    C("file_no", "str", doc="档案编号", zh="档案编号"),
    C("name", "str", required=False, personal=True, doc="参保人姓名", zh="参保人姓名"),
    C("id_number", "str", required=False, personal=True, doc="身份证号码", zh="身份证号码"),
    C("phone", "str", required=False, personal=True, doc="联系电话", zh="联系电话"),
    C("is_self", "bool", required=False, doc="answered by the insured person", zh="是否本人"),
    C("received_payment", "bool", required=False, doc="是否收到待遇支付款", zh="是否收到待遇支付款"),
    C("attitude", "str", required=False, doc="工作人员服务态度", zh="工作人员服务态度如何"),
    C("improvement", "str", required=False, doc="需要改进的地方", zh="有何认为需要改进的地方"),
    # annex 1 ticks 综合评价 under 满意 or 不满意: an export writes the word
    C("satisfied", "bool", doc="综合评价: true = 满意, false = 不满意", zh="综合评价", yes=("满意",), no=("不满意",)),
))

STAFF = Ledger("staff", "经办人员花名册（按月）", "Staff roster by month", (
    C("month", "month", doc="YYYY-MM", zh="月份"),
    C("staff_id", "str", personal=True, doc="employee number (masked in samples)", zh="工号"),
    C("post", "str", doc="payout | remote_audit | health_management | inspection | hospital_rep | "
                         "expert_review | smart_review | window_settlement | other", zh="岗位"),
    C("full_time", "bool", doc="专职", zh="是否专职"),
    C("medical", "bool", doc="medical background (医学相关专业)", zh="是否医学相关专业"),
))

HOSPITAL = Ledger("hospital_settlements", "定点医疗机构结算批次", "Hospital settlement batches", (
    C("institution", "str", doc="定点医疗机构编码", zh="定点医疗机构编码"),
    C("month", "month", doc="month of the services settled, YYYY-MM", zh="费用月份"),
    C("declared", "date", doc="day the institution declared the batch (申报)", zh="申报日期"),
    C("reviewed", "bool", doc="reviewed before payment (审核)", zh="是否审核"),
    # 秦医保〔2023〕91号 附件2 item 6(3) checks the institutions' 财务收款到账日期
    C("paid", "date", doc="day the money reached the institution; empty if unpaid", zh="到账日期"),
))

REPORTS = Ledger("monthly_reports", "月报表报送记录", "Monthly report submissions", (
    C("month", "month", doc="month reported, YYYY-MM", zh="报表月份"),
    C("submitted", "date", doc="day the report was received; empty if never sent", zh="报送日期"),
))

AUDITS = Ledger("special_audits", "专项稽核记录", "Special audits per institution", (
    C("institution", "str", doc="定点医疗机构编码", zh="定点医疗机构编码"),
    C("date", "date", doc="day the special audit was carried out", zh="稽核日期"),
))

LEDGERS: dict[str, Ledger] = {l.name: l for l in (CLAIMS, SURVEY, STAFF, HOSPITAL, REPORTS, AUDITS)}

POSTS = ("payout", "remote_audit", "health_management", "inspection", "hospital_rep", "expert_review",
         "smart_review", "window_settlement", "other")
