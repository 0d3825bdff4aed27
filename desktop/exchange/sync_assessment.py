"""What a scheme version's row of the county sync package carries beyond plain fields: its
roles, sections with their items, and grade bands, as JSON text; the checks that such text (and
a result's points and figures) is what this program writes; and the scheme's parts built back
from it. The sheets themselves are in desktop/exchange/sync_format.py, their matching in
sync_preview.py, applying in sync.py.

A scheme's parts have no identity of their own: they travel inside their scheme's row, so that
a version is one record, compared, frozen and taken as a whole.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from desktop.models import (
    AssessmentScheme,
    GradeBandRow,
    Role,
    SchemeItem,
    SchemeRole,
    SchemeSection,
)
from desktop.services.scoring import ItemKind

# What a scheme row carries of its items and bands, in this order.
ITEM_FIELDS = (
    "key",
    "name",
    "kind",
    "max_tenths",
    "per_count_tenths",
    "bands",
    "metric",
    "rule_text",
)
BAND_FIELDS = ("grade", "lower_tenths", "upper_tenths")


def to_json(value: object) -> str:
    """Compact and stable: the same scheme gives the same text, so the same digest."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def scheme_texts(scheme: AssessmentScheme) -> dict[str, str]:
    """The roles, sections and bands fields of the scheme's row."""
    return {
        "roles": to_json(sorted(link.role.name for link in scheme.roles)),
        "sections": to_json(
            [
                {
                    "name": section.name,
                    "items": [
                        {name: getattr(item, name) for name in ITEM_FIELDS}
                        for item in section.items
                    ],
                }
                for section in scheme.sections
            ]
        ),
        "bands": to_json(
            [{name: getattr(band, name) for name in BAND_FIELDS} for band in scheme.bands]
        ),
    }


def fill_scheme(
    scheme: AssessmentScheme, texts: dict[str, str], role: Callable[[str], Role]
) -> None:
    """Give the scheme the roles, sections and bands of its row (checked as it was read);
    `role` gives the role of a name, creating it if need be."""
    scheme.roles = [SchemeRole(role=role(name)) for name in json.loads(texts["roles"])]
    scheme.sections = [
        SchemeSection(
            position=position,
            name=section["name"],
            items=[
                SchemeItem(scheme=scheme, position=index, **item)
                for index, item in enumerate(section["items"])
            ],
        )
        for position, section in enumerate(json.loads(texts["sections"]))
    ]
    scheme.bands = [
        GradeBandRow(position=position, **band)
        for position, band in enumerate(json.loads(texts["bands"]))
    ]


def item_names(sections: str) -> list[tuple[str, str]]:
    """(key, name) of every item of a row's sections: what labels show for an entry."""
    return [
        (item["key"], item["name"]) for section in json.loads(sections) for item in section["items"]
    ]


def parsed(text: str) -> object:
    try:
        return json.loads(text)
    except ValueError:
        return None


def _text_fits(value: object, column, *, empty: bool = False) -> bool:
    return isinstance(value, str) and (empty or bool(value)) and len(value) <= column.type.length


def _whole(value: object) -> bool:
    return type(value) is int and 0 <= value < 2**31  # bool is no count of tenths


def _item_shape(item: object) -> bool:
    columns = SchemeItem.__table__.c
    return (
        isinstance(item, dict)
        and tuple(item) == ITEM_FIELDS
        and _text_fits(item["key"], columns.key)
        and _text_fits(item["name"], columns.name, empty=True)
        and item["kind"] in tuple(ItemKind)
        and _whole(item["max_tenths"])
        and _whole(item["per_count_tenths"])
        and isinstance(item["bands"], str)
        and _text_fits(item["metric"], columns.metric, empty=True)
        and isinstance(item["rule_text"], str)
    )


def _sections_shape(sections: object) -> bool:
    if not isinstance(sections, list):
        return False
    keys = []
    for section in sections:
        if not (
            isinstance(section, dict)
            and tuple(section) == ("name", "items")
            and _text_fits(section["name"], SchemeSection.__table__.c.name)
            and isinstance(section["items"], list)
            and all(_item_shape(item) for item in section["items"])
        ):
            return False
        keys += [item["key"] for item in section["items"]]
    return len(keys) == len(set(keys))  # an item's key is unique in its scheme


def _bands_shape(bands: object) -> bool:
    return (
        isinstance(bands, list)
        and bool(bands)
        and all(
            isinstance(band, dict)
            and tuple(band) == BAND_FIELDS
            and _text_fits(band["grade"], GradeBandRow.__table__.c.grade)
            and _whole(band["lower_tenths"])
            and (band["upper_tenths"] is None or _whole(band["upper_tenths"]))
            for band in bands
        )
    )


# What a JSON field must hold (see SheetSpec.composite); the entries' digest is checked apart.
SHAPES: dict[str, Callable[[object], bool]] = {
    "roles": lambda roles: (
        isinstance(roles, list)
        and bool(roles)
        and all(_text_fits(role, Role.__table__.c.name) for role in roles)
    ),
    "sections": _sections_shape,
    "bands": _bands_shape,
    "points": lambda points: (
        isinstance(points, dict) and all(type(value) is int for value in points.values())
    ),
    "figures": lambda figures: (
        isinstance(figures, dict) and all(isinstance(value, str) for value in figures.values())
    ),
}
