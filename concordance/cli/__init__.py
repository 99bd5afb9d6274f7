"""Command-line interface: ``concordance <command>``. Each command module registers on ``main``."""
from .app import main

# Each module adds its commands to ``main`` when imported.
from . import parse_cmd  # noqa: E402,F401  parse
from . import fetch_cmd  # noqa: E402,F401  fetch
from . import acts_cmd  # noqa: E402,F401  acts (the bundled catalogue)
from . import match_cmd  # noqa: E402,F401  match (file x file)
from . import project_cmd  # noqa: E402,F401  init, add, show (and match PROJECT)
from . import review_cmd  # noqa: E402,F401  review export / import
from . import render_cmd  # noqa: E402,F401  render, toc
from . import status_cmd  # noqa: E402,F401  status, snapshot, dashboard

__all__ = ["main"]
