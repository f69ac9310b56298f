"""How tta_agents reads its YAML data files (rule packs, crisis resources, worlds, phrases).

``yaml.safe_load`` semantics, with libyaml's C parser when PyYAML was built with it: the
shipped rule pack alone took most of a second to parse in pure Python, at every start.
Errors are the same ``yaml.YAMLError`` family either way.
"""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["load_yaml"]

_HAS_LIBYAML = hasattr(yaml, "CSafeLoader")


def load_yaml(text: str) -> Any:
    """Parse one YAML document of plain data (no tags that build Python objects)."""
    if _HAS_LIBYAML:
        return yaml.load(text, Loader=yaml.CSafeLoader)
    return yaml.safe_load(text)  # pragma: no cover - PyYAML built without libyaml
