"""An issue of the office's own publication (简报) as Word-ready HTML (the Office HTML dialect of the notices)."""
from __future__ import annotations

from govinfo.compute.briefing import Briefing
from govinfo.render import briefing_layout as b
from govinfo.render import gbt9704 as g
from govinfo.store.templates import render
from govinfo.store.workspace import Workspace


def briefing_html(ws: Workspace, doc: Briefing) -> str:
    fonts = sorted({f for family in g.FONTS.values() for f in family if not f.isascii()})
    return render(ws, "briefing.html", doc=doc, g=g, b=b, fonts=fonts,
                  family={k: g.css_family(k) for k in g.FONTS}, css=g.css_string, masthead_pt=b.masthead_size(doc.masthead),
                  title_lines=b.title_lines)
