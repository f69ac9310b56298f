"""Exercises, told in the place where they happen."""

from __future__ import annotations

from tta_agents.pipeline.events import ProgressSignal
from tta_agents.world.model import Exercise
from tta_agents.world.state import Outcome
from tta_agents.world.step import Step
from tta_agents.world.wording import in_sentence, join_words, lower_first, route

__all__ = ["exercise", "home_of", "practise"]


def home_of(step: Step, exercise_id: str) -> str | None:
    """The location where an exercise is practised (None: it comes with an item)."""
    return next(
        (loc.id for loc in step.world.definition.locations if exercise_id in loc.exercises), None
    )


def _here(step: Step, kind: str | None) -> Exercise | None:
    here = [step.world.exercises[e] for e in step.location.exercises]
    if kind is None:
        fresh = [e for e in here if e.id not in step.state.exercises_done]
        return (fresh or here or [None])[0]
    return next((e for e in here if e.kind == kind), None)


def exercise(step: Step) -> Outcome:
    kind = step.intent.exercise
    found = _here(step, kind)
    if found:
        return practise(step, found, "")
    if kind is None:
        nearest = _nearest(step)
        if nearest is None:
            titles = [e.title for e in step.world.exercises.values()]
            facts = step.facts(kind="exercise", exercises=join_words(titles))
            return step.done("exercise_none", facts)
        kind = nearest.kind  # any exercise asked for where none is set: a short one here
    return _short_practice(step, kind)


def _nearest(step: Step, kind: str | None = None) -> Exercise | None:
    """The exercise of this world (of ``kind``) nearest to here, one not yet done first."""
    found = []
    for chosen in step.world.exercises.values():
        if kind is not None and chosen.kind != kind:
            continue
        home = home_of(step, chosen.id)
        path = route(step.world, step.location_id, home) if home else None
        if path is not None:
            done = chosen.id in step.state.exercises_done
            found.append(((done, len(path), path), chosen))
    return min(found, key=lambda pair: pair[0])[1] if found else None


def _short_practice(step: Step, kind: str) -> Outcome:
    """No exercise of this kind here: a short one, set in this place, and where the full one is."""
    elsewhere = _nearest(step, kind) or next(
        (e for e in step.world.exercises.values() if e.kind == kind), None
    )
    facts = step.facts(kind=kind, setting=step.location.practice)
    if elsewhere:
        home = home_of(step, elsewhere.id)
        path = route(step.world, step.location_id, home) if home else None
        facts["full"] = lower_first(elsewhere.title)
        if home and path:
            facts["full_place"] = in_sentence(step.world.locations[home].title)
            facts["full_route"] = ", then ".join(path)
    return step.done(f"practice_{kind}", facts)


def practise(step: Step, chosen: Exercise, lead_in: str) -> Outcome:
    step.exercise = chosen
    if chosen.id not in step.state.exercises_done:
        step.updates["exercises_done"] = [*step.state.exercises_done, chosen.id]
    step.progress.append(ProgressSignal(type="exercise", id=chosen.id, title=chosen.title))
    step.progress.append(ProgressSignal(type="skill", id=chosen.kind, title=chosen.skill))
    return step.done(
        "exercise",
        step.facts(
            exercise=chosen.title,
            lead_in=lead_in,
            intro=chosen.intro,
            steps=" ".join(chosen.steps),
            closing=chosen.closing,
        ),
    )
