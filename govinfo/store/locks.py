"""A short exclusive lock between the clerks of one workspace (several windows, or a shared
folder): check-then-write steps such as "is this adoption recorded already?" run one at a time.

The lock is a file created exclusively in .govinfo/locks/, naming its owner (computer and process);
one left behind by a killed process is taken over at once on the same computer, or once it is
older than STALE_SECONDS.
"""
from __future__ import annotations

import hashlib
import os
import platform
import time
from contextlib import contextmanager
from pathlib import Path

from govinfo.store.paths import refuse_links
from govinfo.core.diagnostics import Source, UserError, error

STALE_SECONDS = 30
WAIT_SECONDS = 20
OWNER = platform.node() or "localhost"


def _abandoned(path: Path) -> bool:
    """True when the lock's owner is gone: a process of this computer that no longer runs, or
    any lock older than STALE_SECONDS (another computer's, on a shared folder)."""
    try:
        age = time.time() - path.stat().st_mtime
        owner = path.read_text(encoding="utf-8", errors="replace").split()
    except (FileNotFoundError, PermissionError):  # gone, or being removed (Windows): not abandoned
        return False
    if age > STALE_SECONDS:
        return True
    if len(owner) != 2:  # killed between creating the file and writing its owner
        return age > 2
    host, pid = owner
    if host != OWNER or not pid.isdigit() or os.name == "nt":  # os.kill(pid, 0) would end it on Windows
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


@contextmanager
def exclusive(root: Path, name: str):
    folder = root / ".govinfo" / "locks"
    refuse_links(folder)  # a linked .govinfo/ would put the locks, and what they guard, elsewhere
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (hashlib.sha1(name.encode("utf-8")).hexdigest()[:16] + ".lock")
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            break
        except (FileExistsError, PermissionError) as exc:  # PermissionError: Windows, a lock being deleted
            if isinstance(exc, FileExistsError) and _abandoned(path):
                _remove(path)  # its owner was killed: take it over
                continue
            if time.monotonic() > deadline:
                raise UserError(error(Source(".govinfo/locks"), "BUSY", "另一个 govinfo 命令正在登记同一件事，请稍后再试",
                                      f"如确认没有其他命令在运行，可删除 {path}")) from None
            time.sleep(0.02)
    try:
        os.write(fd, f"{OWNER} {os.getpid()}".encode("utf-8"))
        os.close(fd)
        yield
    finally:
        _remove(path)


def _remove(path: Path, tries: int = 50) -> None:
    """Unlink the lock. On Windows a file another process has open (a waiter reading who owns it,
    a virus scanner) cannot be deleted for a moment: tried again, for about a second, so that the
    work the lock guarded is not undone over its own lock file."""
    for attempt in range(tries):
        try:
            path.unlink(missing_ok=True)
            return
        except PermissionError:
            if attempt == tries - 1:
                return  # left behind: the next command takes it over once it is stale
            time.sleep(0.02)
