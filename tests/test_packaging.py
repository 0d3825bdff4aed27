"""An installed (non-editable) Fengwang must carry every package, its migrations and resources."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_python_package_is_listed_for_the_wheel():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(folder.relative_to(ROOT).parts)
        for folder in (ROOT / "desktop").rglob("*")
        if folder.is_dir() and any(folder.glob("*.py")) and "__pycache__" not in folder.parts
    } | {"desktop"}
    assert on_disk <= listed, f"add to [tool.setuptools] packages: {sorted(on_disk - listed)}"
    assert "desktop.resources" in listed


def test_the_bundled_font_and_its_licence_are_there():
    fonts = ROOT / "resources" / "fonts"
    assert (fonts / "DroidSansFallbackFull.ttf").stat().st_size > 1_000_000
    assert "Apache" in (fonts / "DroidSansFallback-LICENSE.txt").read_text(encoding="utf-8")


def test_the_icons_travel_with_the_wheel():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "icons/*" in config["tool"]["setuptools"]["package-data"]["desktop.resources"]
    icons = ROOT / "resources" / "icons"
    assert (icons / "fengwang.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (icons / "fengwang.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"  # an ICO header
