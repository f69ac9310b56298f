"""Tearing a stack down, against a small in-memory engine: dependents first, a DAG not waves."""

from __future__ import annotations

import threading
import time
from typing import Any

from tta_docker.errors import ContainerNotFoundError, EngineError
from tta_docker.teardown import Change, teardown


class FakeEngine:
    """The EngineAPI slice teardown uses, in memory; ``slow`` services take 0.3 s to stop."""

    def __init__(
        self,
        services: dict[str, list[str]],
        *,
        slow: tuple[str, ...] = (),
        stop_timeouts: dict[str, int] | None = None,
    ) -> None:
        self.running = {
            f"id-{name}": {
                "Id": f"id-{name}",
                "Names": [f"/tta-s-{name}"],
                "Labels": {"tta.stack": "s", "tta.service": name, "tta.depends-on": ",".join(deps)},
            }
            for name, deps in services.items()
        }
        self.stopped: set[str] = set()
        self.networks_ = [{"Id": "n1", "Name": "tta-s-default"}]
        self.volumes_ = [{"Name": "tta-s-data"}]
        self.slow = slow
        self.own_timeouts = stop_timeouts or {}
        self.timeouts: dict[str, int] = {}
        self.failing: set[str] = set()
        self.log: list[tuple[str, str]] = []
        self._lock = threading.Lock()

    def _service(self, container: str) -> str:
        if container not in self.running:
            raise ContainerNotFoundError(container)
        return str(self.running[container]["Labels"]["tta.service"])

    def _note(self, event: str, service: str) -> None:
        with self._lock:
            self.log.append((event, service))

    def at(self, event: str, service: str) -> int:
        return self.log.index((event, service))

    def containers(self, *, all: bool, filters: Any) -> Any:
        assert filters == {"label": ["tta.stack=s"]}
        return list(self.running.values())

    def inspect_container(self, container: str) -> Any:
        service = self._service(container)
        return {"Config": {"StopTimeout": self.own_timeouts.get(service)}}

    def stop(self, container: str, *, timeout: int) -> None:
        service = self._service(container)
        self._note("stopping", service)
        if service in self.failing:
            raise EngineError(f"cannot stop {service}", status_code=500)
        time.sleep(0.3 if service in self.slow else 0.01)
        self.timeouts[service] = timeout
        self.stopped.add(container)
        self._note("stopped", service)

    def remove_container(self, container: str, *, force: bool, v: bool) -> None:
        service = self._service(container)
        assert force or container in self.stopped
        del self.running[container]
        self._note("removed", service)

    def networks(self, *, filters: Any) -> Any:
        return list(self.networks_)

    def remove_network(self, net_id: str) -> None:
        if self.running:
            raise EngineError("network has active endpoints", status_code=403)
        self.networks_ = [n for n in self.networks_ if n["Id"] != net_id]

    def volumes(self, *, filters: Any) -> Any:
        return {"Volumes": list(self.volumes_)}

    def remove_volume(self, name: str) -> None:
        self.volumes_ = [v for v in self.volumes_ if v["Name"] != name]


STACK = {"db": [], "cache": [], "api": ["db", "cache"], "web": ["api"], "worker": ["db"]}


def down(engine: FakeEngine, **options: Any) -> dict[str, str]:
    return teardown(engine, "s", label_prefix="tta", default_stop_timeout=10, **options)


def test_dependents_stop_before_their_dependencies_and_nothing_is_left() -> None:
    engine = FakeEngine(STACK)
    changes: list[Change] = []
    assert down(engine, volumes=True, emit=changes.append) == {}
    for service, dependencies in STACK.items():
        for dependency in dependencies:
            assert engine.at("stopped", service) < engine.at("stopping", dependency)
    assert engine.running == {}
    assert engine.networks_ == []
    assert engine.volumes_ == []
    assert {(c.service, c.state) for c in changes} == {
        (s, state) for s in STACK for state in ("stopping", "removed")
    }


def test_volumes_stay_without_the_flag() -> None:
    engine = FakeEngine(STACK)
    assert down(engine) == {}
    assert engine.volumes_ == [{"Name": "tta-s-data"}]


def test_a_service_stops_once_its_own_dependents_have_not_after_a_whole_wave() -> None:
    engine = FakeEngine({"db": [], "api": [], "web": ["api"], "worker": ["db"]}, slow=("web",))
    assert down(engine) == {}
    # worker is as deep as web, but db need not wait for web: it depends on worker only
    assert engine.at("stopped", "db") < engine.at("stopped", "web")
    assert engine.at("stopped", "web") < engine.at("stopping", "api")


def test_stop_timeouts_given_own_or_default() -> None:
    engine = FakeEngine({"a": [], "b": []}, stop_timeouts={"a": 3})
    down(engine)
    assert engine.timeouts == {"a": 3, "b": 10}
    engine = FakeEngine({"a": [], "b": []}, stop_timeouts={"a": 3})
    down(engine, timeout=1)
    assert engine.timeouts == {"a": 1, "b": 1}


def test_a_container_removed_meanwhile_is_not_a_failure() -> None:
    engine = FakeEngine(STACK)
    real_inspect = engine.inspect_container

    def vanishing(container: str) -> Any:
        if container == "id-worker":
            del engine.running[container]
        return real_inspect(container)

    engine.inspect_container = vanishing  # type: ignore[method-assign]
    assert down(engine) == {}
    assert engine.running == {}


def test_a_failed_stop_is_reported_and_its_dependencies_still_go() -> None:
    engine = FakeEngine(STACK)
    engine.failing.add("web")
    changes: list[Change] = []
    failures = down(engine, emit=changes.append)
    assert set(failures) == {"web", "network tta-s-default"}
    assert "cannot stop web" in failures["web"]
    assert ("web", "failed") in [(c.service, c.state) for c in changes]
    assert set(engine.running) == {"id-web"}
