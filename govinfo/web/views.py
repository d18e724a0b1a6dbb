"""The pages: each is a view over the library functions the command line calls (fava's shape:
endpoints of a few lines, the files stay the truth)."""
from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from flask import abort, redirect, render_template, request, send_file, url_for
from werkzeug.exceptions import HTTPException

from govinfo.core import dates
from govinfo.core.diagnostics import Source, UserError, error
from govinfo.core.periods import parse_period, require_begun
from govinfo.core.text import shown
from govinfo.web.forms import attempt, field_of, fingerprint, kept_result, keep_result, unchanged, ws

PAGES = [("status", "本月概况"), ("items", "信息"), ("submit", "报送"), ("import_files", "导入"), ("solicit", "约稿"),
         ("penalty", "扣分"), ("score", "计分"),
         ("awards", "年度考评"), ("notice", "通报"), ("reports", "报表"), ("issues", "刊物"), ("roster", "花名册"),
         ("rules", "计分办法")]


PERIOD_HINT = "写成 2026-10（月）、2026Q3（季度）、2026H1（半年）或 2026（年）"


def _period(text: str | None, required: bool = False):
    """2026-10, 2026Q3, 2026H1 or 2026 (default: this month, unless `required`); a bad one is a
    UserError about the form's 时期 field, worded for the page, not for the command line."""
    typed = (text or "").strip()
    given = typed.upper()
    if not given and required:
        raise UserError(error(Source("时期 --period"), "PERIOD", "请填写时期", PERIOD_HINT))
    given = given or dates.this_month()
    key = "quarter" if "Q" in given else "half" if "H" in given else "month_" if "-" in given else "year"
    try:
        period = parse_period(**{key: given}, where="时期")
    except UserError:
        raise UserError(error(Source("时期 --period"), "PERIOD", f"时期“{shown(typed[:20])}”不对", PERIOD_HINT)) from None
    return require_begun(period, "时期 --period")


def _serial(text: str | None) -> int | None:
    """The notice number's serial from the form: empty, or a whole number in the notice's range."""
    from govinfo.compute.notice import MAX_SERIAL, check_serial
    given = (text or "").strip()
    if not given:
        return None
    if not (given.isascii() and given.isdigit()) or len(given) > len(str(MAX_SERIAL)):
        raise UserError(error(Source("文号序号 --number"), "USAGE", f"文号的序号应是 1—{MAX_SERIAL} 的整数，现在是“{given}”",
                              "例如填 12 得到“〔2026〕12号”；不填则留空，打印后手填"))
    check_serial(int(given), "文号序号 --number")
    return int(given)


def _page(template: str, **values):
    values.setdefault("title", dict(PAGES).get(request.endpoint, "政务信息"))
    return render_template(template, pages=PAGES, **values)


def _checked(read):
    """(value, []) or (None, the diagnostics): each field of a form is checked, all are reported."""
    try:
        return read(), []
    except UserError as exc:
        return None, list(exc.diags)


class Errors(dict):
    """Diagnostics by the form field they are about ('' for the form as a whole)."""

    def rest(self, *placed: str) -> list:
        """Every diagnostic not shown beside one of the `placed` fields: a page shows these in its
        box, so that none is lost for want of a place."""
        return [d for field, ds in self.items() if field not in placed for d in ds]


def _filtered(read, text, default):
    """A page's filter (a month, a period, a year) as typed, or, when it is wrong, the default with
    the mistake to show beside the form: the page is still the page, not an error page."""
    try:
        return read(text), []
    except UserError as exc:
        return default(), exc.diags


def _kept(form, diags) -> dict:
    """What the clerk typed, to fill the form again: all of it, except, after a CLASSIFIED refusal,
    every value naming a classification level (the refused text is never printed, not even back)."""
    from govinfo.store.items import is_classified
    kept = dict(form.items()) if hasattr(form, "items") else dict(form)
    if any(d.code == "CLASSIFIED" for d in diags):
        kept = {k: ("" if is_classified(v) else v) for k, v in kept.items()}
    return kept


def _errors(diags) -> Errors:
    out = Errors()
    for d in diags:
        out.setdefault(field_of(d), []).append(d)
    return out


def register(app) -> None:
    @app.errorhandler(UserError)
    def user_error(exc):
        return _page("error.html", diags=exc.diags), 400

    @app.errorhandler(403)
    def forbidden(exc):
        return _page("error.html", message=exc.description), 403

    @app.errorhandler(404)
    def missing(exc):
        return _page("error.html", message="没有这个页面或文件"), 404

    @app.errorhandler(413)
    def too_large(exc):
        return _page("error.html", message="提交的内容太大（每次最多 16 MB）：上传的文件或贴进来的正文过长，"
                                          "一条信息的正文通常只有几千字"), 413

    @app.errorhandler(405)
    def wrong_method(exc):  # an action's address opened directly (the address bar after a refused form)
        return _page("error.html", message="这个地址只接受页面上的表单提交：请回到上一页，在表单里重新提交"), 405

    @app.errorhandler(HTTPException)
    def http_error(exc):  # our own aborts say why in Chinese; Werkzeug's defaults are English
        said = exc.description or ""
        ours = any("\u4e00" <= ch <= "\u9fff" for ch in said)
        return _page("error.html", message=said if ours else f"请求没有完成（{exc.code}）：请回到上一页重试"), exc.code

    @app.errorhandler(Exception)
    def internal(exc):  # never a traceback in the browser; the server's console keeps it for the maintainer
        app.logger.error("内部错误：%s %s", request.method, request.path, exc_info=exc)
        return _page("error.html", message="程序内部错误，页面没有完成；请把这一步告诉维护人员"), 500

    @app.get("/")
    def status():
        from govinfo.compute.status import month_status
        typed = request.args.get("month", "")
        period, diags = _filtered(_period, typed, lambda: _period(None))
        st = month_status(ws(), period)
        return _page("status.html", st=st, units=ws().unit_map, errors=diags, typed=typed), 400 if diags else 200

    @app.get("/items")
    def items():
        from govinfo.compute.query import item_listing, list_month
        from govinfo.compute.search import search
        q = request.args.get("q", "").strip()
        month = request.args.get("month") or (None if q else dates.this_month())
        unit = request.args.get("unit") or None
        def listed():
            if q:  # within the month when one is given, as the form promises (a month, as the listing takes)
                if month:
                    list_month(month)
                span = _period(month) if month else None
                hits, found = search(ws(), q, unit=unit, start=span.start if span else None,
                                     end=span.end if span else None, limit=200)
                return [h.item for h in hits], found, []
            views, withdrawn = item_listing(ws(), unit=unit, month=month)
            return [v.item for v in views], len(views), withdrawn
        (rows, found, withdrawn), diags = _filtered(lambda _: listed(), None, lambda: ([], 0, []))
        return _page("items.html", rows=rows, found=found, withdrawn=withdrawn, q=q, month=month or "", unit=unit or "",
                     units=ws().unit_map, errors=diags), 400 if diags else 200

    @app.get("/item/<item_id>")
    def item(item_id: str, diags=(), form=None):
        written = kept_result(request.args.get("done")).get("files", ())
        from govinfo.actions.forward import upper_publications
        from govinfo.check.meaning import inactive_units, repeated_adoptions
        from govinfo.compute.query import show_item
        from govinfo.render.records_text import describe_record
        view = show_item(ws(), item_id)
        rules = ws().require_rules()
        return _page("item.html", title=f"{view.item.title[:16]} {view.item.id}", view=view,
                     describe=lambda r: describe_record(r, ws()), rules=rules, units=ws().unit_map,
                     stamp=fingerprint(*_item_files(item_id), also=_record_ids(view)), errors=_errors(_for_the_page(diags)), form=form or {},
                     uppers=upper_publications(rules), written=written, notes=inactive_units(ws(), view.item) + repeated_adoptions(list(view.records), rules))

    @app.post("/item/<item_id>/<action>")
    def item_action(item_id: str, action: str):
        from govinfo.actions import new_records
        from govinfo.actions.forward import forward
        from govinfo.core.periods import parse_year
        f = request.form
        steps = {
            "adopt": lambda: new_records.adopt(ws(), [item_id], f.get("pub", ""), f.get("issue", ""), f.get("date") or None,
                                               f.get("special") == "1", f.get("format") or None),
            "instruct": lambda: new_records.instruct(ws(), item_id, f.get("level", ""), f.get("leader", ""),
                                                     f.get("date") or None, f.get("note", ""), f.get("assignee") or None,
                                                     f.get("due") or None),
            "judge": lambda: new_records.judge(ws(), item_id, f.get("qualified") == "1", f.get("date") or None,
                                               f.get("note", "")),
            "withdraw": lambda: new_records.withdraw(ws(), f.get("record", ""), f.get("reason", "")),
            "withdraw_item": lambda: new_records.withdraw_item(ws(), item_id, f.get("reason", "")),
            "correct": lambda: new_records.correct(ws(), item_id, [(f.get("field", ""), f.get("value", ""))], f.get("reason", "")),
            "feedback": lambda: new_records.feedback(ws(), f.get("instruction", ""), f.get("text", ""), f.get("date") or None),
            "excellent": lambda: new_records.excellent(ws(), [item_id], parse_year(f.get("year", ""), "govinfo excellent")),
            "forward": lambda: forward(ws(), [item_id], f.get("to", ""), f.get("date") or None, None, f.get("force") == "1"),
        }
        if action not in steps:
            abort(404)

        def act():
            from govinfo.compute.query import show_item
            unchanged(f.get("stamp", ""), *_item_files(item_id), also=_record_ids(show_item(ws(), item_id)))
            return steps[action]()
        done, diags = attempt(act)
        if diags:
            return item(item_id, diags, dict(_kept(f, diags), action=action)), 400
        if action == "forward":  # the package is the point: list it, to download, on the item's page
            out = _out()
            done_key = keep_result(files=[str(path.relative_to(out)) for path in done[0] if path.is_relative_to(out)])
            return redirect(url_for("item", item_id=item_id, done=done_key) + "#form-forward")
        return redirect(url_for("item", item_id=item_id) + "#records")  # to the record just written

    def _record_ids(view) -> tuple[str, ...]:
        """The records the item page shows: another window's correction or withdrawal changes them."""
        shown = [*view.records, *view.withdrawn, *view.feedback] + ([view.gone] if view.gone else [])
        return tuple(sorted(r.id for r in shown))

    def _item_files(item_id: str) -> list[Path]:
        from govinfo.store.items import item_path
        path = item_path(ws().root, item_id)
        return [p for p in (path, ws().root / "rules" / "points.yaml") if p is not None]

    @app.route("/submit", methods=["GET", "POST"])
    def submit():
        rules = ws().require_rules()
        if request.method == "GET":
            return _page("submit.html", rules=rules, form={"date": dates.format_datetime(dates.now())}, errors=Errors(), units=ws().units)
        from govinfo.actions.submit import check_draft, draft_from, submit as do_submit
        f = request.form

        def act():
            body_file = _upload(request.files.get("body_file"))
            try:  # the same assembly as the command line's submit: names looked up, a file's signature read
                draft, named = draft_from(ws(), unit=f.get("unit", ""), title=f.get("title") or None,
                                          drafter=f.get("drafter") or (None if body_file else ""),
                                          reviewer=f.get("reviewer") or (None if body_file else ""),
                                          submitted=f.get("date") or None, category=f.get("category", ""),
                                          body=f.get("body") or None, body_file=body_file,
                                          solicitation=f.get("solicitation", "").strip(), event_time=f.get("event_time", "").strip(),
                                          secrecy=f.get("secrecy") or "公开", joint=f.get("joint", "").strip())
            finally:
                if body_file is not None:  # the upload is read at once and never kept
                    import shutil
                    shutil.rmtree(body_file.parent, ignore_errors=True)
            problems = named + [d for d in check_draft(ws(), draft)[1] if d.severity == "error"] if named else []
            if problems:
                raise UserError(problems)
            return do_submit(ws(), draft)[0]
        created, diags = attempt(act)
        if diags:
            return _page("submit.html", rules=rules, form=_kept(f, diags), errors=_errors(diags), units=ws().units), 400
        return redirect(url_for("item", item_id=created.id))

    @app.get("/score")
    def score():
        from govinfo.compute.scoring import score_with_ytd
        typed = request.args.get("period", "")
        period, diags = _filtered(_period, typed, lambda: _period(None))
        report, ytd = score_with_ytd(ws(), period)
        ytd_rows = {u.unit.code: u for u in ytd.units} if ytd else {}
        return _page("score.html", report=report, ytd=ytd, ytd_rows=ytd_rows, period=period, errors=diags,
                     typed=typed), 400 if diags else 200

    @app.get("/explain")
    def explain():
        from govinfo.compute.scoring import explain_unit
        from govinfo.render.scores import explain_lines
        period = _period(request.args.get("period"))
        unit_score, report = explain_unit(ws(), request.args.get("unit", ""), period)
        from govinfo.compute.scoring import PART_ZH
        return _page("explain.html", title=f"{unit_score.unit.short or unit_score.unit.name}{period.label}得分明细",
                     s=unit_score, report=report, period=period, parts=PART_ZH,
                     lines=explain_lines(unit_score, report))

    @app.route("/notice", methods=["GET", "POST"])
    def notice():
        written, diags, number = None, [], None
        if request.method == "POST":
            from govinfo.actions.out_files import write_notice
            period, diags = _checked(lambda: _period(request.form.get("period"), required=True))
            number, more = _checked(lambda: _serial(request.form.get("number")))
            diags += more
            if period is not None and dates.today() <= period.end:  # said here in the page's words (the library refuses it too)
                diags.append(error(Source("时期 --period"), "DATE", f"{period.label}还没有结束（{period.end}结束）",
                                   "通报在时期结束后才能印发；现在可以在“本月概况”或“计分”里看本期到目前为止的情况"))
            if not diags:
                written, diags = attempt(lambda: write_notice(ws(), period, number, dates.today(), None,
                                                              request.form.get("force") == "1",
                                                              request.form.get("reuse_number") == "1"))
            if not diags:  # the files are listed by the page it lands on: a reload writes nothing again
                files, pages, reused = written
                return redirect(url_for("notice", done=keep_result(
                    files=[str(p.relative_to(_out())) for p in files], layout_note=pages.note,
                    blank_number=number is None, warnings=ws().office_warnings + reused)))
        result = kept_result(request.args.get("done"))
        return _page("notice.html", files=result.get("files", []), listed=_out_files(),
                     layout_note=result.get("layout_note", ""), blank_number=result.get("blank_number", False),
                     warnings=result.get("warnings", []), errors=_errors(_for_the_page(diags)),
                     form=request.form), (400 if diags else 200)

    def _for_the_page(diags):
        """Advice the page can follow: a file already there is the page's checkbox, not --force and
        --out; an issue's adoption is withdrawn on the issue's page."""
        page_hints = {"EXISTS": lambda d: "确认不再需要原文件后，勾选“覆盖已有的文件”再生成",
                      "ISSUE-ADOPTION": lambda d: "到“刊物”页打开这一期，撤下这条信息（写明原因），采用随之撤销",
                      "IN-ISSUE": lambda d: "到“刊物”页打开这一期，先把它移出本期（已发布的写明原因撤下），再撤销信息"}
        return [replace(d, hint=page_hints[d.code](d)) if d.code in page_hints else d for d in diags]

    def _out() -> Path:
        """The workspace's out/ folder, where every command writes its files (actions.publish)."""
        from govinfo.actions.out_files import out_dir
        return out_dir(ws(), None)

    def _out_files() -> list[str]:
        out = _out()
        if not out.is_dir() or out.is_symlink():
            return []
        # not Word's and Excel's own lock files (~$通报.docx) while a document is open
        return sorted(str(p.relative_to(out)) for p in out.rglob("*")
                      if p.is_file() and not p.is_symlink() and not p.name.startswith(("~$", "~WRL", ".")))

    @app.route("/import", methods=["GET", "POST"])
    def import_files():
        outcomes, diags = [], []
        if request.method == "POST":
            from govinfo.actions.import_files import import_folder
            uploads = [u for u in request.files.getlist("files") if u and u.filename]
            folder = Path(tempfile.mkdtemp(prefix="govinfo-inbox-"))
            try:
                for n, u in enumerate(uploads):  # each under its own name: the name gives the unit
                    name = Path(u.filename.replace("\\", "/")).name
                    if name in ("", ".", ".."):
                        name = f"file{n}"
                    u.save(folder / name)
                outcomes, diags = attempt(lambda: import_folder(ws(), folder, request.form.get("category") or "工作动态",
                                                                None, request.form.get("unit") or None))
            finally:
                import shutil
                shutil.rmtree(folder, ignore_errors=True)
        return _page("import.html", outcomes=outcomes or [], errors=_errors(diags), rules=ws().require_rules(),
                     form=request.form), (400 if diags else 200)

    @app.route("/solicit", methods=["GET", "POST"])
    def solicit():
        """约稿: the calls and who answered them, and a form to issue one (govinfo solicit new / list)."""
        from govinfo.actions import new_records
        from govinfo.compute.status import call_progress
        from govinfo.store.names import split_list
        made, diags = None, []
        if request.method == "POST":
            f = request.form
            if f.get("action") == "withdraw":  # a call sent by mistake: its answers then count as ordinary items
                made, diags = attempt(lambda: new_records.withdraw(ws(), _on_this_page(f.get("record", ""), "solicit"),
                                                                   f.get("reason", "")))
            else:
                made, diags = attempt(lambda: new_records.solicit_new(ws(), f.get("topic", ""), split_list(f.get("units", "")),
                                                                      f.get("deadline", ""), f.get("date") or None,
                                                                      f.get("note", "")))
            if not diags:  # to a page of its own: refreshing it does not send the form again
                return redirect(url_for("solicit", made=made.id))
        else:
            made = _made(request.args.get("made", ""), "solicit")
        calls = call_progress(ws(), new_records.solicitations(ws(), dates.today().year), dates.today())
        from govinfo.store.records import Withdrawal
        return _page("solicit.html", calls=list(reversed(calls)), made=made, errors=_errors(diags),
                     withdrew=isinstance(made, Withdrawal), form=_kept(request.form, diags) if diags else {},
                     units=ws().unit_map), (400 if diags else 200)

    @app.route("/penalty", methods=["GET", "POST"])
    def penalty():
        """扣分: the year's penalties, a form to record one (govinfo penalty add), and each one's
        withdrawal (govinfo withdraw)."""
        from govinfo.actions import new_records
        from govinfo.compute.query import penalty_book
        from govinfo.render.console import penalty_points_text
        from govinfo.store.records import Penalty, Withdrawal
        made, diags, f = None, [], request.form
        if request.method == "POST":
            act = {"add": lambda: new_records.penalty_add(ws(), f.get("unit", ""), f.get("kind", ""), f.get("date") or None,
                                                          f.get("note", ""), f.get("points") or None),
                   "withdraw": lambda: new_records.withdraw(ws(), _on_this_page(f.get("record", ""), "penalty"),
                                                            f.get("reason", ""))}.get(f.get("action"))
            if act is None:
                abort(404)
            made, diags = attempt(act)
            if not diags:  # to a page of its own, the year of the penalty: refreshing it does not send the form again
                from govinfo.store.ids import parse_record_id
                year = (parse_record_id(made.target) or (0, made.date.year))[1] if isinstance(made, Withdrawal) else made.date.year
                return redirect(url_for("penalty", made=made.id, year=year))
        else:
            made = _made(request.args.get("made", ""), "penalty")
        from govinfo.core.periods import parse_year
        typed = request.args.get("year", "")  # last year's penalties stay reachable in January
        year, wrong = _filtered(lambda t: parse_year(t or dates.today().year, "年度"), typed, lambda: dates.today().year)
        recs, withdrawn = penalty_book(ws(), year)
        from govinfo.check.meaning import automatic_penalty_warning
        notes = automatic_penalty_warning(ws().rules, made) if isinstance(made, Penalty) else []
        return _page("penalty.html", recs=recs, withdrawn=withdrawn, points={r.id: penalty_points_text(r, ws()) for r in recs}, year=year, made=made,
                     notes=notes, automatic=ws().require_rules().automatic_penalties,
                     withdrew=isinstance(made, Withdrawal), rules=ws().require_rules(), units=ws().units,
                     unit_map=ws().unit_map, errors=_errors(diags + wrong), typed=typed,
                     form=_kept(f, diags) if diags else {}), (400 if diags or wrong else 200)

    @app.get("/awards")
    def awards():
        from govinfo.compute.awards import awards as assess
        from govinfo.core.numbers import fmt_points
        from govinfo.render.awards import excellent_rows, groups, rank_text, rate_text, unit_status
        from govinfo.core.periods import begun_year
        typed = request.args.get("year", "")
        year, diags = _filtered(lambda t: begun_year(t or dates.today().year - 1, "年度 --year"), typed,
                                lambda: dates.today().year - 1)
        found = assess(ws(), year)
        return _page("awards.html", title=f"{year}年度考评", a=found, groups=groups(found), excellent=excellent_rows(found),
                     rank_text=rank_text,
                     rate_text=rate_text, unit_status=unit_status, points=fmt_points, year=year,
                     errors=diags, typed=typed), 400 if diags else 200

    @app.route("/reports", methods=["GET", "POST"])
    def reports():
        diags = []
        if request.method == "POST":
            f = request.form
            files, diags = attempt(lambda: _report(f.get("kind", ""), f.get("period", ""), f.get("force") == "1"))
            if not diags:
                return redirect(url_for("reports", done=keep_result(files=files)))
        return _page("reports.html", files=kept_result(request.args.get("done")).get("files", []), listed=_out_files(),
                     errors=_errors(_for_the_page(diags)), form=request.form), (400 if diags else 200)

    def _report(kind: str, text: str, force: bool) -> list[tuple[str, str]]:
        """(file under out/, what became of it) for each file of the report asked for."""
        from govinfo.actions import out_files
        out = _out()
        period = _period(text, required=True)  # a report of "this month" by default would be a surprise
        if kind == "fees":
            from govinfo.compute.fees import fees
            written = [out_files.write_fees(ws(), fees(ws(), period), None, force)]
        elif kind == "register":
            if period.kind != "year":  # the register is the year's: a month given would be silently widened
                raise UserError(error(Source("时期 --period"), "PERIOD", f"登记簿按年登记，“{text.strip()}”不是一个年度",
                                      f"填年份，如 {period.year}"))
            written = [out_files.write_register(ws(), period.year, None, force)[1:]]
        elif kind == "stats":
            written = out_files.write_stats(ws(), period, None, force)[1]
        elif kind == "remind":
            existed = out_files.reminders_path(ws(), period).is_file()
            written = [(out_files.write_reminders(ws(), period, None, force)[0], "changed" if existed else "new")]
        else:
            abort(404)
        return [(str(p.relative_to(out)), out_files.REPORT_STATE[state]) for p, state in written]

    @app.route("/issues", methods=["GET", "POST"])
    def issues():
        from govinfo.actions import issues as own
        files, diags = [], []
        if request.method == "POST":
            ref, what = request.form.get("issue", ""), request.form.get("what", "")
            if what == "render":
                files, diags = attempt(lambda: own.render_files(ws(), ref, None, True)[1])
            elif what == "publish":  # the day it actually came out, when not the draft's own date
                files, diags = attempt(lambda: own.publish(ws(), ref, request.form.get("date") or None, None, True)[2])
            elif what == "new":
                made, diags = attempt(lambda: own.new_issue(ws(), request.form.get("pub", "")))
                if not diags:  # straight to the new draft: refreshing it makes no second one
                    return redirect(url_for("issue_page", ref=made.id, new=1))
            if not diags:  # listed by the page it lands on: a reload publishes nothing twice
                return redirect(url_for("issues", done=keep_result(files=[str(p.relative_to(_out())) for p in files or []],
                                                                    published=what == "publish")))
        result = kept_result(request.args.get("done"))
        files = result.get("files", [])
        found = own.list_issues(ws())
        return _page("issues.html", found=found, files=files, published=result.get("published", False), errors=_errors(diags),
                     pubs=ws().require_rules().own_publications, all_pubs=ws().require_rules().publications), (400 if diags else 200)

    @app.route("/issue/<ref>", methods=["GET", "POST"])
    def issue_page(ref: str):
        from govinfo.actions import issues as own
        from govinfo.check.loader import load_issue
        from govinfo.store.issues import issue_path
        diags = []
        if request.method == "POST":
            f = request.form
            steps = {"add": lambda: own.add_items(ws(), ref, [i for i in f.get("items", "").split() if i], f.get("column") or None),
                     "move": lambda: own.move_item(ws(), ref, f.get("item", ""), _position(f.get("to", ""))),
                     "remove": lambda: own.remove_item(ws(), ref, f.get("item", ""), f.get("force") == "1", f.get("reason", "")),
                     "edit": lambda: own.edit(ws(), ref, f.get("item") or None, f.get("title") or None, f.get("body") or None,
                                              f.get("note") or None)}
            if f.get("what") not in steps:
                abort(404)

            def act():
                unchanged(f.get("stamp", ""), issue_path(ws().root, ref))
                return steps[f["what"]]()
            _, diags = attempt(act)
            if not diags:
                return redirect(url_for("issue_page", ref=ref))
        found = load_issue(ws(), ref, "issue")
        items = {e.item: ws_item for e in found.entries for ws_item in [_item_or_none(e.item)]}
        if diags:  # what was typed comes back into the form it was typed in
            form = _kept(request.form, diags)
        else:  # 修改稿件 opens with the text as it stands: the office's edit, else the unit's
            entry = found.entry(request.args.get("edit", "")) if request.args.get("edit") else None
            it = items.get(entry.item) if entry else None
            form = {"what": "edit", "item": entry.item, "title": entry.title or (it.title if it else ""),
                    "body": entry.body or (it.body.strip() if it and it.body else ""), "note": entry.note or ""} if entry else \
                {"what": "edit", "note": found.note or ""}
        return _page("issue.html", title=f"{found.id}（{'已发布' if found.published else '草稿'}）", issue=found, items=items, errors=_errors(diags), stamp=fingerprint(issue_path(ws().root, ref)),
                     fresh=request.method == "GET" and request.args.get("new") == "1", form=form,
                     pub=ws().require_rules().publications[found.pub]), (400 if diags else 200)

    def _made(record_id: str, kind: str):
        """The record a form of this page just wrote, named in the address it redirected to: a
        `kind` record or the withdrawal of one (None for anything else, which this page did not write)."""
        from govinfo.check.loader import load_record
        from govinfo.store.records import Withdrawal
        if not record_id.startswith((f"{kind}-", "withdraw-")):
            return None
        rec = load_record(ws(), record_id)
        return rec if rec is not None and (rec.target if isinstance(rec, Withdrawal) else rec.id).startswith(f"{kind}-") else None

    def _on_this_page(record_id: str, kind: str) -> str:
        """A withdrawal sent from the 扣分 or 约稿 page is of one of that page's records."""
        if not record_id.strip().startswith(f"{kind}-"):
            what = {"penalty": "扣分", "solicit": "约稿"}[kind]
            raise UserError(error(Source("记录 --record"), "WRONG-PAGE", f"“{record_id[:40]}”不是{what}记录，这一页只撤销{what}",
                                  "采用、批示等记录在该信息页的“撤销记录”里撤销"))
        return record_id

    def _item_or_none(item_id: str):
        from govinfo.check.loader import load_item
        try:
            return load_item(ws(), item_id, "issue")
        except UserError:
            return None

    @app.get("/view")
    def view():
        """A statistics page the server wrote into out/, shown in a frame of the 报表 page (its own
        inline styles and SVG charts; it has no scripts)."""
        name = request.args.get("file", "")
        if name not in _out_files() or not name.endswith(".html"):
            abort(404)
        response = send_file(_out() / name, mimetype="text/html")
        return response

    @app.get("/download")
    def download():
        name = request.args.get("file", "")
        if name not in _out_files():  # only what this server itself lists under out/
            abort(404)
        return send_file(_out() / name, as_attachment=True, download_name=Path(name).name)

    @app.get("/roster")
    def roster():
        diags = [d for d in ws().diags if d.source.path.startswith("rules/roster")]
        return _page("text.html", title="花名册", path="rules/roster.yaml", lines=_numbered("rules/roster.yaml"), diags=diags)

    @app.get("/rules")
    def rules():  # the checks of the rules files themselves (the whole archive: govinfo validate)
        diags = [d for d in ws().diags if not d.source.path.startswith("rules/roster")]
        return _page("text.html", title="计分办法", path="rules/points.yaml", lines=_numbered("rules/points.yaml"),
                     diags=diags)

    @app.get("/validate")
    def validate_page():
        from govinfo.check.validate import validate
        from govinfo.render.console import validate_summary
        diags, counts = validate(ws())
        summary = validate_summary(diags, counts)
        return _page("text.html", title="全面检查", path="全部文件", lines=[], diags=diags, summary=summary)

    def _numbered(rel: str) -> list[tuple[int, str]]:
        from govinfo.store.paths import read_limited
        raw = read_limited(ws().root / rel, 1024 * 1024, rel)
        return list(enumerate(raw.decode("utf-8-sig", "replace").splitlines(), 1))


def _position(text: str) -> int:
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 999:
        raise UserError(error(Source("移到第几条"), "USAGE", f"“{text[:20]}”不是条目的序号", "填 1、2、3 这样的数字"))
    return int(text)


UPLOAD_PREFIX = "govinfo-upload-"
# names Windows will not let a file have, whatever follows the dot
_WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def _upload(storage) -> Path | None:
    """An uploaded body file saved to a private temporary folder, then read by the CLI's bounded reader."""
    if storage is None or not storage.filename:
        return None
    name = Path(storage.filename.replace("\\", "/")).name  # the clerk's own name, said in any message about the file
    suffix = Path(name).suffix.lower()
    folder = Path(tempfile.mkdtemp(prefix=UPLOAD_PREFIX))
    usable = name and name.isprintable() and not name.startswith(".") and len(name) <= 100 \
        and name.split(".")[0].upper() not in _WINDOWS_DEVICES and not name.endswith((" ", "."))
    path = folder / (name if usable else f"upload{suffix}")
    storage.save(path)
    return path
