"""Where the tests find the project's shared data: the corpus the bundled texts were copied from and
the experts' dev-gold mappings.

They live beside the repository (``../shared`` from its root, where CI puts them), or wherever the
environment variable ``CONCORDANCE_SHARED`` points. Nothing here names a path of one machine. When
they are absent the tests that need them skip, and ``tests/conftest.py`` says so in the test output.
"""
from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ENV_VAR = "CONCORDANCE_SHARED"
SHARED = Path(os.environ[ENV_VAR]).expanduser() if os.environ.get(ENV_VAR) else REPO.parent / "shared"
CORPUS = SHARED / "corpus"
GOLD = SHARED / "dev-gold"


def absent() -> list[str]:
    """The shared folders the tests would use and cannot find."""
    return [str(p) for p in (CORPUS, GOLD) if not p.is_dir()]
