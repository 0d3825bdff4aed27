"""The words of the trade: grid levels, kinds of micro-grid, roles, statuses.

Plain Python with no imports beyond the standard library, so that the first screen can use them
before the database layer has loaded.
"""

from __future__ import annotations

from enum import StrEnum


class Level(StrEnum):
    COUNTY = "county"
    TOWNSHIP = "township"
    VILLAGE = "village"
    GRID = "grid"
    MICRO = "micro"

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self]

    @property
    def child(self) -> Level | None:
        order = list(Level)
        index = order.index(self)
        return order[index + 1] if index + 1 < len(order) else None

    @property
    def parent(self) -> Level | None:
        order = list(Level)
        index = order.index(self)
        return order[index - 1] if index > 0 else None


LEVEL_LABELS = {
    Level.COUNTY: "县(区)",
    Level.TOWNSHIP: "乡镇(街道)",
    Level.VILLAGE: "村(社区)",
    Level.GRID: "网格",
    Level.MICRO: "微网格",
}

# What a micro-grid covers, as townships name it. Free text is allowed; these fill the drop-down.
MICRO_GRID_KINDS = (
    "院落/小区",
    "企事业单位",
    "学校",
    "商铺",
    "街区园区",
    "公园绿道",
    "道路",
    "自然村/组",
)

VILLAGE_KINDS = ("村", "社区")


# The role catalogue of the seed practice. Admins may add more; these cannot be removed.
BUILTIN_ROLES = (
    "网格长",
    "专职网格员",
    "兼职网格员",
    "微网格员",
    "楼栋长",
    "联户长",
    "护林员",
    "护路员",
    "地质灾害监测员",
    "人民调解员",
    "辅警",
    "法律顾问",
    "驻村第一书记",
    "党员中心户",
)

POLITICAL_STATUSES = ("中共党员", "中共预备党员", "共青团员", "民主党派", "无党派人士", "群众")

EDUCATION_LEVELS = (
    "研究生",
    "大学本科",
    "大学专科",
    "中专",
    "高中",
    "初中",
    "小学",
    "其他",
)

GENDERS = ("男", "女")
