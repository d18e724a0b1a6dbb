"""The local index: what each data file parsed to, so that a second run only lists and stats files.

One SQLite database per computer (Python's own sqlite3), in the user's cache folder
(%LOCALAPPDATA%\\govinfo on Windows, $XDG_CACHE_HOME or ~/.cache/govinfo elsewhere; GOVINFO_INDEX
names another file). It is never inside the workspace: a workspace may sit on a shared network
folder, where SQLite must not live, and two computers must not share one index.

A row per data file, keyed on the workspace, the folder and the name, and valid while the file's
size, modification time, change time and inode are what they were: an edit that keeps the size
and restores the modification time still changes the change time. A file modified within
RACY_SECONDS of now is read every time and not indexed (an edit in the same clock tick could
otherwise go unseen). A row holds only what the file parses to, which no rule, roster or office
setting touches (what records mean under the rules is checked afresh on every run, by the
loader): so editing rules/ keeps the index, and the run after it is not a cold one. Item bodies are kept in
their own column: commands that do not need them never decode them, and `search` finds
candidates with SQL's instr() over them (plain substring semantics, right for two-character
Chinese words, which FTS5's trigram tokenizer misses).

The index is an optimisation, never a requirement: a database that cannot be opened, written
or read is bypassed, and `--no-cache` or GOVINFO_NO_CACHE=1 turns it off. Values are JSON, never
pickle: an index file must not be able to run code.
"""
from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from pathlib import Path

from govinfo.core import progress
from govinfo.core.diagnostics import Diagnostic, Source, warning

FORMAT = "19"  # bump when what is stored, or what reading accepts, changes: older rows are then dropped
RACY_SECONDS = 2.0
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    workspace TEXT NOT NULL, folder TEXT NOT NULL, name TEXT NOT NULL,
    size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, ctime_ns INTEGER NOT NULL, ino INTEGER NOT NULL,
    value TEXT, diags TEXT NOT NULL, title TEXT, body TEXT,
    PRIMARY KEY (workspace, folder, name)) WITHOUT ROWID;
-- the keys alone, so that a search checks what changed without reading pages full of bodies
CREATE INDEX IF NOT EXISTS files_keys ON files (workspace, folder, name, size, mtime_ns, ctime_ns, ino, diags);
"""


def enabled_by_environment() -> bool:
    return os.environ.get("GOVINFO_NO_CACHE", "") in ("", "0")


_settings = {"enabled": enabled_by_environment()}
_db: dict[str, sqlite3.Connection | None] = {}
_notices: list[Diagnostic] = []


def configure(enabled: bool) -> None:
    """Switch the index on or off for this process and forget open connections (each command
    starts afresh, even when several run in one process, as in the tests)."""
    _settings["enabled"] = enabled
    close()


def close() -> None:
    for conn in _db.values():
        if conn is not None:
            conn.close()
    _db.clear()
    _notices.clear()


def take_notices() -> list[Diagnostic]:
    """Warnings about the index itself (rebuilt, unusable), once each, for the command to print."""
    found = list(_notices)
    _notices.clear()
    return found


def enabled() -> bool:
    return _settings["enabled"]


def index_path() -> Path:
    given = os.environ.get("GOVINFO_INDEX")
    if given:
        return Path(given)
    if os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "govinfo" / "index.sqlite3"


class NotAnIndex(Exception):
    """The index path names a file that is not govinfo's index (GOVINFO_INDEX set to a wrong file)."""


SQLITE_HEADER = b"SQLite format 3\x00"


def _refuse_foreign(path: str) -> None:
    """Only an empty file or a SQLite database may be the index: anything else a mistyped
    GOVINFO_INDEX names (points.yaml, an item) is someone's file, never discarded as a broken cache."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except OSError:
        return  # absent (made new), or unreadable (connecting says so)
    if head and head != SQLITE_HEADER and os.environ.get("GOVINFO_INDEX"):
        raise NotAnIndex(path)  # at govinfo's own default path it is a damaged index: rebuilt


def _open(path: str) -> sqlite3.Connection:
    # one connection per thread (the web server answers on several); closable from any thread
    _refuse_foreign(path)
    conn = sqlite3.connect(path, timeout=5, isolation_level=None, check_same_thread=False)
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if tables and "meta" not in tables and os.environ.get("GOVINFO_INDEX"):  # another program's database
            raise NotAnIndex(path)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.executescript(SCHEMA)
        row = conn.execute("SELECT value FROM meta WHERE key='format'").fetchone()
        if row is None or row[0] != FORMAT:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("DELETE FROM files")
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (FORMAT,))
            conn.execute("COMMIT")
    except BaseException:
        conn.close()
        raise
    return conn


def _connect() -> sqlite3.Connection | None:
    path = str(index_path())
    key = (path, threading.get_ident())
    if key in _db:
        return _db[key]
    conn = None
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = _open(path)
    except NotAnIndex:
        _notices.append(warning(Source(path), "INDEX-FOREIGN", "这个文件不是 govinfo 的本机索引，本次没有使用它，也没有改动它；逐个读取文件（较慢）",
                                "环境变量 GOVINFO_INDEX 指向了别的文件：把它改成一个新的文件名（如 D:/govinfo-index.sqlite3），或删去这个环境变量"))
        _db[key] = None
        return None
    except sqlite3.DatabaseError as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            conn = _rebuild(path)
    except OSError:
        conn = None  # an unwritable cache folder: read the files instead
    if conn is None:
        _notices.append(warning(Source(path), "INDEX-UNUSABLE", "本机索引无法使用，本次逐个读取文件（较慢）",
                                "数据不受影响；如一直出现，可删除这个索引文件，下次运行会重建"))
    _db[key] = conn
    return conn


def _rebuild(path: str) -> sqlite3.Connection | None:
    """A corrupt index file is only a cache: remove it and start a new one, and say so."""
    try:
        for suffix in ("", "-wal", "-shm"):
            Path(path + suffix).unlink(missing_ok=True)
        conn = _open(path)
    except (sqlite3.Error, OSError, NotAnIndex):
        return None
    _notices.append(warning(Source(path), "INDEX-REBUILT", "本机索引文件已损坏，已丢弃并重建",
                            "无需处理；索引可随时删除，不影响任何数据"))
    return conn


def _key(st: os.stat_result) -> tuple[int, int, int, int]:
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


def _diag_out(d: Diagnostic) -> list:
    return [d.source.line, d.code, d.severity, d.message, d.hint]


def _diag_in(rel: str, row: list) -> Diagnostic:
    line, code, severity, message, hint = row
    return Diagnostic(Source(rel, line), code, severity, message, hint)


def _hit(row, st: os.stat_result, decode, rel: str, bodies: bool):
    """(value, diagnostics) from a row that matches the file, else None. A row that is not what
    this version wrote (hand-edited, another version) is a miss, never a crash."""
    if row is None or tuple(row[1:5]) != _key(st):
        return None
    try:
        value = json.loads(row[5]) if row[5] is not None else None
        diags = [_diag_in(rel, d) for d in json.loads(row[6])] if row[6] != "[]" else []
        if value is not None:
            value = decode(value, rel, row[7] if bodies else None)
        return value, diags
    except (TypeError, ValueError, KeyError, IndexError, AttributeError):
        return None


def _read_all(entries, rel_folder: str, reader, keep) -> tuple[list, list[Diagnostic]]:
    values, diags = [], []
    for name, path, _ in entries:
        value, more = reader(path, rel_folder + name)
        diags += more
        if value is not None and (keep is None or keep(value)):
            values.append(value)
    progress.tick(advance=len(entries))
    return values, diags


class Words:
    """A text filter that the index can run in SQL: every word occurs in the title or the body
    (plain substring semantics). Callable like any `match(title, body)`."""

    def __init__(self, words):
        self.words = tuple(words)

    def __call__(self, title: str, body: str) -> bool:
        return all(w in title or w in body for w in self.words)

    def sql(self) -> tuple[str, list[str]]:
        clause = " AND ".join("(instr(title, ?) > 0 OR instr(body, ?) > 0)" for _ in self.words)
        return clause or "1", [w for w in self.words for _ in (0, 1)]


def read_folder(root: Path, base: str, y: int, m: int, entries: list[tuple[str, str, os.stat_result]],
                listed: set[str], reader, codec, bodies: bool = True, match=None) -> tuple[list, list[Diagnostic]]:
    """Values for the files to read (name, path, stat) of one month folder: from the index where the
    file is unchanged, else by `reader(path, rel)`, and the index brought up to date. `listed` is
    every name in the folder (rows of deleted files are dropped). `codec` is (encode, decode):
    encode(value) -> (JSON data, title, body), decode(data, rel, body) -> value (a record's
    "title" is the item it is about). Without `bodies`,
    indexed items come back with body None. `match(title, body)`, when given, keeps only the files
    it accepts, tested on the indexed text before anything is decoded; a `Words` match is run by
    SQLite itself, so the bodies of files it rejects never reach Python."""
    rel_folder = f"data/{base}/{y:04d}/{m:02d}/"
    encode, decode = codec
    keep = (lambda v: match(*encode(v)[1:])) if match else None  # the same text the index keeps
    conn = _connect() if enabled() else None
    if conn is None:
        return _read_all(entries, rel_folder, reader, keep)
    folder = f"{base}/{y:04d}/{m:02d}"
    try:
        workspace = str(root)
        if isinstance(match, Words):
            clause, args = match.sql()
            rows = {r[0]: r for r in conn.execute(
                "SELECT name, size, mtime_ns, ctime_ns, ino, NULL, diags, NULL, NULL FROM files "
                "WHERE workspace=? AND folder=?", (workspace, folder))}
            wanted = {r[0]: r for r in conn.execute(
                "SELECT name, size, mtime_ns, ctime_ns, ino, value, diags, body, title FROM files "
                f"WHERE workspace=? AND folder=? AND value IS NOT NULL AND {clause}", (workspace, folder, *args))}
            rows.update(wanted)
        else:
            rows = {r[0]: r for r in conn.execute(
                "SELECT name, size, mtime_ns, ctime_ns, ino, value, diags, body, title FROM files "
                "WHERE workspace=? AND folder=?", (workspace, folder))}
            wanted = None
    except sqlite3.Error:
        return _read_all(entries, rel_folder, reader, keep)
    values, diags, fresh = [], [], []
    racy = time.time() - RACY_SECONDS
    for name, path, st in entries:
        rel = rel_folder + name
        row = rows.get(name)
        if match and row is not None and tuple(row[1:5]) == _key(st) and (
                name not in wanted if wanted is not None  # SQLite already tested the text
                else row[5] is not None and not match(row[8] or "", row[7] or "")):
            if row[6] != "[]":
                diags += [_diag_in(rel, d) for d in json.loads(row[6])]
            continue  # indexed, unchanged and not wanted: nothing to decode
        hit = _hit(row, st, decode, rel, bodies)
        if hit is not None:
            value, found = hit
        else:
            value, found = reader(path, rel)
            if st.st_mtime < racy:
                data, title, body = encode(value) if value is not None else (None, None, None)
                fresh.append((workspace, folder, name, *_key(st),
                              json.dumps(data, ensure_ascii=False, separators=(",", ":")) if data is not None else None,
                              json.dumps([_diag_out(d) for d in found], ensure_ascii=False) if found else "[]",
                              title, body))
        diags += found
        if value is not None and (keep is None or keep(value)):
            values.append(value)
    gone = [(workspace, folder, name) for name in rows if name not in listed]
    if fresh or gone:
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany("INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?,?,?,?,?)", fresh)
            conn.executemany("DELETE FROM files WHERE workspace=? AND folder=? AND name=?", gone)
            conn.execute("COMMIT")
        except sqlite3.Error:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # a locked or full index: the next run reads these files again
    progress.tick(advance=len(entries))
    return values, diags
