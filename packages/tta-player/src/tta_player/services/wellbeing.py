"""Mood check-ins and journal entries: what the game does with what a player tells it.

Free text (a mood note, a journal entry) is checked by the same safety checker as a turn,
off the event loop: a crisis is answered with the crisis resources and stored as a safety
event for follow-up (its words only if the player's privacy allows), exactly as a turn's
would be. A mood check-in offers support, never blocks anything, when the score is low or
lower after a session than before it. A journal entry is answered by the game and kept only
when the player asks for it to be kept.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from tta_agents.safety import (
    SafetyAction,
    SafetyChecker,
    SafetyContext,
    SafetyLevel,
    Verdict,
)
from tta_player.db.models import MoodCheckIn, Player, SafetyEvent
from tta_player.schemas.turns import SafetyPublic
from tta_player.schemas.wellbeing import MOOD_WORDS, JournalPart, MoodPublic

__all__ = [
    "SupportOffer",
    "check_free_text",
    "journal_reply",
    "mood_public",
    "safety_public",
    "support_offer",
]

log = logging.getLogger(__name__)

_CAUTIOUS = Verdict(
    level=SafetyLevel.CONCERN,
    action=SafetyAction.SUPPORT,
    message="If any of this feels heavy, kind people are a call or a message away.",
    degraded=True,
)


def safety_public(verdict: Verdict) -> SafetyPublic:
    return SafetyPublic(
        level=verdict.level.value,
        action=verdict.action.value,
        resources=list(verdict.resources),
        message=verdict.message,
    )


async def check_free_text(
    checker: SafetyChecker,
    db: AsyncSession,
    player: Player,
    text: str,
    *,
    session_id: str | None,
) -> SafetyPublic:
    """The checker's verdict on what the player wrote; a crisis is stored for follow-up.

    A checker that fails answers "concern" (never "safe"), as the turn pipeline does."""
    if not text.strip():
        return SafetyPublic(level="safe", action="allow")
    context = SafetyContext(session_id=session_id, player_id=player.id, locale=player.locale)
    try:
        verdict = await asyncio.to_thread(checker.check, text, context)
    except Exception:  # the checker must never fail open
        log.warning("safety check of free text failed; answering with care", exc_info=True)
        verdict = _CAUTIOUS
    if verdict.level is SafetyLevel.CRISIS or verdict.action is SafetyAction.ESCALATE:
        db.add(
            SafetyEvent(
                player_id=player.id,
                session_id=session_id,
                level=verdict.level.value,
                rule_ids=list(dict.fromkeys(m.rule_id for m in verdict.matches)),
                categories=list(verdict.categories),
                text=text if (player.privacy or {}).get("store_safety_text") else None,
            )
        )
    return safety_public(verdict)


def mood_public(mood: MoodCheckIn) -> MoodPublic:
    return MoodPublic(
        id=mood.id,
        score=mood.score,
        word=MOOD_WORDS[mood.score],
        moment=mood.moment,  # type: ignore[arg-type]
        session_id=mood.session_id,
        note=mood.note,
        created_at=mood.created_at,
    )


@dataclass(frozen=True)
class SupportOffer:
    reason: str | None  # "low", "worse" or None
    message: str


_LOW = (
    "Thank you for telling me. Days like this are hard, and you don't have to carry them "
    "alone: someone kind is a call or a message away, whenever you want them."
)
_WORSE = (
    "You're feeling lower than when you started. That's worth noticing, gently. If you'd "
    "like to talk with someone, support is a call or a message away."
)
_STEADY = {
    3: "Thank you for checking in. Okay is a fine place to be.",
    4: "Thank you for checking in. It's good to hear you're doing well.",
    5: "Thank you for checking in. Enjoy that feeling; you made room for it.",
}


def support_offer(score: int, before: MoodCheckIn | None, moment: str) -> SupportOffer:
    """Whether to offer support (never to stop play): a low score, or lower than before."""
    if score <= 2:
        return SupportOffer("low", _LOW)
    if moment == "after" and before is not None and score < before.score:
        return SupportOffer("worse", _WORSE)
    return SupportOffer(None, _STEADY[score])


_OPENINGS = {
    "journaling": (
        "Thank you for writing this down. Putting a moment into words helps it settle.",
        "The page holds what you wrote now, and so does this moment. Thank you for noticing.",
        "Writing it out is a small act of care. Thank you for taking the time.",
    ),
    "thought_record": (
        "You looked at a hard thought from more than one side. That takes courage.",
        "Thoughts are not facts, and you just gave yours a fair hearing. Well done.",
        "You slowed a thought down long enough to question it. That is the whole skill.",
    ),
    "gratitude": (
        "Three good things, held for a moment. Small good things still count.",
        "Noticing the good doesn't erase the hard things; it makes room beside them.",
        "Thank you for looking for the good today. It was there, and you found it.",
    ),
}
_KINDER_THOUGHT = " The kinder thought you wrote is worth coming back to: \u201c{thought}\u201d"
_EMPTY = "There's no need to write anything. Sitting with the page for a moment counts too."


def journal_reply(kind: str, parts: list[JournalPart]) -> str:
    """The game's answer to an entry: kind, specific to the exercise, never judging."""
    written = [p for p in parts if p.text.strip()]
    if not written:
        return _EMPTY
    openings = _OPENINGS[kind]
    text = " ".join(p.text for p in written)
    reply = openings[int(hashlib.sha256(text.encode()).hexdigest(), 16) % len(openings)]
    if kind == "thought_record" and len(parts) >= 2 and parts[-1].text.strip():
        thought = " ".join(parts[-1].text.split())
        reply += _KINDER_THOUGHT.format(thought=thought[:160])
    return reply
