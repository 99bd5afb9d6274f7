"""Progress lines for the steps that can take more than a few seconds (the first embedding of a
law's texts): how far, and about how long is left, on stderr.

Why not a bar library: the same lines must read well in a terminal and in a CI log or a cron
mail, so a line is written at most every ``EVERY`` seconds (and at the end), never a redraw.
"""
from __future__ import annotations

import time

import click

EVERY = 5.0


class Estimate:
    """``Estimate("embedding MK × UN")(done, total)``: a line now and then, with time left."""

    def __init__(self, what: str, every: float = EVERY) -> None:
        self.what = what
        self.every = every
        self.t0: float | None = None
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if self.t0 is None:
            self.t0 = now
            self.last = now
            click.echo(f"  {self.what}: {total} texts not embedded yet (first run on this text; they are "
                       "cached for the next)", err=True)
        if done < total and now - self.last < self.every:
            return
        self.last = now
        spent = now - self.t0
        left = spent / done * (total - done) if done else 0.0
        tail = f", about {_duration(left)} left" if done < total and done else ""
        click.echo(f"  {self.what}: {done} of {total} embedded ({_duration(spent)}{tail})", err=True)
        if done >= total:
            self.t0 = None       # the next batch of texts (the other act) starts a new estimate


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.1f} min"
