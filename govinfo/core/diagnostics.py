"""Diagnostics: every stage returns a list of these instead of raising.

A diagnostic names its source (workspace-relative path and 1-based line), a stable
code for scripts, a severity, a Chinese message and an optional hint on how to fix it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, asdict
from typing import Iterable

ERROR = "error"
WARNING = "warning"
SEVERITY_ZH = {ERROR: "错误", WARNING: "警告"}


@dataclass(frozen=True)
class Source:
    path: str  # workspace-relative, forward slashes
    line: int = 0  # 1-based; 0 when the whole file is meant

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class Diagnostic:
    source: Source
    code: str
    severity: str
    message: str
    hint: str = ""

    def format(self) -> str:
        text = f"{self.source}: {SEVERITY_ZH[self.severity]} [{self.code}] {self.message}"
        if self.hint:
            text += f"\n    提示：{self.hint}"
        return text

    def to_json(self) -> dict:
        data = asdict(self)
        data["path"], data["line"] = self.source.path, self.source.line
        del data["source"]
        return data


def error(source: Source, code: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(source, code, ERROR, message, hint)


def warning(source: Source, code: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(source, code, WARNING, message, hint)


def has_errors(diags: Iterable[Diagnostic]) -> bool:
    return any(d.severity == ERROR for d in diags)


def sort_key(d: Diagnostic):
    """By file and line, errors in the rules and roster first: a mistake there (a unit's code
    mistyped) is what makes the data files' errors, and the clerk should read it before those."""
    return (not (d.source.path.startswith("rules/") and d.severity == "error"), d.source.path, d.source.line, d.code)


def to_json(diags: list[Diagnostic]) -> str:
    return json.dumps([d.to_json() for d in diags], ensure_ascii=False, indent=2)


class UserError(Exception):
    """A mistake the user can fix: carries diagnostics, printed once by the CLI, exit 1."""

    def __init__(self, diags: list[Diagnostic] | Diagnostic | str, hint: str = ""):
        if isinstance(diags, str):
            diags = [error(Source("govinfo"), "USAGE", diags, hint)]
        elif isinstance(diags, Diagnostic):
            diags = [diags]
        self.diags = list(diags)
        super().__init__("\n".join(d.format() for d in self.diags))
