"""Progress sharing: therapists and admins see the progress of players who chose to share it.

Only players whose privacy settings say ``share_progress`` are listed or readable; anyone
else's id is a 404, exactly like a missing one, and withdrawing consent hides them at once.
The summary is the player's own (milestones, exercises, skills, streak, time played, a daily
series): never the words of a turn.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from tta_player.api.deps import IdPath, RuntimeDep, SessionDep, StaffDep
from tta_player.db.repositories import PlayerRepository
from tta_player.errors import NotFoundError
from tta_player.schemas.problem import problem_responses
from tta_player.schemas.progress import ProgressSummary, SharingPlayer, SharingPlayerList
from tta_player.services.progress import progress_summary

__all__ = ["router"]

router = APIRouter(
    prefix="/api/v1/staff/players", tags=["progress sharing"], responses=problem_responses(401, 403)
)


@router.get("", response_model=SharingPlayerList)
async def list_sharing_players(staff: StaffDep, db: SessionDep) -> SharingPlayerList:
    """Players who share their progress with therapists, by username."""
    players = await PlayerRepository(db).sharing_progress()
    return SharingPlayerList(
        items=[
            SharingPlayer(player_id=p.id, username=p.username, display_name=p.display_name)
            for p in players
        ]
    )


@router.get(
    "/{player_id}/progress", response_model=ProgressSummary, responses=problem_responses(404)
)
async def read_shared_progress(
    player_id: Annotated[str, IdPath],
    staff: StaffDep,
    db: SessionDep,
    runtime: RuntimeDep,
    days: Annotated[int, Query(ge=1, le=366, description="Days in the daily series")] = 30,
) -> ProgressSummary:
    """A sharing player's progress (404 for a player who does not share it)."""
    player = await PlayerRepository(db).sharing_progress_by_id(player_id)
    if player is None:
        raise NotFoundError("no player sharing progress with that id")
    return await progress_summary(db, player.id, days=days, worlds=runtime.catalog.list())
