"""Every WebSocket error code the service can send is snake_case and listed in the protocol doc."""

from __future__ import annotations

import re
from pathlib import Path

from tta_agents import realtime
from tta_agents.adapters import realtime as realtime_adapters
from tta_agents.realtime.protocol import ERROR_CODE_PATTERN
from tta_player import errors
from tta_player.api.realtime import error_code

ROOT = Path(__file__).resolve().parents[4]
DOC = ROOT / "docs" / "rewrite" / "realtime_protocol.md"


def _documented() -> set[str]:
    rows = re.findall(r"^\| ((?:`[a-z_]+`(?:, )?)+) \|", DOC.read_text(), re.M)
    return {code for row in rows for code in re.findall(r"`([a-z_]+)`", row)}


def _sent_by_the_realtime_engine() -> set[str]:
    """Codes of the ``ErrorEvent``s and ``ProtocolError``s in the real-time engine and adapters."""
    lines = (
        line
        for package in (realtime, realtime_adapters)
        for path in Path(str(package.__file__)).parent.glob("*.py")
        for line in path.read_text().splitlines()
        if "AuthError" not in line  # its ``code`` is a metric label, not an error event
    )
    return {c for line in lines for c in re.findall(r'(?:code=|ProtocolError\()"([a-z_]+)"', line)}


def test_every_code_is_documented_and_snake_case() -> None:
    service_errors = {
        cls
        for cls in vars(errors).values()
        if isinstance(cls, type)
        and issubclass(cls, errors.PlayerServiceError)
        and cls not in (errors.PlayerServiceError, errors.ConfigurationError)
    }
    codes = {error_code(cls()) for cls in service_errors} | _sent_by_the_realtime_engine()
    assert {"invalid_json", "input_failed", "invalid_input", "rate_limited"} <= codes
    assert all(re.fullmatch(ERROR_CODE_PATTERN, code) for code in codes)
    undocumented = codes - _documented()
    assert not undocumented, f"add to {DOC.name}'s error table: {sorted(undocumented)}"
