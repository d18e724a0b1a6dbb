"""A synthetic archive of any size, for benchmarks and for trying the tool at a large office's scale.

`govinfo demo DIR --items N [--years Y]`: 150 units in the three categories, N items spread over
the Y years ending October 2026 (by default one year per 10,000 items, so a month holds about the
same whatever the archive's size), about 15% adopted at mixed levels, 2% with leader instructions,
calls for articles, penalties and a few near-duplicates. Same arguments, same files: the random
generator is seeded and ids are numbered, not drawn.

Files are written atomically (temp file, rename) but not fsynced one by one: 100,000 fsyncs would
take minutes on an ordinary disk, and a generator interrupted half-way is simply run again. One
`os.sync()` at the end makes the whole archive durable.
"""
from __future__ import annotations

import os
import random
from datetime import date, datetime, timedelta
from pathlib import Path

from govinfo.core.dates import CHINA, months_from
from govinfo.actions.demo import CATEGORY_WEIGHTS, SURNAMES, GIVEN, TOPICS, _body, _title
from govinfo.store.atomic import write_atomic
from govinfo.store.records import render_record
from govinfo.actions.submit import render_item

SITE = "GEN"
END = (2026, 10)
ITEMS_PER_YEAR = 10_000
SEED = 100_000

PLACE_CHARS = "东西南北龙凤桃柳青白石河山湖塘林泉溪岭松梅兰竹金银新安和平永丰长乐"
DEPARTMENTS = ["发展和改革", "财政", "统计", "人力资源和社会保障", "自然资源和规划", "住房和城乡建设", "审计", "商务",
               "工业和信息化", "司法", "公安", "科学技术", "民族宗教事务", "退役军人事务", "税务", "信访", "外事",
               "机关事务管理", "行政审批", "大数据发展", "教育", "卫生健康", "民政", "交通运输", "农业农村", "水利",
               "文化和旅游", "应急管理", "市场监督管理", "生态环境", "城市管理", "林业", "医疗保障", "体育",
               "粮食和物资储备", "地方金融监督管理", "乡村振兴", "人民防空", "档案", "地震"]
LEVELS = [("city_express", 75), ("upper_city_info", 17), ("province_info", 7), ("national_info", 1)]
LEADERS = {"city": "市长", "upper_city": "上级市副市长", "province": "副省长", "national": "国务院领导同志"}


def _roster(rng: random.Random) -> list[dict]:
    """40 townships, 40 general and 70 other departments, with unique names."""
    names: set[str] = set()
    units = []

    def person() -> str:
        return rng.choice(SURNAMES) + rng.choice(GIVEN)

    while len(names) < 40:
        names.add("".join(rng.sample(PLACE_CHARS, 2)) + rng.choice("镇乡"))
    for n, short in enumerate(sorted(names), 1):
        units.append({"code": f"T{n:02d}", "name": f"{short}人民政府", "short": short, "category": "township"})
    for prefix, count, category, offset in (("G", 40, "general_dept", 0), ("D", 70, "other_dept", 40)):
        for n in range(1, count + 1):
            base = DEPARTMENTS[(offset + n - 1) % len(DEPARTMENTS)]
            branch = (offset + n - 1) // len(DEPARTMENTS)
            short = f"{base}局" if not branch else f"{base}局第{branch + 1}分局"
            units.append({"code": f"{prefix}{n:02d}", "name": f"市{short}", "short": short, "category": category})
    for unit in units:
        unit["officers"] = [{"name": person(), "phone": f"139{rng.randrange(10**8):08d}"}]
    return units


def _roster_yaml(units: list[dict]) -> str:
    lines = ["# 大规模演示花名册：由 govinfo demo 生成，单位均为虚构。", "units:"]
    for u in units:
        lines += [f"  - code: {u['code']}", f"    name: {u['name']}", f"    short: {u['short']}",
                  f"    category: {u['category']}", "    officers:",
                  f"      - name: {u['officers'][0]['name']}", f"        phone: \"{u['officers'][0]['phone']}\""]
    return "\n".join(lines) + "\n"


class _Writer:
    """Numbered files per month folder, written without per-file fsync (see the module note)."""

    def __init__(self, root: Path):
        self.root = root
        self.seq: dict[str, int] = {}
        self.count = 0

    def next_id(self, prefix: str) -> str:
        self.seq[prefix] = self.seq.get(prefix, 0) + 1
        return f"{prefix}{self.seq[prefix]:04d}"

    def item(self, fields: dict, body: str) -> str:
        when: datetime = fields["submitted"]
        stem = self.next_id(f"{when.year:04d}{when.month:02d}-{SITE}-")
        data = dict(fields, id=stem, submitted=when.strftime("%Y-%m-%d %H:%M"))
        if data.get("event_time"):
            data["event_time"] = data["event_time"].strftime("%Y-%m-%d %H:%M")
        folder = self.root / "data" / "items" / f"{when.year:04d}" / f"{when.month:02d}"
        write_atomic(folder / f"{stem}.md", render_item(data, body), sync=False)
        self.count += 1
        return stem

    def record(self, kind: str, when: date, fields: dict) -> str:
        stem = self.next_id(f"{kind}-{when.year:04d}{when.month:02d}-{SITE}-")
        payload = {"id": stem, "kind": kind, **fields, "date": when.isoformat(),
                   "recorded_at": f"{when.isoformat()}T17:30+08:00"}
        folder = self.root / "data" / "records" / f"{when.year:04d}" / f"{when.month:02d}"
        write_atomic(folder / f"{stem}.yaml", render_record(payload), sync=False)
        self.count += 1
        return stem


def _per_month(total: int, months: int) -> list[int]:
    return [total // months + (1 if k < total % months else 0) for k in range(months)]


def generate(root: Path, items: int, years: int | None = None, progress=None) -> dict:
    """Fill a fresh workspace at root (made by init_workspace) with `items` items; return counts."""
    years = years or max(1, -(-items // ITEMS_PER_YEAR))
    rng = random.Random(SEED)
    units = _roster(rng)
    write_atomic(root / "rules" / "roster.yaml", _roster_yaml(units))
    start = END[0] * 12 + END[1] - 1 - (12 * years - 1)
    months = list(months_from((start // 12, start % 12 + 1), END))
    last_day = date(END[0], END[1], 31)
    codes = [u["code"] for u in units]
    weights = [3 if u["category"] == "township" else 3 if u["category"] == "general_dept" else 2 for u in units]
    for k in rng.sample(range(len(units)), 8):
        weights[k] = 0.3  # a few units that lag all the time
    by_code = {u["code"]: u for u in units}
    categories = [c for c, _ in CATEGORY_WEIGHTS]
    cat_weights = [w for _, w in CATEGORY_WEIGHTS]
    out = _Writer(root)
    seen: set = set()
    adopted = instructed = 0
    recent: list[tuple[str, dict, str]] = []
    for (y, m), count in zip(months, _per_month(items, len(months))):
        calls = []
        for _ in range(3):  # three calls a month, to three units each, due in seven days
            issued = date(y, m, rng.randint(3, 15))
            called = rng.sample(codes, 3)
            deadline = issued + timedelta(days=7)
            calls.append((out.record("solicit", issued, {"topic": f"{rng.choice(TOPICS)}进展情况", "units": called,
                                                          "deadline": deadline.isoformat()}), called, deadline))
        answers = [(cid, code, deadline) for cid, called, deadline in calls for code in called if rng.random() < 0.8]
        for n, code in enumerate(rng.choices(codes, weights, k=count)):
            unit = by_code[code]
            answer = answers[n] if n < len(answers) else None
            if answer:
                code, unit = answer[1], by_code[answer[1]]
                day = min(answer[2] - timedelta(days=rng.randint(0, 4)), date(y, m, 28))
                category = "调研信息"
            else:
                day = date(y, m, rng.randint(1, 28))
                category = rng.choices(categories, cat_weights)[0]
            when = datetime(day.year, day.month, day.day, rng.randint(8, 17), rng.choice((0, 15, 30, 45)), tzinfo=CHINA)
            topic = rng.choice(TOPICS)
            fields = {"title": _title(rng, unit["short"], topic, category), "unit": code,
                      "drafter": unit["officers"][0]["name"], "reviewer": rng.choice(SURNAMES) + rng.choice(GIVEN),
                      "submitted": when, "category": category}
            if answer:
                fields["solicitation"] = answer[0]
            if category == "紧急信息":
                fields["event_time"] = when - timedelta(hours=rng.choice((0.5, 1, 1.5, 2)))
            if recent and rng.random() < 0.001:  # re-sent to make up the count (seed 000 第3篇)
                body = recent[rng.randrange(len(recent))][2].replace("下一步", "下一阶段")
            else:
                body = _body(rng, unit["short"], topic, category, m, when, seen)
            item_id = out.item(fields, body)
            recent = (recent + [(item_id, fields, body)])[-200:]
            if rng.random() < 0.15:
                adopted += 1
                pub = rng.choices([p for p, _ in LEVELS], [w for _, w in LEVELS])[0]
                on = min(day + timedelta(days=rng.randint(2, 20)), last_day)
                out.record("adopt", on, {"item": item_id, "pub": pub, "issue": f"第{rng.randint(1, 60)}期",
                                         "special": rng.random() < 0.03})
                if rng.random() < 0.13:
                    instructed += 1
                    level = rng.choices(list(LEADERS), [70, 20, 9, 1])[0]
                    on = min(on + timedelta(days=rng.randint(1, 10)), last_day)
                    out.record("instruct", on, {"item": item_id, "level": level, "leader": LEADERS[level],
                                                "note": "请有关部门认真研究，抓好落实。"})
        if rng.random() < 0.5:
            out.record("penalty", date(y, m, rng.randint(1, 28)),
                       {"unit": rng.choice(codes), "penalty": "emergency_late", "note": "紧急信息迟报"})
        if progress:
            progress(out.count)
    if hasattr(os, "sync"):
        os.sync()
    return {"items": items, "adopted": adopted, "instructed": instructed, "files": out.count,
            "first": f"{months[0][0]}-{months[0][1]:02d}", "last": f"{END[0]}-{END[1]:02d}"}
