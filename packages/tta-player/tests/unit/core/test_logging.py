import json
import logging
import sys

from tta_player.core.logging import (
    JsonFormatter,
    RedactingFormatter,
    RequestIdFilter,
    configure_logging,
    redact,
    request_id_var,
)


def test_json_lines_carry_the_request_id_and_extra_fields() -> None:
    record = logging.makeLogRecord(
        {"name": "tta_player.access", "levelname": "INFO", "msg": "GET %s", "args": ("/x",)}
    )
    record.status = 200
    token = request_id_var.set("req-1")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id_var.reset(token)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "GET /x"
    assert line["request_id"] == "req-1"
    assert line["status"] == 200
    assert line["level"] == "info"


def test_exceptions_are_logged_as_one_json_line() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.makeLogRecord({"msg": "failed", "exc_info": sys.exc_info()})
    line = json.loads(JsonFormatter().format(record))
    assert "ValueError: boom" in line["exception"]


def test_configure_logging_routes_everything_through_one_handler() -> None:
    root = logging.getLogger()
    saved, level = root.handlers[:], root.level
    try:
        configure_logging("debug", json_lines=False)
        assert len(root.handlers) == 1
        assert root.level == logging.DEBUG
        configure_logging("info", json_lines=True)
        assert isinstance(root.handlers[0].formatter, JsonFormatter)
    finally:
        root.handlers[:] = saved
        root.setLevel(level)


JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwLTEifQ.c2lnbmF0dXJl"  # pragma: allowlist secret


def test_credentials_never_reach_a_formatted_line() -> None:
    lines = [
        ('127.0.0.1:5 - "WebSocket %s" [accepted]', (f"/ws/play?token={JWT}&x=1",)),
        ("GET %s", ("/x?refresh_token=opaque-refresh-value&password=hunter2hunter2",)),
        ("header was %s", (f"Authorization: Bearer {JWT}",)),
        ("bare %s", (JWT,)),
    ]
    for json_lines in (True, False):
        formatter = JsonFormatter() if json_lines else RedactingFormatter("%(message)s")
        for msg, args in lines:
            record = logging.makeLogRecord({"msg": msg, "args": args})
            text = formatter.format(record)
            for secret in (JWT, "opaque-refresh-value", "hunter2hunter2", "c2lnbmF0dXJl"):
                assert secret not in text
            assert "[redacted]" in text
            if json_lines:
                json.loads(text)  # still one valid JSON line
    kept = logging.makeLogRecord({"msg": "GET /api/v1/sessions/{session_id} 200"})
    assert JsonFormatter().format(kept).count("[redacted]") == 0


def test_a_traceback_holding_a_token_is_redacted() -> None:
    try:
        raise ValueError(f"bad token {JWT}")
    except ValueError:
        record = logging.makeLogRecord({"msg": "failed", "exc_info": sys.exc_info()})
    assert JWT not in JsonFormatter().format(record)
    assert JWT not in RedactingFormatter("%(message)s").format(record)


def test_redact_leaves_ordinary_text_alone() -> None:
    text = "tokens=3 tokenizer=ok the token was fine; Bearer"
    assert redact(text) == text
