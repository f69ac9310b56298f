"""How the four packages may use each other: dependencies point one way, and a package
reaches another only through that package's public API (a curated ``__all__``)."""

from __future__ import annotations

import importlib

from .import_graph import SOURCES, imports_of, module_files

# tta_player -> tta_agents -> tta_core; tta_player -> tta_docker; tta_docker stands alone.
MAY_IMPORT = {
    "tta_core": set(),
    "tta_docker": set(),
    "tta_agents": {"tta_core"},
    "tta_player": {"tta_agents", "tta_core", "tta_docker"},
}
# The modules another package may import from: each package's top level, and the parts of
# tta_agents the player service wires (the safety checker, the real-time layer and its
# adapters).
PUBLIC = {
    "tta_core",
    "tta_docker",
    "tta_agents",
    "tta_agents.safety",
    "tta_agents.world",
    "tta_agents.realtime",
    "tta_agents.adapters.realtime",
}


def cross_package_imports() -> list[tuple[str, str, str, int]]:
    """(importing module, imported module, name, line) for every import across packages."""
    found = []
    for module, path in module_files().items():
        package = module.split(".")[0]
        for imported in imports_of(path, module):
            target = imported.module.split(".")[0]
            if target in SOURCES and target != package:
                found.append((module, imported.module, imported.name, imported.line))
    return found


def test_dependencies_point_one_way() -> None:
    wrong = sorted(
        f"{module} imports {target}"
        for module, target, _name, _line in cross_package_imports()
        if target.split(".")[0] not in MAY_IMPORT[module.split(".")[0]]
    )
    assert wrong == []


def test_other_packages_are_reached_only_through_their_public_api() -> None:
    imports = cross_package_imports()
    assert any(module.startswith("tta_player") for module, *_ in imports)
    wrong = []
    for module, target, name, line in imports:
        if target not in PUBLIC:
            wrong.append(f"{module}:{line} imports {target} (not a public module)")
        elif name and name not in importlib.import_module(target).__all__:
            wrong.append(f"{module}:{line} imports {target}.{name} (not in its __all__)")
    assert wrong == []
