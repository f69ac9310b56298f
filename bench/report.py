"""The figures a benchmark reports, and the markdown report they are gathered into."""

from __future__ import annotations

import math
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape


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


_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e")


def line_chart_svg(
    title: str, x_label: str, y_label: str, series: dict[str, list[tuple[float, float]]]
) -> str:
    """A small self-contained SVG line chart: x on a log2 axis (1, 2, 4...), y linear from 0."""
    width, height, left, right, top, bottom = 720, 420, 70, 20, 40, 90
    xs = sorted({x for points in series.values() for x, _ in points})
    y_max = max((y for points in series.values() for _, y in points), default=1.0) * 1.1 or 1.0
    low, high = math.log2(xs[0]), math.log2(xs[-1])
    span = (high - low) or 1.0

    def px(x: float) -> float:
        return left + (math.log2(x) - low) / span * (width - left - right)

    def py(y: float) -> float:
        return top + (1 - y / y_max) * (height - top - bottom)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{width / 2}" y="22" text-anchor="middle" font-size="14">{escape(title)}</text>',
    ]
    for i in range(6):
        value = y_max * i / 5
        y = py(value)
        out.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{value:.0f}</text>'
        )
    for x in xs:
        out.append(
            f'<line x1="{px(x):.1f}" y1="{top}" x2="{px(x):.1f}" y2="{height - bottom}" '
            f'stroke="#eee"/><text x="{px(x):.1f}" y="{height - bottom + 16}" '
            f'text-anchor="middle">{x:g}</text>'
        )
    out.append(
        f'<text x="{(left + width - right) / 2}" y="{height - bottom + 36}" '
        f'text-anchor="middle">{escape(x_label)}</text>'
        f'<text x="16" y="{(top + height - bottom) / 2}" text-anchor="middle" '
        f'transform="rotate(-90 16 {(top + height - bottom) / 2})">{escape(y_label)}</text>'
    )
    for n, (name, points) in enumerate(series.items()):
        colour = _COLOURS[n % len(_COLOURS)]
        path = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in sorted(points))
        out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{path}"/>')
        out += [
            f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3" fill="{colour}"/>' for x, y in points
        ]
        ly = height - 30 + (n // 3) * 16
        lx = left + (n % 3) * 220
        out.append(
            f'<rect x="{lx}" y="{ly - 9}" width="14" height="4" fill="{colour}"/>'
            f'<text x="{lx + 20}" y="{ly - 4}">{escape(name)}</text>'
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def render(figures: list[Figure], failures: list[str], *, plots: tuple[str, ...] = ()) -> str:
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`uv run python -m bench [names]`). Every baseline is measured",
        "in the same run on the same machine; values are medians of repeated runs; the ratio is",
        "value / baseline. Load is on 127.0.0.1 only.",
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
    for plot in plots:
        lines += ["", f"![turn latency against concurrency]({plot})"]
    if failures:
        lines += ["", "## Benchmarks that could not run", ""]
        lines += [f"- {failure}" for failure in failures]
    return "\n".join(lines) + "\n"
