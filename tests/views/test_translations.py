"""The Chinese catalogue is complete, matches the source, and the committed .qm is compiled from
the committed .ts (a test that fails when someone forgets installer/update_translations.py)."""

from __future__ import annotations

import importlib.util
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def tool():
    """installer/update_translations.py, loaded as a module (installer/ is not a package)."""
    path = ROOT / "installer" / "update_translations.py"
    spec = importlib.util.spec_from_file_location("update_translations", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sources(ts: Path) -> set[tuple[str, str]]:
    return {
        (context.findtext("name"), message.findtext("source"))
        for context in ET.parse(ts).getroot().iter("context")
        for message in context.iter("message")
    }


def test_every_message_is_translated(tool):
    ts = tool.ts_path("zh_CN")
    assert len(sources(ts)) > 80
    assert tool.untranslated(ts) == []


def test_catalogue_holds_exactly_the_strings_of_the_source(tool, tmp_path):
    fresh = tmp_path / "fengwang_zh_CN.ts"
    shutil.copy(tool.ts_path("zh_CN"), fresh)
    tool.lupdate(fresh)  # adds new tr() strings as unfinished, drops vanished ones
    assert tool.untranslated(fresh) == [], "run installer/update_translations.py and translate"
    assert sources(fresh) == sources(tool.ts_path("zh_CN"))


def test_committed_qm_is_compiled_from_the_committed_ts(tool, tmp_path):
    compiled = tmp_path / "fengwang_zh_CN.qm"
    tool.lrelease(tool.ts_path("zh_CN"), compiled)
    committed = tool.qm_path("zh_CN").read_bytes()
    assert compiled.read_bytes() == committed, "run installer/update_translations.py"
