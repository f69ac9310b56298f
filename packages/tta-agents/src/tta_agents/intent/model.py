"""The typed intent the input processor produces."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["FEELINGS", "Intent", "IntentKind"]


class IntentKind(StrEnum):
    MOVE = "move"
    LOOK = "look"
    EXAMINE = "examine"
    TAKE = "take"
    DROP = "drop"
    USE = "use"
    TALK = "talk"  # greet, talk to, or ask a person about a ``topic``
    INVENTORY = "inventory"
    HELP = "help"  # how to play
    HINT = "hint"  # what to do next here (escalates when asked again)
    EXITS = "exits"  # the ways on from here
    MAP = "map"  # the places known and the ways between them
    REST = "rest"
    EXERCISE = "exercise"
    REFLECT = "reflect"  # a feeling or what is on the player's mind (``emotion``)
    PAUSE = "pause"  # stop, pause, a break: always honoured at once
    UNDO = "undo"  # take back the last turn's change to the world
    CHAT = "chat"  # thanks, hello to nobody in particular, small talk with the game
    QUIT = "quit"
    SAVE = "save"
    UNKNOWN = "unknown"  # truly off-topic: answered in the world's voice with suggestions


# Feelings the input processor names in ``Intent.emotion``: everyday feelings, and the ones
# each world exists for (trauma: flashback, triggered; social confidence: judged,
# embarrassed, left_out; low mood: no_energy, pointless; anxiety: racing_heart, what_if;
# mindfulness: restless).
FEELINGS = frozenset(
    {
        "anxious", "worried", "afraid", "overwhelmed", "stressed", "sad", "lonely", "tired",
        "numb", "angry", "frustrated", "ashamed", "guilty", "hurt", "calm", "happy", "better",
        "hopeful", "grateful", "safe", "confused", "lost", "stuck", "flashback", "triggered",
        "judged", "embarrassed", "left_out", "no_energy", "pointless", "racing_heart",
        "what_if", "restless",
    }
)  # fmt: skip


class Intent(BaseModel):
    """What the player meant: a kind, the entities named, and how sure the processor is.

    ``target`` is the object, person, place or scenery as the player named it (resolved by
    the world step against what is in scope); ``topic`` what they asked a person about;
    ``exercise`` one of breathing, grounding, journaling, visualization, stretching,
    gratitude; ``emotion`` one of ``FEELINGS``. ``source`` says which reader decided:
    ``rules`` (the word patterns) or ``model`` (the semantic fallback).
    """

    model_config = ConfigDict(frozen=True)

    kind: IntentKind
    normalized_text: str
    confidence: float
    direction: str | None = None
    target: str | None = None
    topic: str | None = None
    exercise: str | None = None
    emotion: str | None = None
    source: str = Field(default="rules", description="rules | model")

    @property
    def understood(self) -> bool:
        return self.kind is not IntentKind.UNKNOWN
