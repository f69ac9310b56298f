"""Feature flags: which implementation of each component serves, and why.

The environment contract (see DESIGN.md, "Feature flags"):

- ``USE_NEW_COMPONENT=true|false`` picks the rewrite (``new``) or ``legacy`` for every
  component; unset means ``new``.
- ``TTA_FLAG_<COMPONENT>=new|legacy|shadow|canary:<0-100>`` overrides it for one component.
- ``TTA_LEGACY_<COMPONENT>`` names the legacy implementation (``module:factory``; a URL for
  the player experience, ``TTA_LEGACY_PLAYER_EXPERIENCE_URL``). A mode other than ``new``
  without one is a startup error.

Resolution is a pure function of a mapping, so callers pass ``os.environ`` at the edge.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum

from tta_core.errors import FlagError, LegacyNotConfiguredError

__all__ = [
    "GLOBAL_VARIABLE",
    "VALID_MODES",
    "Component",
    "ComponentFlag",
    "FlagSet",
    "Implementation",
    "Mode",
    "flag_variable",
    "legacy_variable",
    "parse_mode",
    "resolve_flags",
]

GLOBAL_VARIABLE = "USE_NEW_COMPONENT"
FLAG_PREFIX = "TTA_FLAG_"
VALID_MODES = ("new", "legacy", "shadow", "canary:<0-100>")
_VALID_BOOLEANS = ("true", "false")


class Component(StrEnum):
    DOCKER = "DOCKER"
    AGENT_ORCHESTRATION = "AGENT_ORCHESTRATION"
    PLAYER_EXPERIENCE = "PLAYER_EXPERIENCE"


class Mode(StrEnum):
    NEW = "new"
    LEGACY = "legacy"
    SHADOW = "shadow"
    CANARY = "canary"


class Implementation(StrEnum):
    """Which implementation served one call (shadow and canary pick per call)."""

    NEW = "new"
    LEGACY = "legacy"


def flag_variable(component: Component) -> str:
    return f"{FLAG_PREFIX}{component.value}"


def legacy_variable(component: Component) -> str:
    """The variable naming the legacy implementation (a URL for the player experience)."""
    if component is Component.PLAYER_EXPERIENCE:
        return "TTA_LEGACY_PLAYER_EXPERIENCE_URL"
    return f"TTA_LEGACY_{component.value}"


@dataclass(frozen=True)
class ComponentFlag:
    """The effective mode of one component and where each value came from."""

    component: Component
    mode: Mode
    source: str
    percent: int | None = None
    legacy: str | None = None
    legacy_source: str | None = None

    @property
    def value(self) -> str:
        return f"canary:{self.percent}" if self.mode is Mode.CANARY else self.mode.value

    @property
    def needs_legacy(self) -> bool:
        return self.mode is not Mode.NEW

    def describe(self) -> dict[str, str | int | None]:
        """A JSON-ready view: what ``tta flags`` prints and the admin endpoint returns."""
        return {
            "component": self.component.value,
            "mode": self.value,
            "source": self.source,
            "canary_percent": self.percent,
            "legacy": _redact(self.legacy),
            "legacy_source": self.legacy_source,
        }


@dataclass(frozen=True)
class FlagSet:
    """The flags of all three components, resolved once at startup."""

    flags: tuple[ComponentFlag, ...]

    def __getitem__(self, component: Component) -> ComponentFlag:
        for flag in self.flags:
            if flag.component is component:
                return flag
        raise KeyError(component)

    def __iter__(self) -> Iterator[ComponentFlag]:
        return iter(self.flags)

    def describe(self) -> list[dict[str, str | int | None]]:
        return [flag.describe() for flag in self.flags]


def _redact(legacy: str | None) -> str | None:
    """Hide any ``user:password@`` a legacy URL carries: the flags are shown to people."""
    if legacy is None or "://" not in legacy:
        return legacy
    scheme, _, rest = legacy.partition("://")
    authority, slash, path = rest.partition("/")
    if "@" in authority:
        authority = "***@" + authority.rpartition("@")[2]
    return f"{scheme}://{authority}{slash}{path}"


def parse_mode(variable: str, raw: str) -> tuple[Mode, int | None]:
    """``new``, ``legacy``, ``shadow`` or ``canary:<0-100>`` (case and spaces ignored)."""
    value = raw.strip().lower()
    if value in (Mode.NEW, Mode.LEGACY, Mode.SHADOW):
        return Mode(value), None
    name, sep, percent = value.partition(":")
    if name == Mode.CANARY and sep and percent.strip().isdigit():
        number = int(percent.strip())
        if 0 <= number <= 100:
            return Mode.CANARY, number
    raise FlagError(variable, raw, VALID_MODES)


def _global_mode(environ: Mapping[str, str]) -> tuple[Mode, str]:
    raw = environ.get(GLOBAL_VARIABLE, "").strip()
    if not raw:
        return Mode.NEW, "default"
    value = raw.lower()
    if value not in _VALID_BOOLEANS:
        raise FlagError(GLOBAL_VARIABLE, raw, _VALID_BOOLEANS)
    return (Mode.NEW if value == "true" else Mode.LEGACY), GLOBAL_VARIABLE


def _reject_unknown_components(environ: Mapping[str, str]) -> None:
    known = {flag_variable(component) for component in Component}
    for variable in environ:
        if variable.startswith(FLAG_PREFIX) and variable not in known:
            raise FlagError(variable, "(any value)", sorted(known))


def resolve_flags(environ: Mapping[str, str]) -> FlagSet:
    """Resolve every component's mode: ``TTA_FLAG_<COMPONENT>`` beats ``USE_NEW_COMPONENT``.

    Raises ``FlagError`` for a value outside the allowed set (or an unknown
    ``TTA_FLAG_*`` variable, which is almost always a typo) and
    ``LegacyNotConfiguredError`` when a mode needs a legacy implementation nobody named.
    """
    _reject_unknown_components(environ)
    global_mode, global_source = _global_mode(environ)
    flags = []
    for component in Component:
        variable = flag_variable(component)
        raw = environ.get(variable, "").strip()
        if raw:
            mode, percent = parse_mode(variable, raw)
            source = variable
        else:
            mode, percent, source = global_mode, None, global_source
        legacy_name = legacy_variable(component)
        legacy = environ.get(legacy_name, "").strip() or None
        if mode is not Mode.NEW and legacy is None:
            raise LegacyNotConfiguredError(
                legacy_name,
                None,
                f"{source} asks for {mode.value} mode of {component.value}, which needs a legacy "
                f"implementation, but {legacy_name} is not set",
            )
        flags.append(
            ComponentFlag(
                component=component,
                mode=mode,
                source=source,
                percent=percent,
                legacy=legacy,
                legacy_source=legacy_name if legacy else None,
            )
        )
    return FlagSet(tuple(flags))
