"""Schemas of what world authors read: aggregated lines the game did not understand."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from tta_player.schemas import examples

__all__ = ["NotUnderstoodLine", "NotUnderstoodList"]


class NotUnderstoodLine(BaseModel):
    world_id: str
    text: str = Field(description="The line as the input processor normalised it")
    count: int = Field(description="How many turns of consenting players had this line")


class NotUnderstoodList(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.NOT_UNDERSTOOD]})

    items: list[NotUnderstoodLine]
    players_counted: int = Field(
        description="Players who allow their lines to be counted (privacy share_not_understood)"
    )
