"""“Did you mean” hints: the closest valid choice, then every valid choice."""
from __future__ import annotations

import difflib


def did_you_mean(value: str, choices) -> str:
    if not choices:
        return ""  # nothing to choose from: "可选：" with an empty list says nothing
    close = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1, cutoff=0.5)
    listing = "、".join(str(c) for c in choices)
    if close:
        return f"是不是“{close[0]}”？可选：{listing}"
    return f"可选：{listing}"
