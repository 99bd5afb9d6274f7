"""The ``concordance`` command group and how it reports errors.

Commands stay thin: parse arguments, call the library, print. Bad input raises
:class:`~concordance.errors.InputError`, printed here as one paragraph with exit code 2, never a
traceback.
"""
from __future__ import annotations

import sys

import click

from ..errors import ConcordanceError, InputError


class _Group(click.Group):
    def invoke(self, ctx: click.Context):  # noqa: D401 - click API
        try:
            return super().invoke(ctx)
        except InputError as exc:
            click.echo(f"Error: {exc.message}", err=True)
            sys.exit(2)
        except ConcordanceError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(2)


@click.group(cls=_Group)
@click.version_option(package_name="concordance")
def main() -> None:
    """Tables of Concordance between the EU Firearms Directive (or another reference act) and
    national weapons laws: parse, match, review in Excel, render, track status."""
