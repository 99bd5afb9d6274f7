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
from ..outputs import plain_identifier
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


class ProjectTarget(click.ParamType):
    """A project: a file path, or a ``postgresql://`` URL of a shared database (kept as text;
    a Path would fold its ``//``). Checked by ``Project.open``/``create`` (one clear paragraph
    naming the file or database), not by click (whose usage error says less)."""

    name = "project"

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        from ..store import is_database_url

        if isinstance(value, Path) or is_database_url(value):
            return value
        return Path(value)


PROJECT_PATH = ProjectTarget()


@main.command("init")
@click.argument("project", type=PROJECT_PATH, required=False)
@click.option("--db", "db", metavar="URL", envvar="CONCORDANCE_DB", show_envvar=True, default=None,
              help="Create the project in this PostgreSQL database (postgresql://USER@HOST/DB) instead "
                   "of a file: one project shared by a working group.")
def init_cmd(project: Path | str | None, db: str | None) -> None:
    """Create an empty project: a file PROJECT (e.g. me-firearms.concordance), or a shared
    PostgreSQL database (PROJECT or --db postgresql://USER@HOST/DB, or $CONCORDANCE_DB)."""
    from ..store import Project, is_database_url

    if project is not None and db is not None and str(project) != db and not is_database_url(project):
        # a file was named: it wins over a $CONCORDANCE_DB set for other work
        db = None
    target = project if project is not None else db
    if target is None:
        raise InputError("no project given.", where="concordance init",
                         todo="Name a project file (concordance init me.concordance) or a PostgreSQL "
                              "database (concordance init postgresql://USER@HOST/DB, --db URL or $CONCORDANCE_DB).")
    if db is not None and not is_database_url(db):
        raise InputError(f"--db {db!r} is not a PostgreSQL URL.", where="concordance init",
                         todo="Give postgresql://USER@HOST[:PORT]/DATABASE.")
    with Project.create(target) as p:
        p.record_event("init", str(p.path), who=login_name())
        shown = p.path
    click.echo(f"created project {shown}")


def load_act(file_or_key: str, lang: str | None = None, jurisdiction: str | None = None,
             inherit: ActMeta | None = None) -> tuple[Act, Path]:
    """An act from a file path (parsed) or a bundled act key; returns (act, source path).

    ``inherit``: the metadata of the act this file is a new version of; a file with no act.toml
    of its own takes its title, short title, language, jurisdiction and kind from it (a new
    version of a law is the same law), not guessed from the file name."""
    from ..catalogue import acts, parsed
    from ..parse import parse_file

    jurisdiction = jurisdiction.strip().upper() or None if jurisdiction else None  # ISO codes: "me" is ME
    if jurisdiction:
        plain_identifier(jurisdiction, "--jurisdiction", "concordance add")
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
        act = parsed.load(p, lang=lang) if entry else parse_file(p, lang=lang, jurisdiction=jurisdiction, meta=meta)
        source = p
    else:
        entry = acts.find(file_or_key)  # raises a helpful InputError listing the keys
        act = parsed.load(file_or_key, lang=lang)
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

    if amends:
        plain_identifier(amends, "--amends", "concordance add")
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
@click.option("--decisions", "list_decisions", is_flag=True,
              help="List the decision each row holds now, with who made it, when and from which file.")
@click.option("--act", "act", default=None, metavar="KEY", help="With --decisions: only rows of this act.")
def show_cmd(project: Path, fmt: str, list_decisions: bool, act: str | None) -> None:
    """What PROJECT holds: acts and versions, match runs, decisions, exports, snapshots."""
    from ..store import Project

    if list_decisions:
        _show_decisions(project, fmt, act)
        return
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


def _show_decisions(project: Path | str, fmt: str, act: str | None) -> None:
    from ..review.history import current_decisions, decisions_table, to_json
    from ..store import Project

    with Project.open(project) as p:
        if act:
            p.act_record(act)
        lines = current_decisions(p, act)
    if fmt == "json":
        click.echo(to_json(lines))
        return
    for text in decisions_table(lines) or ["no decisions yet: `concordance review export` / `review import`"]:
        click.echo(text)


@main.command("copy")
@click.argument("source", type=PROJECT_PATH)
@click.argument("target", type=PROJECT_PATH)
@click.option("--who", default=login_name, show_default="your login name", help="Your name, for the event log.")
def copy_cmd(source: Path | str, target: Path | str, who: str) -> None:
    """Copy the project SOURCE into a new project TARGET, e.g. a file into a shared database
    (concordance copy me.concordance postgresql://USER@HOST/DB) or back into a file.

    Everything is copied as it is (acts, proposals, decisions with their versions, the event log,
    exports, snapshots), so review workbooks exported from SOURCE import into TARGET. TARGET must
    not exist yet (a file) or be an empty database; SOURCE is only read."""
    from ..store import Project

    if str(source) == str(target):
        raise InputError("the source and the target are the same project.", where=str(source),
                         todo="Give a new file name or an empty database as the target.")
    with Project.open(source) as src:
        dst = Project.create(target)
        with dst:
            try:
                counts = src.copy_into(dst)
                dst.record_event("copy", str(src.path), who=who, new=counts)
            except BaseException:
                _discard_new_project(dst)
                raise
            shown = dst.path
    click.echo(f"copied {src.path} to {shown}: " + ", ".join(f"{n} {t}" for t, n in counts.items() if n))


def _discard_new_project(project) -> None:  # type: ignore[no-untyped-def]
    """A copy that failed half-way leaves no half-filled project file behind (a database keeps
    its tables, rolled back to empty, for the next try)."""
    if isinstance(project.path, Path):
        project.close()
        project.path.unlink(missing_ok=True)


@main.command("log")
@click.argument("project", type=PROJECT_PATH)
@click.option("--provision", default=None, metavar="ID|CITATION",
              help="Only this provision (and those inside it): its id (art_10__para_2) or citation (Article 10(2)).")
@click.option("--act", "act", default=None, metavar="KEY", help="Only changes about this act.")
@click.option("--reviewer", default=None, metavar="NAME",
              help="Only changes by this person (who imported, or the reviewer a row names).")
@click.option("--since", default=None, metavar="DATE", help="Only changes on or after this date (YYYY-MM-DD, UTC).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def log_cmd(project: Path | str, provision: str | None, act: str | None, reviewer: str | None, since: str | None,
            fmt: str) -> None:
    """Who changed what in PROJECT, when, from which file: one line per change (the old and the
    new value, the comment, the source file and its SHA-256), oldest first."""
    from ..review.history import history, log_table, to_csv, to_json
    from ..store import Project

    with Project.open(project) as p:
        lines = history(p, provision=provision, act=act, reviewer=reviewer, since=since)
    if fmt == "json":
        click.echo(to_json(lines))
    elif fmt == "csv":
        click.echo(to_csv(lines), nl=False)
    else:
        for text in log_table(lines) or ["no changes match"]:
            click.echo(text)
