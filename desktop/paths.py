"""Where Fengwang keeps its data and finds its resources."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "Fengwang"
DB_ENV = "FENGWANG_DB"


def data_dir() -> Path:
    """The user's local app-data folder (Windows: %LOCALAPPDATA%\\Fengwang), never the install dir."""
    from platformdirs import user_data_dir

    # appauthor=False keeps Windows at %LOCALAPPDATA%\Fengwang rather than ...\Author\Fengwang.
    return Path(user_data_dir(APP_NAME, appauthor=False, roaming=False))


def default_db_path() -> Path:
    return data_dir() / "fengwang.sqlite"


def demo_db_path() -> Path:
    return data_dir() / "demo.sqlite"


def database_url(path_or_url: str | os.PathLike[str] | None) -> str:
    """Turn the --db argument (or FENGWANG_DB, or the default) into a SQLAlchemy URL.

    A value with "://" is taken as a URL as it stands (postgresql+psycopg://…); anything else is a
    file path for the embedded SQLite database.
    """
    value = os.fspath(path_or_url) if path_or_url else os.environ.get(DB_ENV) or ""
    if "://" in value:
        return value
    path = Path(value).expanduser() if value else default_db_path()
    return f"sqlite:///{path.resolve()}"


def resource_dir() -> Path:
    """resources/ of a source checkout, desktop/resources of a wheel, or a frozen bundle's copy."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    here = Path(__file__).resolve().parent
    packaged = here / "resources"
    return packaged if packaged.is_dir() else here.parent / "resources"


def font_path() -> Path:
    return resource_dir() / "fonts" / "DroidSansFallbackFull.ttf"


def icon_path() -> Path:
    return resource_dir() / "icons" / "fengwang.png"


def translations_dir() -> Path:
    return resource_dir() / "translations"
