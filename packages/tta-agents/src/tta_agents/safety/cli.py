"""``tta-safety``: check one text, or evaluate the checker against a labelled corpus.

    tta-safety check [--output] [--locale L] [--rules PACK.yaml ...] TEXT
    tta-safety eval FILE.jsonl [--min-crisis-recall R] [--max-safe-fpr F]
                               [--min-concern-recall R] [--json] [--rules PACK.yaml ...]
    tta-safety validate PACK.yaml ...

Exit codes: 0 ok, 1 an ``eval`` threshold was not met, 2 usage or input error (one line
on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from tta_agents.safety.engine import SafetyEngine
from tta_agents.safety.errors import SafetyError
from tta_agents.safety.evaluation import evaluate, read_corpus, render
from tta_agents.safety.loader import DEFAULT_PACK, load_rules
from tta_agents.safety.settings import SafetySettings
from tta_agents.safety.verdict import SafetyContext

__all__ = ["main"]


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def _ratio(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"{value} is not between 0 and 1")
    return number


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="tta-safety", description="TTA's therapeutic safety engine.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    check = commands.add_parser("check", help="print the JSON verdict for one text")
    check.add_argument("text")
    check.add_argument("--output", action="store_true", help="judge it as generated narrative")
    check.add_argument("--locale", default="en-US")
    check.add_argument("--rules", type=Path, action="append", default=[], metavar="PACK")
    run = commands.add_parser("eval", help="precision and recall against a labelled JSONL file")
    run.add_argument("file", type=Path)
    run.add_argument("--min-crisis-recall", type=_ratio)
    run.add_argument("--min-concern-recall", type=_ratio)
    run.add_argument("--max-safe-fpr", type=_ratio)
    run.add_argument("--json", action="store_true", help="print the report as JSON")
    run.add_argument("--rules", type=Path, action="append", default=[], metavar="PACK")
    validate = commands.add_parser("validate", help="validate rule packs (over the default)")
    validate.add_argument("packs", type=Path, nargs="+")
    return parser


def _engine(rules: list[Path]) -> SafetyEngine:
    return SafetyEngine(SafetySettings(rule_packs=tuple(rules), reload_interval_s=3600))


def _eval(args: argparse.Namespace) -> int:
    result = evaluate(_engine(args.rules), read_corpus(args.file))
    failures = []
    if args.min_crisis_recall is not None and result.recall("crisis") < args.min_crisis_recall:
        failures.append(f"crisis recall {result.recall('crisis'):.3f} < {args.min_crisis_recall}")
    if args.min_concern_recall is not None and result.recall("concern") < args.min_concern_recall:
        failures.append(
            f"concern recall {result.recall('concern'):.3f} < {args.min_concern_recall}"
        )
    if args.max_safe_fpr is not None and result.safe_false_positive_rate() > args.max_safe_fpr:
        failures.append(
            f"safe false-positive rate {result.safe_false_positive_rate():.3f}"
            f" > {args.max_safe_fpr}"
        )
    if args.json:
        print(json.dumps({**result.as_dict(), "failures": failures}, indent=2))
    else:
        notes = ["", *(f"FAILED: {f}" for f in failures)] if failures else ["", "thresholds met"]
        print(render(result, notes))
    return 1 if failures else 0


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
        if args.command == "check":
            engine = _engine(args.rules)
            context = SafetyContext(locale=args.locale)
            judge = engine.check_output if args.output else engine.check
            print(judge(args.text, context).model_dump_json(indent=2))
            return 0
        if args.command == "validate":
            rules = load_rules((DEFAULT_PACK, *args.packs))
            print(f"ok: {len(rules.rules)} rules, version {rules.version}")
            return 0
        return _eval(args)
    except (_UsageError, SafetyError) as exc:
        print(f"tta-safety: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
