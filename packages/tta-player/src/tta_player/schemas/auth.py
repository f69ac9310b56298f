"""Schemas of the auth routes (register, login, refresh, logout, cookie sessions)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, model_validator

from tta_player.core.strength import password_guessable
from tta_player.schemas import examples
from tta_player.schemas._fields import RequestModel

__all__ = [
    "AccessToken",
    "CookieSession",
    "Credentials",
    "RefreshRequest",
    "Registration",
    "TokenPair",
    "password_problems",
]

USERNAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"


def password_problems(password: str, username: str, email: str = "") -> list[str]:
    """Why a password is too weak (empty when it is fine): variety, the username in it, and
    how guessable it is (zxcvbn: common passwords, words, names, dates, keyboard walks)."""
    problems = []
    if len(set(password)) < 5:
        problems.append("use at least 5 different characters")
    if username and username.lower() in password.lower():
        problems.append("the password must not contain the username")
    if password_guessable(password, [username, email.split("@", maxsplit=1)[0]]):
        problems.append(
            "this password is too common or easy to guess; a short phrase of three or four "
            "unrelated words is easier to remember and much harder to guess"
        )
    return problems


class Registration(RequestModel):
    """A new player. The role is never chosen here: every new account is a ``player``."""

    model_config = ConfigDict(
        extra="ignore",
        json_schema_extra={
            "examples": [
                {
                    "username": "river",
                    "email": "river@example.org",
                    "password": "calm-lake-42",  # pragma: allowlist secret
                }
            ]
        },
    )

    username: str = Field(min_length=3, max_length=50, pattern=USERNAME_PATTERN)
    email: EmailStr = Field(max_length=254)
    password: str = Field(min_length=8, max_length=128)

    @model_validator(mode="after")
    def _strong_password(self) -> Registration:
        problems = password_problems(self.password, self.username, str(self.email))
        if problems:
            raise ValueError("weak password: " + "; ".join(problems))
        return self


class Credentials(RequestModel):
    model_config = ConfigDict(
        extra="ignore",
        json_schema_extra={
            "examples": [
                {"username": "river", "password": "calm-lake-42"}  # pragma: allowlist secret
            ]
        },
    )

    username: str = Field(min_length=1, max_length=50)
    password: str = Field(min_length=1, max_length=128)


class RefreshRequest(RequestModel):
    model_config = ConfigDict(extra="ignore", json_schema_extra={"examples": [examples.REFRESH]})

    refresh_token: str = Field(min_length=1, max_length=4096)


class TokenPair(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.TOKEN_PAIR]})

    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105
    expires_in: int = Field(description="Seconds until the access token expires")


class AccessToken(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105
    expires_in: int


class CookieSession(AccessToken):
    """The browser flow: the refresh token lives in an HttpOnly cookie, never in JSON."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.COOKIE_SESSION]})

    csrf_token: str = Field(description="Send it back as X-CSRF-Token to refresh or sign out")
