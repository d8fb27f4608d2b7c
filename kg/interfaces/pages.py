"""The HTML pages kg writes (the served article page, `kg viz`), from Jinja2 templates in web/,
escaped by Jinja2's autoescaping."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2

WEB_DIR = Path(__file__).resolve().parent / "web"


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(WEB_DIR), autoescape=True, keep_trailing_newline=True)


def render(template: str, **values: Any) -> str:
    """The template web/`template` filled with `values` (text escaped; mark markup |safe)."""
    return _environment().get_template(template).render(**values)
