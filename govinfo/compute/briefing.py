"""An issue of the office's own publication (简报) as plain data, for the .docx and .html renderers.

报头: the publication's name, 第N期 (总第M期), 编印单位 and date, the 密级 mark; 报核: contents, column
headings, 按语, each item's (edited) title and body with its unit; 报尾: 报/送/发 and the copies.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from govinfo.check.loader import load_item
from govinfo.compute.notice import zh_date
from govinfo.core.diagnostics import Source, UserError, error
from govinfo.core.text import file_name_part
from govinfo.store.issues import Issue
from govinfo.store.items import Item
from govinfo.store.rules import Distribution
from govinfo.store.workspace import Workspace


@dataclass(frozen=True)
class Piece:
    item: str
    column: str          # the column's heading when it starts here, else ""
    title: str
    paragraphs: tuple[str, ...]
    unit_text: str       # （城关镇人民政府）
    note: str = ""       # 按语


@dataclass
class Briefing:
    masthead: str
    pub_name: str
    number_text: str     # 第12期 / 增刊第1期
    total_text: str      # 总第358期 or ""
    special: bool
    editor: str
    date_text: str
    secrecy: str         # 内部 or ""
    draft: bool
    note: str
    pieces: list[Piece]
    distribution: Distribution
    copies: int | None
    year: int
    stem: str
    contents: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.pub_name}{self.year}年{self.number_text}"

    @property
    def copies_text(self) -> str:
        return f"（共印{self.copies}份）" if self.copies else ""


def paragraphs(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.replace("\r", "").split("\n") if p.strip())


def issue_items(ws: Workspace, issue: Issue, item_id: str | None = None) -> dict[str, Item]:
    """The items an issue's entries are made from (only `item_id`'s, when given: it must be one
    of them), for `issue show`."""
    if item_id is not None and issue.entry(item_id) is None:
        raise UserError(error(Source("govinfo issue show"), "NOT-IN-ISSUE", f"信息 {item_id} 不在 {issue.id} 中",
                              f"用 govinfo issue show {issue.id} 查看本期的信息编号"))
    wanted = [item_id] if item_id is not None else [e.item for e in issue.entries]
    return {i: load_item(ws, i, "issue show") for i in wanted}


def build(ws: Workspace, issue: Issue, draft: bool) -> Briefing:
    rules = ws.require_rules()
    pub = rules.publications[issue.pub]
    own = pub.own
    columns = dict(own.columns)
    units = ws.unit_map
    pieces, previous = [], None
    secrecy = own.secrecy
    for entry in issue.entries:
        item = load_item(ws, entry.item, "issue")
        if item.secrecy == "内部":
            secrecy = "内部"
        names = [units[c].name if c in units else c for c in item.units]
        heading = columns.get(entry.column, "") if entry.column != previous else ""
        previous = entry.column
        pieces.append(Piece(item.id, heading, entry.title or item.title, paragraphs(entry.body or item.body),
                            "（" + "、".join(names) + "）", entry.note))
    used = {e.column for e in issue.entries}
    if issue.special or (len(used) == 1 and columns.get(next(iter(used)), "") in ("", "综合")):
        pieces = [replace(p, column="") for p in pieces]  # one general column (or a 专期): no heading
    dist = ws.office.briefings.get(issue.pub, Distribution())
    masthead = own.masthead or pub.name.strip("《》")
    number = issue.label + ("（专期）" if issue.special else "")
    # the masthead is the office's own words (points.yaml): a : or ? in it is no file name on Windows
    stem = f"{file_name_part(masthead, 60) or issue.pub}-{issue.year}年{issue.label}" + ("（草稿）" if draft else "")
    return Briefing(masthead=masthead, pub_name=pub.name, number_text=number,
                    total_text=f"总第{issue.total}期" if issue.total else "", special=issue.special,
                    editor=dist.editor or ws.office.office_name, date_text=zh_date(issue.date), secrecy=secrecy,
                    draft=draft, note=issue.note, pieces=pieces, distribution=dist, copies=own.copies,
                    year=issue.year, stem=stem, contents=[p.title for p in pieces] if len(pieces) > 1 else [])
