"""Shadow comparison of HTTP responses: status first, then the JSON shape, never the values."""

from __future__ import annotations

from tta_player.rollout import ResponseSummary, compare_responses, json_shape


def summary(status: int, body: bytes, limit: int = 1024) -> ResponseSummary:
    result = ResponseSummary(limit, status=status)
    result.tap(body)
    return result


def test_json_shape_keeps_keys_and_types_not_values() -> None:
    assert json_shape({"b": [1, 2], "a": {"x": "s", "y": None, "z": True}, "c": []}) == {
        "a": {"x": "string", "y": "null", "z": "boolean"},
        "b": ["number"],
        "c": [],
    }


def test_same_status_and_shape_with_different_values_is_no_divergence() -> None:
    left = summary(200, b'{"id": "a1", "turns": [{"n": 1}]}')
    right = summary(200, b'{"id": "zz", "turns": [{"n": 7}, {"n": 8}]}')
    assert compare_responses(left, right) == []


def test_a_different_status_is_reported_before_the_shape() -> None:
    divergences = compare_responses(summary(200, b"{}"), summary(404, b"[]"))
    assert [(d.field, d.served, d.shadow) for d in divergences] == [("status", 200, 404)]


def test_a_different_shape_is_reported() -> None:
    divergences = compare_responses(summary(200, b'{"a": 1}'), summary(200, b'{"a": "1"}'))
    assert [d.field for d in divergences] == ["shape"]


def test_bodies_that_are_empty_not_json_or_too_large_have_their_own_shapes() -> None:
    assert summary(204, b"").shape == "<empty>"
    assert summary(200, b"<html>").shape == "<not json>"
    big = ResponseSummary(1024, status=200)
    big.tap(b"x" * 1000)
    big.tap(b"x" * 1000)
    assert big.truncated
    assert len(big.body) == 1024
    assert big.shape == "<too large to compare>"
