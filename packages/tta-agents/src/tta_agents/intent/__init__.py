"""IPA, input processing: free text in, a typed intent out (pure, no I/O)."""

from tta_agents.intent.model import Intent, IntentKind
from tta_agents.intent.parser import parse_intent

__all__ = ["Intent", "IntentKind", "parse_intent"]
