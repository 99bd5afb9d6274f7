"""Shared fixtures: a fresh project target on each database engine the store supports.

``store_target`` gives a new, empty place for a project: a file path for SQLite, and for
PostgreSQL a URL whose ``search_path`` is a schema made for the test alone (dropped afterwards).
The PostgreSQL server is named by ``CONCORDANCE_TEST_PG`` (``.ci/run`` starts a throwaway one);
without it the PostgreSQL variant is skipped with that reason, except under CI, where it fails.
"""
from __future__ import annotations

import os
import uuid
from urllib.parse import quote

import pytest

PG_ENV = "CONCORDANCE_TEST_PG"


def pg_base_url() -> str:
    """The test server's URL, or a skip (a failure in CI) saying how to get one."""
    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        reason = (f"no PostgreSQL server for the tests: set {PG_ENV}=postgresql://... "
                  "(`bash .ci/pg-throwaway start DIR` starts one)")
        if os.environ.get("CI"):
            pytest.fail(reason + " - CI must run the PostgreSQL variant")
        pytest.skip(reason)
    return url


def with_search_path(url: str, schema: str) -> str:
    """The URL with libpq's ``options`` setting the schema the project's tables go in."""
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options={quote(f'-csearch_path={schema}')}"


def fresh_pg_schema(request: pytest.FixtureRequest) -> str:
    """A URL into a new, empty schema of the test server, dropped when the test ends."""
    import psycopg

    base = pg_base_url()
    schema = "t_" + uuid.uuid4().hex[:16]
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")

    def drop() -> None:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
    request.addfinalizer(drop)
    return with_search_path(base, schema)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_target(request: pytest.FixtureRequest, tmp_path) -> str:
    """Where to create a project: a new file, or a new PostgreSQL schema (both engines)."""
    if request.param == "sqlite":
        return str(tmp_path / "p.concordance")
    return fresh_pg_schema(request)


@pytest.fixture
def pg_target(request: pytest.FixtureRequest) -> str:
    """A new PostgreSQL schema only (tests of what only a server does)."""
    return fresh_pg_schema(request)
