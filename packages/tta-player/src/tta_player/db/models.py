"""The tables: players and their logins, characters, game sessions, turns, progress, safety.

Every row belongs to a player (``player_id``) and goes when the player goes
(``ON DELETE CASCADE``). Times are stored as UTC and come back timezone-aware on both SQLite
and PostgreSQL.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "Base",
    "Character",
    "GameSession",
    "JournalEntry",
    "LoginFailure",
    "MoodCheckIn",
    "Player",
    "ProgressEvent",
    "RefreshToken",
    "SafetyEvent",
    "TokenFamily",
    "Turn",
    "new_id",
    "utcnow",
]


def new_id() -> str:
    return uuid.uuid4().hex


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Naive UTC in the database, aware UTC in Python, whatever the backend does with zones."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use UTC-aware ones")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


def _owner() -> Mapped[str]:
    return mapped_column(String(32), ForeignKey("players.id", ondelete="CASCADE"), index=True)


class Player(Base):
    __tablename__ = "players"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    username: Mapped[str] = mapped_column(String(50))
    username_key: Mapped[str] = mapped_column(String(50), unique=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="player")
    display_name: Mapped[str | None] = mapped_column(String(80), default=None)
    locale: Mapped[str] = mapped_column(String(35), default="en-US")
    preferences: Mapped[dict[str, Any]] = mapped_column(default=dict)
    privacy: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class LoginFailure(Base):
    """Failed sign-ins under one username (lower-cased), whether or not an account has it:
    the lockout then answers alike for both, and nobody learns which names exist."""

    __tablename__ = "login_failures"

    username_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(default=None)
    last_failure_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class TokenFamily(Base):
    """One login: every access and refresh token issued from it shares its id (``sid``)."""

    __tablename__ = "token_families"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    player_id: Mapped[str] = _owner()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_reason: Mapped[str | None] = mapped_column(String(32), default=None)
    csrf_token: Mapped[str | None] = mapped_column(String(64), default=None)


class RefreshToken(Base):
    __tablename__ = "refresh_tokens"

    jti: Mapped[str] = mapped_column(String(32), primary_key=True)
    family_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("token_families.id", ondelete="CASCADE"), index=True
    )
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None] = mapped_column(default=None)


class Character(Base):
    __tablename__ = "characters"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    player_id: Mapped[str] = _owner()
    name: Mapped[str] = mapped_column(String(50))
    appearance: Mapped[dict[str, Any]] = mapped_column(default=dict)
    background: Mapped[dict[str, Any]] = mapped_column(default=dict)
    therapeutic_profile: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class GameSession(Base):
    __tablename__ = "game_sessions"
    __table_args__ = (
        Index(
            "one_active_session_per_character",
            "character_id",
            unique=True,
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    player_id: Mapped[str] = _owner()
    character_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("characters.id", ondelete="CASCADE"), index=True
    )
    world_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="active")
    world_state: Mapped[dict[str, Any]] = mapped_column(default=dict)
    customization: Mapped[dict[str, Any]] = mapped_column(default=dict)
    turn_count: Mapped[int] = mapped_column(Integer, default=0)
    active_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(default=None)


class Turn(Base):
    __tablename__ = "turns"
    __table_args__ = (UniqueConstraint("session_id", "number", name="turn_number_per_session"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    session_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("game_sessions.id", ondelete="CASCADE"), index=True
    )
    player_id: Mapped[str] = _owner()
    number: Mapped[int] = mapped_column(Integer)
    input: Mapped[str] = mapped_column(Text)
    narrative: Mapped[str] = mapped_column(Text)
    safety: Mapped[dict[str, Any]] = mapped_column(default=dict)
    suggestions: Mapped[list[Any]] = mapped_column(default=list)
    location: Mapped[dict[str, Any]] = mapped_column(default=dict)
    inventory: Mapped[list[Any]] = mapped_column(default=list)
    progress: Mapped[list[Any]] = mapped_column(default=list)
    elapsed_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    # "new" or "legacy": the AGENT_ORCHESTRATION implementation that served the turn.
    served_by: Mapped[str] = mapped_column(String(8), default="new", server_default="new")
    # What the game took the line to mean ({kind, target, confidence}, and the normalised
    # text for world authors); null for a crisis or check-in turn, which is always understood.
    intent: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    understood: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class ProgressEvent(Base):
    """A milestone reached, an exercise completed, a skill practised or a world completed
    (``completion``: ``key`` is the world id), in the world ``world_id``."""

    __tablename__ = "progress_events"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    player_id: Mapped[str] = _owner()
    session_id: Mapped[str | None] = mapped_column(
        String(32), ForeignKey("game_sessions.id", ondelete="SET NULL"), default=None
    )
    kind: Mapped[str] = mapped_column(String(16))
    world_id: Mapped[str | None] = mapped_column(String(64), default=None)
    key: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(200))
    detail: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def _session_link() -> Mapped[str | None]:
    """A link to the game session something happened in; kept (as NULL) when it is deleted."""
    return mapped_column(
        String(32), ForeignKey("game_sessions.id", ondelete="SET NULL"), default=None, index=True
    )


class MoodCheckIn(Base):
    """How the player felt (1-5, with an optional note), before or after a session."""

    __tablename__ = "mood_checkins"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    player_id: Mapped[str] = _owner()
    session_id: Mapped[str | None] = _session_link()
    moment: Mapped[str] = mapped_column(String(8))  # before | after | other
    score: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class JournalEntry(Base):
    """What the player wrote in a journaling, thought-record or gratitude exercise, kept only
    because they asked for it to be kept."""

    __tablename__ = "journal_entries"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    player_id: Mapped[str] = _owner()
    session_id: Mapped[str | None] = _session_link()
    world_id: Mapped[str | None] = mapped_column(String(64), default=None)
    exercise_id: Mapped[str | None] = mapped_column(String(100), default=None)
    kind: Mapped[str] = mapped_column(String(16))  # journaling | thought_record | gratitude
    title: Mapped[str] = mapped_column(String(200))
    parts: Mapped[list[Any]] = mapped_column(default=list)  # [{label, text}]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SafetyEvent(Base):
    """A crisis verdict, kept for therapists' follow-up (text only when privacy allows)."""

    __tablename__ = "safety_events"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    player_id: Mapped[str] = _owner()
    session_id: Mapped[str | None] = mapped_column(
        String(32), ForeignKey("game_sessions.id", ondelete="SET NULL"), default=None
    )
    turn_id: Mapped[str | None] = mapped_column(
        String(32), ForeignKey("turns.id", ondelete="SET NULL"), default=None
    )
    level: Mapped[str] = mapped_column(String(16))
    rule_ids: Mapped[list[Any]] = mapped_column(default=list)
    categories: Mapped[list[Any]] = mapped_column(default=list)
    text: Mapped[str | None] = mapped_column(Text, default=None)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    followed_up_at: Mapped[datetime | None] = mapped_column(default=None)
    followed_up_by: Mapped[str | None] = mapped_column(
        String(32), ForeignKey("players.id", ondelete="SET NULL"), default=None
    )
    note: Mapped[str | None] = mapped_column(Text, default=None)
