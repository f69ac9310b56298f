"""A shipped world's scene at a chosen place, for tests of what a line means there."""

from __future__ import annotations

from tta_agents.intent.scene import Scene
from tta_agents.world.catalog import shipped_catalog
from tta_agents.world.scene import scene_of

__all__ = ["scene_at"]


def scene_at(world: str, location: str, **state: object) -> Scene:
    """The scene a player sees at ``location`` of the shipped ``world`` (``state``: other
    fields of a fresh world state, e.g. ``inventory``)."""
    found = shipped_catalog().world(world)
    return scene_of(found, found.new_state().model_copy(update={"location": location, **state}))
