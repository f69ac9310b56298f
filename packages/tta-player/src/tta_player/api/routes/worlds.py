"""The world catalog (from tta_agents), with compatibility for one of your characters."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy.ext.asyncio import AsyncSession

from tta_agents import Preferences, WorldSummary, compatibility
from tta_player.api.deps import CurrentPlayer, RuntimeDep, SessionDep
from tta_player.db.models import Character, Player
from tta_player.db.repositories import get_owned
from tta_player.errors import NotFoundError
from tta_player.runtime import Runtime
from tta_player.schemas.problem import problem_responses
from tta_player.schemas.worlds import Compatibility, ExerciseGuide, MilestoneRef, WorldPublic

__all__ = ["router", "score_for"]

router = APIRouter(prefix="/api/v1/worlds", tags=["worlds"], responses=problem_responses(401))
CharacterQuery = Annotated[
    str | None, Query(max_length=64, description="Score each world for this character")
]


def score_for(world: WorldSummary, player: Player, character: Character) -> float:
    preferences = player.preferences or {}
    approaches = preferences.get("approaches") or ["mindfulness"]
    wanted = Preferences(
        approach=str(approaches[0]),
        intensity=preferences.get("intensity", "medium"),
        themes=tuple(str(c).lower() for c in character.therapeutic_profile.get("concerns", [])),
    )
    return compatibility(world, wanted)


def _public(runtime: Runtime, world: WorldSummary, score: float | None = None) -> WorldPublic:
    definition = runtime.catalog.world(world.id).definition
    return WorldPublic.model_validate(
        {
            **world.model_dump(),
            "compatibility": score,
            "exercise_guides": [
                ExerciseGuide(
                    id=ex.id,
                    title=ex.title,
                    kind=ex.kind,
                    intro=ex.intro,
                    steps=list(ex.steps),
                    closing=ex.closing,
                )
                for ex in definition.exercises
            ],
            "milestone_refs": [
                MilestoneRef(id=ms.id, title=ms.title) for ms in definition.milestones
            ],
        }
    )


async def _character(
    db: AsyncSession, character_id: str | None, player: Player
) -> Character | None:
    return None if character_id is None else await get_owned(db, Character, character_id, player.id)


@router.get("", response_model=list[WorldPublic], responses=problem_responses(404))
async def list_worlds(
    player: CurrentPlayer, db: SessionDep, runtime: RuntimeDep, character_id: CharacterQuery = None
) -> list[WorldPublic]:
    character = await _character(db, character_id, player)
    return [
        _public(runtime, world, score_for(world, player, character) if character else None)
        for world in runtime.catalog.list()
    ]


@router.get("/{world_id}", response_model=WorldPublic, responses=problem_responses(404))
async def read_world(
    world_id: str,
    player: CurrentPlayer,
    db: SessionDep,
    runtime: RuntimeDep,
    character_id: CharacterQuery = None,
) -> WorldPublic:
    world = _summary(runtime, world_id)
    character = await _character(db, character_id, player)
    return _public(runtime, world, score_for(world, player, character) if character else None)


@router.get(
    "/{world_id}/compatibility/{character_id}",
    response_model=Compatibility,
    responses=problem_responses(404),
)
async def read_compatibility(
    world_id: str, character_id: str, player: CurrentPlayer, db: SessionDep, runtime: RuntimeDep
) -> Compatibility:
    world = _summary(runtime, world_id)
    character = await get_owned(db, Character, character_id, player.id)
    score = score_for(world, player, character)
    return Compatibility(
        world_id=world.id,
        character_id=character.id,
        score=score,
        compatible=score >= 0.5,
        recommended=score >= 0.6,
    )


def _summary(runtime: RuntimeDep, world_id: str) -> WorldSummary:
    try:
        return runtime.catalog.get(world_id)
    except LookupError:
        raise NotFoundError(f"no world {world_id!r}") from None
