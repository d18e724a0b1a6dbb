"""Operating-system errors said in Chinese: what happened to which file, and what to do.

A full disk, a read-only folder or a document open in Word is not a bug in govinfo: the clerk
gets a message and exit 1, never the internal-error catch-all."""
from __future__ import annotations

import errno
from pathlib import Path

from govinfo.core.diagnostics import Diagnostic, Source, error

# Windows error codes that arrive as PermissionError: the file is open in another program.
_SHARING = {32, 33}  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION


def explain(exc: OSError, shown: str | None = None) -> Diagnostic:
    where = Source(shown or exc.filename and str(exc.filename) or "govinfo")
    code = exc.errno
    if getattr(exc, "winerror", None) in _SHARING:
        return error(where, "FILE-IN-USE", "文件正被其他程序打开（如 Word、Excel 或 WPS），无法写入",
                     "关闭打开这个文件的程序后再运行一次")
    if code == errno.ENOSPC or getattr(exc, "winerror", None) == 112:
        return error(where, "DISK-FULL", "磁盘已满，文件没有写入", "清理磁盘空间后再运行一次；本次没有留下写了一半的文件")
    if code == getattr(errno, "EDQUOT", -1):
        return error(where, "DISK-FULL", "磁盘配额已用完，文件没有写入", "请管理员扩大配额或清理文件后再试")
    if code == errno.EROFS:
        return error(where, "READ-ONLY", "所在磁盘或文件夹是只读的，无法写入", "把工作区复制到可写的位置（如 D 盘），或取消只读后再试")
    if isinstance(exc, PermissionError):
        return error(where, "NO-PERMISSION", "没有权限读写这个文件或文件夹（可能是只读，或正被其他程序打开）",
                     "关闭可能打开它的程序（Word、Excel、WPS），或在文件属性中取消“只读”后再试")
    if code == errno.ENAMETOOLONG or getattr(exc, "winerror", None) == 206:
        return error(where, "PATH-TOO-LONG", "文件路径过长，系统无法处理", "把工作区放到较短的路径下，如 D:\\政务信息")
    if isinstance(exc, NotADirectoryError) or code == errno.ENOTDIR or (
            isinstance(exc, FileExistsError) and exc.filename and Path(exc.filename).is_file()):
        return error(where, "NOT-A-FOLDER", "路径中有一段是文件而不是文件夹", "检查 --out 等参数：应给出文件夹，而不是文件")
    if isinstance(exc, IsADirectoryError):
        return error(where, "IS-A-FOLDER", "这里需要文件，给出的却是文件夹", "检查参数中的文件名")
    if isinstance(exc, FileExistsError):
        return error(where, "EXISTS", "同名的文件或文件夹已存在", "换一个名字，或先移走原有的文件")
    if isinstance(exc, FileNotFoundError):
        return error(where, "NO-FILE", "找不到文件或文件夹", "检查路径是否写对")
    return error(where, "OS-ERROR", f"读写文件时系统报错：{exc.strerror or exc}", "检查磁盘和文件夹的状态后再试")
