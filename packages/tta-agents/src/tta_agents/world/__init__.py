"""WBA, the world model: worlds as data files, per-session state, a deterministic engine."""

from tta_agents.world.catalog import (
    Preferences,
    World,
    WorldCatalog,
    WorldSummary,
    compatibility,
    get_world,
    list_worlds,
    shipped_catalog,
)
from tta_agents.world.engine import apply_intent
from tta_agents.world.evaluation import PlayLine, evaluate, read_play_corpus, render
from tta_agents.world.lint import lint_world
from tta_agents.world.loader import SHIPPED_WORLDS_DIR, load_world_file, load_worlds_dir
from tta_agents.world.model import WorldDefinition
from tta_agents.world.state import Outcome, WorldState

__all__ = [
    "SHIPPED_WORLDS_DIR",
    "Outcome",
    "PlayLine",
    "Preferences",
    "World",
    "WorldCatalog",
    "WorldDefinition",
    "WorldState",
    "WorldSummary",
    "apply_intent",
    "compatibility",
    "evaluate",
    "get_world",
    "lint_world",
    "list_worlds",
    "load_world_file",
    "load_worlds_dir",
    "read_play_corpus",
    "render",
    "shipped_catalog",
]
