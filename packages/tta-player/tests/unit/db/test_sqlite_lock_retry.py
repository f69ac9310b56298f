"""``retry_while_locked``: the statement SQLite refuses at once with "database is locked"
(turning a new file to WAL while another connection does the same) is run again."""

from __future__ import annotations

import sqlite3

import pytest

from tta_player.db.engine import retry_while_locked


class Refusing:
    """A statement that SQLite refuses ``times`` times before it runs."""

    def __init__(self, times: int, message: str = "database is locked") -> None:
        self.left = times
        self.message = message
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        if self.left:
            self.left -= 1
            raise sqlite3.OperationalError(self.message)
        return "wal"


def test_a_statement_refused_while_locked_runs_once_the_lock_is_gone() -> None:
    statement = Refusing(times=3)
    assert retry_while_locked(statement, patience_s=5) == "wal"
    assert statement.calls == 4


def test_other_errors_are_raised_at_once() -> None:
    statement = Refusing(times=3, message="no such table: players")
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        retry_while_locked(statement, patience_s=5)
    assert statement.calls == 1


def test_a_lock_that_outlasts_the_patience_is_raised() -> None:
    statement = Refusing(times=10_000)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        retry_while_locked(statement, patience_s=0.1)
    assert 2 <= statement.calls < 20
