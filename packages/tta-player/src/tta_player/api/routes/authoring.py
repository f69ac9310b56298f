"""World authoring: admins read the lines players typed that the game did not understand,
aggregated and normalised, from players who allow it; never who typed them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from tta_player.api.deps import AdminDep, SessionDep
from tta_player.db.repositories.authoring import not_understood_lines
from tta_player.schemas.authoring import NotUnderstoodLine, NotUnderstoodList
from tta_player.schemas.problem import problem_responses

__all__ = ["router"]

router = APIRouter(
    prefix="/api/v1/authoring", tags=["world authoring"], responses=problem_responses(401, 403)
)


@router.get("/not-understood", response_model=NotUnderstoodList)
async def list_not_understood(
    admin: AdminDep,
    db: SessionDep,
    world_id: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> NotUnderstoodList:
    """The most frequent lines the game did not understand, most frequent first, counted over
    the players whose privacy setting ``share_not_understood`` allows it."""
    rows, players = await not_understood_lines(db, world_id=world_id, limit=limit)
    return NotUnderstoodList(
        items=[NotUnderstoodLine(world_id=w, text=t, count=n) for w, t, n in rows],
        players_counted=players,
    )
