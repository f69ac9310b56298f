"""What every request body shares: strict types, storable text, and the text rules.

``RequestModel`` is the base of every request schema (and of the models nested in them):
types are strict (``false`` is not ``0.0``, ``"yes"`` is not ``true``; an integer still is a
number), and no string anywhere in the body, dictionary keys included, may hold a NUL
character or a lone surrogate: PostgreSQL text cannot store either, and no player means them.

``VisibleText`` is required text: text made only of spaces and invisible characters
(zero-width spaces, joiners, direction marks, fillers...) counts as empty. Its JSON schema
pattern is the very expression the validator uses, so the schema says what is enforced.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

__all__ = [
    "UNSTORABLE_MESSAGE",
    "VISIBLE_PATTERN",
    "RequestModel",
    "VisibleText",
    "is_blank",
    "left_out",
    "refuse_nulls",
]

# Characters that show nothing: whitespace, C0/C1 controls, format characters (soft hyphen,
# zero-width space/joiners, direction marks and isolates, word joiner, BOM, tags), fillers
# (Hangul, braille blank) and variation selectors.
_INVISIBLE = (
    r"\s\x00-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    r"\u200b-\u200f\u202a-\u202e\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0"
    r"\ufff0-\ufff8\U0001d173-\U0001d17a\U000e0000-\U000e007f\U000e0100-\U000e01ef"
)
VISIBLE_PATTERN = f"[^{_INVISIBLE}]"
_VISIBLE = re.compile(VISIBLE_PATTERN)
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
UNSTORABLE_MESSAGE = "text must not hold NUL characters (\\u0000) or unpaired surrogates"


def is_blank(text: str) -> bool:
    """True when ``text`` shows nothing: empty, or only spaces and invisible characters."""
    return _VISIBLE.search(text) is None


def _visible(text: str) -> str:
    if is_blank(text):
        raise PydanticCustomError(
            "blank_text", "must hold some text, not only spaces or invisible characters"
        )
    return text


VisibleText = Annotated[
    str, AfterValidator(_visible), Field(json_schema_extra={"pattern": VISIBLE_PATTERN})
]


def _unstorable(value: Any) -> bool:
    """Whether ``value`` (a string, or any list/dict of them) holds NUL or a lone surrogate."""
    if isinstance(value, str):
        return _UNSTORABLE.search(value) is not None
    if isinstance(value, dict):
        return any(_unstorable(k) or _unstorable(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_unstorable(item) for item in value)
    return False


class RequestModel(BaseModel):
    """Base of every request schema: strict, closed, and only storable text."""

    model_config = ConfigDict(strict=True, extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _storable_text(cls, value: Any) -> Any:
        if _unstorable(value):
            raise PydanticCustomError("unstorable_text", UNSTORABLE_MESSAGE)
        return value


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def left_out(**constraints: Any) -> Any:
    """A partial update's field: ``None`` when left out, never sent as null (``refuse_nulls``);
    its schema offers neither null nor a null default (type it ``X | SkipJsonSchema[None]``)."""
    return Field(default=None, json_schema_extra=_no_default, **constraints)


def refuse_nulls(data: Any, fields: tuple[str, ...]) -> Any:
    """In a partial update, leaving a field out keeps it; sending ``null`` is an error."""
    if isinstance(data, dict):
        nulls = [name for name in fields if name in data and data[name] is None]
        if nulls:
            raise ValueError(f"{', '.join(nulls)} may be left out but not set to null")
    return data
