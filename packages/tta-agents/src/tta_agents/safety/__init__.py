"""The therapeutic safety engine: catches every crisis, leaves play alone.

```python
from tta_agents.safety import SafetyContext, default_checker

verdict = default_checker().check(text, SafetyContext(session_id=sid, locale="en-GB"))
if verdict.level == "crisis":
    show(verdict.message, verdict.resources)
narrative_verdict = default_checker().check_output(narrative)
if narrative_verdict.action == "block":
    narrative = narrative_verdict.message
```

Rules and crisis resources are data (``data/default_rules.yaml``, ``data/resources.yaml``);
operators layer their own packs through ``SafetySettings.rule_packs``. See
docs/rewrite/agent_orchestration_safety.md.
"""

from tta_agents.safety.engine import SafetyEngine, default_checker
from tta_agents.safety.errors import PackError, ResourceFileError, RulePackError, SafetyError
from tta_agents.safety.events import InMemoryRecorder, SafetyEvent, SafetyEventRecorder
from tta_agents.safety.second_opinion import SecondOpinion
from tta_agents.safety.settings import SafetySettings
from tta_agents.safety.verdict import (
    CrisisResource,
    RuleMatch,
    SafetyAction,
    SafetyChecker,
    SafetyContext,
    SafetyLevel,
    Verdict,
)

__all__ = [
    "CrisisResource",
    "InMemoryRecorder",
    "PackError",
    "ResourceFileError",
    "RuleMatch",
    "RulePackError",
    "SafetyAction",
    "SafetyChecker",
    "SafetyContext",
    "SafetyEngine",
    "SafetyError",
    "SafetyEvent",
    "SafetyEventRecorder",
    "SafetyLevel",
    "SafetySettings",
    "SecondOpinion",
    "Verdict",
    "default_checker",
]
