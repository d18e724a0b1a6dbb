"""Building small offices for hand-computed scoring cases, through the library API."""
from __future__ import annotations

import itertools
from decimal import Decimal

from govinfo.actions import new_records
from govinfo.core.periods import parse_period
from govinfo.compute.scoring import score
from govinfo.actions.submit import Draft, submit
from govinfo.store.workspace import open_workspace

_texts = itertools.count(1)
BODY = "城关镇坚持把秋粮收购作为重点工作来抓，组织12个村开展收购服务，共收购秋粮3200吨，同比增长15%，有效保障了农民利益。"


class Office:
    def __init__(self, root):
        self.root = root

    @property
    def ws(self):
        return open_workspace(self.root)

    def rules(self, replace: dict | None = None, extra: str = ""):
        path = self.root / "rules" / "points.yaml"
        text = path.read_text(encoding="utf-8")
        for old, new in (replace or {}).items():
            assert old in text, old
            text = text.replace(old, new)
        path.write_text(text + extra, encoding="utf-8")
        return self

    def item(self, unit="T01", day="2026-10-12", category="工作动态", **kw) -> str:
        body = kw.pop("body", BODY + f"（{unit}{day}{category}{next(_texts)}）")  # each item a text of its own
        item, _ = submit(self.ws, Draft(unit=unit, title=kw.pop("title", "标题"), drafter="张三", reviewer="李四",
                                        submitted=day, category=category, body=body, **kw))
        return item.id

    def adopt(self, item_id, pub="city_express", day="2026-10-15", special=False):
        """Each call is another issue of `pub` (the same item, pub and issue is one fact, refused twice)."""
        self.issues = getattr(self, "issues", 0) + 1
        return new_records.adopt(self.ws, [item_id], pub, f"第{self.issues}期", day, special)[0].id

    def instruct(self, item_id, level="city", day="2026-10-16"):
        return new_records.instruct(self.ws, item_id, level, "某领导", day).id

    def penalty(self, unit, kind, day="2026-10-20"):
        self.penalties = getattr(self, "penalties", 0) + 1  # two charges the same day are two facts
        return new_records.penalty_add(self.ws, unit, kind, day, note=f"第{self.penalties}次").id

    def call(self, units, deadline="2026-10-20", day="2026-10-05"):
        return new_records.solicit_new(self.ws, "约稿主题", units, deadline, day).id

    def score(self, **period):
        key, value = next(iter(period.items()))
        return score(self.ws, parse_period(**{("month_" if key == "month" else key): value}))

    def total(self, unit, **period) -> Decimal:
        return self.score(**period).unit(unit).total
