"""Reading and writing under hypothesis: what submit stores reads back unchanged; no bytes make
validate or the front-matter reader raise (a bounded fuzz run that CI repeats every time)."""
from __future__ import annotations

import atexit
import itertools
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROSTER
from govinfo.core.diagnostics import Diagnostic, Source, UserError
from govinfo.store.frontmatter import read_document
from govinfo.store.items import read_item
from govinfo.actions.submit import Draft, normalize_body, submit
from govinfo.check.validate import validate
from govinfo.store.workspace import open_workspace
from govinfo.actions.init import init_workspace

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_WS = Path(tempfile.mkdtemp(prefix="govinfo-prop-")) / "ws"
atexit.register(shutil.rmtree, _WS.parent, True)
init_workspace(_WS)
(_WS / "rules" / "roster.yaml").write_text(ROSTER, encoding="utf-8")
WS = open_workspace(_WS)

# One line of ordinary text: no control characters, no line or paragraph separators.
line = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\x85"),
               min_size=1, max_size=60).map(str.strip).filter(bool)
body = st.lists(st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\x85"),
                        max_size=80), min_size=1, max_size=8).map("\n".join)


_TEXTS = itertools.count(1)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=line, drafter=line, reviewer=line, text=body, category=st.sampled_from(WS.rules.item_categories),
       unit=st.sampled_from(["T01", "T02", "G01", "D01"]), day=st.integers(1, 28), hour=st.integers(0, 23))
def test_submit_then_read_gives_back_the_same_fields(title, drafter, reviewer, text, category, unit, day, hour):
    # long enough to submit, and a text of its own (a text the unit already submitted is refused)
    text = text + f"。今年以来，城关镇坚持把秋粮收购作为重点工作来抓，共收购秋粮3200吨（第{next(_TEXTS)}次）。"
    when = f"2026-10-{day:02d} {hour:02d}:30"
    try:
        item, path = submit(WS, Draft(unit=unit, title=title, drafter=drafter, reviewer=reviewer, submitted=when,
                                      category=category, body=text))
    except UserError as exc:
        # Only a title or name that is blank after trimming, or one holding a bidirectional override
        # (drawn from category Cf), may be refused: everything else drawn here is valid and must be stored.
        codes = {d.code for d in exc.diags}
        assert codes <= {"FIELD-EMPTY", "FIELD-MISSING", "CONTROL-CHAR"}, codes
        assert all(d.message and any("\u4e00" <= ch <= "\u9fff" for ch in d.message) for d in exc.diags)
        return
    again, diags = read_item(path, path.relative_to(WS.root).as_posix())
    assert again is not None, diags
    assert (again.title, again.drafter, again.reviewer, again.unit, again.category) == \
        (title, drafter, reviewer, unit, category)
    assert again.submitted.strftime("%Y-%m-%d %H:%M") == when
    assert again.body == normalize_body(text)


@FUZZ
@given(raw=st.binary(max_size=3000))
def test_front_matter_reader_never_raises_on_bytes(raw):
    doc, diags = read_document(raw, Source("x.md"))
    assert doc is not None or diags
    assert all(d.source.path == "x.md" for d in diags)


yamlish = st.lists(st.one_of(
    st.sampled_from(["---", "...", "id: 202610-AAA-0001", "title: 标题", "unit: T01", "  - a", "- b", "key: [1, 2",
                     "a: &x [1]", "b: *x", "c: !!python/object:os.system", "d: {e: f}", "\t: x", "? k", "|", ">-",
                     "'unclosed", "\"esc \\u12", "%YAML 1.1", "submitted: 2026-02-30", "x: 1: 2"]),
    st.text(max_size=30)), max_size=20).map("\n".join)


@FUZZ
@given(text=yamlish)
def test_front_matter_reader_never_raises_on_yaml_like_text(text):
    for raw in (("---\n" + text + "\n---\n正文").encode("utf-8"), text.encode("utf-8")):
        doc, diags = read_document(raw, Source("x.md"))
        assert doc is not None or diags


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.one_of(st.binary(max_size=2000), yamlish.map(lambda t: ("---\n" + t + "\n---\n").encode("utf-8"))))
def test_validate_never_raises_on_arbitrary_bytes(raw):
    path = WS.root / "data" / "items" / "2026" / "09" / "202609-FUZ-0001.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    others = sum(1 for _ in (WS.root / "data" / "items").rglob("*.md"))  # items other tests stored in WS
    path.write_bytes(raw)
    try:
        diags, counts = validate(open_workspace(WS.root))
    finally:
        path.unlink()
    assert all(isinstance(d, Diagnostic) for d in diags)
    fuzz = [d for d in diags if d.source.path.endswith("202609-FUZ-0001.md")]
    # The fuzzed file is either read as an item (and counted) or reported with a reason: never silently dropped.
    assert fuzz or counts["items"] == others + 1, (counts, diags)
