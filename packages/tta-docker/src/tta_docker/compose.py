"""Loading a Compose file (the subset TTA's stacks use) into a checked :class:`StackConfig`.

Variables are interpolated from the process environment over a ``.env`` file next to the
compose file; the project name is ``-p``, else the file's top-level ``name``, else its
directory's name. Keys outside the subset are refused with the key named, rather than
silently ignored, except a few that change nothing here (``version``, ``container_name``,
``logging``, ``tty``, ``stdin_open``, ``x-*`` extensions).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from tta_docker.errors import StackConfigError
from tta_docker.interpolation import interpolate_tree, read_env_file
from tta_docker.models import (
    HealthCheck,
    Mount,
    PortMapping,
    ResourceLimits,
    RestartPolicy,
    parse_bytes,
    parse_duration,
)
from tta_docker.project import DEFAULT_FILES, find_compose_file, project_name
from tta_docker.stack_config import (
    BuildSpec,
    Condition,
    NetworkDef,
    Service,
    StackConfig,
    VolumeDef,
)

__all__ = ["DEFAULT_FILES", "find_compose_file", "load_stack", "project_name", "stack_from_dict"]

_IGNORED = {"version", "container_name", "logging", "tty", "stdin_open"}
_SERVICE_KEYS = {
    "image", "build", "command", "entrypoint", "environment", "env_file", "ports", "volumes",
    "networks", "depends_on", "healthcheck", "restart", "deploy", "profiles", "labels",
    "stop_grace_period", "stop_signal", "working_dir", "user", "hostname", "mem_limit", "cpus",
}  # fmt: skip
_PORT = re.compile(
    r"^(?:(?:(?P<ip>\[[^\]]+\]|[\d.]+):)?(?P<host>\d*):)?(?P<container>\d+)(?:/(?P<proto>tcp|udp))?$"
)


def load_stack(
    path: str | Path,
    *,
    name: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> StackConfig:
    """The checked stack of a compose file; StackConfigError naming the problem otherwise."""
    file = Path(path).resolve()
    if not file.is_file():
        raise FileNotFoundError(f"compose file {str(path)!r} does not exist")
    env: dict[str, str] = {}
    dotenv = file.parent / ".env"
    if dotenv.is_file():
        env.update(read_env_file(dotenv))
    env.update(os.environ if environ is None else environ)
    try:
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise StackConfigError(f"{file}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise StackConfigError(f"{file}: expected a mapping with `services:`")
    data = interpolate_tree(raw, env, str(file.name))
    assert isinstance(data, dict)  # noqa: S101 - interpolation keeps the shape
    stack = name or data.get("name") or env.get("COMPOSE_PROJECT_NAME") or file.parent.name
    return stack_from_dict(
        data, name=project_name(str(stack)), base=file.parent, env=env, source=str(file)
    )


def stack_from_dict(
    data: Mapping[str, Any],
    *,
    name: str,
    base: Path,
    env: Mapping[str, str] | None = None,
    source: str = "<memory>",
) -> StackConfig:
    """The checked stack described by an already-interpolated compose mapping."""
    for key in data:
        if key not in {"name", "services", "networks", "volumes"} | _IGNORED and not str(
            key
        ).startswith("x-"):
            raise StackConfigError(f"{source}: top-level `{key}` is not supported")
    services_raw = data.get("services")
    if not isinstance(services_raw, dict) or not services_raw:
        raise StackConfigError(f"{source}: `services:` must map service names to settings")
    try:
        services = {
            str(svc): _service(str(svc), spec or {}, base, env or {}, source)
            for svc, spec in services_raw.items()
        }
        networks = {
            str(k): NetworkDef(**_defn(v, ("name", "external", "driver")))
            for k, v in (data.get("networks") or {}).items()
        }
        volumes = {
            str(k): VolumeDef(**_defn(v, ("name", "external")))
            for k, v in (data.get("volumes") or {}).items()
        }
        stack = StackConfig(
            name=name, services=services, networks=networks, volumes=volumes, source=source
        )
    except (ValidationError, ValueError, TypeError) as exc:
        if isinstance(exc, StackConfigError):
            raise
        raise StackConfigError(f"{source}: {_first_error(exc)}") from exc
    return stack.check()


def _first_error(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        return f"{where}: {error['msg']}" if where else error["msg"]
    return str(exc)


def _defn(value: object, allowed: tuple[str, ...]) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise StackConfigError(f"expected a mapping, got {value!r}")
    return {k: v for k, v in value.items() if k in allowed}


def _service(
    name: str, spec: Mapping[str, Any], base: Path, env: Mapping[str, str], source: str
) -> Service:
    where = f"{source}: service {name!r}"
    if not isinstance(spec, dict):
        raise StackConfigError(f"{where}: expected a mapping")
    for key in spec:
        if key not in _SERVICE_KEYS | _IGNORED and not str(key).startswith("x-"):
            raise StackConfigError(f"{where}: `{key}` is not supported")
    environment: dict[str, str] = {}
    for env_file in _env_files(spec.get("env_file")):
        path = (base / env_file[0]).resolve()
        if path.is_file():
            environment.update(read_env_file(path))
        elif env_file[1]:
            raise StackConfigError(f"{where}: env_file {str(path)!r} does not exist")
    environment.update(_mapping(spec.get("environment"), env))
    limits = ((spec.get("deploy") or {}).get("resources") or {}).get("limits") or {}
    memory = limits.get("memory", spec.get("mem_limit"))
    cpus = limits.get("cpus", spec.get("cpus"))
    grace = spec.get("stop_grace_period")
    return Service(
        name=name,
        image=spec.get("image"),
        build=_build(spec.get("build"), base),
        command=_argv(spec.get("command")),
        entrypoint=_argv(spec.get("entrypoint")),
        environment=environment,
        ports=tuple(_port(p, where) for p in spec.get("ports") or ()),
        volumes=tuple(_mount(v, base, where) for v in spec.get("volumes") or ()),
        networks=tuple(spec.get("networks") or ()),
        depends_on=_depends_on(spec.get("depends_on"), where),
        healthcheck=_healthcheck(spec.get("healthcheck")),
        restart=_restart(spec.get("restart", "no")),
        limits=ResourceLimits(
            memory=parse_bytes(memory) if memory is not None else None,
            cpus=float(cpus) if cpus is not None else None,
        ),
        profiles=tuple(spec.get("profiles") or ()),
        labels=_mapping(spec.get("labels"), {}),
        stop_grace_period=parse_duration(grace) if grace is not None else None,
        stop_signal=spec.get("stop_signal"),
        working_dir=spec.get("working_dir"),
        user=str(spec["user"]) if "user" in spec else None,
        hostname=spec.get("hostname"),
    )


def _env_files(value: object) -> list[tuple[str, bool]]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    result = []
    for item in items:
        if isinstance(item, dict):
            result.append((str(item["path"]), bool(item.get("required", True))))
        else:
            result.append((str(item), True))
    return result


def _mapping(value: object, env: Mapping[str, str]) -> dict[str, str]:
    """A Compose ``KEY: value`` mapping or ``["KEY=value", "KEY"]`` list; bare keys read env."""
    if value is None:
        return {}
    result: dict[str, str] = {}
    pairs: list[tuple[str, object]]
    if isinstance(value, dict):
        pairs = [(str(k), v) for k, v in value.items()]
    elif isinstance(value, list):
        pairs = []
        for item in value:
            key, sep, val = str(item).partition("=")
            pairs.append((key, val if sep else None))
    else:
        raise StackConfigError(f"expected a mapping or a list of KEY=VALUE, got {value!r}")
    for key, val in pairs:
        if val is None:
            if key in env:
                result[key] = env[key]
            continue
        result[key] = str(val).lower() if isinstance(val, bool) else str(val)
    return result


def _argv(value: object) -> tuple[str, ...] | str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, list):
        return tuple(str(part) for part in value)
    raise StackConfigError(f"command must be a string or a list, got {value!r}")


def _build(value: object, base: Path) -> BuildSpec | None:
    if value is None:
        return None
    if isinstance(value, str):
        return BuildSpec(context=(base / value).resolve())
    if not isinstance(value, dict):
        raise StackConfigError(f"build must be a path or a mapping, got {value!r}")
    return BuildSpec(
        context=(base / str(value.get("context", "."))).resolve(),
        dockerfile=value.get("dockerfile"),
        args=_mapping(value.get("args"), {}),
        target=value.get("target"),
    )


def _port(value: object, where: str) -> PortMapping:
    if isinstance(value, int):
        return PortMapping(container_port=value)
    if isinstance(value, dict):
        published = value.get("published")
        return PortMapping(
            container_port=int(value["target"]),
            host_port=int(published) if published not in (None, "") else None,
            host_ip=str(value.get("host_ip", "")),
            protocol=value.get("protocol", "tcp"),
        )
    match = _PORT.match(str(value))
    if not match:
        raise StackConfigError(f"{where}: port {value!r} is not HOST:CONTAINER[/PROTO]")
    return PortMapping(
        container_port=int(match["container"]),
        host_port=int(match["host"]) if match["host"] else None,
        host_ip=(match["ip"] or "").strip("[]"),
        protocol=match["proto"] or "tcp",  # type: ignore[arg-type]
    )


def _mount(value: object, base: Path, where: str) -> Mount:
    if isinstance(value, dict):
        kind = value.get("type", "volume")
        source = str(value.get("source", ""))
        if kind == "bind":
            source = str((base / Path(source).expanduser()).resolve())
        return Mount(
            target=str(value["target"]),
            source=source,
            type=kind,
            read_only=bool(value.get("read_only", False)),
        )
    parts = str(value).split(":")
    if len(parts) == 1:
        return Mount(target=parts[0])
    if len(parts) > 3 or (len(parts) == 3 and parts[2] not in ("ro", "rw", "z", "Z")):
        raise StackConfigError(f"{where}: volume {value!r} is not SOURCE:TARGET[:ro]")
    source, target = parts[0], parts[1]
    read_only = len(parts) == 3 and parts[2] == "ro"
    if source.startswith((".", "/", "~")):
        path = (base / Path(source).expanduser()).resolve()
        return Mount(target=target, source=str(path), type="bind", read_only=read_only)
    return Mount(target=target, source=source, type="volume", read_only=read_only)


def _depends_on(value: object, where: str) -> dict[str, Condition]:
    if value is None:
        return {}
    if isinstance(value, list):
        return {str(name): Condition.STARTED for name in value}
    if isinstance(value, dict):
        result = {}
        for name, options in value.items():
            condition = (options or {}).get("condition", "service_started")
            try:
                result[str(name)] = Condition(condition)
            except ValueError:
                raise StackConfigError(
                    f"{where}: depends_on {name!r} has unknown condition {condition!r}"
                ) from None
        return result
    raise StackConfigError(f"{where}: depends_on must be a list or a mapping")


def _healthcheck(value: object) -> HealthCheck | None:
    if not value:
        return None
    if not isinstance(value, dict):
        raise StackConfigError(f"healthcheck must be a mapping, got {value!r}")
    if value.get("disable"):
        return HealthCheck(test=("NONE",))
    test = value.get("test")
    if isinstance(test, str):
        argv: tuple[str, ...] = ("CMD-SHELL", test)
    elif isinstance(test, list) and test:
        argv = tuple(str(part) for part in test)
    else:
        raise StackConfigError("healthcheck needs `test` (a string or a list)")
    return HealthCheck(
        test=argv,
        interval=parse_duration(value.get("interval", "30s")),
        timeout=parse_duration(value.get("timeout", "30s")),
        retries=int(value.get("retries", 3)),
        start_period=parse_duration(value.get("start_period", "0s")),
    )


def _restart(value: object) -> RestartPolicy:
    value = "no" if value is False else str(value)  # YAML 1.1 reads a bare `no` as false
    name, _, retries = value.partition(":")
    if name not in ("no", "always", "on-failure", "unless-stopped"):
        raise StackConfigError(f"restart {value!r} is not no|always|on-failure[:N]|unless-stopped")
    return RestartPolicy(name=name, max_retries=int(retries) if retries else 0)  # type: ignore[arg-type]
