"""The signed-in player: profile, preferences, privacy, locale, progress, export, deletion."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from tta_player.api.deps import CurrentPlayer, RuntimeDep, SessionDep
from tta_player.db.repositories import PlayerRepository
from tta_player.schemas.players import PlayerExport, PlayerPublic, PlayerUpdate
from tta_player.schemas.problem import problem_responses
from tta_player.schemas.progress import ProgressSummary
from tta_player.services.export import export_player
from tta_player.services.progress import progress_summary

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/players", tags=["players"], responses=problem_responses(401))


@router.get("/me", response_model=PlayerPublic)
async def read_me(player: CurrentPlayer) -> PlayerPublic:
    return PlayerPublic.model_validate(player, from_attributes=True)


@router.patch("/me", response_model=PlayerPublic, responses=problem_responses(422))
async def update_me(body: PlayerUpdate, player: CurrentPlayer, db: SessionDep) -> PlayerPublic:
    """Change the display name, locale (it picks the crisis resources shown), preferences or
    privacy settings. Only the fields sent change."""
    changes = body.model_dump(exclude_unset=True, mode="json")
    for nested in ("preferences", "privacy"):
        if nested in changes:
            changes[nested] = {**getattr(player, nested), **changes[nested]}
    await PlayerRepository(db).update(player, changes)
    await db.commit()
    return PlayerPublic.model_validate(player, from_attributes=True)


@router.get("/me/export", response_model=PlayerExport)
async def export_me(player: CurrentPlayer, db: SessionDep) -> PlayerExport:
    """Everything kept about you, as JSON."""
    return await export_player(db, player)


@router.delete("/me", status_code=status.HTTP_204_NO_CONTENT)
async def delete_me(player: CurrentPlayer, db: SessionDep) -> None:
    """Delete the account and everything belonging to it. This cannot be undone."""
    await PlayerRepository(db).delete(player)
    await db.commit()


@router.get("/me/progress", response_model=ProgressSummary)
async def read_progress(
    player: CurrentPlayer,
    db: SessionDep,
    runtime: RuntimeDep,
    days: Annotated[int, Query(ge=1, le=366, description="Days in the daily series")] = 30,
) -> ProgressSummary:
    """Milestones, exercises completed, skills, streak, time played, a daily series, and per
    world the milestones reached out of its total and whether it is complete."""
    return await progress_summary(db, player.id, days=days, worlds=runtime.catalog.list())
