"""Finding what is wrong with a user's edited template BEFORE it renders into a broken ToC.

Word splits what a user types into runs; docxtpl re-joins a tag split across runs, but it cannot
repair a tag that editing broke ("{ {", "{{ x }", a tag whose halves landed in two paragraphs). Such
a tag would come out as literal braces in a signed document, so it is reported with the paragraph
(and table cell) where it sits.

After rendering, an output is checked for tags the TEMPLATE left unrendered (a `{% raw %}` block, a
part the renderer does not fill, a tag the checks above could not see). Law texts, reviewers'
comments and labels are data: they may quote "{{", "{%" or "{#" and are shown literally (escaped,
never executed), so they must never trip this check. When an output contains tag-like text, the
template is rendered once more with :func:`without_tag_chars` of the context, in which no string
holds a brace, "%" or "#"; whatever tag remains there was written by the template. That probe is
only for checking: what is written is the first rendering, legal text untouched.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import IO, Any

import jinja2
from lxml import etree

from ..errors import InputError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)

_OPEN = {"{{": "}}", "{%": "%}", "{#": "#}"}
_TOKEN = re.compile(r"\{\{|\{%|\{#|\}\}|%\}|#\}")
_BROKEN = re.compile(r"\{\s+[{%#]|[}%#]\s+\}")
# docxtpl's own tags, which jinja2 alone does not know
_DOCXTPL_PREFIX = re.compile(r"(\{%|\{\{|\{#)(tr|tc|p|r)\s")
_DOCXTPL_TAGS = re.compile(r"\{%\s*(cellbg|colspan|vm|hm)\b[^%]*%\}")

TODO_SPLIT = ("Open the template in Word, delete the whole tag and type it again in one go "
              "(or paste it as plain text), so that it sits in one paragraph as {{ name }} or {% tag %}.")


class TemplateFault(InputError):
    """A template that cannot render: the file and the tag, line or paragraph at fault."""


def _part_paragraphs(xml: bytes) -> list[tuple[str, str]]:
    """(location, text) per paragraph of one document part, runs joined."""
    root = etree.fromstring(xml, _SAFE_PARSER)
    out = []
    tables = {t: i for i, t in enumerate(root.iter(f"{{{W}}}tbl"), 1)}  # keeps the proxies alive
    for n, p in enumerate(root.iter(f"{{{W}}}p"), 1):
        text = "".join(t.text or "" for t in p.iter(f"{{{W}}}t"))
        where = f"paragraph {n}"
        tc = next((a for a in p.iterancestors(f"{{{W}}}tc")), None)
        if tc is not None:
            tr = tc.getparent()
            tbl = tr.getparent()
            row_no = list(tbl.iterchildren(f"{{{W}}}tr")).index(tr) + 1
            cell_no = list(tr.iterchildren(f"{{{W}}}tc")).index(tc) + 1
            where += f" (table {tables.get(tbl, '?')}, row {row_no}, cell {cell_no})"
        out.append((where, text))
    return out


def docx_paragraphs(path: Path | IO[bytes], label: str | None = None) -> list[tuple[str, str, str]]:
    """(part, location, text) for every paragraph of the document, headers, footers and notes.

    ``path`` is a file name or an open binary file (an in-memory probe rendering); ``label`` is what
    error messages call it (default: ``path``)."""
    where_ = label or str(path)
    out = []
    try:
        with zipfile.ZipFile(path) as z:
            names = sorted(n for n in z.namelist() if _PARTS.match(n))
            if "word/document.xml" not in names:
                raise InputError("is not a Word document (no word/document.xml).", where=where_,
                                 todo="Give a .docx template saved by Word or LibreOffice.")
            for name in names:
                for where, text in _part_paragraphs(z.read(name)):
                    out.append((name, where, text))
    except zipfile.BadZipFile as exc:
        raise InputError("is not a .docx file (not a zip package).", where=where_,
                         todo="Save the template as Word .docx (not .doc or .odt).") from exc
    except etree.XMLSyntaxError as exc:
        raise InputError(f"has broken XML inside: {exc}.", where=where_,
                         todo="Open and re-save the template in Word.") from exc
    return out


def _scan_tags(text: str) -> str | None:
    """What is malformed about the tags in one paragraph's text, or None."""
    m = _BROKEN.search(text)
    if m:
        return f"the tag is broken by a space inside its braces: {m.group(0)!r}"
    stack: list[str] = []
    for tok in _TOKEN.finditer(text):
        t = tok.group(0)
        if t in _OPEN:
            if stack:
                return f"tag {stack[-1]!r} is not closed before {t!r}"
            stack.append(t)
        else:
            if not stack:
                return f"{t!r} closes a tag that was never opened in this paragraph"
            if _OPEN[stack[-1]] != t:
                return f"tag opened with {stack[-1]!r} is closed with {t!r}"
            stack.pop()
    if stack:
        return f"tag opened with {stack[-1]!r} is not closed in the same paragraph (Word may have split it)"
    return None


def check_docx_template(path: Path) -> None:
    """Raise :class:`TemplateFault` for a split or malformed tag, or a Jinja syntax error, naming the
    paragraph (and table cell) at fault. Runs before docxtpl touches the file."""
    paragraphs = docx_paragraphs(path)
    for part, where, text in paragraphs:
        problem = _scan_tags(text)
        if problem:
            raise TemplateFault(f"{problem}: {text.strip()[:120]!r}.", where=f"{path}, {part}, {where}",
                                todo=TODO_SPLIT)
    # Jinja syntax: one line per paragraph, so the error's line number names the paragraph.
    for part in dict.fromkeys(p for p, _, _ in paragraphs):
        lines = [(where, text) for p, where, text in paragraphs if p == part]
        skeleton = "\n".join(_DOCXTPL_PREFIX.sub(r"\1 ", _DOCXTPL_TAGS.sub("", t)) for _, t in lines)
        try:
            jinja2.Environment().parse(skeleton)
        except jinja2.TemplateSyntaxError as exc:
            idx = max(0, min(len(lines), exc.lineno or 1) - 1)
            where, text = lines[idx] if lines else ("", "")
            raise TemplateFault(f"template error: {exc.message}; at {text.strip()[:120]!r}.",
                                where=f"{path}, {part}, {where}",
                                todo="Fix that tag in Word (each {% for %} / {% if %} needs its {% endfor %} / "
                                     "{% endif %}; names are as in docs/template-context.md).") from exc


_LEFTOVER = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")


_NO_TAG_CHARS = str.maketrans({"{": "(", "}": ")", "%": "_", "#": "_"})


def without_tag_chars(value: Any) -> Any:
    """A copy of a template context in which every string has "{", "}", "%" and "#" replaced
    (by "(", ")", "_", "_"), keys and structure unchanged.

    Rendering a template with it gives an output whose tag-like text can only have come from the
    template itself: the probe :func:`leftover_tags_docx` / :func:`leftover_tags_text` then check.
    Never written anywhere: it alters the data, which is exactly why it is only a probe."""
    if isinstance(value, str):
        return value.translate(_NO_TAG_CHARS)  # a markupsafe.Markup stays Markup
    if isinstance(value, dict):
        return {k: without_tag_chars(v) for k, v in value.items()}
    if isinstance(value, list):
        return [without_tag_chars(v) for v in value]
    if isinstance(value, tuple):
        return tuple(without_tag_chars(v) for v in value)
    return value


def leftover_tags_docx(path: Path | IO[bytes], label: str | None = None) -> list[str]:
    """Paragraphs of a RENDERED document that still contain template braces ("where: text")."""
    return [f"{part}, {where}: {_around_tag(text)}" for part, where, text in docx_paragraphs(path, label)
            if _LEFTOVER.search(text)]


def leftover_tags_text(text: str) -> list[str]:
    """Lines of rendered HTML/text that still contain template braces."""
    return [f"line {n}: {_around_tag(line)}" for n, line in enumerate(text.splitlines(), 1)
            if _LEFTOVER.search(line)]


def _around_tag(text: str, before: int = 40, after: int = 60) -> str:
    """The text around the first tag-like token, so an error shows the tag, not a line's start."""
    m = _LEFTOVER.search(text)
    start, end = max(0, m.start() - before), min(len(text), m.end() + after)
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def jinja_fault(exc: jinja2.TemplateError, template: Path | str) -> TemplateFault:
    """A Jinja error as the user's error, with the template file and line."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        name = exc.filename or exc.name or str(template)
        return TemplateFault(f"template syntax error: {exc.message}.", where=f"{name}, line {exc.lineno}",
                             todo="Fix the tag on that line (names are as in docs/template-context.md).")
    if isinstance(exc, jinja2.UndefinedError):
        return TemplateFault(f"the template uses a name the context does not have: {exc.message}.",
                             where=str(template),
                             todo="Use the names listed in docs/template-context.md.")
    if isinstance(exc, jinja2.TemplateNotFound):
        return TemplateFault(f"template not found: {exc.name}.", where=str(template),
                             todo="Check the template path and any {% extends %} / {% include %} names.")
    return TemplateFault(f"template error: {exc}.", where=str(template), todo="Fix the template.")
