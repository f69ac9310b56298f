"""The workspace's import graph: no circle anywhere in the four packages."""

from __future__ import annotations

from .import_graph import cycles, graph


def test_the_graph_sees_every_package_and_their_imports() -> None:
    edges = graph()
    assert {module.split(".")[0] for module in edges} == {
        "tta_core",
        "tta_docker",
        "tta_agents",
        "tta_player",
    }
    assert "tta_player.app" in edges
    assert "tta_player.core.config" in edges["tta_player.app"]


def test_a_circle_is_found_when_there_is_one() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_imports_itself_back_through_others() -> None:
    assert cycles(graph()) == []
