"""Context -> DOCX through docxtpl: Jinja tags inside a Word template, so a ministry can restyle its
own form in Word and keep filling it from the tool."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate

from ..outputs import atomic_path
from .template_check import TemplateFault, check_docx_template, jinja_fault, leftover_tags_docx


def render_docx(context: dict[str, Any], template: Path, out: Path) -> Path:
    """Render ``template`` (a .docx with Jinja tags) with ``context`` into ``out`` (atomically).

    The template is checked for tags broken by Word's editing first; the result is checked for any
    tag left unrendered, and refused (never written) if one is found.
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
        left = leftover_tags_docx(tmp)
        if left:
            raise TemplateFault(f"the rendered document still contains template tags: {left[0]!r}"
                                + (f" (and {len(left) - 1} more)" if len(left) > 1 else "") + ".",
                                where=str(template), todo="Fix or retype those tags in the template.")
    return out
