"""Mood check-ins and the journal: what the signed-in player tells the game about themselves.

Both are the player's own: in the export, deleted with the account or one by one, and under
the player's retention period. Moods are part of progress (their scores, never their notes,
are shared with therapists when the player shares progress). Journal entries are kept only
when the player asks; the game answers every one.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from tta_player.api.deps import CurrentPlayer, IdPath, RuntimeDep, SessionDep
from tta_player.db.models import GameSession, JournalEntry, MoodCheckIn
from tta_player.db.repositories import JournalRepository, MoodRepository, get_owned
from tta_player.schemas.problem import problem_responses
from tta_player.schemas.wellbeing import (
    JournalAnswer,
    JournalCreate,
    JournalEntryList,
    JournalEntryPublic,
    MoodAnswer,
    MoodCreate,
    MoodList,
)
from tta_player.services.progress import since_days
from tta_player.services.wellbeing import check_free_text, journal_reply, mood_public, support_offer

__all__ = ["router"]

router = APIRouter(
    prefix="/api/v1/players/me", tags=["wellbeing"], responses=problem_responses(401)
)


@router.post(
    "/moods",
    status_code=status.HTTP_201_CREATED,
    response_model=MoodAnswer,
    responses=problem_responses(404, 422),
)
async def check_in_mood(
    body: MoodCreate, player: CurrentPlayer, db: SessionDep, runtime: RuntimeDep
) -> MoodAnswer:
    """Say how you feel (1 very low ... 5 very good), before or after a session. A low mood,
    or a lower one after a session than before it, is answered with an offer of support."""
    game = None
    if body.session_id is not None:
        game = await get_owned(db, GameSession, body.session_id, player.id)
    note = (body.note or "").strip() or None
    safety = await check_free_text(
        runtime.safety, db, player, note or "", session_id=game.id if game else None
    )
    repo = MoodRepository(db)
    before = None
    if game is not None and body.moment == "after":
        before = next(
            (m for m in await repo.list(player.id, session_id=game.id) if m.moment == "before"),
            None,
        )
    mood = await repo.add(
        player_id=player.id,
        score=body.score,
        moment=body.moment,
        session_id=game.id if game else None,
        note=note,
    )
    await db.commit()
    offer = support_offer(body.score, before, body.moment)
    return MoodAnswer(
        mood=mood_public(mood),
        offer_support=offer.reason is not None or safety.level != "safe",
        reason=offer.reason,  # type: ignore[arg-type]
        message=offer.message,
        safety=safety,
    )


@router.get("/moods", response_model=MoodList)
async def list_moods(
    player: CurrentPlayer,
    db: SessionDep,
    days: Annotated[int, Query(ge=1, le=2555, description="Check-ins of the last days")] = 30,
) -> MoodList:
    """Your check-ins of the last ``days`` days, oldest first, notes included."""
    moods = await MoodRepository(db).list(player.id, since=since_days(days))
    return MoodList(items=[mood_public(m) for m in moods])


@router.delete(
    "/moods/{mood_id}", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(404)
)
async def delete_mood(
    mood_id: Annotated[str, IdPath], player: CurrentPlayer, db: SessionDep
) -> None:
    await MoodRepository(db).delete(await get_owned(db, MoodCheckIn, mood_id, player.id))
    await db.commit()


def _entry_public(entry: JournalEntry) -> JournalEntryPublic:
    return JournalEntryPublic.model_validate(entry, from_attributes=True)


@router.post("/journal", response_model=JournalAnswer, responses=problem_responses(404, 422))
async def write_journal(
    body: JournalCreate, player: CurrentPlayer, db: SessionDep, runtime: RuntimeDep
) -> JournalAnswer:
    """Write in a journaling, thought-record or gratitude exercise. The game answers; the
    words are kept (in your journal and export, deletable) only with ``keep: true``."""
    game = None
    if body.session_id is not None:
        game = await get_owned(db, GameSession, body.session_id, player.id)
    text = "\n".join(part.text for part in body.parts)
    safety = await check_free_text(
        runtime.safety, db, player, text, session_id=game.id if game else None
    )
    reply = journal_reply(body.kind, body.parts)
    if safety.level == "crisis" or safety.action == "escalate":
        reply = safety.message or "Thank you for telling me. Please reach out to someone now."
    entry = None
    if body.keep and any(part.text.strip() for part in body.parts):
        entry = await JournalRepository(db).add(
            player_id=player.id,
            kind=body.kind,
            title=body.title or body.kind.replace("_", " ").capitalize(),
            parts=[part.model_dump() for part in body.parts],
            session_id=game.id if game else None,
            world_id=game.world_id if game else None,
            exercise_id=body.exercise_id,
        )
    await db.commit()
    return JournalAnswer(
        reply=reply,
        kept=entry is not None,
        entry=_entry_public(entry) if entry else None,
        safety=safety,
    )


@router.get("/journal", response_model=JournalEntryList)
async def list_journal(player: CurrentPlayer, db: SessionDep) -> JournalEntryList:
    """The entries you chose to keep, newest first."""
    return JournalEntryList(
        items=[_entry_public(e) for e in await JournalRepository(db).list(player.id)]
    )


@router.delete(
    "/journal/{entry_id}", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(404)
)
async def delete_journal_entry(
    entry_id: Annotated[str, IdPath], player: CurrentPlayer, db: SessionDep
) -> None:
    await JournalRepository(db).delete(await get_owned(db, JournalEntry, entry_id, player.id))
    await db.commit()
