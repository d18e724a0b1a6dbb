"""Spreading independent per-folder work over the machine's cores, with a serial fallback.

Only whole-archive reads use it (validate reads every month folder): a month's or a year's
command reads too little for worker processes to pay for themselves. Workers are spawned, not
forked, so Linux behaves as Windows does; anything that stops a pool from starting or running (a locked-down
machine, no semaphores, a worker killed by security software) falls back to doing the rest of the
work in this process.
"""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from govinfo.core import progress

MAX_WORKERS = 4
MIN_JOBS = 24  # about two years of month folders


def workers() -> int:
    """GOVINFO_WORKERS overrides the core count (1 turns parallel work off)."""
    given = os.environ.get("GOVINFO_WORKERS", "")
    if given.isdigit() and int(given) >= 1:
        return int(given)
    return min(os.cpu_count() or 1, MAX_WORKERS)


def imap(job, args: list, size=len):
    """job(a) for each a in args, yielded in order as they are ready, on several processes when
    there is enough to do, so the caller can work on early results while later ones are read.
    `size(result)` is how many files a result stands for, for the progress bar (a serial job
    reports its own progress)."""
    count = workers()
    forced = os.environ.get("GOVINFO_WORKERS", "").isdigit()
    done = 0
    if count > 1 and (len(args) >= MIN_JOBS or forced and len(args) > 1):
        try:
            with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn")) as pool:
                for result in pool.map(job, args):
                    progress.tick(advance=size(result))
                    done += 1
                    yield result
        except (OSError, NotImplementedError, BrokenProcessPool):
            # Processes start inside map, not with the pool: security software that blocks
            # python.exe from starting children, or kills one, is found only here. What is left
            # is done in this process (a job's own error, if that is what it was, recurs there).
            pass
        else:
            return
    for a in args[done:]:
        yield job(a)
