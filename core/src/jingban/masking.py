"""Masking personal data (names, ID numbers, phone numbers) for reports and logs.

Survey rows carry the claimant's name, ID number and phone (Qinhuangdao annex 1). Reports mask them
unless the operator asks otherwise (--show-personal); logs never carry them at all.
"""

from __future__ import annotations

import re

PERSONAL_KEYS = frozenset({"name", "id_number", "phone", "claimant", "person"})

_ID = re.compile(r"(?<!\d)(\d{6})\d{8}(\d{3}[\dXx])(?![\dXx])")
# the first-generation ID number (15 digits: area, yymmdd, sequence), still on old records
_ID15 = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{6}(\d{3})(?![0-9A-Za-z])")  # not inside a hex digest
# a mobile number, also as written with +86 / 0086 and with spaces or dashes (138-1234-5678)
_MOBILE = re.compile(r"(?<![\d+])((?:\+86|0086)[\s-]?)?(1[3-9]\d)[\s-]?\d{4}[\s-]?(\d{4})(?!\d)")


def mask_name(name: str | None) -> str | None:
    if not name:
        return name
    return name[0] + "*" * max(1, len(name) - 1)


def mask_id(number: str | None) -> str | None:
    if not number:
        return number
    if len(number) <= 8:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(phone: str | None) -> str | None:
    if not phone:
        return phone
    if len(phone) <= 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def scrub(text: str) -> str:
    """Mask ID numbers and mobile numbers wherever they appear in free text: in reports unless the
    operator asks otherwise, and always in what reaches standard error (cli._fail)."""
    text = _ID.sub(lambda m: m.group(1) + "********" + m.group(2), text)
    text = _ID15.sub(lambda m: m.group(1) + "******" + m.group(2), text)
    return _MOBILE.sub(lambda m: (m.group(1) or "") + m.group(2) + "****" + m.group(3), text)
