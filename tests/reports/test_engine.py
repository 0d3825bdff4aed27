"""The paper engine: fonts embedded and falling back per character, missing characters reported,
long tables split between rows with the header repeated, page numbers, watermark, atomic output."""

from __future__ import annotations

import re
import shutil
from datetime import date

import pytest
from reportlab.platypus import Flowable

from desktop.reports import fonts
from desktop.reports.chart import BarChart
from desktop.reports.paper import Heading, Paper, form_table, paragraph, sign_and_seal
from desktop.reports.table import Column, GroupRow, LedgerTable, TotalRow, wrap_text
from tests.reports.conftest import fonts_used, page_texts

TODAY = date(2026, 11, 29)
RARE = "喆堃珏犇昇䶮"
NOWHERE = "\U0010fffd"  # a private-use character of plane 16: no font draws it
SUMMARY = "因宅基地界址不清引发争执，双方多次协商未果，经网格员上报后由村调委会组织调解，达成协议。"


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def ledger(rows: int, groups: int = 1) -> list:
    made: list = []
    for group in range(groups):
        made.append(GroupRow(f"第{group + 1}村"))
        for number in range(rows):
            made.append(
                (
                    f"行{group}-{number:04d}",
                    f"张{RARE[number % 6]}",
                    SUMMARY * (1 + number % 3),
                    f"尾{group}-{number:04d}",
                    number,
                )
            )
    made.append(TotalRow(("合计", "", "", "", rows * groups)))
    return made


COLUMNS = [
    Column("编号", 1.2),
    Column("姓名", 1),
    Column("简要情况", 5),
    Column("结尾", 1.1),
    Column("人数", 0.8, "right"),
]


def make_paper(out, **options) -> Paper:
    return Paper(
        out,
        title="测试台账",
        issuer="示例镇综合治理中心",
        period="2026年10月",
        today=TODAY,
        **options,
    )


# ----------------------------------------------------------------------------- line breaking


def test_a_long_name_wraps_into_lines_no_wider_than_the_cell():
    name = "阿卜杜热合曼·买买提依明·库尔班江·艾尔肯·喆堃珏犇昇䶮"
    lines = wrap_text(name, 40, 9)
    assert len(lines) > 3 and "".join(lines) == name
    assert all(fonts.text_width(line, 9) <= 40 for line in lines)


def test_numbers_stay_whole_and_closing_punctuation_never_starts_a_line():
    width = fonts.text_width("示例镇〔2026〕", 9) + 1
    lines = wrap_text("示例镇〔2026〕0012号，已受理。", width, 9)
    assert any("0012" in line for line in lines)  # the number is not cut in two
    assert not any(line[0] in "，。、）〕" for line in lines)
    assert all(fonts.text_width(line, 9) <= width for line in lines)


def test_a_word_longer_than_the_cell_is_broken_by_characters():
    lines = wrap_text("511922199001011234", fonts.text_width("5119221990", 9), 9)
    assert "".join(lines) == "511922199001011234" and len(lines) == 2


# ------------------------------------------------------------------------------------ fonts


def test_fonts_are_embedded_and_rare_name_characters_print_with_their_glyphs(tmp_path):
    out = tmp_path / "rare.pdf"
    paper = make_paper(out)
    rendered = paper.build(
        [paragraph(f"姓名：{RARE}，阿卜杜·热合曼，2026年"), LedgerTable(COLUMNS, ledger(6))]
    )
    assert rendered.missing_characters == frozenset()
    used = fonts_used(out)
    assert used and all(used.values()), used  # no Helvetica, nothing left to the viewer
    text = flat("".join(page_texts(out)))
    assert RARE in text and "阿卜杜·热合曼" in text and "张䶮" in text


def test_a_character_no_font_has_is_marked_and_reported(tmp_path):
    out = tmp_path / "missing.pdf"
    paper = make_paper(out)
    rows = [("1", f"李{NOWHERE}", "", "", 1)]
    rendered = paper.build([paragraph(f"王{NOWHERE}明"), LedgerTable(COLUMNS, rows)])
    assert rendered.missing_characters == frozenset({NOWHERE})
    text = flat(page_texts(out)[0])
    assert f"王{fonts.fonts().mark}明" in text and f"李{fonts.fonts().mark}" in text


def test_without_a_system_font_for_an_extension_b_character_it_is_reported(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "system_fallback_files", lambda: [])
    monkeypatch.setattr(fonts, "_sets", {})
    out = tmp_path / "extb.pdf"
    rendered = make_paper(out).build([paragraph("张𪛖，张喆")])
    assert rendered.missing_characters == frozenset({"𪛖"})
    assert "张喆" in flat(page_texts(out)[0])


def test_a_system_font_chosen_as_main_font_prints_the_paper(tmp_path, monkeypatch):
    windows = tmp_path / "windows"
    (windows / "Fonts").mkdir(parents=True)
    shutil.copyfile(fonts.font_path(), windows / "Fonts" / "simhei.ttf")
    monkeypatch.setenv("WINDIR", str(windows))
    monkeypatch.setattr(fonts, "_sets", {})
    assert ("simhei", "黑体") in fonts.available_main_fonts()
    assert ("simsun", "宋体") not in fonts.available_main_fonts()
    assert fonts.use_main_font("simsun") == fonts.BUNDLED  # not on this machine: the bundled one
    try:
        assert fonts.use_main_font("simhei") == "simhei"
        out = tmp_path / "simhei.pdf"
        make_paper(out).build([paragraph("黑体的花名册")])
        assert "黑体的花名册" in flat(page_texts(out)[0])
        assert all(fonts_used(out).values())
    finally:
        fonts.use_main_font(fonts.BUNDLED)


# ---------------------------------------------------------------------------- the long table


def test_a_long_table_repeats_its_header_and_never_splits_a_row(tmp_path):
    out = tmp_path / "ledger.pdf"
    seen = []
    paper = make_paper(out, landscape=True)
    table = LedgerTable(
        COLUMNS, ledger(120, groups=2), progress=lambda done, total: seen.append((done, total))
    )
    rendered = paper.build([Heading("一、明细"), table])
    pages = [flat(text) for text in page_texts(out)]
    assert rendered.pages == len(pages) > 3
    for number, text in enumerate(pages, start=1):
        assert f"第{number}页共{rendered.pages}页" in text
        assert "编号" in text and "简要情况" in text  # the header, on every page
    for group in range(2):
        for number in range(120):
            first, last = f"行{group}-{number:04d}", f"尾{group}-{number:04d}"
            holding = [i for i, text in enumerate(pages) if first in text]
            assert len(holding) == 1 and last in pages[holding[0]], (first, holding)
    assert any("第1村（续）" in text for text in pages[1:])
    assert "合计240" in pages[-1]
    assert seen[-1] == (241, 241) and len(seen) == rendered.pages


def test_group_heading_is_not_left_alone_at_the_foot_of_a_page():
    table = LedgerTable(
        COLUMNS, [("1", "a", "", "", 1)] * 3 + [GroupRow("第2村"), ("2", "b", "", "", 1)]
    )
    width = 700
    table.wrap(width, 10_000)
    layout = table._laid(width)
    room = layout.header[1] + layout.height(0, 4) + 1  # the header, three rows and the heading
    first, rest = table.split(width, room)
    assert (first._start, first._stop) == (0, 3) and rest._continued is None


def test_watermark_on_every_page_of_a_draft_only(tmp_path):
    draft, final = tmp_path / "draft.pdf", tmp_path / "final.pdf"
    make_paper(draft, draft=True).build([LedgerTable(COLUMNS, ledger(80))])
    make_paper(final).build([LedgerTable(COLUMNS, ledger(80))])
    assert all("草稿" in text for text in page_texts(draft)) and len(page_texts(draft)) > 1
    assert not any("草稿" in text for text in page_texts(final))


def test_title_block_signatures_seal_chart_and_form(tmp_path):
    out = tmp_path / "blocks.pdf"
    paper = make_paper(out)
    story = [
        BarChart(["优秀", "良好", "合格", "不合格"], [12, 30, 7, 1], title="等次分布"),
        BarChart(["婚姻家庭", "邻里", "山林土地(承包经营)"], [5, 9, 2], horizontal=True),
        form_table(
            [["当事人", "张喆"], ["住址", None]],
            [1, 3],
            total_width=paper.width,
            labels=[(0, 0), (0, 1)],
        ),
        sign_and_seal(paper, author="王芳"),
    ]
    paper.build(story)
    assert all(fonts_used(out).values()), fonts_used(out)  # reportlab's Table names Helvetica
    text = flat("".join(page_texts(out)))
    for expected in (
        "测试台账",
        "填报单位：示例镇综合治理中心",
        "期间：2026年10月",
        "制表日期：2026年11月29日",
        "等次分布",
        "不合格",
        "山林土地(承包经营)",
        "当事人",
        "张喆",
        "制表人：王芳",
        "审核人",
        "负责人",
        "日期",
        "示例镇综合治理中心（盖章）",
    ):
        assert expected in text, expected


class Broken(Flowable):
    def wrap(self, availWidth, availHeight):
        return 10, 10

    def draw(self):
        raise RuntimeError("boom")


def test_a_failed_paper_leaves_the_previous_file_alone(tmp_path):
    out = tmp_path / "paper.pdf"
    out.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        make_paper(out).build([paragraph("x"), Broken()])
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["paper.pdf"]


def test_header_groups_and_an_empty_table_print_their_headings(tmp_path):
    out = tmp_path / "groups.pdf"
    columns = [
        Column("村(社区)", 2),
        Column("件数", 1, "right"),
        Column("人数", 1, "right"),
        Column("备注", 2),
    ]
    table = LedgerTable(columns, [], header_groups=[("防止民转刑", 1, 2)], zebra=True)
    make_paper(out).build([table])
    text = flat(page_texts(out)[0])
    assert all(word in text for word in ("防止民转刑", "村(社区)", "件数", "人数", "备注"))


def test_a_line_break_in_a_cell_starts_a_new_line():
    assert wrap_text("2026-10-01\n超期办结", 200, 9) == ["2026-10-01", "超期办结"]
