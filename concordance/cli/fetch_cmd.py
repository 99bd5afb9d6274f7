"""CLI: ``concordance fetch CELEX`` — download an EU act from EUR-Lex with an act.toml."""
from __future__ import annotations

from pathlib import Path

import click

from .app import main


@main.command("fetch")
@click.argument("celex")
@click.option("--lang", "langs", default="en", show_default=True,
              help="EU language code(s), comma-separated: en,hr,bg ...")
@click.option("--fmt", type=click.Choice(["xhtml", "formex"]), default="xhtml", show_default=True,
              help="xhtml = EUR-Lex web page; formex = the Official Journal's Formex 4 XML (act and annexes).")
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to write into (default: ./CELEX).")
@click.option("--base-url", default=None, metavar="URL",
              help="Use this server instead of eur-lex.europa.eu and publications.europa.eu (a mirror or proxy).")
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds to wait for an answer.")
@click.option("--force", is_flag=True, help="Replace an act.toml already in the folder.")
def fetch(celex: str, langs: str, fmt: str, out_dir: Path | None, base_url: str | None, timeout: float,
          force: bool) -> None:
    """Download the EU act CELEX (e.g. 32021L0555) with its metadata, ready for `concordance parse`.

    Writes DIR/<celex>.<lang>.html (or .fmx.xml) for each language and DIR/act.toml. Needs internet;
    offline it says what to download by hand.
    """
    from ..catalogue.fetch import fetch_act

    result = fetch_act(celex, langs, fmt=fmt, out_dir=out_dir, base_url=base_url, timeout=timeout, force=force)
    for lang, path in result.files.items():
        click.echo(f"{path}  ({lang}: {result.titles[lang]})")
    click.echo(f"{result.act_toml}")
    first = next(iter(result.files.values()))
    click.echo(f"Next: concordance parse {first}")
