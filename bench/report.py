"""The figures a benchmark reports, and the markdown report they are gathered into."""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """One measured figure beside its baseline from the same run.

    ``ratio`` is value / baseline; ``target`` says what the ratio (or value) must meet,
    in words, e.g. "ratio <= 1.0" or "value >= 2000".
    """

    benchmark: str
    name: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_name: str = ""
    target: str = ""
    met: bool | None = None

    @property
    def ratio(self) -> float | None:
        if self.baseline in (None, 0):
            return None
        return self.value / self.baseline  # type: ignore[operator]


def median_of(runs: int, measure: Callable[[], float]) -> float:
    """The median of ``runs`` calls of ``measure`` (the machines are noisy: never one sample)."""
    return statistics.median(measure() for _ in range(runs))


def timed(action: Callable[[], object]) -> float:
    """Wall seconds one call of ``action`` takes."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def machine() -> str:
    return f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}"


def render(figures: list[Figure], failures: list[str]) -> str:
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench`; every baseline is measured in the same run on the same machine.",
        "",
        f"Machine: {machine()}",
        "",
        "| benchmark | figure | value | baseline | ratio | target | met |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in figures:
        baseline = f"{f.baseline:.4g} ({f.baseline_name})" if f.baseline is not None else "-"
        ratio = f"{f.ratio:.3f}" if f.ratio is not None else "-"
        met = {True: "yes", False: "**no**", None: "-"}[f.met]
        lines.append(
            f"| {f.benchmark} | {f.name} | {f.value:.4g} {f.unit} | {baseline} | {ratio} "
            f"| {f.target or '-'} | {met} |"
        )
    if not figures:
        lines.append("| (none yet) | | | | | | |")
    if failures:
        lines += ["", "## Benchmarks that could not run", ""]
        lines += [f"- {failure}" for failure in failures]
    return "\n".join(lines) + "\n"
