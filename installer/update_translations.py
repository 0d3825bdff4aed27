"""Refresh the translation catalogue from the source and compile it.

    python installer/update_translations.py          # lupdate + lrelease
    python installer/update_translations.py --check  # fail if the .ts lacks or leaves out strings

Run it after changing any tr() text, translate the new entries in resources/translations/
fengwang_zh_CN.ts (Qt Linguist: pyside6-linguist), run it again, and commit both the .ts and the
compiled .qm: the app loads the .qm, and a test fails when the two disagree.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE_DIR = ROOT / "desktop"
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("zh_CN",)


def tool(name: str) -> str:
    """A PySide6 tool from the running interpreter's environment, else from PATH."""
    folder = Path(sys.executable).parent
    for candidate in (folder / name, folder / f"{name}.exe"):
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6-Essentials in this environment")
    return found


def sources() -> list[str]:
    """Python files that may hold tr() strings, relative to the repo (stable .ts output)."""
    return sorted(str(path.relative_to(ROOT)) for path in SOURCE_DIR.rglob("*.py"))


def ts_path(language: str) -> Path:
    return TRANSLATIONS / f"fengwang_{language}.ts"


def qm_path(language: str) -> Path:
    return TRANSLATIONS / f"fengwang_{language}.qm"


def lupdate(ts: Path) -> None:
    """Merge the source strings into `ts`. No line numbers (-locations none), so that moving
    code does not churn the catalogue; strings no longer in the source are dropped."""
    subprocess.run(
        [
            tool("pyside6-lupdate"),
            *sources(),
            "-ts",
            str(ts),
            "-no-obsolete",
            "-locations",
            "none",
            "-silent",
        ],
        cwd=ROOT,
        check=True,
    )


def lrelease(ts: Path, qm: Path) -> None:
    # Compiled beside it, then swapped in: a running app or test maps the .qm it loaded, and
    # rewriting that file in place crashes it.
    fresh = qm.with_name(qm.name + ".new")
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(fresh)], check=True)
    fresh.replace(qm)


def untranslated(ts: Path) -> list[str]:
    """Source texts whose translation is missing, empty or marked unfinished."""
    missing = []
    for message in ET.parse(ts).getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if (
            translation is None
            or translation.get("type") in ("unfinished", "vanished", "obsolete")
            or not "".join(translation.itertext()).strip()
        ):
            missing.append(source)
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report untranslated strings only")
    args = parser.parse_args(argv)
    status = 0
    for language in LANGUAGES:
        ts = ts_path(language)
        if not args.check:
            TRANSLATIONS.mkdir(parents=True, exist_ok=True)
            lupdate(ts)
            lrelease(ts, qm_path(language))
        missing = untranslated(ts)
        for source in missing:
            print(f"{ts.name}: untranslated: {source!r}")
        status = status or (1 if missing else 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
