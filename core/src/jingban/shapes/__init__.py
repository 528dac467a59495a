"""The core's rule shapes, each one unit (``jingban.parts.Shape``): per-case deductions, weighted
dimensions, a score given by the evidence, a checklist point. Registered by ``defaults``."""

from __future__ import annotations

from typing import Any

import attrs

from ..errors import InputError
from ..messages import Message
from ..tomlread import suggest


@attrs.frozen
class ById:
    """An evidence section's entries by item id, in the file's order (ratings, scores, answers)."""

    entries: tuple[tuple[str, Any], ...]

    def get(self, item_id: str) -> Any:
        return dict(self.entries).get(item_id)


def check_section_ids(rs, ev, key: str, entries: ById, shape_id: str) -> None:
    """Every id a section names is an item of the region, of the shape the section feeds."""
    item_ids = [i.id for i in rs.items]
    shapes = {i.id: i.shape for i in rs.items}
    for item_id, _ in entries.entries:
        if item_id not in shapes:
            raise InputError(ev.file, f"{key}.{item_id}",
                             Message.of("error.evidence.unknown_item", hint=suggest(item_id, item_ids)))
        if shapes[item_id] != shape_id:
            raise InputError(ev.file, f"{key}.{item_id}",
                             Message.of("error.evidence.item_not_in_section", item=item_id, key=key))


def read_places(node, item_id: str) -> tuple[int, "object"]:
    """A computed score's rounding, stated by the rules (`places`, `rounding`): never implicit."""
    from ..kinds import Rounding

    places = node.int("places")
    if places > 6:  # points are printed at a few places; more is a typo
        raise node.error("places", Message.of("error.rules.places", places=places))
    return places, Rounding(node.choice("rounding", Rounding, Rounding.HALF_UP))
