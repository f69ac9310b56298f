"""Run every benchmark module (``bench/bench_*.py``, each with ``run() -> list[Figure]``)."""

from __future__ import annotations

import importlib
import sys
import traceback
from pathlib import Path

from bench.report import Figure, render

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "docs" / "benchmarks.md"


def main(selected: list[str]) -> int:
    figures: list[Figure] = []
    failures: list[str] = []
    for path in sorted(HERE.glob("bench_*.py")):
        if (
            selected
            and path.stem not in selected
            and path.stem.removeprefix("bench_") not in selected
        ):
            continue
        print(f"== {path.stem}", flush=True)
        try:
            module = importlib.import_module(f"bench.{path.stem}")
            found = module.run()
        except Exception as exc:  # a broken benchmark is reported, the others still run
            traceback.print_exc()
            failures.append(f"{path.stem}: {exc.__class__.__name__}: {exc}")
            continue
        for figure in found:
            print(f"   {figure.name}: {figure.value:.4g} {figure.unit} (ratio {figure.ratio})")
        figures.extend(found)
    OUT.write_text(render(figures, failures))
    print(f"wrote {OUT.relative_to(HERE.parent)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
