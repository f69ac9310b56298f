"""Run the benchmarks (``bench/bench_*.py``, each with ``run() -> list[Figure]``).

``python -m bench`` runs them all; ``python -m bench system player`` runs some and keeps the
other benchmarks' figures from the last run (``docs/benchmarks.json``), so the report in
``docs/benchmarks.md`` always shows every benchmark.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import sys
import traceback
from pathlib import Path

from bench.report import Figure, render

HERE = Path(__file__).resolve().parent
DOCS = HERE.parent / "docs"
OUT = DOCS / "benchmarks.md"
STORE = DOCS / "benchmarks.json"
PLOTS = ("benchmarks-latency.svg",)


def _selected(path: Path, selected: list[str]) -> bool:
    return not selected or path.stem in selected or path.stem.removeprefix("bench_") in selected


def _previous(ran: set[str]) -> list[Figure]:
    """Figures of the benchmarks not run this time, from the last run."""
    if not STORE.exists():
        return []
    try:
        stored = json.loads(STORE.read_text())
        return [Figure(**f) for f in stored if f["benchmark"] not in ran]
    except (ValueError, TypeError, KeyError):
        return []


def main(selected: list[str]) -> int:
    figures: list[Figure] = []
    failures: list[str] = []
    ran: set[str] = set()
    for path in sorted(HERE.glob("bench_*.py")):
        if not _selected(path, selected):
            continue
        print(f"== {path.stem}", flush=True)
        ran.add(path.stem.removeprefix("bench_"))
        try:
            module = importlib.import_module(f"bench.{path.stem}")
            found = module.run()
        except Exception as exc:  # a broken benchmark is reported, the others still run
            traceback.print_exc()
            failures.append(f"{path.stem}: {exc.__class__.__name__}: {exc}")
            continue
        for figure in found:
            ratio = f"{figure.ratio:.3g}" if figure.ratio is not None else "-"
            print(f"   {figure.name}: {figure.value:.4g} {figure.unit} (ratio {ratio})")
        ran |= {figure.benchmark for figure in found}
        figures.extend(found)
    every = (_previous(ran) if selected else []) + figures
    every.sort(key=lambda f: f.benchmark)
    STORE.write_text(json.dumps([dataclasses.asdict(f) for f in every], indent=1) + "\n")
    plots = tuple(plot for plot in PLOTS if (DOCS / plot).exists())
    OUT.write_text(render(every, failures, plots=plots))
    print(f"wrote {OUT.relative_to(HERE.parent)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
