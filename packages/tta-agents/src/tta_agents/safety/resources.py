"""Crisis resources as data, per region, chosen from the player's locale.

``data/resources.yaml`` lists, for each region code (ISO 3166, upper case), the places a
person can reach for help, and an ``international`` directory used for every locale without
its own entry. Entries may be limited to some levels or categories (a domestic abuse line
is shown when the verdict is about abuse at home).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tta_agents.safety.errors import ResourceFileError
from tta_agents.safety.verdict import CrisisResource, SafetyLevel
from tta_agents.yaml_data import load_yaml

__all__ = ["LAST_RESORT", "ResourceDirectory", "ResourceEntry", "ResourceFile", "region_of"]

LAST_RESORT: tuple[CrisisResource, ...] = (
    CrisisResource(
        name="Find A Helpline",
        description="Free, confidential crisis lines in your country, by phone, text or chat.",
        url="https://findahelpline.com",
    ),
    CrisisResource(
        name="Emergency services",
        description="If you are in immediate danger, call your local emergency number.",
    ),
)

_REGION = re.compile(r"^(?:[A-Za-z]{2}|\d{3})$")


class ResourceEntry(CrisisResource):
    levels: tuple[SafetyLevel, ...] = (SafetyLevel.CONCERN, SafetyLevel.CRISIS)
    categories: tuple[str, ...] = ()
    source: str = Field(default="", description="Where this entry's details were checked")

    def public(self) -> CrisisResource:
        return CrisisResource.model_validate(
            self.model_dump(exclude={"levels", "categories", "source"})
        )


class ResourceFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str = "1"
    fallback: str = "international"
    aliases: dict[str, str] = Field(default_factory=dict)
    regions: dict[str, tuple[ResourceEntry, ...]]


def region_of(locale: str) -> str | None:
    """The region code of a locale ("en-GB" -> "GB", "es_419" -> "419", "en" -> None)."""
    parts = [part for part in re.split(r"[-_.@]", locale.strip()) if part]
    if len(parts) == 1 and parts[0].isupper() and _REGION.match(parts[0]):
        return parts[0]
    for part in parts[1:]:
        if _REGION.match(part):
            return part.upper()
    return None


class ResourceDirectory:
    """Looks up the resources to show for a locale, level and categories."""

    def __init__(self, data: ResourceFile, source: str = "(resources)") -> None:
        if data.fallback not in data.regions:
            raise ResourceFileError(
                source, f"fallback region {data.fallback!r} has no entries", field="fallback"
            )
        self._data = data
        self._cache: dict[tuple[str, SafetyLevel, tuple[str, ...]], tuple[CrisisResource, ...]] = {}

    @classmethod
    def load(cls, path: Path) -> ResourceDirectory:
        try:
            raw = load_yaml(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise ResourceFileError(str(path), f"cannot read: {exc}") from exc
        try:
            data = ResourceFile.model_validate(raw)
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(part) for part in first["loc"]) or "(file)"
            raise ResourceFileError(str(path), first["msg"], field=field) from exc
        return cls(data, str(path))

    @property
    def regions(self) -> tuple[str, ...]:
        return tuple(self._data.regions)

    def for_locale(
        self, locale: str, level: SafetyLevel, categories: Iterable[str] = ()
    ) -> tuple[CrisisResource, ...]:
        if level is SafetyLevel.SAFE:
            return ()
        region = region_of(locale) or self._data.fallback
        region = self._data.aliases.get(region, region)
        if region not in self._data.regions:
            region = self._data.fallback
        wanted = tuple(sorted(set(categories)))
        key = (region, level, wanted)
        found = self._cache.get(key)
        if found is None:
            found = (
                tuple(
                    entry.public()
                    for entry in self._data.regions[region]
                    if level in entry.levels
                    and (not entry.categories or set(entry.categories) & set(wanted))
                )
                or LAST_RESORT
            )
            self._cache[key] = found
        return found
