"""The workspace is closed: no file inside it is read or written through a symbolic link, and no
file a user hands over is read past a size limit.

A link inside data/, rules/, templates/ or the inbox could make a command write a record outside
the workspace (where no later command finds it) or print a file from elsewhere; so every read and
write below a workspace root checks each component of its path.
"""
from __future__ import annotations

import os
from pathlib import Path

from govinfo.core.diagnostics import Source, UserError, error

# Workspace roots opened in this process: inside them no path component may be a link.
_closed_roots: set[Path] = set()


def close_root(root: Path) -> None:
    """From now on, refuse links inside `root` (called when a workspace is opened or made)."""
    _closed_roots.add(Path(os.path.abspath(root)))


def _root_of(path: Path) -> Path | None:
    # Compared as strings: a long-running process (the web server, the tests) opens many roots,
    # and walking each path's parents for each of them made every read cost milliseconds.
    # normcase: on Windows C:\Work and c:\work are one folder, as Path equality had it.
    absolute = os.path.normcase(os.path.abspath(path))
    inside = [root for root in _closed_roots
              if absolute == os.path.normcase(root) or absolute.startswith(os.path.join(os.path.normcase(root), ""))]
    return max(inside, key=lambda r: len(str(r)), default=None)


def link_on_path(path: Path, root: Path) -> Path | None:
    """The first component of `path` below `root` (the path itself included) that is a link."""
    absolute = Path(os.path.abspath(path))
    parts = absolute.relative_to(root).parts
    current = root
    for part in parts:
        current = current / part
        if current.is_symlink():
            return current
    return None


def refuse_links(path: Path) -> None:
    """Raise a user error when `path` would be reached through a link inside a workspace."""
    root = _root_of(path)
    if root is None:
        return
    link = link_on_path(path, root)
    if link is not None:
        rel = link.relative_to(root).as_posix()
        raise UserError(error(Source(rel), "SYMLINK", f"“{rel}”是符号链接（快捷方式），本工具不通过链接读写工作区内的文件",
                              "把链接换成真实的文件夹或文件（复制进工作区）后再试"))


def read_limited(path: Path, limit: int, shown: str | None = None) -> bytes:
    """The bytes of a file a user wrote or handed over, refused past `limit` bytes and through links."""
    refuse_links(path)
    shown = shown or str(path)
    if path.exists() and not path.is_file():  # a pipe would block the read for ever; a folder cannot be read
        raise UserError(error(Source(shown), "NOT-A-FILE", f"“{shown}”不是普通文件（是文件夹、管道等）", "给出一个文件"))
    with open(path, "rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise UserError(error(Source(shown), "FILE-TOO-LARGE", f"文件“{shown}”过大（超过 {limit // 1024 // 1024 or 1} MB 的上限）",
                              "正文只需文字：请去掉图片、附件后另存为较小的文件"))
    return data


# An office document is a zip of XML parts. Its directory states each part's size, and Python's
# zipfile never returns more than that, so checking the stated sizes bounds what reading costs
# (a 3 MB file that inflates to 1 GB is refused before it is opened).
MAX_PART_BYTES = 32 * 1024 * 1024
MAX_PACKAGE_BYTES = 64 * 1024 * 1024
MAX_PARTS = 2000


def check_office_package(path: Path, shown: str | None = None) -> None:
    """Refuse a .docx/.xlsx whose parts inflate past the limits or whose XML declares a DTD or
    entities (an XML bomb or an external-entity read); the file is otherwise left to its reader."""
    import zipfile
    shown = shown or str(path)
    where = Source(shown)
    refuse_links(path)
    try:
        with zipfile.ZipFile(path) as package:
            parts = package.infolist()
            total = sum(p.file_size for p in parts)
            if len(parts) > MAX_PARTS or total > MAX_PACKAGE_BYTES or any(p.file_size > MAX_PART_BYTES for p in parts):
                raise UserError(error(where, "FILE-TOO-LARGE",
                                      f"文件解压后过大（{total // 1024 // 1024} MB，上限 {MAX_PACKAGE_BYTES // 1024 // 1024} MB）",
                                      "文件里可能有大量图片或被人做了手脚：只保留文字，另存为新的文件后再试"))
            for part in parts:
                if part.filename.endswith((".xml", ".rels")):
                    with package.open(part) as fh:
                        data = fh.read()
                    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
                        raise UserError(error(where, "BAD-FORMAT", f"文件中的 {part.filename} 含有 DTD 或实体声明，不是 Word/Excel 正常保存的文件",
                                              "用 Word、WPS 或 Excel 打开后“另存为”一个新文件再试"))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError):
        kind = "Excel" if path.suffix.lower() in (".xlsx", ".xlsm") else "Word"
        raise UserError(error(where, "BAD-FORMAT", f"无法读取 {kind} 文件：已损坏或不是 Office 文档",
                              "确认文件能在 Word/WPS/Excel 中打开，必要时重新“另存为”")) from None
