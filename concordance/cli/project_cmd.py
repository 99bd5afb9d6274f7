"""CLI: ``concordance init PROJECT``, ``concordance add PROJECT FILE_OR_KEY --role ...``,
``concordance show PROJECT``.

``concordance match PROJECT`` lives in ``match_cmd`` (one ``match`` command for two acts or a
project); given a project it calls :func:`project_match` here, i.e. ``Project.run_match``.
"""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import click

from ..errors import InputError
from ..model import Act, ActMeta
from .app import main
from .progress import Estimate


def login_name() -> str:
    """Who to record in the event log when --who is not given: $USER, else the login name, else
    "cli" (a container may have neither; the log still says the change came from the command line)."""
    import getpass
    import os

    name = os.environ.get("USER", "").strip()
    if name:
        return name
    try:
        return getpass.getuser() or "cli"
    except Exception:  # noqa: BLE001 - no login name (containers)
        return "cli"


#: Project arguments are checked by ``Project.open``/``create`` (one clear paragraph naming the
#: file), not by click (whose usage error says less and prints the usage lines around it).
PROJECT_PATH = click.Path(path_type=Path)


@main.command("init")
@click.argument("project", type=PROJECT_PATH)
def init_cmd(project: Path) -> None:
    """Create an empty project file PROJECT (e.g. me-firearms.concordance)."""
    from ..store import Project

    with Project.create(project) as p:
        p.record_event("init", str(project), who=login_name())
    click.echo(f"created project {project}")


def load_act(file_or_key: str, lang: str | None = None, jurisdiction: str | None = None,
             inherit: ActMeta | None = None) -> tuple[Act, Path]:
    """An act from a file path (parsed) or a bundled act key; returns (act, source path).

    ``inherit``: the metadata of the act this file is a new version of; a file with no act.toml
    of its own takes its title, short title, language, jurisdiction and kind from it (a new
    version of a law is the same law), not guessed from the file name."""
    from .. import acts
    from ..parse import parse_file

    jurisdiction = jurisdiction.strip().upper() or None if jurisdiction else None  # ISO codes: "me" is ME
    p = Path(file_or_key).expanduser()
    if p.is_dir():
        raise InputError("this is a folder, not the file of an act.", where=str(p),
                         todo="Give the file that holds the act's text (.docx, .pdf, .html, .xml or .txt).")
    if p.is_file():
        try:
            entry = acts.find(p)
        except InputError:
            entry = None
        meta = None
        if entry is None and inherit is not None and acts.meta_for(p) is None:
            meta = dataclasses.replace(
                inherit, language=lang or inherit.language, jurisdiction=jurisdiction or inherit.jurisdiction,
                version_date="", gazette="", eli="", source=str(p), complete=True, missing=(), partial=())
        act = acts.load(p, lang=lang) if entry else parse_file(p, lang=lang, jurisdiction=jurisdiction, meta=meta)
        source = p
    else:
        entry = acts.find(file_or_key)  # raises a helpful InputError listing the keys
        act = acts.load(file_or_key, lang=lang)
        source = entry.path
    if jurisdiction and act.meta.jurisdiction != jurisdiction:
        act = dataclasses.replace(act, meta=dataclasses.replace(act.meta, jurisdiction=jurisdiction))
    return act, source


@main.command("add")
@click.argument("project", type=PROJECT_PATH)
@click.argument("file_or_key")
@click.option("--role", type=click.Choice(["reference", "national"]), default=None,
              help="Required (unless --amends). reference: the EU act or treaty measured against; national: "
                   "a national law or bylaw.")
@click.option("--jurisdiction", default=None, help="ISO code (ME, MK, RS, XK, AL, BA...) if not in act.toml.")
@click.option("--lang", default=None, help="Language of the text if it cannot be told (sr, cnr, mk, sq, en...).")
@click.option("--amends", "amends", default=None, metavar="ACT_KEY",
              help="The file is a new version of this act: decisions follow unchanged text, the rest "
                   "is marked to review. The role comes from that act, and so do the title, language and "
                   "jurisdiction when the file has no act.toml of its own.")
@click.option("--who", default=login_name, show_default="your login name",
              help="Your name, for the event log.")
def add_cmd(project: Path, file_or_key: str, role: str | None, jurisdiction: str | None, lang: str | None,
            amends: str | None, who: str) -> None:
    """Parse FILE_OR_KEY (a file, or a bundled act key) and add it to PROJECT."""
    from ..store import Project

    if role is None and not amends:
        raise InputError("no --role given: the project must know whether this act is the one measured "
                         "against or a national law.", where=file_or_key,
                         todo="Add --role reference (the EU act or treaty) or --role national (the law).")
    with Project.open(project) as p:  # a wrong project path fails before a long parse
        keys = [a.key for a in p.acts()]
        if amends and amends not in keys:  # fails before the parse too
            raise InputError(
                f"--amends {amends}: the project holds no act with this key, so {file_or_key} cannot be "
                f"added as its new version (the project holds: {', '.join(keys) or 'no act yet'}).",
                where=str(project),
                todo="Give --amends the key of the act this file is a new version of (`concordance show "
                     "PROJECT` lists them), or leave --amends out to add the file as a new act.")
        inherit = None
        if amends:
            old = p.act_record(amends)
            if role is not None and role != old.role:
                raise InputError(
                    f"--role {role} contradicts --amends {amends}: {amends} is a {old.role} act, and a new "
                    "version keeps the role of the act it amends.", where=file_or_key,
                    todo=f"Leave --role out (it is taken from {amends}), or use --role {old.role}.")
            role = old.role
            inherit = old.meta
        act, source = load_act(file_or_key, lang=lang, jurisdiction=jurisdiction, inherit=inherit)
        _warn_unusual_role(act.meta, role)
        before = {(d.key, d.row_version) for d in p.decisions()} if amends else set()
        key = p.add_act(act, role, source_path=source, amends=amends, who=who)
        rec = p.act_record(key)
        click.echo(f"added {key} ({role}, {rec.meta.jurisdiction or 'no jurisdiction'}), version "
                   f"{rec.version}, {rec.provisions} provisions")
        if amends:
            moved = [d for d in p.decisions() if (d.key, d.row_version) not in before]
            review = [d for d in moved if d.previous and not d.is_human_verdict]
            click.echo(f"decisions carried over: {len(p.decisions()) - len(review)}; "
                       f"marked to review (text changed): {len(review)}")
            click.echo("run `concordance match PROJECT` to refresh the proposals for the new version")


def _warn_unusual_role(meta: ActMeta, role: str) -> None:
    """Say so when an act is added in the role its kind does not suggest (a national law as the
    reference act): allowed, since two laws can be compared, but never silently."""
    from ..match import NATIONAL_KINDS, REFERENCE_KINDS, SUPRANATIONAL

    looks_reference = meta.kind in REFERENCE_KINDS or meta.jurisdiction.upper() in SUPRANATIONAL
    looks_national = meta.kind in NATIONAL_KINDS and not looks_reference
    if role == "reference" and looks_national:
        click.echo(f"warning: {meta.key} is a national {meta.kind} ({meta.jurisdiction or 'no jurisdiction'}) "
                   "added as the reference act: its ToC will measure laws against a law, and `toc` refuses "
                   "it. If it is the law to assess, add it with --role national.", err=True)
    elif role == "national" and looks_reference:
        click.echo(f"warning: {meta.key} is a {meta.kind} ({meta.jurisdiction}) added as a national act. If it "
                   "is the act laws are measured against, add it with --role reference.", err=True)


def project_match(path: Path, use_embeddings: bool | None = None, progress=None, who: str | None = None) -> list:
    """``concordance match PROJECT`` (called by ``match_cmd``): match every reference act against
    every national act and store the proposals as a new run; decisions are never touched. The
    match events record ``who`` (default: :func:`login_name`)."""
    from ..store import Project

    with Project.open(path) as p:
        return p.run_match(progress=progress, use_embeddings=use_embeddings,
                           who=who if who is not None else login_name(),
                           embed_progress=Estimate("embedding"))


@main.command("show")
@click.argument("project", type=PROJECT_PATH)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def show_cmd(project: Path, fmt: str) -> None:
    """What PROJECT holds: acts and versions, match runs, decisions, exports, snapshots."""
    from ..store import Project

    with Project.open(project) as p:
        s = p.summary()
    if fmt == "json":
        click.echo(json.dumps(s, ensure_ascii=False, indent=2))
        return
    click.echo(f"project {s['project']} (schema {s['schema_version']}, {s['events']} events)")
    click.echo("acts:")
    if not s["acts"]:
        click.echo("  none yet: `concordance add PROJECT FILE --role reference|national`")
    for a in s["acts"]:
        click.echo(f"  {a['key']:32} {a['role']:9} {a['jurisdiction'] or '-':4} v{a['version']}  "
                   f"{a['provisions']:5} provisions  {a['title'][:60]}")
    click.echo("match runs (latest per pair):")
    for m in s["match_runs"]:
        stale = "  (older version: run `concordance match` again)" if m["stale"] else ""
        click.echo(f"  {m['reference']} × {m['national']}  {m['created_at']}{stale}")
    if not s["match_runs"]:
        click.echo("  none yet: `concordance match PROJECT`")
    dec = s["decisions"]
    click.echo("decisions: " + (", ".join(f"{k} {v}" for k, v in sorted(dec.items())) or "none yet"))
    click.echo(f"exports: {len(s['exports'])}; snapshots: {len(s['snapshots'])}")
