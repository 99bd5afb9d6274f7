"""Download an EU act from EUR-Lex (XHTML) or the Publications Office's CELLAR (Formex 4).

The bundled directive texts are incomplete (only excerpts could be obtained); on a machine with
internet, :func:`fetch_act` gets the whole act in one step and writes it where ``concordance parse``
and ``concordance.catalogue`` expect it: ``DIR/<celex>.<lang>.html`` (or ``.fmx.xml``) plus an
``act.toml`` whose title comes from the document itself. Every language is downloaded and checked
before anything is written, and every file is written atomically, so an interrupted or refused
download never leaves half an act behind.

Offline (no route, no DNS, timeout) the user is told exactly what to download by hand instead.
Only the standard library's urllib is used, with a timeout on every request.
"""
from __future__ import annotations

import datetime as dt
import http.client
import io
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import InputError, UnreadableFile
from ..outputs import atomic_write_bytes

EURLEX = "https://eur-lex.europa.eu"
CELLAR = "http://publications.europa.eu"
HTML_PATH = "/legal-content/{LANG}/TXT/HTML/?uri=CELEX:{celex}"
CELLAR_PATH = "/resource/celex/{celex}"
FORMATS = ("xhtml", "formex")
MAX_BYTES = 60 * 1024 * 1024
USER_AGENT = "concordance-fetch/0.1 (Python urllib)"

# The 24 official EU languages: EUR-Lex code (ISO 639-1) -> CELLAR code (ISO 639-2/B, upper case).
EU_LANGUAGES = {
    "bg": "BUL", "cs": "CES", "da": "DAN", "de": "DEU", "el": "ELL", "en": "ENG", "es": "SPA", "et": "EST",
    "fi": "FIN", "fr": "FRA", "ga": "GLE", "hr": "HRV", "hu": "HUN", "it": "ITA", "lt": "LIT", "lv": "LAV",
    "mt": "MLT", "nl": "NLD", "pl": "POL", "pt": "POR", "ro": "RON", "sk": "SLK", "sl": "SLV", "sv": "SWE",
}
SCRIPT = {"bg": "cyrillic", "el": "greek"}
# CELEX: sector (digit, C or E), year, document type letter(s), number, optional "(nn)" and, for a
# consolidated version, "-YYYYMMDD".
CELEX_RE = re.compile(r"^([0-9CE])(\d{4})([A-Z]{1,2})(\d{1,4}[A-Z]?)(\(\d{1,2}\))?(?:-(\d{8}))?$")
KIND_BY_TYPE = {"L": "directive", "R": "regulation", "D": "decision"}


class FetchError(InputError):
    """EUR-Lex or CELLAR could not be reached or did not give the act."""


@dataclass
class Fetched:
    """What :func:`fetch_act` wrote."""

    celex: str
    folder: Path
    files: dict[str, Path] = field(default_factory=dict)     # language -> file
    titles: dict[str, str] = field(default_factory=dict)     # language -> title
    act_toml: Path | None = None
    urls: dict[str, str] = field(default_factory=dict)


def normalise_celex(celex: str) -> str:
    """``32021L0555``; accepts ``CELEX:32021L0555`` and lower case; rejects anything else."""
    value = celex.strip().upper()
    value = value.removeprefix("CELEX:").removeprefix("CELEX ")
    if not CELEX_RE.match(value):
        raise InputError(f"'{celex}' is not a CELEX number.", where="concordance fetch",
                         todo="A CELEX number looks like 32021L0555 (directive 2021/555) or 32015R2403 "
                              "(regulation 2015/2403); a consolidated version like 02021L0555-20210504. "
                              "EUR-Lex shows it under 'Document information'.")
    return value


def parse_languages(langs: str | list[str] | tuple[str, ...]) -> list[str]:
    """``"en,hr"`` -> ``["en", "hr"]``, each one of the 24 EU languages."""
    items = langs.split(",") if isinstance(langs, str) else list(langs)
    out: list[str] = []
    for item in items:
        code = item.strip().lower()
        if not code:
            continue
        if code not in EU_LANGUAGES:
            raise InputError(f"'{code}' is not one of the 24 languages EUR-Lex publishes in.",
                             where="concordance fetch --lang",
                             todo=f"Use EU language codes: {', '.join(sorted(EU_LANGUAGES))} (Serbian, Bosnian, "
                                  "Montenegrin, Macedonian and Albanian translations are not on EUR-Lex; ask the "
                                  "national EU-integration office for them).")
        if code not in out:
            out.append(code)
    if not out:
        raise InputError("no language given.", where="concordance fetch --lang", todo="Give e.g. --lang en,hr.")
    return out


def html_url(celex: str, lang: str, base_url: str | None = None) -> str:
    return (base_url or EURLEX).rstrip("/") + HTML_PATH.format(LANG=lang.upper(), celex=celex)


def formex_url(celex: str, base_url: str | None = None) -> str:
    return (base_url or CELLAR).rstrip("/") + CELLAR_PATH.format(celex=urllib.parse.quote(celex))


def fetch_act(celex: str, langs: str | list[str] = "en", fmt: str = "xhtml", out_dir: str | Path | None = None,
              base_url: str | None = None, timeout: float = 30.0, force: bool = False,
              today: dt.date | None = None) -> Fetched:
    """Download ``celex`` in each language as ``fmt`` into ``out_dir`` (default ``./<celex>``) with an act.toml.

    ``base_url`` replaces both https://eur-lex.europa.eu and http://publications.europa.eu (a mirror,
    a proxy, or a test server). Raises :class:`FetchError` (an :class:`InputError`) when the sites
    cannot be reached or do not give the act, saying what to download by hand.
    """
    celex = normalise_celex(celex)
    languages = parse_languages(langs)
    if fmt not in FORMATS:
        raise InputError(f"unknown format '{fmt}'.", where="concordance fetch --fmt", todo="Use xhtml or formex.")
    if base_url is not None and not re.match(r"^https?://[^/\s]+", base_url):
        raise InputError(f"'{base_url}' is not an http(s) address.", where="concordance fetch --base-url",
                         todo="Give it like http://127.0.0.1:8000 or https://mirror.example.org.")
    folder = Path(out_dir) if out_dir is not None else Path(celex)
    toml_path = folder / "act.toml"
    if toml_path.exists() and not force:
        raise InputError("the folder already holds an act.toml, which would be overwritten.", where=str(toml_path),
                         todo="Choose another folder with -o, or add --force to replace it (edits made to it are lost).")
    result = Fetched(celex=celex, folder=folder)
    payloads: dict[str, bytes] = {}
    for lang in languages:
        if fmt == "xhtml":
            url = html_url(celex, lang, base_url)
            data = _get(url, {"Accept": "text/html,application/xhtml+xml"}, timeout, celex, lang)
            title = _check_html(data, url, celex, lang)
            name = f"{celex}.{lang}.html"
        else:
            url = formex_url(celex, base_url)
            data = _get(url, {"Accept": "application/zip;mtype=fmx4", "Accept-Language": EU_LANGUAGES[lang].lower()},
                        timeout, celex, lang, manual_url=html_url(celex, lang, None))
            data, title = _formex_package(data, url, celex, lang)
            name = f"{celex}.{lang}.fmx.xml"
        payloads[name] = data
        result.files[lang] = folder / name
        result.titles[lang] = title
        result.urls[lang] = url
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in payloads.items():
        write_atomic(folder / name, data)
    first = payloads[result.files[languages[0]].name]
    header = _oj_header(first) if fmt == "xhtml" else _formex_header(first)
    toml = act_toml(result, languages, fmt, today or dt.date.today(), header)
    write_atomic(toml_path, toml.encode("utf-8"))
    result.act_toml = toml_path
    return result


# ---------------------------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------------------------
def _manual_todo(celex: str, lang: str) -> str:
    url = html_url(celex, lang)
    return (f"On a computer with internet, open {url} in a browser, use 'Save as… > Web page, HTML only' "
            f"to save it as {celex}.{lang}.html, then run `concordance parse {celex}.{lang}.html`.")


def _get(url: str, headers: dict[str, str], timeout: float, celex: str, lang: str,
         manual_url: str | None = None) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **headers})
    todo = _manual_todo(celex, lang)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only, checked below
            if response.status == 300:
                raise FetchError(f"the Publications Office offers several files for {celex} instead of one package.",
                                 where=url, todo=todo)
            data = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            raise FetchError(f"EUR-Lex has no such document in this format and language ({celex}, {lang}; "
                             "HTTP 404).", where=url,
                             todo="Check the CELEX number and the language; older acts may have no Formex, try "
                                  "--fmt xhtml. " + todo) from None
        raise FetchError(f"EUR-Lex answered with HTTP {exc.code} ({exc.reason}).", where=url,
                         todo="Try again later. " + todo) from None
    except urllib.error.URLError as exc:
        raise FetchError(f"EUR-Lex cannot be reached ({_reason(exc.reason)}).", where=url, todo=todo) from None
    except (TimeoutError, socket.timeout) as exc:
        raise FetchError(f"EUR-Lex cannot be reached (no answer within {timeout:g} s: {exc}).", where=url,
                         todo=todo) from None
    except (ConnectionError, OSError) as exc:
        raise FetchError(f"EUR-Lex cannot be reached ({_reason(exc)}).", where=url, todo=todo) from None
    except http.client.HTTPException as exc:  # the connection broke off mid-answer
        raise FetchError(f"the answer from EUR-Lex was cut off ({type(exc).__name__}).", where=url,
                         todo="Try again. " + todo) from None
    if len(data) > MAX_BYTES:
        raise FetchError("the answer is larger than 60 MB, which no act is.", where=url, todo=todo)
    if not data.strip():
        raise FetchError("EUR-Lex sent an empty answer (it may be asking for a browser check).", where=url, todo=todo)
    return data


def _reason(reason: object) -> str:
    if isinstance(reason, socket.gaierror):
        return "the name of the server cannot be looked up: no internet connection or no DNS"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return "no answer in time"
    return str(reason)


# ---------------------------------------------------------------------------------------------
# checking what came back
# ---------------------------------------------------------------------------------------------
_ACT_MARKERS = (b"oj-ti-art", b"ti-art", b"oj-doc-ti", b"doc-ti", b"eli-container", b"title-article-norm",
                b"title-doc-first")


def _check_html(data: bytes, url: str, celex: str, lang: str) -> str:
    """The document's title, after making sure the page is the act and not an error or robot-check page."""
    from ..read.html import html_title, parse_html

    if not any(m in data for m in _ACT_MARKERS):
        raise FetchError(f"EUR-Lex sent a page that is not the text of {celex} in '{lang}' (no article or "
                         "title markup: the document may not exist in that language, or the site asked for a "
                         "browser check).", where=url, todo=_manual_todo(celex, lang))
    try:
        root = parse_html(data, Path(url))
    except UnreadableFile as exc:
        raise FetchError(f"EUR-Lex sent a page that cannot be read: {exc.what}", where=url,
                         todo=_manual_todo(celex, lang)) from None
    return html_title(root) or celex


def _oj_header(data: bytes) -> dict[str, str]:
    """The Official Journal reference in the page header ("L 115/1", "6.4.2021"), where present."""
    from ..read.html import parse_html

    try:
        root = parse_html(data, Path("page.html"))
    except UnreadableFile:
        return {}
    out: dict[str, str] = {}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        classes = (el.get("class") or "").split()
        text = " ".join("".join(el.itertext()).split())
        for cls, key in (("oj-hd-oj", "oj"), ("hd-oj", "oj"), ("oj-hd-date", "date"), ("hd-date", "date")):
            if cls in classes and text and key not in out:
                out[key] = text
    return out


def _formex_header(data: bytes) -> dict[str, str]:
    """The Official Journal reference from the act's Formex bibliographic block (BIB.INSTANCE):
    collection, issue number and date, in the shape the XHTML page header has ("L 999/1", "9.9.9999")."""
    from ..xmlsafe import parse_xml

    try:
        root = parse_xml(data)
    except InputError:
        return {}
    bib = root.find(".//BIB.INSTANCE")
    if bib is None:
        return {}
    coll, number = bib.findtext("DOCUMENT.REF/COLL"), bib.findtext("DOCUMENT.REF/NO.OJ")
    page = bib.findtext("PAGE.FIRST") or bib.findtext("DOCUMENT.REF/PAGE.FIRST") or ""
    iso = (bib.find("DATE").get("ISO") if bib.find("DATE") is not None else "") or ""
    out: dict[str, str] = {}
    if coll and number:
        out["oj"] = f"{coll} {number.lstrip('0') or number}/{page.lstrip('0') or page}".rstrip("/")
    if re.fullmatch(r"\d{8}", iso):
        out["date"] = f"{int(iso[6:])}.{int(iso[4:6])}.{iso[:4]}"
    return out


def _formex_package(data: bytes, url: str, celex: str, lang: str) -> tuple[bytes, str]:
    """Turn CELLAR's Formex zip into one XML file: the act, then its annexes, in the order of the
    package's own manifest (<DOC> with REF.PHYS FILE=...), wrapped in <FORMEX.PACKAGE>.

    One file keeps ``concordance parse`` to one input; the members are copied unchanged inside
    the wrapper. Each member is checked with the safe XML parser before it is accepted.
    """
    from ..read.formex import formex_title
    from ..xmlsafe import parse_xml

    todo = _manual_todo(celex, lang)
    if not data.startswith(b"PK"):
        raise FetchError("the Publications Office did not send a Formex package (a ZIP file).", where=url,
                         todo="Try --fmt xhtml. " + todo)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if sum(i.file_size for i in zf.infolist()) > MAX_BYTES:
                raise FetchError("the Formex package unpacks to more than 60 MB.", where=url, todo=todo)
            members = {i.filename: zf.read(i) for i in zf.infolist() if i.filename.lower().endswith(".xml")}
    except zipfile.BadZipFile as exc:
        raise FetchError(f"the Formex package is damaged ({exc}).", where=url, todo="Try --fmt xhtml. " + todo) from None
    roots = {}
    for name, content in members.items():
        try:
            roots[name] = parse_xml(content, f"{url} ({name})")
        except InputError as exc:
            raise FetchError(f"the Formex package holds a file that cannot be read safely: {exc.message}", where=url,
                             todo=todo) from None
    manifest = next((n for n, r in roots.items() if r.tag == "DOC"), None)
    order: list[str] = []
    if manifest is not None:
        for ref in roots[manifest].iter("REF.PHYS"):
            name = ref.get("FILE") or ""
            match = next((n for n in roots if n.rsplit("/", 1)[-1] == name), None)
            if match and match not in order and roots[match].tag != "DOC":
                order.append(match)
    order += sorted(n for n, r in roots.items() if n not in order and r.tag in ("ACT", "CONS.ACT", "ANNEX", "CONS.ANNEX"))
    acts = [n for n in order if roots[n].tag in ("ACT", "CONS.ACT")]
    if not acts:
        raise FetchError("the Formex package holds no act (no <ACT> file).", where=url, todo="Try --fmt xhtml. " + todo)
    wrapper = etree.Element("FORMEX.PACKAGE", CELEX=celex, LANG=lang.upper(), SOURCE=url)
    for name in order:
        member = roots[name]
        wrapper.append(etree.Comment(f" {name} "))
        wrapper.append(member)
    title = formex_title(roots[acts[0]]) or celex
    return etree.tostring(wrapper, xml_declaration=True, encoding="UTF-8", pretty_print=False), title


# ---------------------------------------------------------------------------------------------
# writing
# ---------------------------------------------------------------------------------------------
def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see :mod:`concordance.outputs`), creating the fetch
    folder the user named with ``-o``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, data)



def _toml_str(value: str) -> str:
    out = value.replace("\\", "\\\\").replace('"', '\\"')
    out = "".join(c if c >= " " or c == "\t" else f"\\u{ord(c):04x}" for c in out)
    return f'"{out}"'


def _iso_date(text: str) -> str:
    m = re.search(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text or "")
    if not m:
        return ""
    try:
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
    except ValueError:
        return ""


def act_toml(result: Fetched, languages: list[str], fmt: str, today: dt.date, header: dict[str, str]) -> str:
    """The act.toml for what was fetched (fields as in directives/README.md); the first language
    is the main file, the others are ``language`` alternates."""
    celex = result.celex
    m = CELEX_RE.match(celex)
    kind = KIND_BY_TYPE.get(m.group(3), "law") if m else "law"
    consolidated = m.group(6) if m else None
    main = languages[0]
    if consolidated:
        version_date = f"{consolidated[:4]}-{consolidated[4:6]}-{consolidated[6:]}"
        date_note = "version_date is the consolidation date in the CELEX number"
    else:
        version_date = _iso_date(header.get("date", ""))
        date_note = "version_date is the Official Journal publication date" if version_date else ""
    gazette = ""
    if header.get("oj"):
        oj = header["oj"].split("/")[0].strip()
        gazette = f"OJ {oj}, {header.get('date', '').strip()}".rstrip(", ")
    retrieved = today.isoformat()
    notes = (f"Downloaded from {'EUR-Lex (XHTML)' if fmt == 'xhtml' else 'the Publications Office CELLAR (Formex 4)'} "
             f"by `concordance fetch` on {retrieved}; title taken from the document."
             + (f" {date_note}." if date_note else ""))
    lines = [
        "# Written by `concordance fetch`. Check the title and dates against the Official Journal.",
        f"key = {_toml_str(celex)}",
        f"title = {_toml_str(result.titles[main])}",
        'jurisdiction = "EU"',
        f"kind = {_toml_str(kind)}",
        f"language = {_toml_str(main)}",
        f"script = {_toml_str(SCRIPT.get(main, 'latin'))}",
        f"version_date = {_toml_str(version_date)}",
        f"gazette = {_toml_str(gazette)}",
        f"celex = {_toml_str(celex)}",
        "complete = true",
        f"notes = {_toml_str(notes)}",
        "",
        "[source]",
        f"url = {_toml_str(result.urls[main])}",
        f"retrieved = {_toml_str(retrieved)}",
        "",
        "[files]",
        f"main = {_toml_str(result.files[main].name)}",
    ]
    for lang in languages[1:]:
        lines += [
            "",
            "[[files.alternate]]",
            f"id = {_toml_str(lang)}",
            f"path = {_toml_str(result.files[lang].name)}",
            'role = "language"',
            f"language = {_toml_str(lang)}",
            f"script = {_toml_str(SCRIPT.get(lang, 'latin'))}",
            f"title = {_toml_str(result.titles[lang])}",
            f"source = {_toml_str(result.urls[lang])}",
        ]
    return "\n".join(lines) + "\n"
