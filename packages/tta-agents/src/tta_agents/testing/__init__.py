"""Fakes that behave, shipped for tests and benchmarks: a keyword safety checker and a
local OpenAI-compatible server that can stream, stall, fail and talk nonsense."""

from tta_agents.testing.checker import KeywordChecker
from tta_agents.testing.fake_llm import FakeChatServer, Reply

__all__ = ["FakeChatServer", "KeywordChecker", "Reply"]
