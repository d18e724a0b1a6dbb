"""Atomic file writes: temp file in the same folder, flush, fsync, rename.

Readers skip names starting with '.', so a temp file left by a crash is never read as a record.

Three guarantees live here, at the one place every write passes through:
- a command runs inside a `transaction()`: when it fails, the files it created are removed, the
  files it replaced get their old bytes back, and the folders it made are removed again, so a
  refused command leaves the workspace as it found it;
- nothing is written through a symbolic link inside a workspace (store/paths.py), at any level;
- on Windows a replace that another program (Word, Excel, a virus scanner) holds open is tried
  again a few times before the error reaches the user.
"""
from __future__ import annotations

import os
import secrets
import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from govinfo.store.paths import refuse_links

REPLACE_RETRIES = 5
REPLACE_PAUSE = 0.2  # seconds between tries on Windows
WINDOWS = os.name == "nt"


@dataclass
class Transaction:
    """What one command changed on disk, so that a failure can undo it."""
    created: list[Path] = field(default_factory=list)
    replaced: list[tuple[Path, bytes]] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)

    def rollback(self) -> None:
        for path, old in reversed(self.replaced):
            try:
                _publish(_write_temp(path, old), path)
            except OSError:
                pass
        for path in reversed(self.created):
            try:
                path.unlink()
            except OSError:
                pass
        for folder in reversed(self.folders):
            try:
                folder.rmdir()  # only when empty: never removes anything else
            except OSError:
                pass


_current: ContextVar[Transaction | None] = ContextVar("govinfo_transaction", default=None)


@contextmanager
def transaction():
    """Undo every write of the block when it raises (the exception still propagates)."""
    tx = Transaction()
    token = _current.set(tx)
    try:
        yield tx
    except BaseException:
        tx.rollback()
        raise
    finally:
        _current.reset(token)


def make_folder(folder: Path, checked: bool = False) -> None:
    """mkdir -p, refusing links (unless the caller `checked` the whole path already) and
    remembering new folders for a rollback."""
    if not checked:
        refuse_links(folder)
    missing = []
    current = Path(folder)
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    tx = _current.get()
    if tx is not None:  # before mkdir: one that fails half-way (a file where a folder should be) is undone too
        tx.folders.extend(reversed(missing))
    folder.mkdir(parents=True, exist_ok=True)


def _temp_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")


def _write_temp(target: Path, data: bytes, sync: bool = True) -> Path:
    make_folder(target.parent, checked=True)  # every caller has refused links on the target's path
    tmp = _temp_path(target)
    try:
        with open(tmp, "xb") as fh:
            fh.write(data)
            if sync:
                fh.flush()
                os.fsync(fh.fileno())
    except BaseException:  # disk full, interrupted: no temp file outlives the failure
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _fsync_dir(folder: Path) -> None:
    if WINDOWS:  # directories cannot be opened for fsync on Windows
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


def _publish(tmp: Path, target: Path) -> None:
    """os.replace, tried again on Windows while another program holds the target open."""
    try:
        for attempt in range(REPLACE_RETRIES):
            try:
                os.replace(tmp, target)
                return
            except PermissionError:
                if not WINDOWS or attempt == REPLACE_RETRIES - 1:
                    raise
                time.sleep(REPLACE_PAUSE)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _remember(target: Path) -> None:
    """Note what the target was before this command touched it."""
    tx = _current.get()
    if tx is None:
        return
    try:
        tx.replaced.append((target, target.read_bytes()))
    except FileNotFoundError:
        tx.created.append(target)


def write_atomic(target: Path, data: bytes | str, sync: bool = True) -> None:
    """Replace (or create) target with data, never leaving a half-written file.

    sync=False skips the fsyncs for bulk writers that sync once at the end: the rename still
    makes each file appear whole or not at all."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    refuse_links(target)
    _remember(target)  # before the temp file: a target that is a folder fails here, leaving nothing
    with _named_as(target):
        tmp = _write_temp(target, data, sync)
        _publish(tmp, target)
    if sync:
        _fsync_dir(target.parent)


@contextmanager
def _named_as(target: Path):
    """An error about our hidden temp file is an error about the file the user asked for: the
    message names the file they can find (and close in Word, or unlock)."""
    try:
        yield
    except OSError as exc:
        if exc.filename and Path(exc.filename).name.startswith(f".{target.name}.") and exc.errno is not None:
            named = type(exc)(exc.errno, exc.strerror, str(target))
            named.winerror = getattr(exc, "winerror", None)  # Windows' own code tells "open in Word" apart
            raise named from None
        raise


def _write_exclusive(target: Path, data: bytes) -> None:
    """O_EXCL create and write; a write that fails removes what it created. (Only a crash in the
    middle of these few bytes can leave a short file: the price of a file system without links.)"""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def create_new(target: Path, data: bytes | str) -> None:
    """Create target atomically; raise FileExistsError rather than overwrite anything.

    POSIX rename overwrites silently, so a hard link (which fails if the name exists) publishes
    the temp file; Windows rename already refuses to overwrite.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    refuse_links(target)
    with _named_as(target):
        tmp = _write_temp(target, data)
    try:
        _publish_new(tmp, target, data)
        tx = _current.get()
        if tx is not None:
            tx.created.append(target)
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(target.parent)


def _publish_new(tmp: Path, target: Path, data: bytes) -> None:
    with _named_as(target):
        if WINDOWS:  # rename refuses an existing name; a scanner holding the new temp file passes
            for attempt in range(REPLACE_RETRIES):
                try:
                    os.rename(tmp, target)
                    return
                except PermissionError:
                    if attempt == REPLACE_RETRIES - 1:
                        raise
                    time.sleep(REPLACE_PAUSE)
        try:
            os.link(tmp, target)
        except FileExistsError:
            raise
        except OSError:  # file system without hard links (FAT, some network shares): exclusive create instead
            _write_exclusive(target, data)
