"""The parity kit: run one case table through two implementations of a seam, list differences.

::

    report = await run_parity(
        SAFETY_CASES,
        reference=("new", default_checker()),
        candidate=("legacy", my_legacy_checker),
        call=lambda checker, text: checker.check(text),
        comparator=compare_verdicts,
    )
    print(report.render())

``call`` may return a value or an awaitable; ``comparator`` is any ``tta_core`` comparator
(``compare_verdicts``, ``compare_turns``, ``compare_stack_status``...). A case where one
side raises and the other does not is a difference in the field ``error``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from tta_core import Comparator

__all__ = ["Case", "Difference", "ParityReport", "run_parity"]

InputT = TypeVar("InputT")


@dataclass(frozen=True)
class Case(Generic[InputT]):
    name: str
    input: InputT


@dataclass(frozen=True)
class Difference:
    case: str
    field: str
    reference: object
    candidate: object


@dataclass
class ParityReport:
    reference: str
    candidate: str
    cases: int = 0
    differences: list[Difference] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences

    @property
    def differing_cases(self) -> list[str]:
        return sorted({d.case for d in self.differences})

    def render(self) -> str:
        lines = [
            f"parity of {self.candidate} against {self.reference}: {self.cases} cases, "
            f"{len(self.differing_cases)} differ",
        ]
        if self.differences:
            lines.append(f"| case | field | {self.reference} | {self.candidate} |")
            lines.append("|---|---|---|---|")
            lines.extend(
                f"| {d.case} | {d.field} | {d.reference!r} | {d.candidate!r} |"
                for d in self.differences
            )
        return "\n".join(lines)


async def _outcome(call: Callable[[Any, Any], Any], implementation: Any, value: Any) -> Any:
    try:
        result = call(implementation, value)
        if inspect.isawaitable(result):
            result = await result
    except Exception as exc:  # a raising implementation is an outcome to compare
        return _Raised(f"{exc.__class__.__name__}: {exc}")
    return result


@dataclass(frozen=True)
class _Raised:
    reason: str


async def run_parity(
    cases: Sequence[Case[InputT]],
    *,
    reference: tuple[str, Any],
    candidate: tuple[str, Any],
    call: Callable[[Any, InputT], Any],
    comparator: Comparator[Any],
) -> ParityReport:
    """Every case through both implementations, in order; differences by case and field."""
    (reference_name, reference_impl), (candidate_name, candidate_impl) = reference, candidate
    report = ParityReport(reference_name, candidate_name)
    for case in cases:
        report.cases += 1
        left = await _outcome(call, reference_impl, case.input)
        right = await _outcome(call, candidate_impl, case.input)
        if isinstance(left, _Raised) or isinstance(right, _Raised):
            if not (isinstance(left, _Raised) and isinstance(right, _Raised)):
                shown = [r.reason if isinstance(r, _Raised) else "returned" for r in (left, right)]
                report.differences.append(Difference(case.name, "error", *shown))
            continue
        for divergence in comparator(left, right):
            report.differences.append(
                Difference(case.name, divergence.field, divergence.served, divergence.shadow)
            )
    return report
