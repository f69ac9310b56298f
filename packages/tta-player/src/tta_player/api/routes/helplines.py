"""Help lines: the people a player can call or text now, for their locale. Public (help must
not wait for a sign-in), the same crisis resources the safety engine gives with a verdict."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict

from tta_agents import crisis_lines
from tta_agents.safety import CrisisResource
from tta_player.schemas import examples
from tta_player.schemas.players import LOCALE_PATTERN

__all__ = ["HelpLines", "router"]

router = APIRouter(prefix="/api/v1/help", tags=["help"])


class HelpLines(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.HELP_LINES]})

    locale: str
    resources: list[CrisisResource]


@router.get("", response_model=HelpLines)
async def help_lines(
    locale: Annotated[str, Query(max_length=35, pattern=LOCALE_PATTERN)] = "en-US",
) -> HelpLines:
    """Crisis lines for a locale (its region's, else an international directory)."""
    return HelpLines(locale=locale, resources=list(crisis_lines(locale)))
