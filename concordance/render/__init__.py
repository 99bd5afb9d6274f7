"""Render a Table of Concordance in a jurisdiction's official format, as DOCX, HTML or XLSX.

One pipeline for every format and output::

    Concordance + header --build_context--> context (docs/template-context.md)
        --> DOCX  (docxtpl, templates/toc/<format>.docx: Jinja inside Word, restylable in Word)
        --> HTML  (Jinja2, templates/toc/<format>.html.j2: autoescaped, printable, self-contained)
        --> XLSX  (openpyxl: the adviser's working copy)

Formats and their wording are data: ``templates/toc/<format>.toml`` (columns, directions) and
``templates/labels/<format>.<lang>.toml`` (titles, columns, compatibility labels mapped to the
canonical :class:`~concordance.model.Compatibility`).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Mapping

from ..errors import InputError
from ..model import Act, Concordance
from ..outputs import inside, output_target, safe_name
from .context import HEADER_KEYS, build_context, effective_compatibility
from .labels import FORMATS, TOC_DIR, compatibility_from_label, format_spec, load_labels, wording_kind
from .template_check import TemplateFault, check_docx_template
from .to_docx import render_docx
from .to_html import render_html
from .to_xlsx import render_xlsx

OUTPUTS = ("docx", "html", "xlsx")
_EXT = {"docx": ".docx", "html": ".html", "xlsx": ".xlsx"}
HTML_TEMPLATE_SUFFIXES = (".j2", ".jinja", ".html", ".htm")

__all__ = [
    "render", "build_context", "default_template", "FORMATS", "OUTPUTS", "HEADER_KEYS", "TemplateFault",
    "check_docx_template", "compatibility_from_label", "effective_compatibility", "load_labels",
    "format_spec", "wording_kind",
]


def default_template(fmt: str, as_: str) -> Path:
    """The bundled template of ``fmt`` for ``as_`` (docx or html)."""
    format_spec(fmt)
    return TOC_DIR / (f"{fmt}.docx" if as_ == "docx" else f"{fmt}.html.j2")


def render(concordance: Concordance, fmt: str, as_: str, out: str | os.PathLike, header: Mapping[str, Any] | None = None,
           lang: str | None = None, script: str | None = None, template: str | os.PathLike | None = None,
           acts: Mapping[str, Act] | None = None) -> Path:
    """Write ``concordance`` as a ToC in format ``fmt`` (mk, me, rs, xk, al, ba, eu) to ``out``.

    ``as_`` is docx, html or xlsx; ``header`` the form's header fields (title, title_en, drafter,
    code, version, date, responsible); ``lang``/``script`` choose the labels (Serbian ``rs`` in
    cyrillic or latin); ``template`` a user's edited copy of the template (docx/html only);
    ``acts`` (national act key -> Act, optional) lets the national->EU table list every national
    article. If ``out`` is an existing folder the file is named ``<format>-<reference>.<ext>`` in it.
    Raises :class:`~concordance.errors.InputError` (e.g. :class:`TemplateFault`) for bad input.
    """
    if as_ not in OUTPUTS:
        raise InputError(f"unknown output type {as_!r}.", todo=f"Use one of: {', '.join(OUTPUTS)}.")
    spec = format_spec(fmt)
    labels = load_labels(fmt, lang)
    allowed = spec.scripts or (labels.script,)
    if script and script not in allowed:
        raise InputError(f"format {fmt!r} is not available in {script} script.",
                         todo=f"Use --script {' or '.join(allowed)} (or leave --script out).")
    labels = load_labels(fmt, lang, script, kind=concordance.reference.kind)
    out = Path(out)
    if out.is_dir():
        out = inside(out, f"{fmt}-{safe_name(concordance.reference.key)}{_EXT[as_]}")
    output_target(out)  # a mistyped folder fails now, not after the context is built
    context = build_context(concordance, spec, labels, header, acts)
    if as_ == "xlsx":
        if template is not None:
            raise InputError("--template applies to docx and html output only.",
                             todo="Leave out --template for xlsx, or choose --as docx/html.")
        return render_xlsx(context, out)
    tpl = Path(template) if template is not None else default_template(fmt, as_)
    if not tpl.is_file():
        raise InputError("template file not found.", where=str(tpl), todo="Check the --template path.")
    if as_ == "docx":
        if tpl.suffix.lower() != ".docx":
            raise InputError("a DOCX output needs a .docx template.", where=str(tpl),
                             todo="Give a Word .docx template (an edited copy of templates/toc/<format>.docx).")
        return render_docx(context, tpl, out)
    if tpl.suffix.lower() not in HTML_TEMPLATE_SUFFIXES:
        raise InputError("an HTML output needs an HTML (Jinja) template.", where=str(tpl),
                         todo="Give an edited copy of templates/toc/<format>.html.j2 (ending in .j2, .html "
                              "or .htm).")
    return render_html(context, tpl, out)
