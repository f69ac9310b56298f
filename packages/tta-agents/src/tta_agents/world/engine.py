"""WBA, the world step: apply an intent to a session's world state (pure, deterministic)."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable

from tta_agents.intent.model import Intent, IntentKind
from tta_agents.pipeline.events import ProgressSignal
from tta_agents.world.catalog import World
from tta_agents.world.model import Exercise, Milestone
from tta_agents.world.state import Outcome, WorldState

__all__ = ["apply_intent", "join_words", "resolve"]

# Which exercise suits a feeling the player names, when one is nearby.
_SUITS: dict[str, str] = {
    "anxious": "breathing",
    "worried": "breathing",
    "afraid": "grounding",
    "overwhelmed": "grounding",
    "stressed": "breathing",
    "sad": "journaling",
    "lonely": "gratitude",
    "numb": "grounding",
    "angry": "breathing",
    "frustrated": "stretching",
    "tired": "visualization",
}


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
    close = difflib.get_close_matches(phrase, list(words), n=1, cutoff=0.75)
    if close:
        return words[close[0]]
    for token in phrase.split():
        close = difflib.get_close_matches(token, list(words), n=1, cutoff=0.8)
        if close:
            return words[close[0]]
    return None


def join_words(words: list[str]) -> str:
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])} and {words[-1]}"


class _Turn:
    """One application of an intent; collects updates to the state, then builds the outcome."""

    def __init__(self, world: World, state: WorldState, intent: Intent) -> None:
        self.world = world
        self.state = state
        self.intent = intent
        self.updates: dict[str, object] = {"turn": state.turn + 1}
        self.progress: list[ProgressSignal] = []
        self.exercise: Exercise | None = None

    # -- reading the (updated) state ---------------------------------------------------------
    def current(self, name: str) -> object:
        return self.updates.get(name, getattr(self.state, name))

    @property
    def location_id(self) -> str:
        return str(self.current("location"))

    @property
    def inventory(self) -> list[str]:
        return list(self.current("inventory"))  # type: ignore[call-overload]

    def facts(self, **extra: str) -> dict[str, str]:
        loc = self.world.locations[self.location_id]
        placed: dict[str, str] = self.current("placed")  # type: ignore[assignment]
        items = [i.name for i in self.world.items_placed(self.inventory, placed, loc.id)]
        npcs = [self.world.npcs[n].name for n in loc.npcs]
        facts = {
            "location": _in_sentence(loc.title),
            "description": loc.description,
            "items_here": join_words(items),
            "npcs_here": join_words(npcs),
            "exits": join_words(sorted(loc.exits)),
            "world": self.world.definition.title,
        }
        facts.update(extra)
        return facts

    def draft(self) -> WorldState:
        return self.state.model_copy(update=self.updates)

    # -- the actions -------------------------------------------------------------------------
    def move(self) -> Outcome:
        loc = self.world.locations[self.location_id]
        target = self.intent.direction
        if target is None and self.intent.target:
            phrase = self.intent.target
            by_name = resolve(
                phrase,
                (
                    (dest, self.world.locations[dest].title, self.world.locations[dest].aliases)
                    for dest in loc.exits.values()
                ),
            )
            target = next((d for d, dest in loc.exits.items() if dest == by_name), None)
            target = target or (phrase if phrase in loc.exits else None)
            if target is None:
                return self.done("move_unknown", self.facts(target=phrase))
        if target is None:
            return self.done("move_where", self.facts())
        if target not in loc.exits:
            return self.done("move_blocked", self.facts(direction=target))
        dest = loc.exits[target]
        self.updates["location"] = dest
        visited = list(self.state.visited)
        first = dest not in visited
        if first:
            visited.append(dest)
            self.updates["visited"] = visited
        return self.done("arrive_new" if first else "arrive_again", self.facts(direction=target))

    def look(self) -> Outcome:
        return self.done("look", self.facts())

    def _item_in_scope(self, held_only: bool = False) -> str | None:
        phrase = self.intent.target or ""
        ids = self.inventory
        if not held_only:
            ids += [i.id for i in self.world.items_at(self.draft(), self.location_id)]
        return resolve(
            phrase, ((i, self.world.items[i].name, self.world.items[i].aliases) for i in ids)
        )

    def _npc_here(self) -> str | None:
        loc = self.world.locations[self.location_id]
        phrase = self.intent.target or ""
        npcs = self.world.npcs
        return resolve(phrase, ((n, npcs[n].name, npcs[n].aliases) for n in loc.npcs))

    def examine(self) -> Outcome:
        item_id = self._item_in_scope()
        if item_id:
            item = self.world.items[item_id]
            return self.done("examine_item", self.facts(item=item.name, detail=item.description))
        npc_id = self._npc_here()
        if npc_id:
            npc = self.world.npcs[npc_id]
            return self.done("examine_npc", self.facts(npc=npc.name, detail=npc.description))
        loc = self.world.locations[self.location_id]
        if resolve(self.intent.target or "", [(loc.id, loc.title, loc.aliases)]):
            return self.look()
        return self.done("not_found", self.facts(target=self.intent.target or "that"))

    def take(self) -> Outcome:
        if not self.intent.target:
            return self.done("take_what", self.facts())
        if self._item_in_scope(held_only=True):
            item = self.world.items[self._item_in_scope(held_only=True) or ""]
            return self.done("take_have", self.facts(item=item.name))
        item_id = self._item_in_scope()
        if not item_id:
            return self.done("not_found", self.facts(target=self.intent.target))
        item = self.world.items[item_id]
        if not item.portable:
            return self.done("take_fixed", self.facts(item=item.name))
        self.updates["inventory"] = [*self.inventory, item_id]
        placed = dict(self.state.placed)
        placed.pop(item_id, None)
        self.updates["placed"] = placed
        return self.done("take", self.facts(item=item.name, detail=item.description))

    def drop(self) -> Outcome:
        if not self.intent.target:
            return self.done("drop_what", self.facts())
        item_id = self._item_in_scope(held_only=True)
        if not item_id:
            return self.done("drop_missing", self.facts(target=self.intent.target))
        self.updates["inventory"] = [i for i in self.inventory if i != item_id]
        self.updates["placed"] = {**self.state.placed, item_id: self.location_id}
        return self.done("drop", self.facts(item=self.world.items[item_id].name))

    def use(self) -> Outcome:
        if not self.intent.target:
            return self.done("use_what", self.facts())
        item_id = self._item_in_scope()
        if not item_id:
            return self.done("not_found", self.facts(target=self.intent.target))
        item = self.world.items[item_id]
        if item_id not in self.state.used:
            self.updates["used"] = [*self.state.used, item_id]
        if item.exercise:
            return self.practise(self.world.exercises[item.exercise], item.use_text)
        return self.done(
            "use", self.facts(item=item.name, detail=item.use_text or item.description)
        )

    def talk(self) -> Outcome:
        loc = self.world.locations[self.location_id]
        npc_id = self._npc_here() if self.intent.target else None
        if npc_id is None and not self.intent.target and len(loc.npcs) == 1:
            npc_id = loc.npcs[0]
        if npc_id is None:
            situation = "talk_missing" if self.intent.target else "talk_nobody"
            return self.done(situation, self.facts(target=self.intent.target or ""))
        npc = self.world.npcs[npc_id]
        rapport = self.state.rapport.get(npc_id, 0)
        self.updates["rapport"] = {**self.state.rapport, npc_id: rapport + 1}
        line = npc.dialogue[min(rapport, len(npc.dialogue) - 1)]
        return self.done("talk", self.facts(npc=npc.name, line=line))

    def inventory_list(self) -> Outcome:
        names = [self.world.items[i].name for i in self.inventory]
        if not names:
            return self.done("inventory_empty", self.facts())
        return self.done("inventory", self.facts(inventory=join_words(names)))

    def _find_exercise(self, kind: str | None) -> Exercise | None:
        here = [self.world.exercises[e] for e in self.world.locations[self.location_id].exercises]
        if kind is None:
            return here[0] if here else None
        matching = [e for e in here if e.kind == kind]
        if matching:
            return matching[0]
        return next((e for e in self.world.exercises.values() if e.kind == kind), None)

    def exercise_step(self) -> Outcome:
        exercise = self._find_exercise(self.intent.exercise)
        if exercise is None:
            titles = [e.title for e in self.world.exercises.values()]
            return self.done(
                "exercise_none",
                self.facts(kind=self.intent.exercise or "exercise", exercises=join_words(titles)),
            )
        return self.practise(exercise, "")

    def practise(self, exercise: Exercise, lead_in: str) -> Outcome:
        self.exercise = exercise
        done = list(self.state.exercises_done)
        if exercise.id not in done:
            done.append(exercise.id)
            self.updates["exercises_done"] = done
        self.progress.append(ProgressSignal(type="exercise", id=exercise.id, title=exercise.title))
        self.progress.append(ProgressSignal(type="skill", id=exercise.kind, title=exercise.skill))
        return self.done(
            "exercise",
            self.facts(
                exercise=exercise.title,
                lead_in=lead_in,
                intro=exercise.intro,
                steps=" ".join(exercise.steps),
                closing=exercise.closing,
            ),
        )

    def reflect(self) -> Outcome:
        emotion = self.intent.emotion or ""
        kind = _SUITS.get(emotion)
        nearby = self._find_exercise(kind) if kind else None
        offer = nearby.title[:1].lower() + nearby.title[1:] if nearby else ""
        return self.done("reflect", self.facts(emotion=emotion, offer=offer))

    def simple(self, situation: str) -> Callable[[], Outcome]:
        return lambda: self.done(situation, self.facts())

    # -- finishing ---------------------------------------------------------------------------
    def done(self, situation: str, facts: dict[str, str]) -> Outcome:
        state = self.draft()
        reached = _milestones_reached(self.world, state)
        if reached:
            state.milestones = [*state.milestones, *(m.id for m in reached)]
            self.progress.extend(
                ProgressSignal(type="milestone", id=m.id, title=m.title, detail=m.description)
                for m in reached
            )
            facts["milestones"] = join_words([m.title for m in reached])
        return Outcome(
            situation=situation,
            state=state,
            facts=facts,
            progress=self.progress,
            exercise=self.exercise,
            suggestions=suggest(self.world, state),
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


def suggest(world: World, state: WorldState) -> list[str]:
    """Two to four next actions worth trying here, most useful first."""
    loc = world.locations[state.location]
    out: list[str] = []
    for ex_id in loc.exercises:
        if ex_id not in state.exercises_done:
            out.append(f"try {world.exercises[ex_id].kind}")
            break
    for npc_id in loc.npcs:
        if state.rapport.get(npc_id, 0) == 0:
            out.append(f"talk to {_label(world.npcs[npc_id].name, world.npcs[npc_id].aliases)}")
            break
    items = world.items_at(state, loc.id)
    portable = [i for i in items if i.portable]
    if portable:
        out.append(f"take {_label(portable[0].name, portable[0].aliases)}")
    unvisited = [d for d, dest in sorted(loc.exits.items()) if dest not in state.visited]
    out.extend(f"go {d}" for d in (unvisited or sorted(loc.exits))[:2])
    for filler in ("look around", "breathe", "check inventory"):
        if len(out) >= 2:
            break
        out.append(filler)
    return out[:4]


def _in_sentence(title: str) -> str:
    """A title as it reads mid-sentence: "The Stone Bench" -> "the Stone Bench"."""
    return title[:1].lower() + title[1:] if title.split(" ", 1)[0] in ("The", "A", "An") else title


def _label(name: str, aliases: tuple[str, ...]) -> str:
    return aliases[0] if aliases else name.lower()


def apply_intent(world: World, state: WorldState, intent: Intent) -> Outcome:
    """Apply ``intent`` to ``state`` (which is not modified) and say what happened."""
    turn = _Turn(world, state, intent)
    actions: dict[IntentKind, Callable[[], Outcome]] = {
        IntentKind.MOVE: turn.move,
        IntentKind.LOOK: turn.look,
        IntentKind.EXAMINE: turn.examine,
        IntentKind.TAKE: turn.take,
        IntentKind.DROP: turn.drop,
        IntentKind.USE: turn.use,
        IntentKind.TALK: turn.talk,
        IntentKind.INVENTORY: turn.inventory_list,
        IntentKind.EXERCISE: turn.exercise_step,
        IntentKind.REFLECT: turn.reflect,
    }
    action = actions.get(intent.kind) or turn.simple(intent.kind.value)
    return action()
