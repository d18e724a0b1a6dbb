"""The index cache: what each data file parsed to, so a second run only stats the files.

One JSON file per data month folder, `.govinfo/cache/<items|records>/YYYY-MM.json` (ignored by
git, safe to delete). Each entry is keyed on the file's name, size and modification time; the
whole file on the rules' content (a changed rule set rebuilds everything). A file whose
modification time is within RACY_SECONDS of now is read every time and not cached: an edit in the
same clock tick with the same size would otherwise go unseen. A corrupt cache file is rebuilt
with a warning. JSON rather than pickle, because a cache file must never be able to run code.

The cache is a process-wide switch (like a log level): `--no-cache` or GOVINFO_NO_CACHE=1 turns
it off. Within one process each folder's entries are kept in memory, so a command that reads a
month twice (a period and its year-to-date companion) parses it once.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from govinfo.core.diagnostics import Diagnostic, Source, warning
from govinfo.store.atomic import write_atomic
from govinfo.core import progress

FORMAT = 2  # bump when what is cached changes: older cache files are then rebuilt
RACY_SECONDS = 2.0
def enabled_by_environment() -> bool:
    return os.environ.get("GOVINFO_NO_CACHE", "") in ("", "0")


_settings = {"enabled": enabled_by_environment()}
_memory: dict[tuple, dict] = {}   # (root, base, y, m) -> {name: (size, mtime_ns, value, diags)}
_digests: dict[Path, str] = {}


def configure(enabled: bool) -> None:
    """Switch the cache on or off and forget what this process remembered (each command starts
    afresh, even when several run in one process, as in the tests)."""
    _settings["enabled"] = enabled
    _memory.clear()
    _digests.clear()


def enabled() -> bool:
    return _settings["enabled"]


def rules_digest(root: Path) -> str:
    """Hash of every rules/*.yaml file: the cache is valid for one rule set only."""
    if root not in _digests:
        h = hashlib.sha256()
        for path in sorted((root / "rules").glob("*.yaml")):
            h.update(path.name.encode() + b"\0")
            try:
                h.update(path.read_bytes())
            except OSError:
                pass
        _digests[root] = h.hexdigest()[:16]
    return _digests[root]


def cache_path(root: Path, base: str, y: int, m: int) -> Path:
    return root / ".govinfo" / "cache" / base / f"{y:04d}-{m:02d}.json"


def _diag_out(d: Diagnostic) -> list:
    return [d.source.line, d.code, d.severity, d.message, d.hint]


def _diag_in(rel: str, row: list) -> Diagnostic:
    line, code, severity, message, hint = row
    return Diagnostic(Source(rel, line), code, severity, message, hint)


def _load(root: Path, base: str, y: int, m: int) -> tuple[dict, list[Diagnostic]]:
    """Entries of one folder's cache file; an unreadable one is reported and dropped."""
    path = cache_path(root, base, y, m)
    try:
        data = json.loads(path.read_bytes())
    except FileNotFoundError:
        return {}, []
    except (OSError, ValueError):
        data = None
    if isinstance(data, dict) and data.get("format") == FORMAT and isinstance(data.get("files"), dict):
        if data.get("rules") != rules_digest(root):
            return {}, []  # the rules changed: everything is read again
        return data["files"], []
    rel = path.relative_to(root).as_posix()
    return {}, [warning(Source(rel), "CACHE-REBUILT", "索引缓存文件已损坏，已丢弃并重建",
                        "无需处理；缓存可随时删除（.govinfo/cache 文件夹），不影响任何数据")]


def _save(root: Path, base: str, y: int, m: int, entries: dict) -> None:
    data = json.dumps({"format": FORMAT, "rules": rules_digest(root), "files": entries},
                      ensure_ascii=False, separators=(",", ":"))
    try:
        write_atomic(cache_path(root, base, y, m), data)
    except OSError:
        pass  # a read-only or full disk: the cache is an optimisation, never a requirement


def _usable(hit, st: os.stat_result, decode, rel: str):
    """(value, diagnostics) from a cache entry that matches the file, else None. An entry that is
    well-formed JSON but not what this version wrote (hand-edited, another version) is a miss."""
    if not (isinstance(hit, list) and len(hit) == 4 and hit[0] == st.st_size and hit[1] == st.st_mtime_ns):
        return None
    try:
        return (decode(hit[2], rel) if hit[2] is not None else None), [_diag_in(rel, row) for row in hit[3]]
    except (TypeError, ValueError, KeyError, IndexError, AttributeError):
        return None


def read_folder(root: Path, base: str, y: int, m: int, entries: list[tuple[str, str, os.stat_result]],
                listed: set[str], reader, codec) -> tuple[list, list[Diagnostic]]:
    """Values for the files to read (name, path, stat): from the cache where the file is unchanged,
    else by `reader(path, rel)`. `listed` is every name in the folder, to forget deleted files.
    `codec` is (encode, decode) between a value and JSON data."""
    rel_folder = f"data/{base}/{y:04d}/{m:02d}/"
    if not enabled():
        values, diags = [], []
        for name, path, _ in entries:
            value, more = reader(path, rel_folder + name)
            diags += more
            if value is not None:
                values.append(value)
        progress.tick(advance=len(entries))
        return values, diags
    key = (root, base, y, m)
    cached, diags = (_memory[key], []) if key in _memory else _load(root, base, y, m)
    encode, decode = codec
    fresh: dict = {}
    values = []
    changed = False
    racy = time.time() - RACY_SECONDS
    for name, path, st in entries:
        rel = rel_folder + name
        hit = _usable(cached.get(name), st, decode, rel)
        if hit is not None:
            value, found = hit
            fresh[name] = cached[name]
            diags += found
        else:
            value, more = reader(path, rel)
            diags += more
            if st.st_mtime < racy:
                fresh[name] = [st.st_size, st.st_mtime_ns, encode(value) if value is not None else None,
                               [_diag_out(d) for d in more]]
                changed = True
        if value is not None:
            values.append(value)
    # Entries for files not read this time (another record kind) are kept while the file exists.
    for name, hit in cached.items():
        if name not in fresh:
            if name in listed:
                fresh[name] = hit
            else:
                changed = True
    _memory[key] = fresh
    if changed:
        _save(root, base, y, m, fresh)
    progress.tick(advance=len(entries))
    return values, diags
