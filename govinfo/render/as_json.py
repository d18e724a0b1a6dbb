"""JSON for scripts (the --json option) of the commands whose topic has no renderer of its own:
list, show, penalty list, solicit list, instructions, fees and search. Numbers follow the one rule
in core/numbers.py (json_number): points and money as JSON numbers with the digits the screen shows."""
from __future__ import annotations

from decimal import Decimal

from govinfo.compute.query import ItemView
from govinfo.core.numbers import json_number
from govinfo.store.workspace import Workspace


def item_json(ws: Workspace, view: ItemView) -> dict:
    i = view.item
    return {"id": i.id, "title": i.title, "unit": i.unit, "joint_units": list(i.joint_units), "drafter": i.drafter,
            "reviewer": i.reviewer, "submitted": i.submitted.isoformat(), "category": i.category,
            "secrecy": i.secrecy, "solicitation": i.solicitation,
            "event_time": i.event_time.isoformat() if i.event_time else None, "path": i.source.path,
            "body": i.body,
            "records": [record_json(r) for r in view.records],
            "withdrawn": [record_json(r) for r in view.withdrawn],
            "editions": [{"issue": e.issue, "label": e.label, "title": e.title or None, "body": e.body or None,
                          "note": e.note or None, "published": e.published} for e in view.editions]}


def record_json(r) -> dict:
    fields = {k: (v.isoformat() if hasattr(v, "isoformat") else list(v) if isinstance(v, tuple)
                  else json_number(v) if isinstance(v, Decimal) else v) for k, v in r.fields.items()}
    return {**fields, "id": r.id, "kind": r.kind, "path": r.source.path}


def instruction_json(c) -> dict:
    return {"id": c.instruction.id, "item": c.instruction.item, "title": c.item.title if c.item else None,
            "leader": c.instruction.leader, "date": c.instruction.date.isoformat(),
            "assignee": c.assignee, "due": c.due.isoformat(), "state": c.state,
            "feedback": c.feedback.date.isoformat() if c.feedback else None, "days_overdue": c.days_overdue}


def fees_json(report, path, state: str = "") -> dict:
    """Points and yuan as JSON numbers with the digits the sheet shows (core/numbers.py).
    `file_state`: new, changed, same, or kept / edited (the sheet on disk was not rewritten)."""
    return {"period": report.period.key, "provisional": report.provisional,
            "as_of": report.as_of.isoformat() if report.provisional else None,
            "basis": report.basis, "total": json_number(report.total), "file": str(path), "file_state": state,
            "payees": [{"name": p.name, "unit": p.unit, "items": p.items, "points": json_number(p.points),
                        "amount": json_number(p.amount), "capped": p.capped} for p in report.payees]}


def search_json(hits, found: int) -> dict:
    return {"found": found, "hits": [{"id": h.item.id, "title": h.item.title, "unit": h.item.unit,
                                      "submitted": h.item.submitted.isoformat(), "category": h.item.category,
                                      "adopted": list(h.levels), "score": h.score, "snippet": h.snippet}
                                     for h in hits]}
