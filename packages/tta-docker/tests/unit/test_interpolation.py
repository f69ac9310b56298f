from pathlib import Path

import pytest

from tta_docker import StackConfigError
from tta_docker.interpolation import interpolate, interpolate_tree, read_env_file

ENV = {"SET": "value", "EMPTY": ""}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("${SET}", "value"),
        ("$SET/x", "value/x"),
        ("${UNSET}", ""),
        ("${UNSET:-fallback}", "fallback"),
        ("${EMPTY:-fallback}", "fallback"),
        ("${EMPTY-fallback}", ""),
        ("${UNSET-fallback}", "fallback"),
        ("${SET:-fallback}", "value"),
        ("${SET:+alt}", "alt"),
        ("${EMPTY:+alt}", ""),
        ("${EMPTY+alt}", "alt"),
        ("${UNSET:-${SET}}", "value"),
        ("${UNSET:-a:b}", "a:b"),
        ("cost $$5", "cost $5"),
        ("a $ b", "a $ b"),
        ("image: ${IMG:-redis:7-alpine}", "image: redis:7-alpine"),
    ],
)
def test_interpolate_follows_compose_rules(text: str, expected: str) -> None:
    assert interpolate(text, ENV) == expected


def test_required_variable_names_the_variable() -> None:
    with pytest.raises(StackConfigError, match="MISSING must be set"):
        interpolate("${MISSING:?must be set}", ENV, "compose.yaml")
    with pytest.raises(StackConfigError, match="MISSING is required"):
        interpolate("${MISSING?}", ENV)
    assert interpolate("${SET:?x}", ENV) == "value"


@pytest.mark.parametrize("text", ["${", "${1BAD}", "${SET%x}"])
def test_malformed_references_are_refused(text: str) -> None:
    with pytest.raises(StackConfigError):
        interpolate(text, ENV, "compose.yaml")


def test_tree_interpolates_strings_only() -> None:
    tree = {"a": ["${SET}", 3, True], "${SET}": {"b": None}}
    assert interpolate_tree(tree, ENV) == {"a": ["value", 3, True], "value": {"b": None}}


def test_env_file_reads_comments_quotes_and_export(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_text(
        "# comment\n\nexport A=1\nB='two words'\nC=\"line\\nbreak\"\nD=x # trailing\nE=\n"
    )
    assert read_env_file(path) == {
        "A": "1",
        "B": "two words",
        "C": "line\nbreak",
        "D": "x",
        "E": "",
    }


def test_env_file_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_text("OK=1\nnot a pair\n")
    with pytest.raises(StackConfigError, match=r"\.env:2"):
        read_env_file(path)
