"""CLI: render commands (filled in by its issue)."""
from .app import main  # noqa: F401
