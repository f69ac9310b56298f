"""The line between tta_agents' I/O-free core and its adapters (``tta_agents.adapters``).

The core is every module outside ``adapters/`` and ``testing/``: importing all of it, in a
fresh interpreter, loads none of the I/O libraries; and no core module imports an adapter,
except the composition root (``pipeline/factory.py``), which does so inside the function
that needs it.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import tta_agents

IO_LIBRARIES = ("httpx", "httpcore", "redis", "starlette", "fastapi", "websockets", "uvicorn")
PACKAGE = Path(tta_agents.__file__).parent
OUTSIDE_THE_CORE = ("adapters", "testing")
COMPOSITION_ROOT = "tta_agents.pipeline.factory"


def core_modules() -> list[str]:
    modules = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[0] in OUTSIDE_THE_CORE:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules.append(".".join(("tta_agents", *parts)))
    return modules


def test_the_core_is_most_of_the_package() -> None:
    core = core_modules()
    assert {"tta_agents", "tta_agents.pipeline.runner", "tta_agents.realtime.protocol"} <= set(core)
    assert "tta_agents.safety.engine" in core
    assert not any(module.startswith("tta_agents.adapters") for module in core)


def test_importing_the_whole_core_loads_no_io_library() -> None:
    script = (
        "import importlib, json, sys\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {IO_LIBRARIES!r})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert json.loads(done.stdout) == []


def test_importing_an_adapter_does_load_its_library() -> None:
    """The check above can see an I/O library when one is loaded."""
    script = (
        "import json, sys, tta_agents.adapters.realtime\n"
        "print(json.dumps('starlette' in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert json.loads(done.stdout) is True


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(imported module, whether outside any function) for every import in ``path``; an
    import under ``if TYPE_CHECKING:`` counts as module level."""
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, module_level: bool) -> None:
        if isinstance(node, ast.Import):
            found.extend((alias.name, module_level) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.module, module_level))
        inside = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        for child in ast.iter_child_nodes(node):
            visit(child, module_level and not inside)

    visit(ast.parse(path.read_text(encoding="utf-8")), True)
    return found


def test_no_core_module_imports_an_adapter_or_an_io_library() -> None:
    offenders = []
    for module in core_modules():
        relative = Path(*module.split(".")[1:])
        path = PACKAGE / relative / "__init__.py"
        if not path.exists():
            path = (PACKAGE / relative).with_suffix(".py")
        for imported, module_level in _imports(path):
            root = imported.split(".")[0]
            adapter = imported.startswith("tta_agents.adapters")
            if root in IO_LIBRARIES or (adapter and (module != COMPOSITION_ROOT or module_level)):
                offenders.append(f"{module} imports {imported}")
    assert offenders == []
