"""A compose project's file and name, without loading the file (the CLI's ``down -p`` needs
no more, and must not pay for yaml and pydantic)."""

from __future__ import annotations

import re
from pathlib import Path

from tta_docker.errors import StackConfigError

__all__ = ["DEFAULT_FILES", "find_compose_file", "project_name"]

DEFAULT_FILES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")


def find_compose_file(directory: Path) -> Path:
    for name in DEFAULT_FILES:
        if (directory / name).is_file():
            return directory / name
    raise FileNotFoundError(f"no compose file ({', '.join(DEFAULT_FILES)}) in {directory}")


def project_name(raw: str) -> str:
    """A Compose-style project name: lower case letters, digits, ``-`` and ``_``."""
    name = re.sub(r"[^a-z0-9_-]", "", raw.lower()).lstrip("-_")
    if not name:
        raise StackConfigError(f"project name {raw!r} has no usable characters")
    return name
