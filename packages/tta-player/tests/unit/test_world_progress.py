"""Progress per world: milestones reached out of the world's total, and completion."""

from __future__ import annotations

from datetime import UTC, datetime

from tta_agents.world import list_worlds
from tta_player.db.models import ProgressEvent
from tta_player.services.progress import world_progress

AT = datetime(2026, 12, 7, tzinfo=UTC)


def event(kind: str, key: str, world_id: str | None, title: str = "t") -> ProgressEvent:
    return ProgressEvent(kind=kind, key=key, world_id=world_id, title=title, created_at=AT)


def test_each_world_counts_its_own_milestones_and_completion() -> None:
    events = [
        event("milestone", "first_breath", "mindfulness_garden"),
        event("milestone", "first_breath", "mindfulness_garden"),  # counted once
        event("milestone", "here_and_now", "trauma_healing"),
        event("exercise", "garden_breath", "mindfulness_garden"),
        event("completion", "trauma_healing", "trauma_healing", "The way through the forest"),
        event("milestone", "orphan", None),  # a session that is gone: no world to count it in
    ]
    rows = {w.world_id: w for w in world_progress(events, list_worlds())}
    assert set(rows) == {w.id for w in list_worlds()}
    garden, forest = rows["mindfulness_garden"], rows["trauma_healing"]
    assert (garden.milestones_reached, garden.milestones_total, garden.completed) == (1, 3, False)
    assert garden.completed_at is None
    assert forest.milestones_reached == 1
    assert forest.completed is True
    assert forest.completed_at == AT
    assert forest.ending_title == "The way through the forest"
    assert rows["social_confidence"].milestones_reached == 0
