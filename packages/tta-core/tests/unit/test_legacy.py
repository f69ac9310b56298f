"""Loading a legacy implementation: missing or broken is a clear startup error, never a fallback."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any, Protocol

import pytest

from tta_core import (
    DockerStackManager,
    LegacyLoadError,
    LegacyNotConfiguredError,
    ProtocolMismatchError,
    TurnOrchestrator,
    conformance_problems,
    load_implementation,
)

VARIABLE = "TTA_LEGACY_DOCKER"
LEGACY_MODULE = '''
class LegacyStandInStacks:
    """A legacy stand-in written for the tests: it fits the DockerStackManager seam."""

    def __init__(self):
        self.calls = []

    def up(self, services=None):
        self.calls.append(("up", services))
        return "running"

    def down(self):
        return "stopped"

    def status(self):
        return "running"


class HalfStandIn:
    def up(self, services=None):
        return "running"

    async def down(self):
        return "stopped"

    status = "not a method"


class TooFewArguments:
    def up(self):
        return None

    def down(self):
        return None

    def status(self):
        return None


def make():
    return LegacyStandInStacks()


def make_half():
    return HalfStandIn()


def make_too_few():
    return TooFewArguments()


def explode():
    raise RuntimeError("legacy database unreachable")


factories = type("Factories", (), {"nested": staticmethod(make)})
not_callable = 42
'''


@pytest.fixture
def legacy_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    (tmp_path / "tta_test_legacy_stand_in.py").write_text(textwrap.dedent(LEGACY_MODULE))
    (tmp_path / "tta_test_broken_legacy.py").write_text("import does_not_exist_anywhere\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    return "tta_test_legacy_stand_in"


def test_a_conforming_legacy_object_is_loaded_and_works(legacy_module: str) -> None:
    stacks = load_implementation("TTA_LEGACY_DOCKER", f"{legacy_module}:make", DockerStackManager)
    assert stacks.up(["web"]) == "running"
    assert isinstance(stacks, DockerStackManager)


def test_a_dotted_factory_path_is_followed(legacy_module: str) -> None:
    spec = f"{legacy_module}:factories.nested"
    assert load_implementation("TTA_LEGACY_DOCKER", spec, DockerStackManager).status()


@pytest.mark.parametrize("spec", [None, "", "   "])
def test_an_unset_spec_is_not_configured(spec: str | None) -> None:
    with pytest.raises(LegacyNotConfiguredError, match="TTA_LEGACY_DOCKER: not set"):
        load_implementation("TTA_LEGACY_DOCKER", spec, DockerStackManager)


@pytest.mark.parametrize("spec", ["no_colon_here", ":make", "module:"])
def test_a_malformed_spec_names_the_expected_form(spec: str) -> None:
    with pytest.raises(LegacyLoadError, match="module:factory"):
        load_implementation("TTA_LEGACY_DOCKER", spec, DockerStackManager)


def test_a_module_that_cannot_be_imported_is_a_startup_error(legacy_module: str) -> None:
    with pytest.raises(LegacyLoadError, match="cannot import tta_test_missing_module"):
        load_implementation("TTA_LEGACY_DOCKER", "tta_test_missing_module:make", DockerStackManager)
    with pytest.raises(LegacyLoadError, match="ModuleNotFoundError"):
        load_implementation("TTA_LEGACY_DOCKER", "tta_test_broken_legacy:make", DockerStackManager)


def test_a_missing_or_uncallable_factory_is_a_startup_error(legacy_module: str) -> None:
    with pytest.raises(LegacyLoadError, match="has no nope"):
        load_implementation("TTA_LEGACY_DOCKER", f"{legacy_module}:nope", DockerStackManager)
    with pytest.raises(LegacyLoadError, match="not callable"):
        load_implementation(VARIABLE, f"{legacy_module}:not_callable", DockerStackManager)


def test_a_factory_that_raises_is_reported_with_its_reason(legacy_module: str) -> None:
    with pytest.raises(LegacyLoadError, match="RuntimeError: legacy database unreachable"):
        load_implementation("TTA_LEGACY_DOCKER", f"{legacy_module}:explode", DockerStackManager)


def test_an_object_not_fitting_the_protocol_lists_every_problem(legacy_module: str) -> None:
    with pytest.raises(ProtocolMismatchError) as caught:
        load_implementation("TTA_LEGACY_DOCKER", f"{legacy_module}:make_half", DockerStackManager)
    error = caught.value
    assert error.protocol == "DockerStackManager"
    assert error.problems == ("down() must not be async", "status is not callable")
    assert isinstance(error, TypeError)
    assert "TTA_LEGACY_DOCKER=tta_test_legacy_stand_in:make_half" in str(error)


def test_a_method_taking_too_few_arguments_is_refused(legacy_module: str) -> None:
    with pytest.raises(ProtocolMismatchError, match=r"up\(\) must accept 1 positional"):
        load_implementation(VARIABLE, f"{legacy_module}:make_too_few", DockerStackManager)


class _Request: ...


class AsyncOrchestrator:
    async def run_turn(self, request: _Request, sink: Any) -> str:
        return "ok"


class SyncOrchestrator:
    def run_turn(self, request: _Request, sink: Any) -> str:
        return "ok"


class _Extended(Protocol):
    def first(self, a: int, /) -> int: ...

    def __call__(self, x: int) -> int: ...


class CallableThing:
    def first(self, a: int) -> int:
        return a

    def __call__(self, x: int) -> int:
        return x


def test_async_methods_of_a_protocol_must_be_async() -> None:
    assert conformance_problems(AsyncOrchestrator(), TurnOrchestrator) == []
    assert conformance_problems(SyncOrchestrator(), TurnOrchestrator) == [
        "run_turn() must be async (async def)"
    ]
    assert conformance_problems(object(), TurnOrchestrator) == ["missing method run_turn()"]


def test_call_and_builtins_are_checked_too() -> None:
    assert conformance_problems(CallableThing(), _Extended) == []
    assert conformance_problems(len, _Extended) == ["missing method first()"]
