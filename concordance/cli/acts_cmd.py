"""CLI: ``concordance acts`` — which acts are bundled, under which key, and how complete they are."""
from __future__ import annotations

import json

import click

from .. import acts as catalogue
from .app import main


@main.command("acts")
@click.option("--all", "show_all", is_flag=True,
              help="Also list alternate files (original PDFs/XML, other languages, fragments) as KEY@id.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def acts_command(show_all: bool, fmt: str) -> None:
    """List the bundled reference acts (directives/) and national laws (national_laws/).

    Any KEY shown here can be given wherever a file is expected (parse, match, add, toc). An act
    held only in part is marked INCOMPLETE, with the number of provisions known to be missing."""
    entries = catalogue.bundled(include_alternates=show_all)
    if fmt == "json":
        click.echo(json.dumps([
            {"key": a.key, "role": a.role, "jurisdiction": a.meta.jurisdiction, "language": a.meta.language,
             "title": a.meta.title, "complete": a.meta.complete, "missing": list(a.meta.missing),
             "path": str(a.path)} for a in entries], ensure_ascii=False, indent=2))
        return
    for role in ("reference", "national"):
        group = [a for a in entries if a.role == role]
        if not group:
            continue
        click.echo(f"{role} acts:")
        width = max(len(a.key) for a in group)
        for a in group:
            done = "" if a.meta.complete else f"  INCOMPLETE ({len(a.meta.missing)} missing entries)"
            jur = a.meta.jurisdiction or "-"
            click.echo(f"  {a.key:<{width}}  {jur:<3} {a.meta.language:<4} {a.meta.title[:70]}{done}")
