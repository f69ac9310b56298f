"""The typed intent the input processor produces."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

__all__ = ["Intent", "IntentKind"]


class IntentKind(StrEnum):
    MOVE = "move"
    LOOK = "look"
    EXAMINE = "examine"
    TAKE = "take"
    DROP = "drop"
    USE = "use"
    TALK = "talk"
    INVENTORY = "inventory"
    HELP = "help"
    REST = "rest"
    EXERCISE = "exercise"
    REFLECT = "reflect"
    QUIT = "quit"
    SAVE = "save"
    UNKNOWN = "unknown"


class Intent(BaseModel):
    """What the player meant: a kind, the entities named, and how sure the parser is.

    ``target`` is the object or NPC phrase as typed (articles removed); the world step
    resolves it against what is in scope. ``exercise`` is one of breathing, grounding,
    journaling, visualization, stretching, gratitude when the player asked for one.
    """

    model_config = ConfigDict(frozen=True)

    kind: IntentKind
    normalized_text: str
    confidence: float
    direction: str | None = None
    target: str | None = None
    exercise: str | None = None
    emotion: str | None = None
