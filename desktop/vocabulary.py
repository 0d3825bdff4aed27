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


# ------------------------------------------------------------------------------- dispute cases

# The categories townships commonly report (DESIGN.md). Admins may add more; these stay.
BUILTIN_CASE_CATEGORIES = (
    "婚姻家庭",
    "邻里",
    "房屋宅基地",
    "山林土地(承包经营)",
    "合同",
    "生产经营",
    "损害赔偿",
    "征地拆迁",
    "环境污染",
    "劳动争议(欠薪)",
    "消费",
    "医疗",
    "道路交通事故",
    "物业",
    "村务管理",
    "其他",
)

CASE_SOURCES = ("主动排查", "当事人申请", "网格上报", "部门移送/委托", "来信来访")

RISK_LEVELS = ("一般", "较大", "重大")

# Where a case may be transferred when mediation is not the way (分流 → 移送).
TRANSFER_TARGETS = ("人民法院", "公安机关", "信访部门", "行政主管部门", "仲裁机构", "其他")


class CaseStatus(StrEnum):
    """The states of the four steps 排查 → 研判 → 分流 → 化解, and after."""

    REGISTERED = "registered"
    ASSESSED = "assessed"
    ROUTED = "routed"
    MEDIATING = "mediating"
    SETTLED = "settled"
    FAILED = "failed"
    CLOSED = "closed"
    FOLLOWED_UP = "followed_up"

    @property
    def label(self) -> str:
        return CASE_STATUS_LABELS[self]

    @property
    def open(self) -> bool:
        """Still being worked on: its conclusion deadline runs."""
        return self not in (CaseStatus.SETTLED, CaseStatus.CLOSED, CaseStatus.FOLLOWED_UP)


CASE_STATUS_LABELS = {
    CaseStatus.REGISTERED: "登记",
    CaseStatus.ASSESSED: "研判",
    CaseStatus.ROUTED: "已分流",
    CaseStatus.MEDIATING: "调解中",
    CaseStatus.SETTLED: "调解成功",
    CaseStatus.FAILED: "调解不成",
    CaseStatus.CLOSED: "结案",
    CaseStatus.FOLLOWED_UP: "已回访",
}


class HandlingLevel(StrEnum):
    """Who handles a case: the village, the township, the county, or another body."""

    VILLAGE = "village"
    TOWNSHIP = "township"
    COUNTY = "county"
    TRANSFERRED = "transferred"

    @property
    def label(self) -> str:
        return HANDLING_LEVEL_LABELS[self]

    @property
    def rank(self) -> int:
        return list(HandlingLevel).index(self)


HANDLING_LEVEL_LABELS = {
    HandlingLevel.VILLAGE: "村级",
    HandlingLevel.TOWNSHIP: "镇级",
    HandlingLevel.COUNTY: "县级",
    HandlingLevel.TRANSFERRED: "移送",
}


class CaseOutcome(StrEnum):
    SETTLED = "settled"
    NOT_SETTLED = "not_settled"
    TRANSFERRED = "transferred"

    @property
    def label(self) -> str:
        return {"settled": "调解成功", "not_settled": "调解不成", "transferred": "移送处理"}[self]


MEDIATOR_ROLES = ("人民调解员", "法律顾问")


# ------------------------------------------------------------------ grid warnings and dispatch

# The warning types of the practice (网格预警). Admins may add more; these stay.
BUILTIN_WARNING_TYPES = (
    "安全隐患",
    "地质灾害",
    "森林防火",
    "道路交通",
    "治安",
    "矛盾苗头",
    "民生诉求",
    "其他",
)

# The type whose warnings may become a dispute case in one action.
DISPUTE_WARNING_TYPE = "矛盾苗头"

URGENCIES = ("一般", "紧急")
URGENT = "紧急"

# Who the centre dispatches to (综治派单); a named person may be chosen instead.
DISPATCH_BODIES = ("派出所", "司法所", "应急办", "自然资源所", "村委会")

# The party membership that may report for duty on a warning (党员报到).
PARTY_MEMBER = "中共党员"


class WarningStatus(StrEnum):
    """上报 → 派单 → 响应 → 反馈 → 办结; or turned into a dispute case."""

    REPORTED = "reported"
    DISPATCHED = "dispatched"
    RESPONDED = "responded"
    FED_BACK = "fed_back"
    CLOSED = "closed"
    CONVERTED = "converted"

    @property
    def label(self) -> str:
        return WARNING_STATUS_LABELS[self]

    @property
    def open(self) -> bool:
        return self not in (WarningStatus.CLOSED, WarningStatus.CONVERTED)


WARNING_STATUS_LABELS = {
    WarningStatus.REPORTED: "待派单",
    WarningStatus.DISPATCHED: "已派单",
    WarningStatus.RESPONDED: "处置中",
    WarningStatus.FED_BACK: "已反馈",
    WarningStatus.CLOSED: "已办结",
    WarningStatus.CONVERTED: "已转案件",
}

# The levels a warning is handled at, lowest first: escalation moves it one up (微网格 → 网格 →
# 村(社区) → 乡镇(街道)), skipping a level the unit's tree does not have.
WARNING_LEVELS = (Level.MICRO, Level.GRID, Level.VILLAGE, Level.TOWNSHIP)


class WarningAction(StrEnum):
    """The steps of a warning's timeline."""

    REPORT = "report"
    DISPATCH = "dispatch"
    REASSIGN = "reassign"
    ESCALATE = "escalate"
    RESPOND = "respond"
    FEEDBACK = "feedback"
    CLOSE = "close"
    PARTY_REPORT = "party_report"
    CONVERT = "convert"

    @property
    def label(self) -> str:
        return WARNING_ACTION_LABELS[self]


WARNING_ACTION_LABELS = {
    WarningAction.REPORT: "上报预警",
    WarningAction.DISPATCH: "派单",
    WarningAction.REASSIGN: "改派",
    WarningAction.ESCALATE: "提级",
    WarningAction.RESPOND: "响应",
    WarningAction.FEEDBACK: "反馈",
    WarningAction.CLOSE: "办结",
    WarningAction.PARTY_REPORT: "党员报到",
    WarningAction.CONVERT: "转为矛盾纠纷案件",
}
