"""Characters of the signed-in player (at most five; only ``name`` is required)."""

from __future__ import annotations

from fastapi import APIRouter, status

from tta_player.api.deps import CharacterDep, CurrentPlayer, RuntimeDep, SessionDep
from tta_player.db.repositories import CharacterRepository
from tta_player.schemas.characters import CharacterCreate, CharacterPublic, CharacterUpdate
from tta_player.schemas.problem import problem_responses

__all__ = ["router"]

router = APIRouter(
    prefix="/api/v1/characters", tags=["characters"], responses=problem_responses(401)
)


def _public(character: object) -> CharacterPublic:
    return CharacterPublic.model_validate(character, from_attributes=True)


@router.get("", response_model=list[CharacterPublic])
async def list_characters(player: CurrentPlayer, db: SessionDep) -> list[CharacterPublic]:
    return [_public(c) for c in await CharacterRepository(db).list(player.id)]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CharacterPublic,
    responses=problem_responses(409, 422),
)
async def create_character(
    body: CharacterCreate, player: CurrentPlayer, runtime: RuntimeDep
) -> CharacterPublic:
    """Create a character; a sixth one is refused with 409 ``limit-reached``."""
    async with runtime.database.writing() as db:
        character = await CharacterRepository(db).create(
            player.id, body.model_dump(mode="json"), limit=runtime.settings.max_active_characters
        )
        await db.commit()
    return _public(character)


@router.get("/{character_id}", response_model=CharacterPublic, responses=problem_responses(404))
async def read_character(character: CharacterDep) -> CharacterPublic:
    return _public(character)


@router.patch(
    "/{character_id}", response_model=CharacterPublic, responses=problem_responses(404, 422)
)
async def update_character(
    body: CharacterUpdate, character: CharacterDep, db: SessionDep
) -> CharacterPublic:
    """Change the fields sent; nested sections (appearance...) are replaced as a whole."""
    await CharacterRepository(db).update(
        character, body.model_dump(exclude_unset=True, mode="json")
    )
    await db.commit()
    return _public(character)


@router.delete(
    "/{character_id}", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(404)
)
async def delete_character(character: CharacterDep, db: SessionDep) -> None:
    """Delete the character with its sessions and turns."""
    await CharacterRepository(db).delete(character)
    await db.commit()
