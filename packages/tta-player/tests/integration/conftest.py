"""The API suite runs twice: on a real SQLite file and on a real PostgreSQL database."""

from __future__ import annotations

import pytest


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str | None:
    if request.param == "postgresql":
        return request.getfixturevalue("postgres_database")
    return None
