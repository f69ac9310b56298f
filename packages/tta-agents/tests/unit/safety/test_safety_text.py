"""Normalisation, trigger derivation and locale parsing: the pure parts under the engine."""

from pathlib import Path

import pytest

from tta_agents.safety import ResourceFileError, SafetyLevel
from tta_agents.safety.normalize import Normalizer
from tta_agents.safety.resources import LAST_RESORT, ResourceDirectory, region_of
from tta_agents.safety.triggers import first_words, required_sets, required_words


@pytest.fixture
def normalizer() -> Normalizer:
    return Normalizer({"kms": "kill myself", "im": "i'm"}, ["myself", "suicide"], ["kill"])


def test_words_are_lowercased_and_slang_expanded(normalizer: Normalizer) -> None:
    assert normalizer.words("Im DONE. kms\nok") == ["i'm", "done", ".", "kill", "myself", ".", "ok"]


def test_typos_are_corrected_but_real_words_left_alone(normalizer: Normalizer) -> None:
    assert normalizer.words("myslef sucide suicdie") == ["myself", "suicide", "suicide"]
    assert normalizer.words("itself himself") == ["itself", "himself"]


def test_repeats_curly_quotes_and_leet(normalizer: Normalizer) -> None:
    assert normalizer.words("killlll myselfffff") == ["kill", "myself"]
    assert normalizer.words("I\u2019m 5u1c1d3") == ["i'm", "suicide"]
    assert normalizer.words("the 3rd door") == ["the", "3rd", "door"]


def test_every_word_keeps_the_span_of_what_the_player_typed(normalizer: Normalizer) -> None:
    tokens = normalizer.tokens("oh kms")
    assert tokens == [("oh", 0, 2), ("kill", 3, 6), ("myself", 3, 6)]


def test_the_word_cache_is_bounded(normalizer: Normalizer) -> None:
    normalizer.words(" ".join(f"w{n}x" for n in range(50_010)))
    assert normalizer.words("kms") == ["kill", "myself"]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("(?:kill|end) (?:myself|my self)", {"kill", "end"}),
        (r"suicid\w*", {"suicid*"}),
        ("(?:over|under)dose", {"over*", "under*"}),
        ("panic attacks?|anxiety attacks?", {"panic", "anxiety"}),
        (r"\w+ing", None),
    ],
)
def test_trigger_words_are_derived_from_patterns(pattern: str, expected: set[str] | None) -> None:
    found = required_words(pattern)
    assert (set(found) if found else None) == expected


def test_common_patterns_need_two_trigger_sets() -> None:
    sets = required_sets("(?:why|what) should i (?:keep living|stay alive)")
    assert len(sets) == 2
    assert set(sets[0]).isdisjoint(sets[1])


def test_first_words_say_where_a_match_can_start() -> None:
    assert first_words("(?:(?:just|so) )*(?:why|what) now") == {"just*", "so*", "wh*"}
    assert first_words(r"\d+ pills") is None
    assert first_words("(?:really )?") is None


@pytest.mark.parametrize(
    ("locale", "region"),
    [("en-US", "US"), ("en_GB", "GB"), ("GB", "GB"), ("es-419", "419"), ("en", None), ("", None)],
)
def test_the_region_is_read_from_the_locale(locale: str, region: str | None) -> None:
    assert region_of(locale) == region


def test_a_bad_resources_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "resources.yaml"
    path.write_text("regions:\n  US:\n    - {description: no name}\n")
    with pytest.raises(ResourceFileError, match=r"regions\.US\.0\.name"):
        ResourceDirectory.load(path)
    path.write_text("fallback: nowhere\nregions:\n  US:\n    - {name: Line}\n")
    with pytest.raises(ResourceFileError, match="fallback"):
        ResourceDirectory.load(path)
    with pytest.raises(ResourceFileError, match="cannot read"):
        ResourceDirectory.load(tmp_path / "missing.yaml")


def test_a_region_with_nothing_for_a_level_falls_back_to_the_directory(tmp_path: Path) -> None:
    path = tmp_path / "resources.yaml"
    path.write_text(
        "aliases: {UK: GB}\nregions:\n  GB:\n    - {name: Only crisis, levels: [crisis]}\n"
        "  international:\n    - {name: Directory}\n"
    )
    directory = ResourceDirectory.load(path)
    assert directory.regions == ("GB", "international")
    assert directory.for_locale("en-GB", SafetyLevel.CONCERN) == LAST_RESORT
    assert [r.name for r in directory.for_locale("UK", SafetyLevel.CRISIS)] == ["Only crisis"]
    assert directory.for_locale("en-GB", SafetyLevel.SAFE) == ()
