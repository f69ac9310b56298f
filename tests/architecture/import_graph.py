"""The import graph of the workspace's four packages, read from their source (nothing is run).

Each module is a node; ``import a.b`` and ``from a.b import c`` draw an edge to ``a.b`` (or
to ``a.b.c`` when that is a module). Imports inside functions and under ``TYPE_CHECKING``
count too: a circle a type checker or a late import hides is still a circle a reader walks.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = {
    "tta_core": ROOT / "packages/tta-core/src/tta_core",
    "tta_docker": ROOT / "packages/tta-docker/src/tta_docker",
    "tta_agents": ROOT / "packages/tta-agents/src/tta_agents",
    "tta_player": ROOT / "packages/tta-player/src/tta_player",
}


@dataclass(frozen=True)
class Import:
    """One ``from module import name`` (``name`` empty for ``import module``) at ``line``."""

    module: str
    name: str
    line: int


def module_files() -> dict[str, Path]:
    """Every module of the four packages by dotted name (a package by its ``__init__``)."""
    found: dict[str, Path] = {}
    for package, folder in SOURCES.items():
        for path in sorted(folder.rglob("*.py")):
            parts = path.relative_to(folder).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join((package, *parts))] = path
    return found


def imports_of(path: Path, module: str) -> Iterator[Import]:
    """The imports one file makes, relative ones resolved against ``module``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    is_package = path.name == "__init__.py"
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(alias.name, "", node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")
                anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                yield Import(base, alias.name, node.lineno)


def graph() -> dict[str, set[str]]:
    """Module -> the workspace modules it imports."""
    files = module_files()
    edges: dict[str, set[str]] = {name: set() for name in files}
    for module, path in files.items():
        for found in imports_of(path, module):
            target = f"{found.module}.{found.name}" if found.name else found.module
            if target not in files:
                target = found.module
            if target in files and target != module:
                edges[module].add(target)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(groups)


if __name__ == "__main__":
    for group in cycles(graph()):
        print(" <-> ".join(group))
