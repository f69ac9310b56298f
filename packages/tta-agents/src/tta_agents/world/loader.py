"""Reading world files (YAML or JSON) into validated ``WorldDefinition`` objects."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from pydantic import ValidationError

from tta_agents.errors import WorldDataError
from tta_agents.world.model import WorldDefinition
from tta_agents.yaml_data import load_yaml

__all__ = ["SHIPPED_WORLDS_DIR", "load_world_file", "load_worlds_dir"]

SHIPPED_WORLDS_DIR = Path(__file__).resolve().parent / "data"
_SUFFIXES = (".yaml", ".yml", ".json")


def load_world_file(path: Path) -> WorldDefinition:
    """Load and validate one world; a bad file raises ``WorldDataError`` naming file and field."""
    source = path.name
    try:
        raw_text = path.read_text(encoding="utf-8")
        raw = json.loads(raw_text) if path.suffix == ".json" else load_yaml(raw_text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, yaml.YAMLError) as exc:
        raise WorldDataError(source, "(file)", f"cannot be read: {exc}") from exc
    if not isinstance(raw, dict):
        raise WorldDataError(source, "(file)", "must hold a mapping at the top level")
    try:
        return WorldDefinition.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        message = first["msg"]
        if not field:  # a cross-reference check names the field in its message
            field, _, message = message.removeprefix("Value error, ").partition(": ")
        raise WorldDataError(source, field, message) from exc


def load_worlds_dir(folder: Path) -> list[WorldDefinition]:
    """Every world file in ``folder``, sorted by file name."""
    if not folder.is_dir():
        raise WorldDataError(str(folder), "(folder)", "is not a folder")
    return [load_world_file(path) for path in sorted(folder.iterdir()) if path.suffix in _SUFFIXES]
