"""Fakes that behave, shipped for tests and benchmarks: a keyword safety checker, a checker
that asks (``check_in``) for marker phrases and defers to a real one otherwise, a sentence
encoder with chosen readings, a shipped world's scene at a chosen place, and a local
OpenAI-compatible server that can stream, stall, fail and talk nonsense."""

from tta_agents.testing.checker import KeywordChecker
from tta_agents.testing.checkin import CHECK_IN_MARKERS, CHECK_IN_QUESTION, CheckInChecker
from tta_agents.testing.encoder import FakeEncoder
from tta_agents.testing.fake_llm import FakeChatServer, Reply
from tta_agents.testing.scenes import scene_at

__all__ = [
    "CHECK_IN_MARKERS",
    "CHECK_IN_QUESTION",
    "CheckInChecker",
    "FakeChatServer",
    "FakeEncoder",
    "KeywordChecker",
    "Reply",
    "scene_at",
]
