"""How guessable a password or a signing secret is, by zxcvbn's estimate of the guesses an
attacker needs (dictionaries, common passwords, names, keyboard walks, dates, repeats).

zxcvbn loads its word lists on first use (about 0.1 s), never at start-up.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["MIN_PASSWORD_SCORE", "MIN_SECRET_GUESSES_LOG10", "password_guessable", "secret_guesses"]

MIN_PASSWORD_SCORE = 3  # zxcvbn's "safely unguessable": at least 10^10 guesses
MIN_SECRET_GUESSES_LOG10 = 24.0  # a signing secret: about 80 bits at the least
_MAX_LENGTH = 128  # the longest password accepted; zxcvbn's own default stops at 72


def password_guessable(password: str, user_inputs: Sequence[str] = ()) -> bool:
    """True when ``password`` falls to a guessing attack (``user_inputs``: the username and
    email, which an attacker tries first)."""
    from zxcvbn import zxcvbn  # noqa: PLC0415 (its word lists load on first use)

    found = zxcvbn(password[:_MAX_LENGTH], user_inputs=list(user_inputs), max_length=_MAX_LENGTH)
    return int(found["score"]) < MIN_PASSWORD_SCORE


def secret_guesses(secret: str) -> float:
    """log10 of the guesses ``secret`` would take, by zxcvbn's estimate."""
    from zxcvbn import zxcvbn  # noqa: PLC0415

    return float(zxcvbn(secret[:_MAX_LENGTH], max_length=_MAX_LENGTH)["guesses_log10"])
