"""Ids that never collide, and never need a server.

An item id is `YYYYMM-SSS-NNNN`: the submission month, a site code and a sequence number.
The site code is random per (computer, folder) and kept in the untracked `.govinfo/`, so two
git clones never draw from the same sequence; within one folder, the file is published with
an exclusive create, so two clerks at the same moment get different numbers.
Record ids are the same with the record kind in front: `adopt-202610-K7Q-0001`.
"""
from __future__ import annotations

import json
import os
import platform
import re
import secrets
from pathlib import Path

from govinfo.store.atomic import create_new, make_folder, write_atomic
from govinfo.store.paths import refuse_links

SITE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud over the phone
ITEM_ID_RE = re.compile(r"^(\d{4})(\d{2})-([A-Z0-9]{3})-(\d{4,6})$")
RECORD_ID_RE = re.compile(r"^([a-z]+)-(\d{4})(\d{2})-([A-Z0-9]{3})-(\d{4,6})$")
MAX_ATTEMPTS = 10000


def site_code(root: Path) -> str:
    """This computer's and folder's site code, made once and remembered in .govinfo/sites.json."""
    path = root / ".govinfo" / "sites.json"
    refuse_links(path)  # .govinfo/ is the workspace's own: never read or written through a link
    key = f"{platform.node()}|{root.resolve()}"
    for _ in range(20):
        try:
            table = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(table, dict):
                table = {}
        except FileNotFoundError:
            table = None
        except ValueError:  # damaged (a half-synced copy, an editor): start the table again
            table = {}
        if table and key in table and re.fullmatch(r"[A-Z0-9]{3}", str(table[key])):
            return table[key]
        code = "".join(secrets.choice(SITE_ALPHABET) for _ in range(3))
        new_table = dict(table or {})
        new_table[key] = code
        data = json.dumps(new_table, ensure_ascii=False, indent=1)
        if table is None:
            try:
                create_new(path, data)
            except FileExistsError:
                continue  # another process made it first: read theirs
        else:
            write_atomic(path, data)
        return code
    raise OSError(f"无法建立站点代码文件 {path}")


_PASTED_ID = re.compile(r"([A-Za-z]+-)?(\d{6}-[A-Za-z0-9]{3}-\d{4,6})")


def tidy_id(value: str) -> str:
    """An item or record id as pasted from a spreadsheet or a chat: surrounding spaces (full-width
    too) dropped and the letters in the case ids are written in (adopt-202610-K7Q-0001)."""
    text = str(value).strip(" \t\r\n\u3000")
    m = _PASTED_ID.fullmatch(text)
    return (m[1] or "").lower() + m[2].upper() if m else text


def parse_item_id(value: str) -> tuple[int, int] | None:
    m = ITEM_ID_RE.match(str(value))
    if not m or not 1 <= int(m[2]) <= 12:
        return None
    return int(m[1]), int(m[2])


def parse_record_id(value: str) -> tuple[str, int, int] | None:
    m = RECORD_ID_RE.match(str(value))
    if not m or not 1 <= int(m[3]) <= 12:
        return None
    return m[1], int(m[2]), int(m[3])


def allocate(folder: Path, prefix: str, suffix: str, render) -> str:
    """Publish a new file named prefix+NNNN+suffix with the next free number; return its stem.

    `render(stem)` gives the file's bytes (the id is written inside the file too).
    """
    make_folder(folder)
    taken = [n[len(prefix):-len(suffix)] for n in os.listdir(folder)
             if n.startswith(prefix) and n.endswith(suffix)]
    seq = max((int(t) for t in taken if t.isdigit()), default=0) + 1
    for _ in range(MAX_ATTEMPTS):
        stem = f"{prefix}{seq:04d}"
        try:
            create_new(folder / f"{stem}{suffix}", render(stem))
            return stem
        except FileExistsError:
            seq += 1
    raise OSError(f"无法在 {folder} 中分配新编号")
