"""Game sessions (create, pause, resume, end) and their turns (play, history)."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status
from pydantic import ValidationError

from tta_player.api.deps import (
    AccessClaims,
    CurrentPlayer,
    GameSessionDep,
    RuntimeDep,
    SessionDep,
)
from tta_player.db.models import Character, GameSession
from tta_player.db.repositories import SessionRepository, get_owned
from tta_player.errors import InvalidInputError, NotFoundError
from tta_player.schemas.problem import problem_responses
from tta_player.schemas.sessions import SessionCreate, SessionList, SessionPublic, SessionSummary
from tta_player.schemas.turns import TurnCreate, TurnPage, TurnPublic
from tta_player.schemas.worlds import INTENSITY_OF_LEVEL, WorldCustomization
from tta_player.services.journeys import idle_cutoff, session_summary
from tta_player.services.transcript import TranscriptFormat, render_transcript
from tta_player.services.turns import turn_public

__all__ = ["router"]

router = APIRouter(
    prefix="/api/v1/sessions", tags=["sessions"], responses=problem_responses(401, 404)
)


def _public(game: GameSession, intro: str | None = None) -> SessionPublic:
    return SessionPublic(
        session_id=game.id,
        character_id=game.character_id,
        world_id=game.world_id,
        status=game.status,  # type: ignore[arg-type]
        turn_count=game.turn_count,
        minutes_played=round(game.active_seconds / 60, 2),
        customization=game.customization,
        intro=intro,
        created_at=game.created_at,
        last_activity_at=game.last_activity_at,
        ended_at=game.ended_at,
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=SessionPublic,
    responses=problem_responses(409, 422),
)
async def create_session(
    body: SessionCreate, player: CurrentPlayer, db: SessionDep, runtime: RuntimeDep
) -> SessionPublic:
    """Start playing a world with one of your characters (one active session per character;
    one left idle for ``TTA_SESSION_IDLE_MINUTES`` is paused to make way)."""
    character = await get_owned(db, Character, body.character_id, player.id)
    try:
        # A person of the world who shares the character's name goes by another name here.
        state = runtime.catalog.new_state(body.world_id, player_name=character.name)
    except LookupError:
        raise NotFoundError(f"no world {body.world_id!r}") from None
    try:
        customization = WorldCustomization.model_validate(
            {**_defaults_of(player.preferences or {}), **body.customization}
        )
    except ValidationError as exc:
        raise InvalidInputError(f"customization: {exc.errors()[0]['msg']}") from exc
    game = await SessionRepository(db).create(
        player_id=player.id,
        character_id=character.id,
        world_id=body.world_id,
        world_state=state.model_dump(mode="json"),
        customization=customization.model_dump(mode="json"),
        idle_before=idle_cutoff(runtime.settings.session_idle_minutes),
    )
    await db.commit()
    return _public(game, runtime.catalog.intro(body.world_id))


def _defaults_of(preferences: dict[str, Any]) -> dict[str, Any]:
    """A new session's tuning where the player asks for none: their own preferences."""
    defaults: dict[str, Any] = {}
    if preferences.get("intensity") in INTENSITY_OF_LEVEL:
        defaults["intensity"] = INTENSITY_OF_LEVEL[preferences["intensity"]]
    if "session_minutes" in preferences:
        defaults["session_minutes"] = preferences["session_minutes"]
    return defaults


@router.get("", response_model=SessionList)
async def list_sessions(player: CurrentPlayer, db: SessionDep) -> SessionList:
    return SessionList(items=[_public(g) for g in await SessionRepository(db).list(player.id)])


@router.get("/{session_id}", response_model=SessionPublic)
async def read_session(game: GameSessionDep) -> SessionPublic:
    return _public(game)


async def _move(game: GameSession, db: SessionDep, target: str) -> SessionPublic:
    await SessionRepository(db).set_status(game, target)
    await db.commit()
    return _public(game)


@router.post("/{session_id}/pause", response_model=SessionPublic, responses=problem_responses(409))
async def pause_session(game: GameSessionDep, db: SessionDep) -> SessionPublic:
    return await _move(game, db, "paused")


@router.post("/{session_id}/resume", response_model=SessionPublic, responses=problem_responses(409))
async def resume_session(game: GameSessionDep, db: SessionDep) -> SessionPublic:
    """Resume a paused session (409 if the character is playing another one)."""
    return await _move(game, db, "active")


@router.post("/{session_id}/end", response_model=SessionPublic, responses=problem_responses(409))
async def end_session(game: GameSessionDep, db: SessionDep) -> SessionPublic:
    return await _move(game, db, "completed")


@router.delete("/{session_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_session(game: GameSessionDep, db: SessionDep) -> None:
    """Delete a journey and its story (its turns). Progress and mood check-ins stay yours;
    a safety event stays for its follow-up."""
    await SessionRepository(db).delete(game)
    await db.commit()


@router.get("/{session_id}/summary", response_model=SessionSummary)
async def read_session_summary(game: GameSessionDep, db: SessionDep) -> SessionSummary:
    """Time played, turns, exercises, skills, milestones, and the mood before and after."""
    return await session_summary(db, game)


@router.post(
    "/{session_id}/turns",
    response_model=TurnPublic,
    responses=problem_responses(409, 422, 429),
)
async def play_turn(
    session_id: str, body: TurnCreate, claims: AccessClaims, runtime: RuntimeDep
) -> TurnPublic:
    """Play one turn. Crisis input gets support and resources instead of game text."""
    return await runtime.turns.play(
        claims.player_id, session_id, body.input, family_id=claims.family_id
    )


def _cursor(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        number = int(base64.urlsafe_b64decode(value.encode() + b"==").decode())
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidInputError("cursor: not a cursor this service gave out") from None
    return number


@router.get("/{session_id}/turns", response_model=TurnPage, responses=problem_responses(422))
async def turn_history(
    game: GameSessionDep,
    db: SessionDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=64)] = None,
) -> TurnPage:
    """Turns, newest first; follow ``next_cursor`` for older ones."""
    turns, next_number = await SessionRepository(db).turns_page(
        game, before=_cursor(cursor), limit=limit
    )
    next_cursor = (
        base64.urlsafe_b64encode(str(next_number).encode()).decode().rstrip("=")
        if next_number is not None
        else None
    )
    return TurnPage(items=[turn_public(t) for t in turns], next_cursor=next_cursor)


_MEDIA_TYPES = {"text": "text/plain; charset=utf-8", "markdown": "text/markdown; charset=utf-8"}


@router.get(
    "/{session_id}/transcript",
    response_class=Response,
    responses={
        200: {
            "description": "The whole session, oldest turn first",
            "content": {"text/plain": {}, "text/markdown": {}},
        },
        **problem_responses(422),
    },
)
async def transcript(
    game: GameSessionDep,
    db: SessionDep,
    runtime: RuntimeDep,
    format: Annotated[TranscriptFormat, Query(description="text or markdown")] = "text",
) -> Response:
    """Download what you typed and what the game answered, as plain text or markdown (your own
    sessions only)."""
    turns = await SessionRepository(db).all_turns(game)
    try:
        title = runtime.catalog.get(game.world_id).title
    except LookupError:
        title = game.world_id
    body = render_transcript(game, title, turns, format)
    filename = f"tta-{game.world_id}-{game.id[:8]}.{'md' if format == 'markdown' else 'txt'}"
    return Response(
        body,
        media_type=_MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
