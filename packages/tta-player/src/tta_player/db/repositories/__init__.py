"""Repositories: the only code that writes SQL. Each takes an ``AsyncSession``."""

from tta_player.db.repositories.characters import CharacterRepository
from tta_player.db.repositories.lockout import LockoutRepository
from tta_player.db.repositories.ownership import get_owned
from tta_player.db.repositories.players import PlayerRepository
from tta_player.db.repositories.progress import ProgressRepository
from tta_player.db.repositories.safety import SafetyRepository
from tta_player.db.repositories.sessions import SessionRepository
from tta_player.db.repositories.tokens import TokenRepository
from tta_player.db.repositories.wellbeing import JournalRepository, MoodRepository

__all__ = [
    "CharacterRepository",
    "JournalRepository",
    "LockoutRepository",
    "MoodRepository",
    "PlayerRepository",
    "ProgressRepository",
    "SafetyRepository",
    "SessionRepository",
    "TokenRepository",
    "get_owned",
]
