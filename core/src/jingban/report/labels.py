"""Labels of every report, in Chinese (the default) and English."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "region": ("考核地区", "Region"),
    "rules_version": ("规则版本", "Rules version"),
    "document": ("依据文件", "Source document"),
    "agency": ("被考核机构", "Agency"),
    "product": ("经办险种", "Product"),
    "period": ("考核期间", "Period"),
    "item": ("序号", "Item"),
    "title": ("考核内容", "What is assessed"),
    "max": ("标准分", "Max"),
    "score": ("得分", "Score"),
    "deducted_points": ("扣分", "Deducted"),
    "not_assessed": ("未考核", "not assessed"),
    "deduction": ("扣分", "deduct"),
    "rule": ("依据", "rule"),
    "evidence": ("证据", "evidence"),
    "not_again": ("不重复扣分", "not deducted again"),
    "capped": ("已扣完该项分值", "item's points exhausted"),
    "categories": ("分类小计", "Subtotals"),
    "bonus": ("加分", "Bonus"),
    "bonus_capped": ("加分合计封顶", "bonus capped at"),
    "total": ("总分", "Total"),
    "grade": ("考核结果", "Grade"),
    "provisional": ("临时结果", "PROVISIONAL"),
    "final": ("正式结果", "final"),
    "settlement": ("费用结算", "Settlement"),
    "fee": ("计算基数", "Fee"),
    "withheld": ("预留金额", "Withheld"),
    "deduction_rate": ("扣减比例", "Deduction rate"),
    "deducted": ("扣减金额", "Deducted"),
    "paid": ("拨付金额", "Paid out"),
    "returned_to_fund": ("回流医保基金", "Returned to the fund"),
    "not_stated": ("文件未规定", "not stated by the document"),
    "fund_losses": ("基金损失扣除", "Fund losses deducted"),
    "consequences": ("后续处理", "What follows"),
    "none": ("无", "none"),
    "no_money": ("不涉及费用", "No money"),
    "steps": ("扣减档数", "Steps"),
    "provisional_settlement": (
        "※ 临时结果：按已考核项目的得分计算（最终得分不低于此），拨付金额为下限；后续处理待全部项目考核后确定",
        "※ provisional: computed from the items assessed so far (the final total can only be higher), so the"
        " payout is a lower bound; what follows is settled once every item is assessed"),
    "proration": ("按服务期折算", "Prorated for the period served"),
    "inputs_sha256": ("输入文件摘要 SHA-256", "Inputs SHA-256"),
    "options": ("解释选项", "Interpretation options"),
    "signatures": ("考核组人员签名：____________    被考核机构负责人签名（盖章）：____________    日期：________",
                   "Assessors: ____________    Agency head (seal): ____________    Date: ________"),
    "areas": ("分领域汇总", "Summary by area"),
    "compliant": ("符合", "compliant"),
    "partly": ("部分符合", "partly"),
    "non_compliant": ("不符合", "non-compliant"),
    "not_applicable": ("不适用", "not applicable"),
    "unanswered": ("未填报", "unanswered"),
    "answer": ("自查结果", "Result"),
    "reason": ("问题原因说明", "Reason"),
    "report": ("自查报告", "Self-inspection report"),
    "organisation": ("一、自查组织开展情况", "1. How the self-inspection was organised"),
    "problems": ("二、存在问题", "2. Problems found"),
    "causes": ("三、问题原因", "3. Causes"),
    "rectification": ("四、整改措施", "4. Rectification"),
    "suggestions": ("五、工作建议", "5. Suggestions"),
    "groups": ("分级得分", "Score by assessing level"),
    "weight": ("权重", "Weight"),
    "checks": ("量化核验", "Numeric checks"),
    "check_failed": ("未达标", "not met"),
    "check_passed": ("达标", "met"),
    "check_missing": ("缺少事实", "fact missing"),
    "compare": ("地区对比", "Regions side by side"),
    "assessed_items": ("已考核项", "Items assessed"),
    "why": ("原因", "why"),
    "survey": ("满意度调查（不满意）", "Survey (dissatisfied)"),
    "status": ("状态", "Status"),
    "distribution": ("发行包", "Distribution"),
    "version": ("版本", "Version"),
    "broken": ("加载失败", "failed to load"),
    "ok": ("正常", "ok"),
    "hooks": ("实现的钩子", "Hooks"),
}


def label(key: str, lang: str) -> str:
    zh, en = LABELS[key]
    return zh if lang == "zh" else en


def pick(zh: str | None, en: str | None, lang: str) -> str:
    """The text in the reader's language, falling back to the other."""
    if lang == "zh":
        return zh or en or ""
    return en or zh or ""


def punct(lang: str) -> tuple[str, str, str]:
    """Colon and parentheses: full-width in Chinese, ASCII in English."""
    return ("：", "（", "）") if lang == "zh" else (": ", " (", ")")
