"""Fixtures of the whole-system reliability suite (tests/reliability).

Every test here is marked ``reliability``; those that start a real server (a uvicorn
subprocess on 127.0.0.1, its own temporary data directory) are also ``integration``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # the suite's helpers (live.py) import as top-level modules
_SERVER_MODULES = {
    "test_attack_surface",
    "test_schema_fuzz",
    "test_websocket_fuzz",
    "test_faults",
    "test_load",
}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "reliability: the whole-system reliability suite")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        path = Path(str(item.fspath)).resolve()
        if HERE not in path.parents:
            continue
        item.add_marker(pytest.mark.reliability)
        if path.stem in _SERVER_MODULES:
            item.add_marker(pytest.mark.integration)
