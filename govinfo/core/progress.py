"""A progress bar for long runs: shown on a terminal only once a run has taken over a second.

Readers call `tick(n)` as they go, which costs nothing when no bar is active; the CLI wraps a
command in `shown(label)`. Output goes to stderr and disappears when done, so stdout (tables,
JSON, CSV) is never mixed with it.
"""
from __future__ import annotations

import time
from contextlib import contextmanager

DELAY = 1.0
_state: dict = {}


def tick(done: int | None = None, advance: int = 0) -> None:
    """Report progress: an absolute count (`done`) or a number of files just read (`advance`)."""
    if not _state:
        return
    _state["done"] = done if done is not None else _state["done"] + advance
    now = time.monotonic()
    if now - _state["started"] < DELAY or now - _state["drawn"] < 0.1:
        return
    _state["drawn"] = now
    bar = _state.get("bar")
    if bar is None:
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
        console = Console(stderr=True)
        if not console.is_terminal:
            _state["bar"] = False
            return
        # No refresh thread (auto_refresh off): worker processes are started while a bar may show.
        bar = Progress(SpinnerColumn("line"),  # ASCII: a GBK console has no Braille dots
                       TextColumn("{task.description}"), TextColumn("已处理 {task.completed} 个文件"),
                       TimeElapsedColumn(), console=console, transient=True, auto_refresh=False)
        bar.start()
        _state["bar"], _state["task"] = bar, bar.add_task(_state["label"], total=None)
    if bar:
        bar.update(_state["task"], completed=_state["done"])
        bar.refresh()


@contextmanager
def shown(label: str):
    """Show a bar for the duration of the block, if it lasts long enough and stderr is a terminal.
    Nested, it only changes the label (the CLI wraps every command; a command may say more)."""
    if _state:
        outer = _state["label"]
        _state["label"] = label
        if _state.get("bar"):
            _state["bar"].update(_state["task"], description=label)
        try:
            yield
        finally:
            if _state:
                _state["label"] = outer
        return
    started = time.monotonic()
    _state.update(label=label, started=started, drawn=started, done=0)
    try:
        yield
    finally:
        bar = _state.get("bar")
        _state.clear()
        if bar:
            bar.stop()
