"""Errors a user may see. Messages are Chinese sentences meant to be shown as they are."""

from __future__ import annotations


class FengwangError(Exception):
    """Anything that went wrong in a way a user can understand and act on."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(FengwangError):
    """Input that cannot be saved; `fields` maps a field name to what is wrong with it."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__("；".join(fields.values()))
        self.fields = dict(fields)


class NotFoundError(FengwangError):
    pass


class RefusedError(FengwangError):
    """A rule of the trade forbids the action (e.g. deleting a unit that still has people)."""


class DatabaseError(FengwangError):
    """The database cannot be opened, upgraded or trusted."""


class ConflictError(RefusedError):
    """The record was changed by someone else (another workstation, an import) since it was
    read for this change: nothing was saved, and the message says what changed, by whom, when."""


class ConnectionLost(DatabaseError):
    """The database server could not be reached (network, server restarted): nothing of this
    step was saved, and trying again once the server answers is safe."""


def os_reason(err: OSError) -> str:
    """Why a file could not be written or read, as a Chinese phrase: the system's own text is
    English on Linux and the code page's on Windows, and a clerk acts on the cause."""
    import errno

    reasons = {
        errno.ENOSPC: "磁盘空间不足，请清理磁盘或换一个有空间的位置（如另一个U盘）",
        getattr(errno, "EDQUOT", -1): "磁盘空间不足（已超出分配的空间），请清理后再试",
        errno.EACCES: "没有写入权限，或文件正在被其他程序（如 Excel、WPS）打开，请关闭后再试",
        errno.EPERM: "没有写入权限，或文件正在被其他程序（如 Excel、WPS）打开，请关闭后再试",
        errno.EROFS: "磁盘是只读的（如写保护的U盘、光盘），请换一个位置",
        errno.EIO: "读写磁盘时出错（U盘可能已拔出或已损坏）",
        errno.ENOENT: "文件或文件夹已不存在（U盘可能已拔出）",
        errno.ENAMETOOLONG: "文件名或路径太长，请换一个短一些的名称",
        errno.EINVAL: "文件名不可用（含有系统不允许的字符？）",
        errno.EISDIR: "这是一个文件夹，请给出文件名",
        errno.EFBIG: "文件太大，这个磁盘放不下（如 FAT32 格式的U盘，单个文件最大 4 GB）",
    }
    if isinstance(err, PermissionError):
        return reasons[errno.EACCES]
    code = err.errno or type(err).__name__
    return reasons.get(err.errno, f"系统错误（{code}）：{err.strerror or err}")
