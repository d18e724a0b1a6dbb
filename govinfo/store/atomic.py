"""Atomic file writes: temp file in the same folder, flush, fsync, rename.

Readers skip names starting with '.', so a temp file left by a crash is never read as a record.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path


def _temp_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")


def _write_temp(target: Path, data: bytes, sync: bool = True) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temp_path(target)
    with open(tmp, "xb") as fh:
        fh.write(data)
        if sync:
            fh.flush()
            os.fsync(fh.fileno())
    return tmp


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # directories cannot be opened for fsync on Windows
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(target: Path, data: bytes | str, sync: bool = True) -> None:
    """Replace (or create) target with data, never leaving a half-written file.

    sync=False skips the fsyncs for bulk writers that sync once at the end: the rename still
    makes each file appear whole or not at all."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    tmp = _write_temp(target, data, sync)
    try:
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if sync:
        _fsync_dir(target.parent)


def create_new(target: Path, data: bytes | str) -> None:
    """Create target atomically; raise FileExistsError rather than overwrite anything.

    POSIX rename overwrites silently, so a hard link (which fails if the name exists) publishes
    the temp file; Windows rename already refuses to overwrite.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    tmp = _write_temp(target, data)
    try:
        if os.name == "nt":
            os.rename(tmp, target)
            return
        try:
            os.link(tmp, target)
        except FileExistsError:
            raise
        except OSError:  # file system without hard links: exclusive create instead
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(target.parent)
