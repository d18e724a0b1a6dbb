"""`validate` for the issues of the office's own publications (data/issues/YYYY/*.yaml)."""
from __future__ import annotations

from govinfo.check.meaning import Context, missing_item
from govinfo.core.diagnostics import Diagnostic, Source, error, warning
from govinfo.core.suggest import did_you_mean
from govinfo.store.issues import read_issues
from govinfo.store.items import classification_mark


def check_issues(ctx: Context, records: dict | None = None, withdrawn: set | None = None) -> tuple[list[Diagnostic], int]:
    """Problems of the issue files, and how many were read. With `records` (id -> record) and
    `withdrawn` (ids), a published issue's adoptions are checked to exist and to be in force."""
    issues, diags = read_issues(ctx.ws.root)
    pubs = ctx.rules.publications
    own = list(ctx.rules.own_publications)
    for key in own if ctx.ws.office_read else ():  # an unreadable office.yaml has its own error
        if key not in ctx.ws.office.briefings:
            diags.append(warning(Source("rules/office.yaml"), "NO-BRIEFING",
                                 f"自办刊物“{pubs[key].name}”（{key}）在 office.yaml 的 briefings 中没有编印单位和报、送、发名单",
                                 f"在 rules/office.yaml 的 briefings: 下加一节 {key}:，否则报尾只有印数"))
    seen: dict[tuple[str, str], str] = {}
    for issue in issues:
        at = issue.source
        pub = pubs.get(issue.pub)
        if pub is None or pub.own is None:
            diags.append(error(at, "NOT-OWN-PUB", f"期刊 {issue.id} 的刊物“{issue.pub}”不是规则中的自办刊物",
                               did_you_mean(issue.pub, own)))
            continue
        columns = {k for k, _ in pub.own.columns}
        if classification_mark(issue.note or ""):
            diags.append(error(at, "CLASSIFIED", f"期刊 {issue.id} 的按语带有密级标志", "涉密内容不得编入刊物：删去后再发布"))
        for entry in issue.entries:
            if any(classification_mark(text) for text in (entry.title, entry.body, entry.note) if text):
                diags.append(error(at, "CLASSIFIED", f"期刊 {issue.id} 中信息 {entry.item} 的修改稿带有密级标志",
                                   "涉密内容不得编入刊物：删去修改稿中的这部分内容"))
            if entry.item not in ctx.items:
                diags.append(missing_item(ctx, entry.item, at, f"期刊 {issue.id} 中的信息",
                                          f"用 govinfo issue remove {issue.id} {entry.item} 撤出"))
            if entry.column and entry.column not in columns:
                diags.append(warning(at, "UNKNOWN-COLUMN", f"期刊 {issue.id} 中的栏目“{entry.column}”未在规则中定义",
                                     did_you_mean(entry.column, sorted(columns))))
            if issue.published and not entry.adoption:
                diags.append(warning(at, "NO-ADOPTION", f"已发布的期刊 {issue.id} 中信息 {entry.item} 没有采用记录"))
            elif issue.published and records is not None and entry.adoption not in records:
                diags.append(error(at, "UNKNOWN-RECORD", f"已发布的期刊 {issue.id} 中信息 {entry.item} 的采用记录 {entry.adoption} 不存在",
                                   f"用 govinfo issue publish {issue.id} 之前的备份恢复，或 govinfo adopt 重新登记"))
            elif issue.published and withdrawn and entry.adoption in withdrawn:
                diags.append(warning(at, "ADOPTION-WITHDRAWN",
                                     f"已发布的期刊 {issue.id} 中信息 {entry.item} 的采用记录 {entry.adoption} 已被撤销，这一期却仍列着它",
                                     f"要从这一期撤出，用 govinfo issue remove {issue.id} {entry.item} --force --reason 原因"))
            other = seen.setdefault((issue.pub, entry.item), issue.id)
            if other != issue.id:
                diags.append(warning(at, "TWICE-PRINTED", f"信息 {entry.item} 同时编入 {other} 和 {issue.id}"))
        if issue.special and len(issue.entries) > 1:
            diags.append(error(at, "SPECIAL-ONE-ITEM", f"期刊 {issue.id} 是专期，却有 {len(issue.entries)} 条信息"))
    return diags, len(issues)
