"""``GET /api/v1/admin/flags``: the effective rollout modes, for admins only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict

from tta_core import FlagSet
from tta_player.api.deps import CurrentPlayer
from tta_player.db.models import Player
from tta_player.errors import PermissionDeniedError, ServiceUnavailableError
from tta_player.schemas import examples
from tta_player.schemas.problem import problem_responses

__all__ = ["FlagView", "FlagsView", "router"]

router = APIRouter(prefix="/api/v1/admin", tags=["admin"], responses=problem_responses(401, 403))


class FlagView(BaseModel):
    component: str
    mode: str
    source: str
    canary_percent: int | None
    legacy: str | None
    legacy_source: str | None


class FlagsView(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.FLAGS]})

    components: list[FlagView]
    metric: str = "tta_rollout_mode_info"


async def get_admin(player: CurrentPlayer) -> Player:
    if player.role != "admin":
        raise PermissionDeniedError("only admins may see the rollout flags")
    return player


AdminDep = Annotated[Player, Depends(get_admin)]


@router.get("/flags", response_model=FlagsView)
async def rollout_flags(request: Request, admin: AdminDep) -> FlagsView:
    """Each component's effective mode and where each value came from (as ``tta flags``)."""
    flags: FlagSet | None = getattr(request.app.state, "rollout_flags", None)
    if flags is None:
        raise ServiceUnavailableError("the rollout flags are not loaded")
    return FlagsView(components=[FlagView.model_validate(row) for row in flags.describe()])
