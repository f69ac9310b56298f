"""What to do next: suggestions for the spot, and hints that say more each time they are asked."""

from __future__ import annotations

from tta_agents.world.state import Outcome
from tta_agents.world.step import Step
from tta_agents.world.suggestions import next_goal
from tta_agents.world.wording import in_sentence, route

__all__ = ["hint"]

_NUDGES = {
    "visit": "somewhere you have not been yet is worth a visit",
    "exercise": "a practice is waiting for you somewhere in this world",
    "talk": "someone here would be glad to talk with you",
    "take": "something worth carrying is lying about",
    "use": "something you have seen could be put to use",
}


def hint(step: Step) -> Outcome:
    """Asked once here: a nudge; twice: what and where; three times and more: the words."""
    here = step.location_id
    times = step.state.hints.get(here, 0) + 1
    step.updates["hints"] = {**step.state.hints, here: times}
    goal = next_goal(step.world, step.draft())
    if goal is None:
        return step.done("hint_done", step.facts())
    path = route(step.world, here, goal.where) if goal.where else []
    facts = step.facts(nudge=_NUDGES[goal.kind], what=goal.what, command=goal.command)
    if goal.where and goal.where != here and goal.kind != "visit":  # a visit names its place
        facts["where"] = in_sentence(step.world.locations[goal.where].title)
    if goal.where and goal.where != here:
        facts["route"] = ", then ".join(path or [])
    level = min(times, 3)
    if level == 3:
        step.suggestions = [f"go {path[0]}"] if path else [goal.command]
    return step.done(f"hint_{level}", facts)
