"""Progress of a long run: a rich progress bar on a terminal, periodic log lines otherwise."""

from __future__ import annotations

import logging
import sys
import time
from contextlib import contextmanager

log = logging.getLogger("organigramme")
LOG_EVERY_SECONDS = 30.0


@contextmanager
def progress_reporter(total: int | None = None, stream=None):
    """Yield a callback to call once per article (extracted or skipped)."""
    stream = stream or sys.stderr
    started = time.monotonic()
    count = [0]
    if stream.isatty():
        from rich.console import Console
        from rich.progress import (
            BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn,
            TimeElapsedColumn, TimeRemainingColumn,
        )

        with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                      MofNCompleteColumn(), TextColumn("{task.fields[rate]} articles/s"),
                      TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                      console=Console(file=stream), transient=False) as bar:
            task = bar.add_task("extracting", total=total, rate="-")

            def advance(article):
                count[0] += 1
                rate = count[0] / max(time.monotonic() - started, 1e-6)
                bar.update(task, advance=1, rate=f"{rate:.1f}")

            yield advance
        return
    last = [started]

    def log_line(article):
        count[0] += 1
        now = time.monotonic()
        if now - last[0] >= LOG_EVERY_SECONDS:
            last[0] = now
            rate = count[0] / (now - started)
            eta = f", about {(total - count[0]) / rate:.0f}s left" if total and rate else ""
            print(f"{count[0]}{'/' + str(total) if total else ''} articles done "
                  f"({rate:.1f} articles/s{eta})", file=stream, flush=True)

    yield log_line
