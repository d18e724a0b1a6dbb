"""Quarterly reminders (seed 002: 季度短信提醒): a phone note and a text message of at most 70
characters for the information officers of each lagging unit, as a CSV the clerk works through."""
from __future__ import annotations

from dataclasses import dataclass

from govinfo.core.diagnostics import Source, UserError, error, warning
from govinfo.compute.notice import bottom, by_category
from govinfo.core.periods import Period
from govinfo.core.numbers import fmt_points as fmt
from govinfo.compute.scoring import UnitScore, score
from govinfo.store.templates import render
from govinfo.store.workspace import Workspace

SMS_LIMIT = 70
LONG_LABEL = 10  # a short name longer than this is the roster's to shorten, not the template's


@dataclass(frozen=True)
class Reminder:
    unit: str
    category: str
    officer: str
    phone: str
    channel: str      # 电话 | 短信
    text: str
    reason: str


@dataclass(frozen=True)
class Lagging:
    category: str
    score: UnitScore
    behind: bool      # in the bottom N of its category
    short: bool       # short of the quarter's quota

    @property
    def reason(self) -> str:
        return "；".join(([f"{self.category}排名靠后"] if self.behind else []) +
                        ([f"未完成{self.score.quota}条报送任务"] if self.short else []))


def lagging(report, n: int) -> list[Lagging]:
    """Units in the bottom N of their category, or short of the quarter's quota."""
    rows = []
    for name, units in by_category(report):
        # the bottom N, but never the top half of a small category: of two units the first is not 排名靠后,
        # nor is a unit tied with the leader
        top = min((s.category_rank or 0 for s in units), default=0)
        low = {s.unit.code for s in bottom(units, min(n, len(units) // 2)) if (s.category_rank or 0) > top} \
            if report.rules.publish_ranks else set()
        for s in units:
            behind, short = s.unit.code in low, bool(s.quota and not s.quota_met)
            if behind or short:
                rows.append(Lagging(name, s, behind, short))
    return rows


def reminders(ws: Workspace, period: Period) -> tuple[list[Reminder], list]:
    if period.kind != "quarter":
        raise UserError(error(Source("govinfo remind"), "PERIOD", "提醒按季度发出", "写成 --quarter 2026Q3"))
    report = score(ws, period)
    if report.provisional:  # a quarter still running has no bottom of the table to call
        raise UserError(error(Source("govinfo remind"), "PERIOD-RUNNING",
                              f"{period.label}还没有结束（到 {period.end}），不能按季度排名发提醒",
                              "季度结束后再生成；要看本季度到今天的情况，用 govinfo score 或 govinfo status"))
    out, diags = [], []
    if report.units and not any(s.submitted for s in report.units):  # before the office kept its archive here?
        diags.append(warning(Source("govinfo remind --quarter"), "EMPTY-PERIOD",
                             f"{period.label}没有任何单位报送信息，下面的提醒是对每个单位都说“未完成任务”",
                             "如果这个工作区是这一季以后才开始用的，这些提醒不要发出；各单位从哪天起参加计分，"
                             "用 govinfo units edit 单位 --from 日期 写明"))
    for lag in lagging(report, ws.office.warning_bottom):
        s = lag.score
        officers = s.unit.officers or ()
        if not any(o.phone for o in officers):
            diags.append(warning(Source("rules/roster.yaml"), "NO-PHONE",
                                 f"{s.unit.label}（{s.unit.code}）没有登记信息员电话，提醒表里电话一栏空着",
                                 "在 rules/roster.yaml 该单位的 officers 下补上 name 和 phone"))
        for officer in officers or (None,):
            name = officer.name if officer else ""
            phone = officer.phone if officer else ""
            ctx = {"unit": s.unit, "officer": name or "信息员", "period": period, "s": s, "total": fmt(s.total),
                   "rank": s.category_rank if report.rules.publish_ranks else None, "category": lag.category,
                   "behind": lag.behind, "short": lag.short, "office": ws.office}
            for channel, template in (("电话", "remind_phone.txt"), ("短信", "remind_sms.txt")):
                text = " ".join(render(ws, template, **ctx).split())
                if len(text) > SMS_LIMIT and len(s.unit.label) > LONG_LABEL:  # this unit's name, not the wording
                    diags.append(warning(Source("rules/roster.yaml"), "TOO-LONG",
                                         f"给{s.unit.label}（{s.unit.code}）的{channel}有 {len(text)} 字，超过 {SMS_LIMIT} 字，"
                                         "没有写进提醒表",
                                         f"单位名太长：在 rules/roster.yaml 给 {s.unit.code} 写一个简短的 short（简称），再生成一次"))
                    continue
                if len(text) > SMS_LIMIT:
                    raise UserError(error(Source(f"templates/{template}"), "TOO-LONG",
                                          f"给{s.unit.label}的{channel}内容有 {len(text)} 字，超过 {SMS_LIMIT} 字：{text}",
                                          "把工作区 templates/ 里的这个模板改短一些（单位名用简称 unit.label）"))
                out.append(Reminder(s.unit.label, lag.category, name, phone, channel, text, lag.reason))
    return out, diags
