"""`govinfo serve`: a local web front end over the same library functions the command line calls.

A page reads through the same loader and renders with Jinja2 (autoescaped); a form writes through
the same atomic, refuse-means-nothing-written actions as the CLI. The files stay the truth.

Safety of a server on the clerk's own PC (fava's and hledger-web's lessons):
- it answers only requests addressed to its own loopback name (a foreign page cannot reach it by
  DNS rebinding), sends no CORS headers and a Content-Security-Policy allowing only its own files;
- every form carries a token known only to pages this server rendered (CSRF);
- a form that acts on a file carries the file's fingerprint from when the page was shown, and is
  refused if the file changed since (never overwritten); forms are answered one at a time, so the
  check and the write are never split by another form;
- uploads are capped and read through the CLI's bounded readers; downloads are only files the
  server itself listed under out/.
"""
from __future__ import annotations

import hmac
import secrets
import threading
from pathlib import Path

from flask import Flask, abort, g, request

from govinfo.check.loader import begin_log, end_log
from govinfo.store.workspace import open_workspace
from govinfo.web import views
from govinfo.web.forms import kept_result, page_words, where_shown

VIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"
MAX_UPLOAD_BYTES = 16 * 1024 * 1024   # a few received .docx files; each is capped again when read
# One text field: well above the longest body the library takes (100,000 characters), so that a body
# pasted too long is answered by that limit, in the form with the text kept, not by Werkzeug's 500 KB 413.
MAX_FIELD_BYTES = 4 * 1024 * 1024
CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; " \
      "frame-src 'self'; frame-ancestors 'none'; base-uri 'none'"


def listening_socket(port: int):
    """The server's socket, bound before anything is said or a browser opened. On Windows a port
    another program (or a second `govinfo serve`, on the demo) already listens on could be shared
    under SO_REUSEADDR, which waitress sets: the browser would then reach the other server, so the
    port is taken exclusively there."""
    import os
    import socket
    from govinfo.core.diagnostics import Source, UserError, error
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        if os.name == "nt":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
        else:  # Linux refuses a second listener anyway; this lets a restart reuse the port at once
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
    except OSError:
        sock.close()
        raise UserError(error(Source("govinfo serve --port"), "PORT-IN-USE",
                              f"端口 {port} 已被占用（可能另一个 govinfo serve 还开着），或本机不允许使用这个端口",
                              f"先关掉另一个网页版的窗口，或换一个端口：govinfo serve --port {port + 1 if port < 65535 else port - 1}")) from None
    return sock


def create_app(root: Path, port: int = 8420) -> Flask:
    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=MAX_UPLOAD_BYTES, MAX_FORM_MEMORY_SIZE=MAX_FIELD_BYTES,
                      GOVINFO_ROOT=str(root), GOVINFO_PORT=port,
                      GOVINFO_TOKEN=secrets.token_urlsafe(32), TEMPLATES_AUTO_RELOAD=False)
    app.jinja_env.autoescape = True
    from govinfo.core.numbers import fmt_points
    app.jinja_env.filters["points"] = lambda v: "" if v is None else fmt_points(v)
    app.jinja_env.filters["where"] = where_shown
    app.jinja_env.filters["page_words"] = page_words
    allowed_hosts = {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"}
    # waitress answers on several threads: two forms sent from one stale page at the same moment
    # (a withdrawal and an adoption) would each pass the stamp check before either wrote
    writing = threading.Lock()

    @app.before_request
    def guard():
        if request.host not in allowed_hosts:  # DNS rebinding: a foreign name pointed at 127.0.0.1
            abort(403, "只接受本机地址的访问")
        if "\x00" in request.full_path or any("\x00" in v for _, vs in request.values.lists() for v in vs) \
                or any("\x00" in (f.filename or "") for f in request.files.values()):
            abort(400, "地址或表单中有空字符（U+0000），可能是从别的程序复制来的：请重新输入")  # never echoed into a page
        if request.method == "POST" and not hmac.compare_digest(request.form.get("csrf", ""),
                                                                app.config["GOVINFO_TOKEN"]):
            abort(403, "表单已过期或不是本页面提交的：请刷新页面后重试")
        if request.method == "POST":  # one form at a time: its check of the page's stamp and its write together
            writing.acquire()
            g.writing = True
        g.ws = open_workspace(Path(app.config["GOVINFO_ROOT"]))
        g.log, g.log_token = begin_log()  # what this request's reads leave out, said on its page

    @app.teardown_request
    def end(_exc):
        token = g.pop("log_token", None)
        if token is not None:
            end_log(token)
        if g.pop("writing", False):
            writing.release()

    @app.after_request
    def headers(response):
        # the 报表 page frames the statistics the server wrote (inline styles and SVG, no scripts)
        shown = request.endpoint == "view"
        response.headers["Content-Security-Policy"] = VIEW_CSP if shown else CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.context_processor
    def common():
        log = getattr(g, "log", None)
        return {"csrf": app.config["GOVINFO_TOKEN"], "office": getattr(g, "ws", None) and g.ws.office,
                "left_out": len(log.left_out) if log else 0,  # this page's own reads
                "left_out_then": kept_result(request.args.get("done")).get("left_out", 0)}  # the form's, when it ran

    views.register(app)
    return app
