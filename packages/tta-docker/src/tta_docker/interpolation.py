"""Compose variable interpolation (``$VAR``, ``${VAR}``, ``${VAR:-default}`` ...) and
``.env`` files, as Compose reads them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from tta_docker.errors import StackConfigError

__all__ = ["interpolate", "interpolate_tree", "read_env_file"]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPERATORS = (":-", ":?", ":+", "-", "?", "+")


def read_env_file(path: Path) -> dict[str, str]:
    """``KEY=VALUE`` lines (``export`` prefix, quotes and ``#`` comments allowed)."""
    values: dict[str, str] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        line = line.removeprefix("export ").strip()
        key, sep, value = line.partition("=")
        key = key.strip()
        if not sep or not _NAME.fullmatch(key):
            raise StackConfigError(f"{path}:{number}: expected KEY=VALUE, got {raw.strip()!r}")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            quote, value = value[0], value[1:-1]
            if quote == '"':
                value = value.replace("\\n", "\n").replace('\\"', '"')
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        values[key] = value
    return values


def interpolate(text: str, env: Mapping[str, str], where: str = "") -> str:
    """``text`` with every variable reference replaced from ``env`` (``$$`` is a literal ``$``)."""
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char != "$":
            out.append(char)
            i += 1
            continue
        nxt = text[i + 1 : i + 2]
        if nxt == "$":
            out.append("$")
            i += 2
        elif nxt == "{":
            end = _closing_brace(text, i + 2, where)
            out.append(_expand(text[i + 2 : end], env, where))
            i = end + 1
        else:
            match = _NAME.match(text, i + 1)
            if not match:
                out.append("$")
                i += 1
                continue
            out.append(env.get(match.group(0), ""))
            i = match.end()
    return "".join(out)


def _closing_brace(text: str, start: int, where: str) -> int:
    depth = 1
    for index in range(start, len(text)):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return index
    raise StackConfigError(f"{where}: unclosed '${{' in {text!r}")


def _expand(body: str, env: Mapping[str, str], where: str) -> str:
    match = _NAME.match(body)
    if not match:
        raise StackConfigError(f"{where}: invalid variable reference ${{{body}}}")
    name, rest = match.group(0), body[match.end() :]
    value = env.get(name)
    if not rest:
        return value or ""
    operator = next((op for op in _OPERATORS if rest.startswith(op)), None)
    if operator is None:
        raise StackConfigError(f"{where}: invalid variable reference ${{{body}}}")
    argument = interpolate(rest[len(operator) :], env, where)
    unset = value is None or (operator.startswith(":") and value == "")
    if operator in (":-", "-"):
        return argument if unset else str(value)
    if operator in (":?", "?"):
        if unset:
            reason = argument or "is required but not set"
            raise StackConfigError(f"{where}: variable {name} {reason}")
        return str(value)
    return "" if unset else argument


def interpolate_tree(node: object, env: Mapping[str, str], where: str = "") -> object:
    """Every string in a parsed YAML tree interpolated (keys too, as Compose does)."""
    if isinstance(node, str):
        return interpolate(node, env, where)
    if isinstance(node, list):
        return [interpolate_tree(item, env, where) for item in node]
    if isinstance(node, dict):
        return {
            (interpolate(k, env, where) if isinstance(k, str) else k): interpolate_tree(
                v, env, f"{where}.{k}" if where else str(k)
            )
            for k, v in node.items()
        }
    return node
