"""One application of an intent: reads the state, collects changes, then builds the outcome.

The actions (``places``, ``practice``, ``people``, ``feelings``, ``guidance``) are functions of
a ``Step``; ``Step.done`` finishes every turn the same way: milestones, the ending, the undo
point and the count of what was told (which varies the wording).
"""

from __future__ import annotations

from collections.abc import Iterable

from tta_agents.intent.model import Intent
from tta_agents.intent.spelling import closest
from tta_agents.pipeline.events import ProgressSignal
from tta_agents.world.catalog import NPC_NAME_FLAG, World
from tta_agents.world.model import Exercise, Location, Milestone
from tta_agents.world.state import Outcome, UndoPoint, WorldState
from tta_agents.world.suggestions import suggest
from tta_agents.world.wording import in_sentence, join_words, ways

__all__ = ["Step", "resolve"]

_WORLD_FIELDS = ("location", "inventory", "placed")


# Matching what the player typed ("the old lantern", "gardner") to things in scope.
def resolve(phrase: str, candidates: Iterable[tuple[str, str, tuple[str, ...]]]) -> str | None:
    """The id of the candidate ``(id, name, aliases)`` the phrase names, or None.

    Exact names and aliases win, then a name containing the phrase (or the phrase containing
    an alias), then a close spelling of a single word.
    """
    phrase = phrase.lower().strip()
    if not phrase:
        return None
    names: dict[str, str] = {}
    for ident, name, aliases in candidates:
        for label in (ident.replace("_", " "), name.lower(), *(a.lower() for a in aliases)):
            names.setdefault(label, ident)
    if phrase in names:
        return names[phrase]
    for label, ident in names.items():
        if phrase in label.split() or label in phrase:
            return ident
    words = {
        word: ident for label, ident in names.items() for word in label.split() if len(word) > 3
    }
    choices = tuple(words)
    close = closest(phrase, choices, 0.75)
    if close:
        return words[close]
    for token in phrase.split():
        close = closest(token, choices, 0.8)
        if close:
            return words[close]
    return None


class Step:
    """The world, the state before the turn, the intent, and what the turn changes."""

    def __init__(self, world: World, state: WorldState, intent: Intent) -> None:
        self.world = world
        self.state = state
        self.intent = intent
        self.updates: dict[str, object] = {"turn": state.turn + 1}
        self.progress: list[ProgressSignal] = []
        self.exercise: Exercise | None = None
        self.suggestions: list[str] | None = None  # None: the usual suggestions for the spot
        self.keeps_undo_point = False

    # -- reading the (updated) state ---------------------------------------------------------
    def current(self, name: str) -> object:
        return self.updates.get(name, getattr(self.state, name))

    @property
    def location_id(self) -> str:
        return str(self.current("location"))

    @property
    def location(self) -> Location:
        return self.world.locations[self.location_id]

    @property
    def inventory(self) -> list[str]:
        return list(self.current("inventory"))  # type: ignore[call-overload]

    @property
    def placed(self) -> dict[str, str]:
        return dict(self.current("placed"))  # type: ignore[call-overload]

    @property
    def visited(self) -> list[str]:
        return list(self.current("visited"))  # type: ignore[call-overload]

    def told(self, situation: str) -> int:
        """How often ``situation`` was narrated before in this session."""
        return self.state.told.get(situation, 0)

    def facts(self, **extra: str) -> dict[str, str]:
        loc = self.location
        items = [i.name for i in self.world.items_placed(self.inventory, self.placed, loc.id)]
        npcs = [self.world.person(n, self.state).name for n in loc.npcs]
        facts = {
            "location": in_sentence(loc.title),
            "description": loc.description,
            "items_here": join_words(items),
            "npcs_here": join_words(npcs),
            "exits": join_words(sorted(loc.exits)),
            "ways": ways(self.world, loc),
            "world": self.world.definition.title,
        }
        facts.update(extra)
        return facts

    def draft(self) -> WorldState:
        return self.state.model_copy(update=self.updates)

    # -- finishing ---------------------------------------------------------------------------
    def done(self, situation: str, facts: dict[str, str]) -> Outcome:
        if not self.keeps_undo_point and self._moved_the_world():
            self.updates["undo"] = UndoPoint(
                turn=self.state.turn,
                location=self.state.location,
                inventory=list(self.state.inventory),
                placed=dict(self.state.placed),
            )
        told: dict[str, int] = dict(self.current("told"))  # type: ignore[call-overload]
        told[situation] = told.get(situation, 0) + 1
        self.updates["told"] = told
        state = self.draft()
        reached = _milestones_reached(self.world, state)
        if reached:
            state.milestones = [*state.milestones, *(m.id for m in reached)]
            self.progress.extend(
                ProgressSignal(type="milestone", id=m.id, title=m.title, detail=m.description)
                for m in reached
            )
            facts["milestones"] = join_words([m.title for m in reached])
        ending = self.world.definition.ending
        milestones = self.world.definition.milestones
        if (
            ending
            and milestones
            and not state.completed
            and len(state.milestones) == len(milestones)
        ):
            state.completed = True
            facts["ending_title"] = ending.title
            facts["epilogue"] = ending.epilogue
            self.progress.append(
                ProgressSignal(
                    type="completion", id=self.world.id, title=ending.title, detail=ending.epilogue
                )
            )
        if any(key.startswith(NPC_NAME_FLAG) for key in state.flags):
            facts = {key: self.world.rename_text(value, state) for key, value in facts.items()}
        return Outcome(
            situation=situation,
            state=state,
            facts=facts,
            progress=self.progress,
            exercise=self.exercise,
            suggestions=self.suggestions
            if self.suggestions is not None
            else suggest(self.world, state),
        )

    def _moved_the_world(self) -> bool:
        return any(
            name in self.updates and self.updates[name] != getattr(self.state, name)
            for name in _WORLD_FIELDS
        )


def _milestones_reached(world: World, state: WorldState) -> list[Milestone]:
    reached: list[Milestone] = []
    for ms in world.definition.milestones:
        if ms.id in state.milestones:
            continue
        req = ms.requires
        if (
            all(v in state.visited for v in req.visited)
            and all(e in state.exercises_done for e in req.exercises)
            and all(i in state.inventory for i in req.items)
            and all(i in state.used for i in req.used)
            and all(state.rapport.get(n, 0) > 0 for n in req.talked)
        ):
            reached.append(ms)
    return reached
