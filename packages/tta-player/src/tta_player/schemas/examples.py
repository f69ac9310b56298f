"""Examples shown in the OpenAPI document (/docs), taken from a real play of the shipped game.

Each is attached to its model's schema (``json_schema_extra``); a test validates every one
against its model, so an example that stops being true fails the suite.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "CHARACTER",
    "CHARACTER_UPDATE",
    "COMPATIBILITY",
    "COOKIE_SESSION",
    "FLAGS",
    "HELP_LINES",
    "JOURNAL_ANSWER",
    "JOURNAL_ENTRY",
    "JOURNAL_NEW",
    "MOOD",
    "MOOD_ANSWER",
    "MOOD_NEW",
    "NOT_UNDERSTOOD",
    "PLAYER",
    "PLAYER_EXPORT",
    "PROGRESS",
    "REFRESH",
    "SAFETY_EVENT",
    "SESSION",
    "SESSION_SUMMARY",
    "SHARING_PLAYERS",
    "TOKEN_PAIR",
    "TURN",
    "WORLD",
]

_AT = "2026-12-06T20:26:23Z"
_PLAYER_ID = "5d0c2a8e7b1f4c3a9e6d2b8f0a1c3e5d"
_CHARACTER_ID = "0f3c9a1b2d4e4f6a8b0c1d2e3f4a5b6c"
_SESSION_ID = "fdb718f1731641099da8c1b1111cf4e2"

PLAYER: dict[str, Any] = {
    "id": _PLAYER_ID,
    "username": "wren_player",
    "email": "wren@example.org",
    "role": "player",
    "display_name": "Wren",
    "locale": "en-GB",
    "preferences": {"intensity": "medium", "approaches": ["mindfulness"], "session_minutes": 30},
    "privacy": {
        "data_retention_days": 365,
        "share_progress": False,
        "store_safety_text": False,
        "share_not_understood": False,
    },
    "created_at": _AT,
}
TOKEN_PAIR: dict[str, Any] = {
    "access_token": "<access token: a signed JWT, valid 15 minutes>",
    "refresh_token": "<refresh token: use once at /api/v1/auth/refresh>",
    "token_type": "bearer",
    "expires_in": 900,
}
REFRESH: dict[str, Any] = {"refresh_token": "<the refresh token of your last pair>"}
COOKIE_SESSION: dict[str, Any] = {
    "access_token": "<access token: a signed JWT, valid 15 minutes>",
    "token_type": "bearer",
    "expires_in": 900,
    "csrf_token": "<send back as X-CSRF-Token>",
}
CHARACTER: dict[str, Any] = {
    "id": _CHARACTER_ID,
    "name": "Wren",
    "appearance": {"age_range": "adult", "description": "A green scarf", "features": []},
    "background": {
        "backstory": "Moved to a new city last spring.",
        "traits": ["curious"],
        "values": ["kindness"],
        "fears": [],
        "life_goals": ["feel at home"],
    },
    "therapeutic_profile": {
        "concerns": ["stress"],
        "goals": [{"description": "sleep better", "progress": 20}],
        "readiness": 0.6,
    },
    "created_at": _AT,
    "updated_at": _AT,
}
CHARACTER_UPDATE: dict[str, Any] = {"background": {"traits": ["curious", "patient"]}}
WORLD: dict[str, Any] = {
    "id": "mindfulness_garden",
    "title": "The Mindfulness Garden",
    "description": "A walled garden where time slows down.",
    "difficulty": "gentle",
    "themes": ["mindfulness", "calm", "presence"],
    "approaches": ["mindfulness", "act"],
    "locations": 8,
    "exercises": ["Breathing with the fig tree", "Leaves on the stream"],
    "milestones": ["First slow breath", "The whole garden"],
    "compatibility": 0.82,
}
COMPATIBILITY: dict[str, Any] = {
    "world_id": "mindfulness_garden",
    "character_id": _CHARACTER_ID,
    "score": 0.82,
    "compatible": True,
    "recommended": True,
}
SESSION: dict[str, Any] = {
    "session_id": _SESSION_ID,
    "character_id": _CHARACTER_ID,
    "world_id": "mindfulness_garden",
    "status": "active",
    "turn_count": 0,
    "minutes_played": 0.0,
    "customization": {
        "intensity": 0.5,
        "pace": "medium",
        "interaction": "balanced",
        "session_minutes": 30,
    },
    "intro": "You step through the willow gate into a walled garden.",
    "created_at": _AT,
    "last_activity_at": _AT,
    "ended_at": None,
}
TURN: dict[str, Any] = {
    "turn_id": "9a42cfe608974f9fb55732a43ba3309a",
    "session_id": _SESSION_ID,
    "number": 1,
    "input": "breathe",
    "narrative": (
        "Breathing with the fig tree. Breathe in through your nose for a count of four as the "
        "branches lift... Let your attention rest on one breath, then another."
    ),
    "safety": {"level": "safe", "action": "allow", "resources": [], "message": ""},
    "suggestions": ["take lantern", "go east", "go north"],
    "location": {"id": "willow_gate", "title": "The Willow Gate"},
    "inventory": [],
    "progress": [
        {"type": "exercise", "id": "garden_breath", "title": "Breathing with the fig tree"},
        {"type": "milestone", "id": "first_breath", "title": "First slow breath"},
    ],
    "served_by": "new",
    "intent": {"kind": "exercise", "target": "breathing", "confidence": 0.95},
    "understood": True,
    "created_at": _AT,
}
PROGRESS: dict[str, Any] = {
    "milestones": [
        {
            "id": "first_breath",
            "title": "First slow breath",
            "detail": "You breathed with the garden and let your body slow down.",
            "reached_at": _AT,
        }
    ],
    "exercises_completed": 1,
    "skills": [{"id": "breathing", "title": "slow breathing", "times_practised": 1}],
    "streak_days": 1,
    "time_played_minutes": 4.5,
    "turns_total": 12,
    "sessions_total": 1,
    "series": [{"date": "2026-12-06", "turns": 12, "minutes": 4.5, "mood": 3.5}],
    "worlds": [
        {
            "world_id": "mindfulness_garden",
            "title": "The Mindfulness Garden",
            "milestones_reached": 1,
            "milestones_total": 3,
            "completed": False,
            "completed_at": None,
            "ending_title": None,
        }
    ],
    "moods": [
        {"at": _AT, "score": 3, "moment": "before", "session_id": _SESSION_ID},
        {"at": _AT, "score": 4, "moment": "after", "session_id": _SESSION_ID},
    ],
}
SAFETY_EVENT: dict[str, Any] = {
    "id": "3e1f0c2b4a5d4e6f8a9b0c1d2e3f4a5b",  # pragma: allowlist secret (an example id)
    "player_id": _PLAYER_ID,
    "session_id": _SESSION_ID,
    "turn_id": "7c2d1e0f3a4b4c5d9e8f7a6b5c4d3e2f",
    "level": "crisis",
    "rule_ids": ["suicidal-ideation-direct"],
    "categories": ["suicidal_ideation"],
    "text": None,
    "status": "open",
    "created_at": _AT,
}
SHARING_PLAYERS: dict[str, Any] = {
    "items": [{"player_id": _PLAYER_ID, "username": "wren_player", "display_name": "Wren"}]
}
PLAYER_EXPORT: dict[str, Any] = {
    "exported_at": _AT,
    "player": PLAYER,
    "characters": [{"id": _CHARACTER_ID, "name": "Wren"}],
    "sessions": [{"id": _SESSION_ID, "world_id": "mindfulness_garden", "status": "active"}],
    "turns": [{"number": 1, "input": "breathe", "narrative": "Breathing with the fig tree."}],
    "progress": [{"kind": "milestone", "key": "first_breath", "title": "First slow breath"}],
    "safety_events": [],
    "sign_ins": [{"created_at": _AT, "revoked_at": None, "revoked_reason": None}],
}
NOT_UNDERSTOOD: dict[str, Any] = {
    "items": [{"world_id": "anxiety_sanctuary", "text": "sing to the gulls", "count": 3}],
    "players_counted": 2,
}
FLAGS: dict[str, Any] = {
    "components": [
        {
            "component": "AGENT_ORCHESTRATION",
            "mode": "canary",
            "source": "TTA_FLAG_AGENT_ORCHESTRATION",
            "canary_percent": 10,
            "legacy": "legacy_tta.agents:make_orchestrator",
            "legacy_source": "TTA_LEGACY_AGENT_ORCHESTRATION",
        }
    ],
    "metric": "tta_rollout_mode_info",
}
MOOD_NEW: dict[str, Any] = {
    "score": 3,
    "moment": "before",
    "session_id": _SESSION_ID,
    "note": "A long day, but the evening is quiet.",
}
MOOD: dict[str, Any] = {
    "id": "b7e2d9c04f1a4e8b9c3d2e1f0a9b8c7d",  # pragma: allowlist secret (an example id)
    "score": 3,
    "word": "Okay",
    "moment": "before",
    "session_id": _SESSION_ID,
    "note": "A long day, but the evening is quiet.",
    "created_at": _AT,
}
MOOD_ANSWER: dict[str, Any] = {
    "mood": MOOD,
    "offer_support": False,
    "reason": None,
    "message": "Thank you for checking in. Okay is a fine place to be.",
    "safety": {"level": "safe", "action": "allow", "resources": [], "message": ""},
}
JOURNAL_NEW: dict[str, Any] = {
    "kind": "journaling",
    "title": "The noticing journal",
    "exercise_id": "noticing_journal",
    "session_id": _SESSION_ID,
    "parts": [{"label": "What did you notice today?", "text": "Rain on the window at lunch."}],
    "keep": True,
}
JOURNAL_ENTRY: dict[str, Any] = {
    "id": "c1d2e3f4a5b64c7d8e9f0a1b2c3d4e5f",  # pragma: allowlist secret (an example id)
    "kind": "journaling",
    "title": "The noticing journal",
    "parts": [{"label": "What did you notice today?", "text": "Rain on the window at lunch."}],
    "session_id": _SESSION_ID,
    "world_id": "mindfulness_garden",
    "exercise_id": "noticing_journal",
    "created_at": _AT,
}
JOURNAL_ANSWER: dict[str, Any] = {
    "reply": "Thank you for writing this down. Putting a moment into words helps it settle.",
    "kept": True,
    "entry": JOURNAL_ENTRY,
    "safety": {"level": "safe", "action": "allow", "resources": [], "message": ""},
}
SESSION_SUMMARY: dict[str, Any] = {
    "session_id": _SESSION_ID,
    "character_id": _CHARACTER_ID,
    "world_id": "mindfulness_garden",
    "status": "completed",
    "turns": 14,
    "minutes_played": 9.5,
    "started_at": _AT,
    "last_activity_at": _AT,
    "ended_at": _AT,
    "exercises": [{"id": "garden_breath", "title": "Breathing with the fig tree", "detail": ""}],
    "skills": [{"id": "breathing", "title": "slow breathing", "detail": ""}],
    "milestones": [
        {
            "id": "first_breath",
            "title": "First slow breath",
            "detail": "You breathed with the garden and let your body slow down.",
        }
    ],
    "mood_before": {**MOOD, "score": 2, "word": "Low", "note": None},
    "mood_after": {**MOOD, "score": 4, "word": "Good", "moment": "after", "note": None},
}
HELP_LINES: dict[str, Any] = {
    "locale": "en-GB",
    "resources": [
        {
            "name": "Samaritans",
            "description": "Call 116 123, free, any time, to talk to someone who will listen.",
            "phone": "116 123",
            "url": "https://www.samaritans.org",
            "hours": "24/7",
        }
    ],
}
