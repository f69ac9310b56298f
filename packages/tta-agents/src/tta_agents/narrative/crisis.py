"""The supportive reply shown instead of game text when the input signals a crisis."""

from __future__ import annotations

from tta_agents.safety.verdict import CrisisResource, Verdict

__all__ = ["CHECK_IN_SUGGESTIONS", "CRISIS_SUGGESTIONS", "crisis_reply"]

_DEFAULT = (
    "I'm really glad you told me. What you're going through matters, and you don't have to "
    "face it alone. The game can wait; please reach out to someone who can help right now."
)
CRISIS_SUGGESTIONS = ("reach out to one of these resources", "breathe", "talk to someone you trust")
CHECK_IN_SUGGESTIONS = ("Yes", "No", "I'm not sure")


def _resource_line(resource: CrisisResource) -> str:
    ways = []
    if resource.phone:
        ways.append(f"call {resource.phone}")
    if resource.sms:
        body = f"text {resource.sms_body} to {resource.sms}" if resource.sms_body else ""
        ways.append(body or f"text {resource.sms}")
    if resource.url:
        ways.append(resource.url)
    how = f" ({', '.join(ways)})" if ways else ""
    hours = f", {resource.hours}" if resource.hours else ""
    return f"{resource.name}{how}{hours}."


def crisis_reply(verdict: Verdict) -> str:
    """The verdict's message (supportive words, or the check-in question) followed by each
    resource, in order."""
    lines = [verdict.message or _DEFAULT]
    lines.extend(_resource_line(r) for r in verdict.resources)
    if not verdict.resources:
        lines.append("If you are in immediate danger, call your local emergency number.")
    return "\n".join(lines)
