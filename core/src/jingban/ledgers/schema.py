"""The ledgers an agency hands over, and their columns (docs/ledgers.md).

Each ledger is one file in the ledgers folder, `<name>.parquet` or `<name>.csv`. Column kinds:
str, bool, date (YYYY-MM-DD), month (YYYY-MM), decimal. A missing required column is an error; a
value that does not parse is a row problem, reported with counts and row numbers.
"""

from __future__ import annotations

import attrs

KINDS = ("str", "bool", "date", "month", "decimal")


@attrs.frozen
class Column:
    name: str
    kind: str = attrs.field(validator=attrs.validators.in_(KINDS))
    required: bool = True
    personal: bool = False  # masked wherever a sample of values is shown
    doc: str = ""


@attrs.frozen
class Ledger:
    name: str
    title_zh: str
    title_en: str
    columns: tuple[Column, ...]
    key: str | None = None  # a column whose values must be unique

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


C = Column

CLAIMS = Ledger("claims", "理赔结算台账", "Settled claims", (
    C("claim_id", "str", doc="claim number, unique"),
    C("product", "str", doc="product code (the region's products, e.g. resident / employee / maternity)"),
    C("in_city", "bool", doc="treated in the city (市内) or not (市外)"),
    C("claimant_category", "str", doc="wubao | dibao | severe_disability | other (五保/低保/重度残疾/其他)"),
    C("submitted", "date", doc="day the claim was submitted complete"),
    C("paid", "date", required=True, doc="day the benefit was paid; empty if unpaid"),
    C("amount", "decimal", doc="amount claimed, yuan"),
    C("remote", "bool", doc="treated outside the insured area (异地)"),
    C("cash", "bool", doc="reported and settled in cash (现金接报), not through the network"),
    C("verified", "bool", doc="verified on site or by phone (核查)"),
    C("inpatient", "bool", doc="an inpatient claim (住院)"),
    C("first_review", "bool", doc="given a first review (初审)"),
    C("second_review", "bool", doc="drawn for a second review (复审抽查)"),
), key="claim_id")

SURVEY = Ledger("survey", "参保人员满意度调查表", "Satisfaction survey (Qinhuangdao annex 1)", (
    C("file_no", "str", doc="档案编号"),
    C("name", "str", required=False, personal=True, doc="参保人姓名"),
    C("id_number", "str", required=False, personal=True, doc="身份证号码"),
    C("phone", "str", required=False, personal=True, doc="联系电话"),
    C("is_self", "bool", required=False, doc="answered by the insured person"),
    C("received_payment", "bool", required=False, doc="是否收到待遇支付款"),
    C("attitude", "str", required=False, doc="工作人员服务态度"),
    C("improvement", "str", required=False, doc="需要改进的地方"),
    C("satisfied", "bool", doc="综合评价: true = 满意, false = 不满意"),
))

STAFF = Ledger("staff", "经办人员花名册（按月）", "Staff roster by month", (
    C("month", "month", doc="YYYY-MM"),
    C("staff_id", "str", personal=True, doc="employee number (masked in samples)"),
    C("post", "str", doc="payout | remote_audit | health_management | inspection | hospital_rep | "
                         "expert_review | smart_review | window_settlement | other"),
    C("full_time", "bool", doc="专职"),
    C("medical", "bool", doc="medical background (医学相关专业)"),
))

HOSPITAL = Ledger("hospital_settlements", "定点医疗机构结算批次", "Hospital settlement batches", (
    C("institution", "str", doc="定点医疗机构编码"),
    C("month", "month", doc="month of the services settled, YYYY-MM"),
    C("declared", "date", doc="day the institution declared the batch (申报)"),
    C("reviewed", "bool", doc="reviewed before payment (审核)"),
    C("paid", "date", doc="day the money reached the institution; empty if unpaid"),
))

REPORTS = Ledger("monthly_reports", "月报表报送记录", "Monthly report submissions", (
    C("month", "month", doc="month reported, YYYY-MM"),
    C("submitted", "date", doc="day the report was received; empty if never sent"),
))

AUDITS = Ledger("special_audits", "专项稽核记录", "Special audits per institution", (
    C("institution", "str", doc="定点医疗机构编码"),
    C("date", "date", doc="day the special audit was carried out"),
))

LEDGERS: dict[str, Ledger] = {l.name: l for l in (CLAIMS, SURVEY, STAFF, HOSPITAL, REPORTS, AUDITS)}

VULNERABLE = ("wubao", "dibao", "severe_disability")
CATEGORIES = VULNERABLE + ("other",)
POSTS = ("payout", "remote_audit", "health_management", "inspection", "hospital_rep", "expert_review",
         "smart_review", "window_settlement", "other")
