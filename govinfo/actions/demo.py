"""A realistic, deterministic demo: a city's units reporting from January 2025 to October 2026.

Same seed, same files, on every machine: ids use the fixed site code DEM and every record's
timestamps come from the data, not the clock. Roughly what seed 000's office sees: most units
near their quota, a few lagging, one silent for months; adoptions at every level, leader
instructions, calls for articles answered on time, late or not at all, penalties, excellent
items for 2025, and one item re-sent to make up the count (a near-duplicate warning).
"""
from __future__ import annotations

import io
import random
from datetime import date, datetime, timedelta
from pathlib import Path

from ruamel.yaml import YAML

from govinfo.core.dates import CHINA, months_from
from govinfo.store.atomic import make_folder, write_atomic
from govinfo.store.ids import allocate
from govinfo.store.records import write_record
from govinfo.actions.submit import render_item

SITE = "DEM"
START, END = (2025, 1), (2026, 10)
SEED = 2026

TOWNSHIPS = ["城关镇", "东河镇", "西山镇", "南湖镇", "北塘镇", "青石镇", "柳林镇", "桃源乡", "白沙乡", "高新区"]
GENERAL = ["发展和改革局", "财政局", "统计局", "人力资源和社会保障局", "自然资源和规划局", "住房和城乡建设局"]
OTHER = ["教育局", "卫生健康局", "民政局", "交通运输局", "农业农村局", "水利局", "文化和旅游局", "应急管理局",
         "市场监督管理局", "生态环境局"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林罗高"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "秀英", "华", "建国",
         "晓东", "海燕", "志强", "春梅", "文博"]
TOPICS = ["秋粮收购", "乡村振兴", "营商环境", "项目建设", "安全生产", "民生实事", "招商引资", "农村人居环境整治", "义务教育",
          "基层医疗", "防汛抗旱", "城市更新", "就业帮扶", "养老服务", "河长制", "森林防火", "消费帮扶", "数字政府",
          "老旧小区改造", "食品安全", "企业纾困", "科技创新", "文旅融合", "生态修复", "社会救助"]
VERBS = ["扎实推进", "多措并举推进", "创新开展", "全力抓好", "持续深化", "高标准推进", "精准实施", "统筹做好"]
OPENERS = ["今年以来，{u}紧紧围绕市委、市政府决策部署，把{t}作为重点工作来抓。",
           "{m}月份，{u}坚持问题导向，聚焦{t}中的难点堵点，集中力量攻坚。",
           "为进一步做好{t}工作，{u}近日制定专项方案，明确任务分工和完成时限。",
           "{u}把{t}列入年度重点任务清单，主要负责同志多次带队一线调研督导。"]
MIDDLES = ["截至{m}月底，累计投入资金{a}万元，完成年度计划的{p}%，同比提高{q}个百分点。",
           "共组织专题培训{n}场次，覆盖干部群众{k}人次，发放宣传资料{b}余份。",
           "新建和改造各类设施{n}处，惠及群众{k}户，群众满意度达{p}%。",
           "建立“周调度、月通报”工作机制，梳理问题清单{n}项，已整改销号{c}项。",
           "实行“一事一专班”推进模式，{n}个重点事项全部明确责任领导和时间节点。",
           "引入第三方评估，对{n}个村（社区）逐一打分排名，结果与年度考核挂钩。"]
CLOSERS = ["下一步，将持续巩固工作成效，推动{t}工作再上新台阶。",
           "下一步，{u}将聚焦薄弱环节，细化措施，确保全年目标任务如期完成。",
           "目前，各项工作正按计划有序推进，预计{m2}月底前全面完成。"]
PROBLEMS = ["调研发现，{t}工作中仍存在资金保障不足、基层力量薄弱、群众参与度不高等问题，部分项目进度滞后于计划{n}个百分点。",
            "当前{t}面临的主要困难是审批环节多、要素保障难，{n}个项目因用地指标未落实暂缓实施。"]
PROPOSALS = ["建议市级层面统筹安排专项资金{a}万元，并建立跨部门联席会议制度，每季度专题研究一次。",
             "建议将{t}纳入年度目标考核，对进度滞后的单位实行约谈提醒。"]
EMERGENCIES = [
    ["{d}，{u}辖区{place}发生一起{e}，{u}第一时间启动应急预案，主要负责同志赶赴现场指挥处置。",
     "{d}，{place}发生{e}，{u}接报后立即组织应急、公安、卫健等力量赶赴{place}开展救援。",
     "{d}许，{u}接群众报告，{place}一带发生{e}，值班领导带领工作组{n}分钟内到达现场。"],
    ["经初步核查，事件造成{n}人受轻伤，已全部送医救治，无人员死亡，直接经济损失约{a}万元。",
     "截至目前，共转移安置群众{k}人，{n}名伤员正在{place}卫生院接受治疗，生命体征平稳。",
     "现场已设置警戒区{n}处，疏散周边群众{k}人，未造成人员死亡，损失情况正在进一步核实。"],
    ["目前现场秩序平稳，相关部门正在开展原因调查和隐患排查，后续情况将及时续报。",
     "{u}已对辖区同类隐患点{c}处开展拉网式排查，并安排专人24小时值守，有关情况将及时续报。",
     "下一步，{u}将做好善后处置和群众安抚工作，深刻汲取教训，举一反三抓好隐患整改。"],
]
PLACES = ["东风村", "红星社区", "河口村", "新华街", "石桥村", "杨柳湾", "工业园区", "北山林场", "南关村", "滨河路"]
EVENTS = ["道路交通事故", "民房火灾", "山体滑坡", "河道险情", "燃气泄漏事故"]
CATEGORY_WEIGHTS = [("工作动态", 55), ("经验做法", 18), ("问题建议", 8), ("调研信息", 7), ("紧急信息", 3), ("其他", 9)]


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _roster() -> list[dict]:
    rng = random.Random(SEED)
    units = []
    for prefix, names, category in (("T", TOWNSHIPS, "township"), ("G", GENERAL, "general_dept"), ("D", OTHER, "other_dept")):
        for n, short in enumerate(names, 1):
            full = f"{short}人民政府" if category == "township" and short.endswith(("镇", "乡")) else (
                f"{short}管委会" if short.endswith("区") else f"市{short}")
            unit = {"code": f"{prefix}{n:02d}", "name": full, "short": short, "category": category}
            if category == "township" and n in (1, 4):
                unit["direct_point"] = True
            unit["officers"] = [{"name": _person(rng), "phone": f"139{rng.randrange(10**8):08d}"}]
            units.append(unit)
    return units


def _body(rng: random.Random, unit: str, topic: str, category: str, month: int, when: datetime,
          seen: set | None = None) -> str:
    fill = dict(u=unit, t=topic, m=month, m2=min(12, month + rng.randint(1, 2)), a=rng.randint(50, 9000),
                p=rng.randint(60, 99), q=rng.randint(2, 18), n=rng.randint(3, 60), k=rng.randint(200, 20000),
                b=rng.randint(500, 30000), c=rng.randint(2, 40), e=rng.choice(EVENTS),
                d=f"{when.month}月{when.day}日{when.hour}时", place=rng.choice(PLACES))
    for _ in range(20):  # a unit does not send the same sentences on the same topic twice
        if category == "紧急信息":
            parts = [rng.choice(options) for options in EMERGENCIES]
        elif category in ("问题建议", "调研信息"):
            parts = [rng.choice(OPENERS), rng.choice(MIDDLES), rng.choice(PROBLEMS), rng.choice(PROPOSALS)]
        else:
            parts = [rng.choice(OPENERS)] + rng.sample(MIDDLES, rng.randint(2, 3)) + [rng.choice(CLOSERS)]
        signature = (unit, topic, frozenset(parts))
        if seen is None or signature not in seen:
            break
    if seen is not None:
        seen.add(signature)
    return "\n\n".join(p.format(**fill) for p in parts) + "\n"


def _title(rng: random.Random, unit: str, topic: str, category: str) -> str:
    if category == "问题建议":
        return f"关于{topic}中存在问题的几点建议"
    if category == "调研信息":
        return f"{unit}{topic}情况的调查与思考"
    if category == "经验做法":
        return f"{unit}“三个聚焦”推动{topic}提质增效"
    if category == "紧急信息":
        return f"{unit}妥善处置一起突发事件"
    return f"{unit}{rng.choice(VERBS)}{topic}"


def _write_item(root: Path, fields: dict, body: str) -> str:
    when: datetime = fields["_when"]
    folder = root / "data" / "items" / f"{when.year:04d}" / f"{when.month:02d}"
    stamp = when.strftime("%Y-%m-%d %H:%M")
    data = {k: v for k, v in fields.items() if not k.startswith("_")}
    if data.get("event_time"):
        data["event_time"] = data["event_time"].strftime("%Y-%m-%d %H:%M")
    return allocate(folder, f"{when.year:04d}{when.month:02d}-{SITE}-", ".md",
                    lambda s: render_item({**data, "id": s, "submitted": stamp}, body))


def _record(root: Path, kind: str, when: date, fields: dict) -> str:
    stamp = f"{when.isoformat()}T17:30+08:00"
    return write_record(root, kind, when, fields, site=SITE, recorded_at=stamp).id


def fill_demo(root: Path) -> dict:
    """Write the demo roster, items and records into a fresh workspace; return counts."""
    rng = random.Random(SEED)
    reply = random.Random(SEED + 1)  # feedback on instructions: its own draws, so the rest stays as it was
    units = _roster()
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    buf = io.StringIO()
    buf.write("# 演示花名册：由 govinfo init --demo 生成，单位均为虚构。\n")
    yaml.dump({"units": units}, buf)
    write_atomic(root / "rules" / "roster.yaml", buf.getvalue())
    end_day = date(END[0], END[1], 31)
    lagging = {"D07", "T09"}   # usually under quota
    silent = {"D10"}           # nothing at all for most of 2026
    quota = {"township": 8, "general_dept": 8, "other_dept": 4}
    categories = [c for c, _ in CATEGORY_WEIGHTS]
    weights = [w for _, w in CATEGORY_WEIGHTS]
    items: list[tuple[str, dict, str]] = []
    counts = {"items": 0, "records": 0}
    calls: list[tuple[str, date, list[str]]] = []
    seen: set = set()
    for y, m in months_from(START, END):
        # one call for articles a month, to three units, due in seven days
        topic = rng.choice(TOPICS)
        called = rng.sample([u["code"] for u in units if u["code"] not in silent], 3)
        issued = date(y, m, rng.randint(3, 12))
        deadline = issued + timedelta(days=7)
        sid = _record(root, "solicit", issued, {"topic": f"{topic}进展情况", "units": called, "deadline": deadline.isoformat()})
        counts["records"] += 1
        calls.append((sid, deadline, called))
        for unit in units:
            code, short = unit["code"], unit["short"]
            if code in silent and (y, m) >= (2026, 2):
                continue
            base = quota[unit["category"]]
            n = max(0, base + rng.randint(-3, 3)) if code not in lagging else rng.randint(0, base // 2)
            answered = code in called and rng.random() < 0.8
            for k in range(n + (1 if answered else 0)):
                solicited = answered and k == n
                category = "调研信息" if solicited else rng.choices(categories, weights)[0]
                day = rng.randint(1, 28)
                if solicited:
                    late = rng.random() < 0.25
                    due = deadline + timedelta(days=rng.randint(1, 4)) if late else deadline - timedelta(days=rng.randint(0, 5))
                    day = max(due, issued)
                    if (day.year, day.month) != (y, m):
                        day = date(y, m, 28) if (day.year, day.month) > (y, m) else date(y, m, 1)
                    when = datetime(day.year, day.month, day.day, rng.randint(8, 17), rng.choice((0, 15, 30, 45)), tzinfo=CHINA)
                else:
                    when = datetime(y, m, day, rng.randint(8, 17), rng.choice((0, 15, 30, 45)), tzinfo=CHINA)
                topic = rng.choice(TOPICS)
                fields = {"title": _title(rng, short, topic, category), "unit": code, "drafter": unit["officers"][0]["name"],
                          "reviewer": _person(rng), "category": category, "_when": when}
                if solicited:
                    fields["solicitation"] = sid
                if category == "紧急信息":
                    late = rng.random() < 0.06  # most within the time limit, a rare one not
                    delay = timedelta(hours=rng.choice((5, 30)) if late else rng.choice((0.5, 1, 1.5, 2)))
                    fields["event_time"] = when - delay
                if rng.random() < 0.04:
                    fields["secrecy"] = "内部"
                if rng.random() < 0.03:
                    other = rng.choice([u for u in units if u["category"] == unit["category"] and u["code"] != code
                                        and u["code"] not in silent | lagging])
                    fields["joint_units"] = [other["code"]]
                body = _body(rng, short, topic, category, m, when, seen)
                items.append((_write_item(root, fields, body), fields, body))
    # one unit re-sends an old item to make up its count (seed 000 第3篇: 把以前的信息报上凑数)
    old_id, old_fields, old_body = next(i for i in items if i[1]["unit"] == "D03" and i[1]["_when"].year == 2025)
    resent = dict(old_fields, _when=datetime(2026, 9, 25, 10, 0, tzinfo=CHINA))
    items.append((_write_item(root, resent, old_body.replace("下一步", "下一阶段")), resent, old_body))
    counts["items"] = len(items)
    # adoptions, specials and instructions
    pubs = [("city_express", 0.22), ("upper_city_info", 0.06), ("province_info", 0.02), ("national_info", 0.003)]
    adopted_2025: list[tuple[str, dict, int]] = []
    in_express: set[str] = set()
    for item_id, fields, _ in items:
        when: datetime = fields["_when"]
        score = 0
        for level, (pub, chance) in enumerate(pubs, 1):
            boost = 2 if fields["category"] in ("问题建议", "调研信息") else 1
            if rng.random() < chance * boost:
                day = when.date() + timedelta(days=rng.randint(2, 20) * level)
                if day > end_day:
                    continue  # not adopted yet when the demo year stops
                special = pub == "city_express" and rng.random() < 0.05
                rng.randint(1, 60)  # drawn as before, so every later figure of the demo stays the same
                _record(root, "adopt", day, {"item": item_id, "pub": pub, "issue": f"第{_issue_number(day)}期", "special": special})
                if pub == "city_express":
                    in_express.add(item_id)
                counts["records"] += 1
                score += level
        if score and rng.random() < 0.12:
            level = rng.choices(["city", "upper_city", "province", "national"], [70, 20, 9, 1])[0]
            day = when.date() + timedelta(days=rng.randint(3, 25))
            if day > end_day:
                continue
            leader = {"city": "市长", "upper_city": "上级市副市长", "province": "副省长", "national": "国务院领导同志"}[level]
            due = day + timedelta(days=15)
            rid = _record(root, "instruct", day, {"item": item_id, "level": level, "leader": leader,
                                                  "note": "请有关部门认真研究，抓好落实。", "assignee": fields["unit"],
                                                  "due": due.isoformat()})
            counts["records"] += 1
            # most units report back in time, a few late, a few not yet (批示件办理)
            answer = due - timedelta(days=reply.randint(1, 10)) if reply.random() < 0.85 else due + timedelta(days=reply.randint(3, 20))
            if reply.random() < 0.93 and answer <= end_day:
                _record(root, "feedback", answer, {"instruction": rid, "text": "已按批示要求召开专题会议研究部署，"
                                                   "明确责任分工和完成时限，有关情况已报市政府办公室。"})
                counts["records"] += 1
        if score and when.year == 2025:
            adopted_2025.append((item_id, fields, score))
    # the 2025 excellent items: 5 from townships, 5 from city departments, best adopted first
    adopted_2025.sort(key=lambda t: (-t[2], t[0]))
    for group in (lambda c: c.startswith("T"), lambda c: not c.startswith("T")):
        chosen = [t for t in adopted_2025 if group(t[1]["unit"])][:5]
        for item_id, _, _ in chosen:
            _record(root, "excellent", date(2025, 12, 31), {"item": item_id, "year": "2025"})
            counts["records"] += 1
    # manual penalties, and one adoption recorded by mistake then withdrawn
    _record(root, "penalty", date(2026, 6, 18), {"unit": "G05", "penalty": "false_info", "note": "报送数据与统计部门核实数不符，造成不良影响"})
    _record(root, "penalty", date(2026, 3, 9), {"unit": "T06", "penalty": "emergency_late", "note": "3月7日山体滑坡信息迟报"})
    wrong_item = next(i for i in items if date(2026, 10, 1) <= i[1]["_when"].date() <= date(2026, 10, 15))[0]
    wrong = _record(root, "adopt", date(2026, 10, 20), {"item": wrong_item, "pub": "province_info", "issue": "第40期", "special": False})
    folder = root / "data" / "records" / "2026" / "10"
    write_record(root, "withdraw", date(2026, 10, 21), {"target": wrong, "reason": "误登记：省政府办公厅刊物实际采用的是另一单位的信息"},
                 folder=folder, site=SITE, recorded_at="2026-10-21T09:00+08:00")
    counts["records"] += 4
    counts["records"] += _issues(root, items, in_express)
    _inbox(root / INBOX)
    return counts


INBOX = "收件箱"

# 《政府工作快报》 composed in govinfo from November 2026 (the office's own publication): three published
# issues, one of them a 专期, and next week's draft. Their items are October items no other issue of the
# publication carried; their adoptions fall in November, so October and earlier scores are as before.
ISSUES = [  # number, date, special, published, [(column, how many items, which categories)]
    (44, date(2026, 11, 6), False, True, [("grassroots", 3, ("工作动态", "经验做法")), ("general", 2, ("工作动态",))]),
    (45, date(2026, 11, 13), False, True, [("grassroots", 2, ("经验做法",)), ("general", 2, ("调研信息", "工作动态"))]),
    (46, date(2026, 11, 18), True, True, [("general", 1, ("问题建议",))]),
    (47, date(2026, 11, 27), False, False, [("grassroots", 2, ("工作动态",)), ("general", 1, ("工作动态",))]),
]


def _issues(root: Path, items: list, in_express: set) -> int:
    from govinfo.store.issues import Entry, Issue, issue_id, save_issue
    pool = [(i, f) for i, f, _ in items if f["_when"].date() >= date(2026, 10, 1) and i not in in_express
            and f.get("secrecy") != "内部"]
    used: set[str] = set()
    written = 0
    for number, day, special, published, parts in ISSUES:
        entries = []
        for column, count, categories in parts:
            township = column == "grassroots"
            chosen = [i for i, f in pool if i not in used and f["category"] in categories
                      and f["unit"].startswith("T") == township][:count]
            used.update(chosen)
            entries += [Entry(i, column) for i in chosen]
        note = ""
        if number == 45:  # the office edits a title and adds an editor's note (按语)
            first = entries[0]
            entries[0] = Entry(first.item, first.column, title=_edited_title(items, first.item),
                               note="这一做法抓住了群众最关心的问题，值得各地学习借鉴。")
            note = "本期刊发基层经验和部门工作信息，请各地各部门结合实际参考。"
        if published:
            adopted = []
            for e in entries:
                rec = _record(root, "adopt", day, {"item": e.item, "pub": f"city_express.{e.column}",
                                                   "issue": f"第{number}期", "special": special})
                adopted.append(Entry(e.item, e.column, e.title, e.body, e.note, rec))
                written += 1
            entries = adopted
        issue = Issue(issue_id("city_express", 2026, number, False), "city_express", 2026, number, day, False, special,
                      300 + number - 43, "published" if published else "draft",
                      f"{day.isoformat()}T16:00+08:00" if published else "", note, tuple(entries))
        save_issue(root, issue, "《政府工作快报》")
    return written


def _issue_number(day) -> int:
    """The issue a publication printed on `day`: roughly weekly through the year (at most 第43期), so the
    hand-recorded numbers stay below the ones the demo publishes in November (第44期 on)."""
    return min((day.timetuple().tm_yday - 1) // 8 + 1, 43)


def _edited_title(items: list, item_id: str) -> str:
    fields = next(f for i, f, _ in items if i == item_id)
    return fields["title"].replace("“三个聚焦”", "聚焦“三个关键”").replace("提质增效", "取得明显成效")


def _inbox(folder: Path) -> None:
    """Two items as units e-mail them, and one that cannot be imported, for `govinfo import 收件箱`."""
    from docx import Document
    make_folder(folder)
    doc = Document()
    doc.add_paragraph("东河镇“三个聚焦”推动冬季森林防火责任落实")
    doc.add_paragraph("入冬以来，东河镇聚焦责任落实、隐患排查和队伍建设，扎实做好冬季森林防火工作。全镇签订防火责任书"
                      "126份，排查整改隐患点23处，组建半专业扑火队伍4支、队员96人，开展实战演练3次。")
    doc.add_paragraph("下一步，东河镇将严格落实24小时值班和领导带班制度，确保不发生重大森林火灾。")
    doc.add_paragraph("（拟稿人：王芳  审核人：赵强）")
    buf = io.BytesIO()
    doc.save(buf)
    write_atomic(folder / "【东河镇】冬季森林防火.docx", buf.getvalue())
    write_atomic(folder / "【教育局】校园安全.txt",
                 ("市教育局开展冬季校园安全专项检查\n\n近日，市教育局组织5个检查组，对全市86所中小学校、幼儿园开展冬季"
                  "校园安全专项检查，重点检查消防、食品、校车和取暖设施安全，发现问题隐患41处，已督促整改37处。\n\n"
                  "拟稿人：李娜，审核人：陈军\n").encode("gbk"))
    write_atomic(folder / "关于近期工作的情况.txt", "关于近期工作的情况\n\n没有写明报送单位，也没有署名的来稿。\n".encode("utf-8"))
