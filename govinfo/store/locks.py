"""A short exclusive lock between the clerks of one workspace (several windows, or a shared
folder): check-then-write steps such as "is this adoption recorded already?" run one at a time.

The lock is a file created exclusively in .govinfo/locks/; one left behind by a killed process is
taken over once it is older than STALE_SECONDS.
"""
from __future__ import annotations

import hashlib
import os
import time
from contextlib import contextmanager
from pathlib import Path

from govinfo.core.diagnostics import Source, UserError, error

STALE_SECONDS = 30
WAIT_SECONDS = 20


@contextmanager
def exclusive(root: Path, name: str):
    folder = root / ".govinfo" / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (hashlib.sha1(name.encode("utf-8")).hexdigest()[:16] + ".lock")
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            break
        except FileExistsError:
            try:
                if time.time() - path.stat().st_mtime > STALE_SECONDS:
                    path.unlink(missing_ok=True)  # its owner was killed: take it over
                    continue
            except FileNotFoundError:
                continue
            if time.monotonic() > deadline:
                raise UserError(error(Source(".govinfo/locks"), "BUSY", "另一个 govinfo 命令正在登记同一件事，请稍后再试",
                                      f"如确认没有其他命令在运行，可删除 {path}")) from None
            time.sleep(0.02)
    try:
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        yield
    finally:
        path.unlink(missing_ok=True)
