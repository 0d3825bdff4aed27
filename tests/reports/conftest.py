"""Papers rendered from the demo township, and ways to read a PDF back as a user's eye would."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.db import Database, open_database
from desktop.services.demo import build_demo

DEMO_TODAY = date(2026, 11, 29)  # the demo is built on this day, and papers are printed on it


@pytest.fixture(scope="session")
def report_demo_file(tmp_path_factory) -> Path:
    """示例镇 built once per run on DEMO_TODAY; tests read it through their own copy (demo_db)."""
    path = tmp_path_factory.mktemp("report-demo") / "demo.sqlite"
    database = open_database(f"sqlite:///{path}")
    try:
        build_demo(database, seed=1, today=DEMO_TODAY)
    finally:
        database.close()
    return path


@pytest.fixture
def demo_db(report_demo_file, db_path) -> Iterator[Database]:
    """A copy of the demo township (青石村 = 511922100201), free to change."""
    shutil.copyfile(report_demo_file, db_path)
    database = open_database(f"sqlite:///{db_path}")
    yield database
    database.close()


def page_texts(path: Path) -> list[str]:
    """The text of each page, as pypdf extracts it (through the fonts' ToUnicode maps)."""
    return [page.extract_text() for page in PdfReader(path).pages]


def fonts_used(path: Path) -> dict[str, bool]:
    """Every font the pages use, by base name, and whether its program is embedded."""
    found: dict[str, bool] = {}
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            if descendants:
                font = descendants[0].get_object()
            descriptor = font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            found[str(font["/BaseFont"])] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    return found
