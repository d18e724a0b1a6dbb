"""Word-ready HTML of a notice: the Office HTML dialect that Word and WPS open as a laid-out document."""
from __future__ import annotations

from decimal import Decimal

from govinfo.compute.notice import Notice
from govinfo.render import gbt9704 as g
from govinfo.render import titles
from govinfo.core.numbers import fmt_points as fmt
from govinfo.store.templates import render
from govinfo.store.workspace import Workspace


def cell_text(value) -> str:
    """Table values print one way in every format: 9.50 as 9.5, nothing as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return fmt(value)
    return str(value)


def _context(doc: Notice) -> dict:
    signer_right, date_right = g.signature_indents(doc.office.signer, doc.date_text)
    fonts = sorted({f for family in g.FONTS.values() for f in family if not f.isascii()})
    return {"doc": doc, "g": g, "fonts": fonts, "family": {k: g.css_family(k) for k in g.FONTS}, "css": g.css_string,
            "mark_pt": g.mark_size(doc.office.mark), "signer_right": signer_right, "date_right": date_right,
            "cell": cell_text, "title_lines": lambda text: titles.fit(text, g.TITLE_PT)}


def notice_html(ws: Workspace, doc: Notice) -> str:
    return render(ws, "notice.html", **_context(doc))


def letters_html(ws: Workspace, doc: Notice, letters=None) -> str:
    return render(ws, "letters.html", letters=doc.letters if letters is None else letters, **_context(doc))
