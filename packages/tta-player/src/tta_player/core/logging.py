"""Structured JSON logs; every line carries the id of the request it belongs to.

No credential reaches a log line: whatever a line holds (our message, uvicorn's handshake
line with its query string, a traceback), the formatted text passes ``redact`` last, which
blanks token and password query parameters, bearer credentials and anything shaped like a
JWT.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from contextvars import ContextVar
from datetime import UTC, datetime

__all__ = [
    "JsonFormatter",
    "RedactingFormatter",
    "RequestIdFilter",
    "configure_logging",
    "redact",
    "request_id_var",
]

request_id_var: ContextVar[str] = ContextVar("tta_request_id", default="")
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


REDACTED = "[redacted]"
# A value ends where a query parameter, a quoted string or a JSON line's string would.
_VALUE = r"[^&\s\"'\\]+"
_SECRET_PARAM = re.compile(
    r"(?i)((?:^|[?&;\s])(?:access_token|refresh_token|id_token|token|password|secret|csrf_token)=)"
    + _VALUE
)
_BEARER = re.compile(r"(?i)(\bbearer\s+)" + _VALUE)
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")


def redact(text: str) -> str:
    """``text`` with every credential it may hold replaced by ``[redacted]``."""
    text = _SECRET_PARAM.sub(lambda m: m.group(1) + REDACTED, text)
    text = _BEARER.sub(lambda m: m.group(1) + REDACTED, text)
    return _JWT.sub(REDACTED, text)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", ""),
        }
        line.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return redact(json.dumps(line, default=str))


class RedactingFormatter(logging.Formatter):
    """The plain-text format, credentials redacted like the JSON lines."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def configure_logging(level: str = "INFO", *, json_lines: bool = True) -> None:
    """Send every log line (uvicorn's included) to stderr, as JSON or plain text."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(
        JsonFormatter()
        if json_lines
        else RedactingFormatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)
