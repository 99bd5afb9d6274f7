"""Context -> DOCX through docxtpl: Jinja tags inside a Word template, so a ministry can restyle its
own form in Word and keep filling it from the tool."""
from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate

from ..outputs import atomic_path
from .template_check import (TemplateFault, check_docx_template, jinja_fault, leftover_tags_docx,
                             without_tag_chars)


def render_docx(context: dict[str, Any], template: Path, out: Path) -> Path:
    """Render ``template`` (a .docx with Jinja tags) with ``context`` into ``out`` (atomically).

    The template is checked for tags broken by Word's editing first; the result is checked for any
    tag the template left unrendered, and refused (never written) if one is found. Braces in the
    data (an act quoting "{{") are escaped text, shown as they are, and never count as such a tag.
    """
    check_docx_template(template)
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    try:
        tpl = DocxTemplate(str(template))
        tpl.render(context, jinja_env=env, autoescape=True)
    except jinja2.TemplateError as exc:
        fault = jinja_fault(exc, template)
        lines = [s.strip() for s in getattr(exc, "docx_context", []) if s.strip()]
        if lines:
            fault = TemplateFault(f"{fault.what} Near: {' / '.join(lines)[:200]!r}.", where=f"{template}",
                                  todo=fault.todo)
        raise fault from exc
    with atomic_path(out) as tmp:
        tpl.save(str(tmp))
        left = leftover_tags_docx(tmp) and _template_leftovers(context, template, env)
        if left:
            raise TemplateFault(f"the template leaves tags unrendered in the document: {left[0]!r}"
                                + (f" (and {len(left) - 1} more)" if len(left) > 1 else "") + ".",
                                where=str(template), todo="Fix or retype those tags in the template.")
    return out


def _template_leftovers(context: dict[str, Any], template: Path, env: jinja2.Environment) -> list[str]:
    """Tags the TEMPLATE left: the rendered document had tag-like text, which may be the acts' own
    words (a law quoting "{{"), so render once more, in memory, with the data's braces taken out
    (:func:`without_tag_chars`) and look there. Only run when the real output shows such text."""
    probe = DocxTemplate(str(template))
    probe.render(without_tag_chars(context), jinja_env=env, autoescape=True)
    buf = io.BytesIO()
    probe.save(buf)
    buf.seek(0)
    return leftover_tags_docx(buf, label=f"{template} (rendered)")
