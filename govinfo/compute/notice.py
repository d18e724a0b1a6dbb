"""The notice (通报) as plain data: text blocks, attachment tables and warning letters.

Facts come from the scoring reports; wording comes from templates/ and rules/office.yaml.
Renderers (render/html, render/docx, render/xlsx) lay this out; nothing here knows a format.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from govinfo.compute.awards import Awards, assess, excellent_items
from govinfo.core import dates
from govinfo.core.diagnostics import Source, UserError, error, warning
from govinfo.check.loader import Dataset, load_period
from govinfo.core.periods import Period
from govinfo.core.text import file_name_part
from govinfo.store.records import Adoption
from govinfo.store.roster import Unit
from govinfo.store.rules import Office, Rules, printed_in
from govinfo.core.numbers import fmt_percent, fmt_points as fmt, percent
from govinfo.compute.scoring import Report, UnitScore, compute
from govinfo.store.templates import render
from govinfo.store.workspace import Workspace

ADJUST_PARTS = ("quota", "penalty", "cap", "zeroed")  # the 加减分 column
H1 = re.compile(r"^[一二三四五六七八九十]+、")
H2 = re.compile(r"^（[一二三四五六七八九十]+）")


@dataclass(frozen=True)
class Block:
    kind: str        # h1 (一、 黑体) | h2 (（一） 楷体, a line of its own) | p (body)
    text: str
    lead: str = ""   # a （一）…。 heading run that opens a body paragraph, set in 楷体
    ragged: bool = False  # set flush left: a long unbreakable run (an e-mail, a web address) would stretch a justified line


@dataclass(frozen=True)
class Cell:
    text: str
    span: int = 1    # columns covered
    rows: int = 1    # header rows covered


@dataclass
class Table:
    caption: str
    head: list[list[Cell]]
    rows: list[list]            # str | int | Decimal | None, one per column
    shares: list[float]         # each column's width relative to the others; the renderer fits them to the page

    @property
    def columns(self) -> int:
        return len(self.shares)


@dataclass
class Attachment:
    title: str
    tables: list[Table]


@dataclass
class Letter:
    unit: Unit
    title: str
    addressee: str
    blocks: list[Block]
    number: str = ""        # 预警函〔2026〕1号, at the top right
    file_stem: str = ""     # 01-东河镇: each letter is a document of its own


@dataclass
class Notice:
    period: Period
    office: Office
    number: str
    title: str
    addressees: str
    blocks: list[Block]
    attachments: list[Attachment]
    issued: date
    report: Report
    ytd: Report
    detail: list[dict]
    letters: list[Letter] = field(default_factory=list)
    warnings: list = field(default_factory=list)  # what the clerk must decide before signing (a tie past the quota)

    @property
    def separate_ytd(self) -> Report | None:
        """The 1—N月累计 report when it differs from the period's own (not for a year or a first half)."""
        return self.ytd if self.ytd is not self.report else None

    @property
    def date_text(self) -> str:
        return zh_date(self.issued)

    @property
    def stem(self) -> str:
        return f"政务信息通报-{self.period.key}"


def zh_date(day: date) -> str:
    """Arabic numerals without padding, as GB/T 9704 asks: 2026年11月1日."""
    return f"{day.year}年{day.month}月{day.day}日"


def doc_number(office: Office, year: int, serial: int | None) -> str:
    """某政办通〔2026〕12号; without a serial the number is left for the clerk to write in."""
    return f"{office.doc_prefix}〔{year}〕{serial}号" if serial else f"{office.doc_prefix}〔{year}〕　　号"


def parse_blocks(text: str) -> list[Block]:
    """Plain text from a template, one paragraph per line, into blocks by their numbering."""
    blocks = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if H1.match(line):
            blocks.append(Block("h1", line))
        elif H2.match(line):
            stop = line.find("。")
            if stop == -1 or stop == len(line) - 1:
                blocks.append(Block("h2", line))
            else:
                blocks.append(Block("p", line[stop + 1:], lead=line[:stop + 1], ragged=LONG_RUN.search(line) is not None))
        else:
            blocks.append(Block("p", line, ragged=LONG_RUN.search(line) is not None))
    return blocks


# An e-mail or web address: one long unbreakable run that would stretch a justified line
LONG_RUN = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://|www\.)[\x21-\x7e]+", re.ASCII)


# ---- facts -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Totals:
    submitted: int
    adopted: dict            # level -> distinct adoptions
    instructions: dict       # level -> distinct instructions
    problem_items: int
    credited: int = 0        # the units' 报送 column added up: a joint item counts for each of its units
    problem_categories: tuple[str, ...] = ()  # the rules' 问题建议类 (none: the notice leaves that paragraph out)

    @property
    def adopted_total(self) -> int:
        return sum(self.adopted.values())

    @property
    def instructions_total(self) -> int:
        return sum(self.instructions.values())

    @property
    def problem_share(self) -> Decimal:
        """The share of the rules' 问题建议类 items, in per cent to one place (12.5)."""
        if not self.submitted:
            return Decimal(0)
        return percent(Decimal(self.problem_items) / self.submitted)


def totals(data: Dataset, report: Report) -> Totals:
    """Office-wide counts: a joint item or a rolled-up point is still one item, one adoption."""
    adopted, instructed = {}, {}
    for s in report.units:
        for e in s.events:
            if e.record and e.part in ("adoption", "special"):
                adopted[e.record] = e.level
            elif e.record and e.part == "instruction":
                instructed[e.record] = e.level
    levels = list(report.rules.levels)
    by_adopt, by_instr = Counter(adopted.values()), Counter(instructed.values())
    return Totals(len(data.items), {lv: by_adopt[lv] for lv in levels}, {lv: by_instr[lv] for lv in levels},
                  sum(1 for i in data.items if i.category in report.rules.problem_categories),
                  sum(s.submitted for s in report.units), report.rules.problem_categories)


def _scored(ws: Workspace, period: Period) -> tuple[Dataset, Report]:
    data = load_period(ws, period)
    return data, compute(data, ws.require_rules(), ws.units, period)


def change(now: int, before: int, unit: str = "条") -> str:
    if now == before:
        return "持平"
    return f"增加{now - before}{unit}" if now > before else f"减少{before - now}{unit}"


def level_text(rules: Rules, counts: dict, unit: str = "条") -> str:
    """国家2条、省5条、本市20条: highest level first, levels with none left out."""
    return "、".join(f"{rules.levels[lv]}{counts[lv]}{unit}" for lv in reversed(list(rules.levels)) if counts.get(lv))


def attachment_note(titles: list[str]) -> list[Block]:
    """附件说明: 附件：1．… with the later lines numbered under the first."""
    if len(titles) == 1:
        return [Block("note", f"附件：{titles[0]}")]
    return [Block("note", ("附件：" if n == 1 else "　　　") + f"{n}．{t}") for n, t in enumerate(titles, 1)]


def previous_label(period: Period) -> str:
    if period.kind == "half":
        return "上年下半年" if period.first_month == 1 else "上半年"
    return {"month": "上月", "quarter": "上季度", "year": "上年"}[period.kind]


def comparisons(now: Totals, prev: Totals, last_year: Totals, period: Period):
    """，比上月增加3条，比上年同期持平: only against periods that have data at all."""
    def compared(key: str, unit: str = "条") -> str:
        parts = []
        if prev.submitted:
            parts.append(f"比{previous_label(period)}{change(getattr(now, key), getattr(prev, key), unit)}")
        if last_year.submitted and period.kind != "year":  # for a year, last year is the previous period
            parts.append(f"比上年同期{change(getattr(now, key), getattr(last_year, key), unit)}")
        return "".join(f"，{p}" for p in parts)
    return compared


def title_label(period: Period) -> str:
    if period.kind == "month":
        return f"{period.year}年{period.first_month}月份"
    if period.kind == "year":
        return f"{period.year}年度"
    return period.label


def column_label(period: Period) -> str:
    if period.kind == "half":
        return "上半年" if period.first_month == 1 else "下半年"
    return {"month": "本月", "quarter": "本季度", "year": "全年"}[period.kind]


# ---- who is named where -------------------------------------------------------------------

def by_category(report: Report) -> list[tuple[str, list[UnitScore]]]:
    """Ranked units per category, in rank order (roster order when the rules publish no ranks)."""
    out = []
    for key, cat in report.rules.unit_categories.items():
        rows = [s for s in report.units if s.unit.category == key and s.ranked]
        if rows and report.rules.publish_ranks:
            rows.sort(key=lambda s: s.category_rank or 0)
        if rows:
            out.append((cat.name, rows))
    return out


def leading(rows: list[UnitScore], top: int, publish_ranks: bool) -> list[UnitScore]:
    """The top N by rank (ties at the edge all come in); by points when ranks are not published."""
    if publish_ranks:
        return [s for s in rows if s.category_rank and s.category_rank <= top and s.total > 0]
    best = sorted((s for s in rows if s.total > 0), key=lambda s: -s.total)[:top]
    return [s for s in rows if s in best]  # named in roster order, never as a ranking


def bottom(rows: list[UnitScore], n: int) -> list[UnitScore]:
    """The bottom N by rank; a tie at the edge brings every tied unit in."""
    ranked = [s for s in rows if s.category_rank]
    if not ranked or n <= 0:
        return []
    ranked.sort(key=lambda s: s.category_rank)
    edge = ranked[max(len(ranked) - n, 0)].category_rank
    return [s for s in ranked if s.category_rank >= edge]


def calls_missed(report: Report) -> list[dict]:
    """Per unit, the calls for articles answered after their deadline and those never answered, told
    apart whichever penalty the rules charge for them (one sentence per unit, with both counts)."""
    rows = []
    for s in report.units:
        calls = [e for e in s.events if e.answered_late is not None]
        late = sum(1 for e in calls if e.answered_late)
        missed = len(calls) - late
        if calls:
            rows.append({"unit": s.unit.label, "late": late, "missed": missed})
    return rows


def penalised(report: Report) -> list[dict]:
    """The period's penalties other than late calls and overdue instructions (said in their own
    paragraphs): who, for what, how many points, and whether it costs the year's eligibility
    (the rules: 取消单位年度评先资格，并通报批评)."""
    rules = report.rules
    rows = []
    for s in report.units:
        for e in s.events:
            if e.part != "penalty" or e.answered_late is not None or e.penalty == rules.followup.overdue_penalty:
                continue
            kind = rules.penalties.get(e.penalty or "")
            rows.append({"unit": s.unit.label, "what": e.what, "points": fmt(-e.points),
                         "loses": bool(kind and kind.loses_eligibility)})
    return rows


# ---- attachment tables ---------------------------------------------------------------------

def _adjust(s: UnitScore) -> Decimal:
    return sum((v for p, v in s.points.items() if p in ADJUST_PARTS), Decimal(0))


def period_table(caption: str, rows: list[UnitScore], report: Report, ytd: Report | None) -> Table:
    """报送采用情况统计表 for one category: the period's figures, then 1—N月累计."""
    rules, ranks = report.rules, report.rules.publish_ranks
    levels = list(rules.levels.items())
    now_cols = ["报送"] + [f"{name}采用" for _, name in levels] + ["批示", "加减分", "得分", "完成任务"]
    ytd_cols = ["报送", "采用", "得分"] + (["排名"] if ranks else []) if ytd else []
    lead = ([Cell("排名", rows=2)] if ranks else []) + [Cell("单位", rows=2)]
    head = [lead + [Cell(column_label(report.period), span=len(now_cols))]
            + ([Cell(ytd.period.label, span=len(ytd_cols))] if ytd else []),
            [Cell(c) for c in now_cols + ytd_cols]]
    ytd_rows = {s.unit.code: s for s in ytd.units} if ytd else {}
    body = []
    for s in rows:
        row = ([s.category_rank] if ranks else []) + [s.unit.label, s.submitted]
        row += [s.adoptions.get(key, 0) for key, _ in levels]
        row += [sum(s.instructions.values()), _adjust(s), s.total, "是" if s.quota_met else "否"]
        if ytd:
            y = ytd_rows.get(s.unit.code)
            row += [y.submitted, y.adopted, y.total] + ([y.category_rank] if ranks else []) if y else \
                [None] * len(ytd_cols)
        body.append(row)
    width = {"得分": 12, "加减分": 10, "完成任务": 10, "排名": 9}
    widths = ([8] if ranks else []) + [24] + [width.get(c, 9) for c in now_cols + ytd_cols]
    return Table(caption, head, body, widths)


def awards_table(aw: Awards) -> Table:
    head = [[Cell(c) for c in ("单位", "类别", "全年得分", "目标分", "达标", "超目标率", "组内名次", "先进单位",
                               "推荐名额", "说明")]]
    rows = []
    for a in aw.units:
        rate = fmt_percent(a.rate) if a.rate is not None else ""
        cat = aw.report.rules.unit_categories.get(a.score.unit.category)
        rows.append([a.score.unit.label, cat.name if cat else a.score.unit.category, a.score.total, a.target,
                     "是" if a.met else "否", rate, a.group_rank, "是" if a.advanced else "",
                     a.nominations, "；".join(a.reasons)])
    return Table("", head, rows, [24, 26, 13, 11, 9, 14, 10, 10, 10, 29])


def excellent_table(aw: Awards, units: dict[str, Unit]) -> Table:
    head = [[Cell(c) for c in ("序号", "信息编号", "标题", "单位", "组别")]]
    rows = [[n, item_id, title, units[code].label if code in units else code, group or ""]
            for n, (item_id, title, code, group) in enumerate(aw.excellent.items, 1)]
    return Table("", head, rows, [9, 34, 61, 26, 26])  # 组别 holds 乡（镇、区） on one line


def adopted_table(data: Dataset, report: Report, units: dict[str, Unit]) -> Table | None:
    """附件: the items adopted in the period, once each, with every outlet and issue that printed them."""
    rules = report.rules
    adoptions = {r.id: r for r in data.records if isinstance(r, Adoption)}
    printed: dict[str, list[str]] = {}
    for s in report.units:
        for e in s.events:
            rec = adoptions.get(e.record or "")
            if rec is not None and e.part in ("adoption", "special"):
                where = printed_in(rules.publications, rec.pub, rec.issue_label) + ("（专期）" if rec.special else "")
                if where not in printed.setdefault(rec.item, []):
                    printed[rec.item].append(where)
    rows = []
    for n, item_id in enumerate(sorted(printed, key=lambda i: (data.items_by_id[i].submitted, i)
                                       if i in data.items_by_id else (date.max, i)), 1):
        item = data.items_by_id.get(item_id)
        names = "、".join(units[c].label if c in units else c for c in item.units) if item else ""
        rows.append([n, item.title if item else item_id, names, "；".join(printed[item_id])])
    if not rows:
        return None
    head = [[Cell(c) for c in ("序号", "标题", "报送单位", "采用刊物及期次")]]
    return Table("", head, rows, [9, 78, 30, 39])


def calls_done(data: Dataset, period: Period, units: dict[str, Unit]) -> list[dict]:
    """约稿完成情况: each call due in the period, and which units answered by the deadline, late, or not at all."""
    out = []
    for call in sorted((c for c in data.calls if period.start <= c.deadline <= period.end), key=lambda c: (c.deadline, c.id)):
        on_time, late, missing = ([units[c].label if c in units else c for c in codes]
                                   for codes in call.outcomes(data.answers.get(call.id, [])))
        out.append({"topic": call.topic, "deadline": f"{call.deadline.month}月{call.deadline.day}日",
                    "units": len(call.units), "on_time": on_time, "late": late, "missing": missing})
    return out


# ---- the item-level detail for the workbook -------------------------------------------------

def detail_rows(data: Dataset, report: Report) -> list[dict]:
    """Every item submitted in the period or scored in it, with its adoptions, instructions, points."""
    units = {s.unit.code: s.unit for s in report.units}
    per_item: dict[str, list] = {}
    for s in report.units:
        for e in s.events:
            if e.item:
                per_item.setdefault(e.item, []).append(e)
    ids = [i.id for i in data.items] + sorted(set(per_item) - {i.id for i in data.items})
    rows = []
    for item_id in ids:
        item = data.items_by_id.get(item_id)
        if item is None:
            continue
        events = [e for e in per_item.get(item_id, []) if e.unit in item.units]  # not the roll-up copies
        pubs = {e.record: report.rules.publications[e.pub].name if e.pub in report.rules.publications else e.pub
                for e in events if e.part in ("adoption", "special") and e.record}
        instr = {e.record: report.rules.levels.get(e.level, e.level) for e in events if e.part == "instruction"}
        rows.append({"id": item.id, "unit": "、".join(units[c].label if c in units else c for c in item.units),
                     "title": item.title, "category": item.category, "submitted": item.submitted,
                     "adopted": "；".join(pubs.values()), "instructions": "；".join(f"{v}领导批示" for v in instr.values()),
                     "points": sum((e.points for e in events), Decimal(0))})
    return rows


# ---- putting it together -------------------------------------------------------------------

def _category_context(report: Report, office: Office) -> list[dict]:
    cats = []
    for name, rows in by_category(report):
        quarter = report.period.kind == "quarter" and report.rules.publish_ranks
        cats.append({"name": name, "size": len(rows),
                     "all": [_named(s) for s in rows] if quarter and len(rows) <= office.quarter_top else [],
                     "leading": [s.unit.label for s in leading(rows, office.leading_top, report.rules.publish_ranks)],
                     "top": [_named(s) for s in rows if quarter and s.category_rank <= office.quarter_top],
                     "bottom": [_named(s) for s in bottom(rows, office.quarter_top)
                                if s.category_rank > office.quarter_top] if quarter else [],
                     "under_quota": [s.unit.label for s in rows if s.quota and not s.quota_met and s.submitted]})
        lead = set(cats[-1]["leading"])
        cats[-1]["praised_under_quota"] = [u for u in cats[-1]["under_quota"] if u in lead]  # named twice: say why
    return cats


def _named(s: UnitScore) -> dict:
    return {"unit": s.unit.label, "rank": s.category_rank, "total": fmt(s.total)}


def _year_context(aw: Awards, units: dict[str, Unit]) -> dict:
    groups = []
    for g in aw.report.rules.award_groups:
        members = [a for a in aw.units if a.group == g.name]
        adv = sorted((a for a in members if a.advanced), key=lambda a: a.group_rank)
        groups.append({"name": g.name, "advanced": [a.score.unit.label for a in adv]})
    return {"groups": groups,
            "met": [a.score.unit.label for a in aw.units if a.met],
            "not_met": [a.score.unit.label for a in aw.units if not a.met],
            "nominations": [{"unit": a.score.unit.label, "n": a.nominations} for a in aw.units if a.nominations],
            "lost": [{"unit": a.score.unit.label, "reasons": "；".join(a.reasons)} for a in aw.units if not a.eligible],
            "excellent": [{"title": t, "unit": units[c].label if c in units else c, "group": g or ""}
                          for _, t, c, g in aw.excellent.items]}


def overdue_instructions(ws: Workspace, period: Period, issued: date) -> list[dict]:
    """Units with instructions due by the period's end and still not reported on when the notice
    is issued: [{unit, n}] in roster order."""
    from govinfo.compute.followup import follow_up
    late = [c for c in follow_up(ws, issued) if c.state == "overdue" and c.due <= period.end]
    counts: dict[str, int] = {}
    for c in late:
        counts[c.assignee] = counts.get(c.assignee, 0) + 1
    units = ws.unit_map
    return [{"unit": units[code].label, "n": counts[code]} for code in units if code in counts]


MAX_TITLE_CHARS = 80  # two or three lines of 2号 type


MAX_DAYS_AHEAD = 31  # a notice drafted now for signing within the month; 2199-12-31 is a slip
MAX_SERIAL = 9999    # the 文号's serial: 〔2026〕12号


def check_serial(serial: int | None, where: str = "govinfo notice --number") -> None:
    """The 文号's serial, when given, is a whole number from 1 to MAX_SERIAL (the command line and
    the web's form say so in their own words for `where`)."""
    if serial is not None and not 1 <= serial <= MAX_SERIAL:
        raise UserError(error(Source(where), "USAGE", f"文号的序号应是 1—{MAX_SERIAL} 的整数，现在是“{serial}”",
                              "例如 12 得到“〔2026〕12号”；不给则文号留空，打印后手填"))


def build(ws: Workspace, period: Period, serial: int | None, issued: date) -> Notice:
    rules, office = ws.require_rules(), ws.office
    check_serial(serial)
    today = dates.today()
    if today <= period.end:  # its last day still takes items; a later --date does not make the figures whole
        raise UserError(error(Source("govinfo notice"), "DATE", f"{period.label}还没有结束（{period.end}结束），"
                              f"通报里的得分和排名只算到今天（{today}）",
                              "时期结束后再生成通报；现在看本期到目前为止的情况，用 govinfo score 或 govinfo status"))
    if issued <= period.end:
        raise UserError(error(Source("govinfo notice"), "DATE", f"成文日期 {issued} 不晚于{period.label}的最后一天（{period.end}）",
                              f"通报在时期结束后印发：--date 晚于 {period.end}，或不写（默认今天）"))
    if (issued - today).days > MAX_DAYS_AHEAD:
        raise UserError(error(Source("govinfo notice"), "DATE", f"成文日期 {issued} 比今天晚了 {(issued - today).days} 天",
                              f"成文日期通常就是印发的日子：--date 最多写到今天之后 {MAX_DAYS_AHEAD} 天，或不写（默认今天）"))
    data, report = _scored(ws, period)
    has_ytd = period.has_separate_ytd
    ytd_data, ytd = _scored(ws, period.ytd) if has_ytd else (data, report)
    prev_data, prev = _scored(ws, period.previous())
    # For a year, the previous period is last year: score it once.
    ly_data, ly = (prev_data, prev) if period.previous() == period.last_year() else _scored(ws, period.last_year())
    aw = None
    if period.kind == "year":
        aw = assess(report, excellent_items(ws, period.year, "notice"))
    units = ws.unit_map
    now, before, last_year = totals(data, report), totals(prev_data, prev), totals(ly_data, ly)
    context = {
        "period": period, "label": title_label(period), "office": office, "rules": rules,
        "levels": rules.levels, "publish_ranks": rules.publish_ranks,
        "t": now, "prev": before, "ly": last_year, "compared": comparisons(now, before, last_year, period),
        "ytd": totals(ytd_data, ytd), "ytd_label": ytd.period.label, "is_ytd": has_ytd,
        "prev_label": previous_label(period), "change": change,
        "by_level": lambda counts, unit="条": level_text(rules, counts, unit),
        "categories": _category_context(report, office),
        "silent": [s.unit.label for s in report.units if s.submitted == 0 and s.ranked],
        "silent_all": all(s.submitted == 0 for s in report.units if s.ranked),
        "calls": calls_missed(report),
        "penalised": penalised(report),
        "overdue": overdue_instructions(ws, period, issued),
        "requirements": office.requirements,
        "year": _year_context(aw, units) if aw else None,
        "calls_done": calls_done(data, period, units) if office.calls_section else [],
    }
    attachments = [Attachment(f"{title_label(period)}政务信息报送采用情况统计表",
                              [period_table(name, rows, report, ytd if has_ytd else None)
                               for name, rows in by_category(report)])]
    if aw:
        attachments.append(Attachment(f"{period.year}年度政务信息工作考评结果", [awards_table(aw)]))
        if aw.excellent.items:
            attachments.append(Attachment(f"{period.year}年度优秀政务信息", [excellent_table(aw, units)]))
    adopted = adopted_table(data, report, units) if office.list_adopted else None
    if adopted is not None:
        attachments.append(Attachment(f"{title_label(period)}被采用信息目录", [adopted]))
    context["attachments"] = [a.title for a in attachments]
    body = render(ws, "notice_body.txt", **context)
    title = render(ws, "notice_title.txt", **context).strip()
    if not title or len(title) > MAX_TITLE_CHARS:
        raise UserError(error(Source("templates/notice_title.txt"), "TEMPLATE",
                              "通报标题为空" if not title else f"通报标题有 {len(title)} 个字，超过 {MAX_TITLE_CHARS} 字",
                              "检查 templates/notice_title.txt：标题是一句话，如“关于{{ label }}全市政务信息报送采用情况的通报”"))
    letters = _letters(ws, report, office, issued) if period.kind == "half" else []
    return Notice(period, office, doc_number(office, issued.year, serial), title, addressees(office, ws.units),
                  parse_blocks(body) + attachment_note(context["attachments"]), attachments, issued, report, ytd, detail_rows(data, report), letters,
                  [warning(Source("govinfo notice"), "AWARDS-TIE", note, "通报按并列名次列出全部这些单位；要按名额印发，先按考评办法定下名单")
                   for note in (aw.over_quota if aw else [])])


def addressees(office: Office, units: list[Unit]) -> str:
    """主送机关: office.yaml's own line, or one made from the roster's units: 各镇（乡镇）人民政府,
    街道办事处 only when there are some, a 管委会 by name, then 市政府各部门."""
    if office.addressees.strip() and office.addressees.strip() != "auto":
        return office.addressees
    names = [u.name for u in units]
    town = [n for n in names if n.endswith("镇人民政府")]
    xiang = [n for n in names if n.endswith("乡人民政府")]
    streets = [n for n in names if "街道" in n]
    parts = []
    local = ("各乡镇人民政府" if town and xiang else "各镇人民政府" if town else "各乡人民政府" if xiang else "")
    local += ("、" if local else "各") + "街道办事处" if streets else ""
    if local:
        parts.append(local)
    others = [n for n in names if n not in town + xiang + streets]
    committees = [n for n in others if n.endswith(("管委会", "管理委员会"))]
    parts += committees
    if any(n not in committees for n in others):
        parts.append(f"{office.office_short.replace('办公室', '')}各部门" if office.office_short.endswith("政府办公室")
                     else "市政府各部门")
    return "，".join(parts) + "：" if parts else "各有关单位："


def _letters(ws: Workspace, report: Report, office: Office, issued: date) -> list[Letter]:
    """预警函: one per unit in the bottom group of its category for the half-year, each numbered."""
    letters = []
    for name, rows in by_category(report):
        group = bottom(rows, office.warning_bottom) if report.rules.publish_ranks else \
            [s for s in rows if s.quota and not s.quota_met]
        for s in group:
            text = render(ws, "warning_letter.txt", unit=s.unit, s=s, category=name, count=len(rows),
                          period=report.period, office=office, publish_ranks=report.rules.publish_ranks,
                          total=_named(s)["total"])
            n = len(letters) + 1
            letters.append(Letter(s.unit, "政务信息工作预警函", f"{s.unit.name}：", parse_blocks(text),
                                  f"预警函〔{issued.year}〕{n}号", f"{n:02d}-{file_name_part(s.unit.label)}"))
    return letters


__all__ = ["Block", "Cell", "Table", "Attachment", "Letter", "Notice", "build", "parse_blocks", "doc_number",
           "zh_date"]
