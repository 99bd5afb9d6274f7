"""CLI: ``concordance acts`` — which acts are bundled, under which key, and how complete they are."""
from __future__ import annotations

import json

import click

from ..catalogue import acts as catalogue
from .app import main


@main.command("acts")
@click.option("--all", "show_all", is_flag=True,
              help="Also list alternate files (original PDFs/XML, other languages, fragments) as KEY@id.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def acts_command(show_all: bool, fmt: str) -> None:
    """List the bundled reference acts (directives/) and national laws (national_laws/).

    Any KEY shown here can be given wherever a file is expected (parse, match, add, toc). An act
    held only in part is marked INCOMPLETE, with the number of provisions known to be missing; an
    act known by its metadata only (its text may not be copied) is marked TEXT NOT HELD."""
    entries = catalogue.bundled(include_alternates=show_all)
    if fmt == "json":
        click.echo(json.dumps([
            {"key": a.key, "role": a.role, "jurisdiction": a.meta.jurisdiction, "language": a.meta.language,
             "kind": a.meta.kind, "title": a.meta.title, "text_held": a.text_held, "complete": a.meta.complete,
             "missing": list(a.meta.missing), "path": str(a.path) if a.path else None}
            for a in entries], ensure_ascii=False, indent=2))
        return
    for role in ("reference", "national"):
        group = [a for a in entries if a.role == role]
        if not group:
            continue
        click.echo(f"{role} acts:")
        width = max(len(a.key) for a in group)
        for a in group:
            jur = a.meta.jurisdiction or "-"
            click.echo(f"  {a.key:<{width}}  {jur:<3} {a.meta.language:<4} {a.meta.title}{_held(a)}")
    if any(not a.text_held for a in entries):
        click.echo("\nTEXT NOT HELD: the act is known by its metadata only; give your own EUR-Lex download "
                   "(XHTML or Formex) instead of the key, or run `concordance fetch CELEX` where there is internet.")


def _held(a: catalogue.BundledAct) -> str:
    """How much of the act's text the repository holds, in words."""
    if not a.text_held:
        return "  [TEXT NOT HELD]"
    if a.meta.complete:
        return ""
    n = len(a.meta.missing)
    return f"  [INCOMPLETE: {n} {'entry' if n == 1 else 'entries'} missing]" if n else "  [INCOMPLETE]"
