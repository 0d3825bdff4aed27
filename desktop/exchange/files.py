"""Writing a file the user named, safely: a clear Chinese refusal for a missing folder, a folder
given as the file, or a file that must not be written over (an open database or one of its
companion files, the file being read), and never a half-written file where the old one was.

Usage (any writer that takes a path: openpyxl, xlsxwriter, zipfile, open()):

    with writing(path) as temp:
        workbook.save(temp)

The writer writes to a temporary file in the target's own folder; when the block ends without
an exception the file is flushed to disk (fsync) and os.replace()d over `path` in one step, so
a power cut leaves either the previous file or the new one. When the block raises, the temporary
file is removed, `path` is untouched and the exception goes on as it was.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import tempfile
import traceback
from collections.abc import Iterable, Iterator
from pathlib import Path

from desktop.db import database_files, open_sqlite_files
from desktop.errors import FengwangError, os_reason


def check_target(path: Path | str) -> Path:
    """`path` as a Path, or a FengwangError if it cannot be a file we write: its folder is
    missing, it is itself a folder, or it is a database open in this process (or one of the
    files SQLite keeps beside it)."""
    target = Path(path)
    check_not_overwriting(target)
    if target.is_dir():
        raise FengwangError(f"{target} 是一个文件夹，请给出文件名（例如 {target / '结果.xlsx'}）")
    if not target.parent.is_dir():
        raise FengwangError(f"文件夹不存在：{target.parent}")
    return target


def check_not_overwriting(
    target: Path | str,
    *,
    databases: Iterable[Path] = (),
    inputs: Iterable[Path | str] = (),
) -> None:
    """FengwangError if `target` is one of the `databases` or of the SQLite databases open in
    this process, or a file SQLite keeps beside one (-wal, -shm, -journal, the lock), or one of
    the `inputs` being read: writing there would destroy the database or the clerk's file."""
    target = Path(target)
    for database in (*databases, *open_sqlite_files()):
        for companion in database_files(Path(database)):
            if _same_file(target, companion):
                what = "正在使用的数据库文件" if companion == database else "数据库的附属文件"
                raise FengwangError(
                    f"不能把结果写到 {target}：它是{what}（数据库 {database}），"
                    "写入会毁掉数据库。请另选一个文件名。"
                )
    for source in inputs:
        if _same_file(target, Path(source)):
            raise FengwangError(
                f"不能把结果写到 {target}：它就是要读取的文件，写入会覆盖原文件。请另选一个文件名。"
            )


def _same_file(one: Path, other: Path) -> bool:
    """The same file, by its identity when both exist (a hard link, another spelling of the
    path), else by its full path without links (on Windows in any letter case)."""
    with contextlib.suppress(OSError, ValueError):
        if os.path.samefile(one, other):
            return True
    try:
        return os.path.normcase(os.path.realpath(one)) == os.path.normcase(os.path.realpath(other))
    except (OSError, ValueError):
        return False


@contextlib.contextmanager
def writing(path: Path | str) -> Iterator[Path]:
    """Yield a temporary path in `path`'s folder to write to; on success it replaces `path`.

    Raises FengwangError (Chinese, ready to show) before the block runs when the folder is
    missing, `path` is a folder or the folder cannot be written, and after it when the file
    cannot be written (a full disk: an OSError in the block) or put in place (e.g. open in
    Excel on Windows). Any other exception of the block goes on as it was."""
    target = check_target(path)
    try:
        handle, name = tempfile.mkstemp(
            prefix=f".{target.stem}.", suffix=f".part{target.suffix}", dir=target.parent
        )
    except OSError as err:
        raise FengwangError(f"无法在 {target.parent} 中写入文件：{os_reason(err)}") from err
    os.close(handle)
    temp = Path(name)
    try:
        try:
            yield temp
            _fsync(temp)
            os.replace(temp, target)
        except OSError as err:
            raise FengwangError(f"无法保存 {target}：{os_reason(err)}") from err
    except BaseException as err:
        _let_go(err)
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _fsync_folder(target.parent)


def _let_go(err: BaseException) -> None:
    """A writer that failed half-way (a full disk) leaves its zip archive open in the frames of
    the traceback. Closed later by the garbage collector, it fails again, and Python prints
    "Exception ignored in ZipFile.__del__ … Traceback" on stderr (and on Windows the open file
    could not be removed). Drop those frames' variables and collect them now, quietly."""
    previous, sys.unraisablehook = sys.unraisablehook, _ignore
    try:
        seen: set[int] = set()
        pending: list[BaseException | None] = [err]
        while pending:
            current = pending.pop()
            if current is None or id(current) in seen:
                continue
            seen.add(id(current))
            traceback.clear_frames(current.__traceback__)  # frames still running are kept
            pending += [current.__cause__, current.__context__]
        gc.collect()
    finally:
        sys.unraisablehook = previous


def _ignore(_unraisable: object) -> None:
    pass


def save_workbook(book, path: Path | str) -> None:
    """Save an openpyxl workbook whole or not at all (see writing); a failure becomes a Chinese
    sentence."""
    with writing(path) as temp:
        book.save(temp)


def close_workbook(book, target: Path | str) -> None:
    """Close (that is, write) an xlsxwriter workbook; a failure becomes a Chinese sentence.
    xlsxwriter wraps the OSError in its own FileCreateError (as its argument or its cause)."""
    try:
        book.close()
    except Exception as err:
        causes = (err, err.__cause__, err.__context__, *err.args)
        found = next((cause for cause in causes if isinstance(cause, OSError)), None)
        reason = os_reason(found) if found is not None else str(err)
        raise FengwangError(f"无法保存 {target}：{reason}") from err


def _fsync(path: Path) -> None:
    with open(path, "rb+") as file:
        os.fsync(file.fileno())


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable where the system allows it (not on Windows)."""
    with contextlib.suppress(OSError, AttributeError):
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


__all__ = ["check_not_overwriting", "check_target", "close_workbook", "writing"]
