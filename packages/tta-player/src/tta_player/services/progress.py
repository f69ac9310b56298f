"""A player's progress: milestones, exercises, skills, streak, time played, a daily series."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from tta_agents import WorldSummary
from tta_player.db.models import ProgressEvent
from tta_player.db.repositories import MoodRepository, ProgressRepository
from tta_player.schemas.progress import (
    DayPoint,
    MilestonePublic,
    ProgressSummary,
    SkillPublic,
    WorldProgress,
)
from tta_player.schemas.wellbeing import MoodPoint

__all__ = ["progress_summary", "since_days", "streak_days", "world_progress"]


def since_days(days: int, today: date | None = None) -> datetime:
    """The start (UTC midnight) of a window of ``days`` days ending today."""
    today = today or datetime.now(UTC).date()
    return datetime.combine(today - timedelta(days=days - 1), datetime.min.time(), UTC)


def streak_days(days_played: set[date], today: date) -> int:
    """Consecutive days played, ending today (or yesterday: today may not have started yet)."""
    day = today if today in days_played else today - timedelta(days=1)
    streak = 0
    while day in days_played:
        streak += 1
        day -= timedelta(days=1)
    return streak


def world_progress(events: list[ProgressEvent], worlds: list[WorldSummary]) -> list[WorldProgress]:
    """Milestones reached out of the world's total, and completion, for every world."""
    out = []
    for world in worlds:
        reached = {e.key for e in events if e.kind == "milestone" and e.world_id == world.id}
        done = next((e for e in events if e.kind == "completion" and e.key == world.id), None)
        out.append(
            WorldProgress(
                world_id=world.id,
                title=world.title,
                milestones_reached=len(reached),
                milestones_total=len(world.milestones),
                completed=done is not None,
                completed_at=done.created_at if done else None,
                ending_title=done.title if done else None,
            )
        )
    return out


async def progress_summary(
    db: AsyncSession, player_id: str, *, days: int, worlds: list[WorldSummary] | None = None
) -> ProgressSummary:
    repo = ProgressRepository(db)
    events = await repo.events(player_id)
    milestones = [
        MilestonePublic(id=e.key, title=e.title, detail=e.detail, reached_at=e.created_at)
        for e in events
        if e.kind == "milestone"
    ]
    skill_counts = Counter(e.key for e in events if e.kind == "skill")
    skill_titles = {e.key: e.title for e in events if e.kind == "skill"}
    today = datetime.now(UTC).date()
    since = since_days(days, today)
    per_day: dict[date, list[float]] = defaultdict(list)
    for created_at, seconds in await repo.turn_times(player_id):
        per_day[created_at.date()].append(seconds)
    moods = await MoodRepository(db).list(player_id, since=since)
    mood_days: dict[date, list[int]] = defaultdict(list)
    for mood in moods:
        mood_days[mood.created_at.date()].append(mood.score)
    series = [
        DayPoint(
            date=day,
            turns=len(per_day.get(day, [])),
            minutes=round(sum(per_day.get(day, [])) / 60, 2),
            mood=round(sum(mood_days[day]) / len(mood_days[day]), 2) if day in mood_days else None,
        )
        for day in (since.date() + timedelta(days=offset) for offset in range(days))
    ]
    turns, seconds, sessions = await repo.totals(player_id)
    return ProgressSummary(
        milestones=milestones,
        exercises_completed=sum(1 for e in events if e.kind == "exercise"),
        skills=[
            SkillPublic(id=key, title=skill_titles[key], times_practised=count)
            for key, count in skill_counts.most_common()
        ],
        streak_days=streak_days(set(per_day), today),
        time_played_minutes=round(seconds / 60, 2),
        turns_total=turns,
        sessions_total=sessions,
        series=series,
        worlds=world_progress(events, worlds or []),
        moods=[
            MoodPoint(at=m.created_at, score=m.score, moment=m.moment, session_id=m.session_id)  # type: ignore[arg-type]
            for m in moods
        ],
    )
