"""WBA, the world step: apply an intent to a session's world state (pure, deterministic).

Every intent kind has an answer here; the actions live beside this module by subject:
``places`` (moving, looking, things, undo, exits, map), ``practice`` (exercises),
``people`` (conversations), ``feelings`` (feelings, pause, small talk, lines not followed)
and ``guidance`` (suggestions and hints).
"""

from __future__ import annotations

from collections.abc import Callable

from tta_agents.intent.model import Intent, IntentKind
from tta_agents.world import feelings, guidance, people, places, practice
from tta_agents.world.catalog import World
from tta_agents.world.state import Outcome, WorldState
from tta_agents.world.step import Step, resolve
from tta_agents.world.suggestions import suggest
from tta_agents.world.wording import join_words

__all__ = ["apply_intent", "join_words", "resolve", "suggest"]

_ACTIONS: dict[IntentKind, Callable[[Step], Outcome]] = {
    IntentKind.MOVE: places.move,
    IntentKind.LOOK: places.look,
    IntentKind.EXAMINE: places.examine,
    IntentKind.TAKE: places.take,
    IntentKind.DROP: places.drop,
    IntentKind.USE: places.use,
    IntentKind.INVENTORY: places.inventory,
    IntentKind.EXITS: places.exits,
    IntentKind.MAP: places.map_of,
    IntentKind.UNDO: places.undo,
    IntentKind.TALK: people.talk,
    IntentKind.EXERCISE: practice.exercise,
    IntentKind.HINT: guidance.hint,
    IntentKind.REFLECT: feelings.reflect,
    IntentKind.PAUSE: feelings.pause,
    IntentKind.CHAT: feelings.chat,
    IntentKind.UNKNOWN: feelings.unknown,
}


def apply_intent(world: World, state: WorldState, intent: Intent) -> Outcome:
    """Apply ``intent`` to ``state`` (which is not modified) and say what happened."""
    step = Step(world, state, intent)
    action = _ACTIONS.get(intent.kind)
    if action is None:  # help, rest, quit, save: narrated as they are
        return step.done(intent.kind.value, step.facts())
    return action(step)
