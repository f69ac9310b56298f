"""Fakes that behave, shipped for tests and benchmarks: a keyword safety checker, a sentence
encoder with chosen readings, and a local OpenAI-compatible server that can stream, stall,
fail and talk nonsense."""

from tta_agents.testing.checker import KeywordChecker
from tta_agents.testing.encoder import FakeEncoder
from tta_agents.testing.fake_llm import FakeChatServer, Reply

__all__ = ["FakeChatServer", "FakeEncoder", "KeywordChecker", "Reply"]
