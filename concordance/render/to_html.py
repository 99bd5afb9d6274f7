"""Context -> HTML through Jinja2: autoescaped, printable (CSS @page, repeated table heads), and
self-contained (inline CSS, no scripts, fonts or images from anywhere)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from ..outputs import atomic_write_text
from .labels import TOC_DIR
from .template_check import TemplateFault, jinja_fault, leftover_tags_text, without_tag_chars


def html_environment(template: Path) -> jinja2.Environment:
    """Loader over the template's own folder first, then the bundled templates (for {% extends %})."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(template.parent), str(TOC_DIR)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(context: dict[str, Any], template: Path, out: Path) -> Path:
    """Render ``template`` (Jinja, autoescaped) with ``context`` into ``out``, atomically; a template
    error or a tag the template left unrendered is a :class:`TemplateFault` and nothing is written.
    Braces in the data (an act quoting "{{") are escaped text, shown as they are."""
    env = html_environment(template)
    try:
        source = template.read_text(encoding="utf-8")
        tpl = env.from_string(source) if template.parent != TOC_DIR else env.get_template(template.name)
        html = tpl.render(context)
        # Tag-like text may be the acts' own words (shown literally): only what the template
        # left counts, so look again with the data's braces taken out (template_check).
        left = leftover_tags_text(html) and leftover_tags_text(tpl.render(without_tag_chars(context)))
    except UnicodeDecodeError as exc:
        raise TemplateFault("is not UTF-8 text.", where=str(template), todo="Save the template as UTF-8.") from exc
    except jinja2.TemplateSyntaxError as exc:
        if exc.filename is None and exc.name is None:
            exc.filename = str(template)
        raise jinja_fault(exc, template) from exc
    except jinja2.TemplateError as exc:
        raise jinja_fault(exc, template) from exc
    if left:
        raise TemplateFault(f"the template leaves tags unrendered in the HTML: {left[0]!r}.", where=str(template),
                            todo="Fix those tags in the template.")
    atomic_write_text(out, html)
    return out
