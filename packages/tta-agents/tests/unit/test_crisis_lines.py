"""The crisis lines a client's "Get help now" shows, whatever the verdict."""

from tta_agents import crisis_lines


def test_crisis_lines_follow_the_locale_whatever_the_verdict() -> None:
    assert crisis_lines("en-US")[0].phone == "988"
    assert "Samaritans" in [line.name for line in crisis_lines("en-GB")]
    assert crisis_lines("xx-QQ"), "an international directory where a region has none"
