"""Safety oversight: therapists and admins (only) see open crisis events and follow them up."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from tta_player.api.deps import SessionDep, StaffDep
from tta_player.db.repositories import SafetyRepository
from tta_player.schemas.problem import problem_responses
from tta_player.schemas.safety import FollowUp, SafetyEventList, SafetyEventPublic

__all__ = ["router"]

router = APIRouter(
    prefix="/api/v1/safety/events", tags=["safety oversight"], responses=problem_responses(401, 403)
)


@router.get("", response_model=SafetyEventList)
async def list_events(
    staff: StaffDep,
    db: SessionDep,
    status: Annotated[Literal["open", "followed_up", "all"], Query()] = "open",
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> SafetyEventList:
    """Crisis events, newest first (``status=open`` by default)."""
    events = await SafetyRepository(db).list(
        status=None if status == "all" else status, limit=limit
    )
    return SafetyEventList(
        items=[SafetyEventPublic.model_validate(e, from_attributes=True) for e in events]
    )


@router.post(
    "/{event_id}/follow-up",
    response_model=SafetyEventPublic,
    responses=problem_responses(404, 409),
)
async def follow_up(
    event_id: str, body: FollowUp, staff: StaffDep, db: SessionDep
) -> SafetyEventPublic:
    """Mark an open event followed up, with an optional note."""
    event = await SafetyRepository(db).follow_up(event_id, by=staff.id, note=body.note)
    await db.commit()
    return SafetyEventPublic.model_validate(event, from_attributes=True)
