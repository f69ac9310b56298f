"""Every failure the safety engine raises, under one base (itself under tta_agents' base).

```
AgentError (tta_agents.errors)
└── SafetyError
    ├── PackError (ValueError)      a data file is invalid: names the file, the rule and the field
    │   ├── RulePackError           a rule pack (YAML) is invalid
    │   └── ResourceFileError       a crisis resources file (YAML) is invalid
    └── CorpusError (ValueError)    a labelled corpus line is invalid (evaluation.py)
```

``SafetyEngine.check`` never raises: an internal failure answers ``concern`` with support
resources (``verdict.degraded``). A bad pack raises ``RulePackError`` only from an explicit
load or ``reload()``; a hot reload that meets one keeps the last good rules.
"""

from __future__ import annotations

from tta_agents.errors import AgentError

__all__ = ["PackError", "ResourceFileError", "RulePackError", "SafetyError"]


class SafetyError(AgentError):
    """Base of every safety engine error."""


class PackError(SafetyError, ValueError):
    """A data file is invalid; ``path``, ``rule_id`` and ``field`` say where."""

    def __init__(
        self, path: str, reason: str, *, rule_id: str | None = None, field: str | None = None
    ) -> None:
        self.path = path
        self.rule_id = rule_id
        self.field = field
        self.reason = reason
        where = [path]
        if rule_id is not None:
            where.append(f"rule {rule_id!r}")
        if field is not None:
            where.append(f"field {field!r}")
        super().__init__(f"{': '.join(where)}: {reason}")


class RulePackError(PackError):
    """A rule pack is invalid."""


class ResourceFileError(PackError):
    """A crisis resources file is invalid."""
