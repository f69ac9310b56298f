"""The shipped crisis resources: every required region, every entry with its source, and
answers in proportion (crisis lines for a crisis; softer options for distress)."""

from __future__ import annotations

import pytest
import yaml

from tta_agents.safety.loader import DEFAULT_RESOURCES
from tta_agents.safety.resources import ResourceDirectory
from tta_agents.safety.verdict import SafetyLevel

REGIONS = ("US", "CA", "GB", "IE", "AU", "NZ", "DE", "FR", "ES", "IN")


@pytest.fixture(scope="module")
def directory() -> ResourceDirectory:
    return ResourceDirectory.load(DEFAULT_RESOURCES)


def test_every_shipped_entry_names_its_source() -> None:
    raw = yaml.safe_load(DEFAULT_RESOURCES.read_text())
    missing = [
        f"{region}: {entry['name']}"
        for region, entries in raw["regions"].items()
        for entry in entries
        if not str(entry.get("source", "")).startswith("https://")
    ]
    assert missing == []


@pytest.mark.parametrize("region", REGIONS)
def test_each_region_has_a_reachable_crisis_line_and_support(directory, region: str) -> None:
    locale = f"en-{region}"
    crisis = directory.for_locale(locale, SafetyLevel.CRISIS)
    concern = directory.for_locale(locale, SafetyLevel.CONCERN)
    assert region in directory.regions
    assert any(r.phone for r in crisis)
    assert any(
        "danger" in r.description.lower() or r.name in ("Notruf", "Urgences", "Emergencias")
        for r in crisis
    )
    assert concern
    assert all(r.name != "Find A Helpline" for r in concern)  # a local option, not the directory


def test_distress_is_offered_softer_options_than_a_crisis(directory) -> None:
    concern = {r.name for r in directory.for_locale("en-US", SafetyLevel.CONCERN)}
    crisis = {r.name for r in directory.for_locale("en-US", SafetyLevel.CRISIS)}
    assert "988 Suicide & Crisis Lifeline" in crisis
    assert "988 Suicide & Crisis Lifeline" not in concern
    assert "NAMI HelpLine" in concern
    assert not any(r.phone == "911" for r in directory.for_locale("en-US", SafetyLevel.CONCERN))


def test_other_locales_get_the_international_directory(directory) -> None:
    found = directory.for_locale("pt-BR", SafetyLevel.CRISIS)
    assert any(r.url == "https://findahelpline.com" for r in found)
