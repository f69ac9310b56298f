"""``tta-safety``: check one text, or evaluate the checker against a labelled corpus.

    tta-safety check [--output] [--locale L] [--rules PACK.yaml ...] [--rules-only] TEXT
    tta-safety eval FILE.jsonl [--min-crisis-recall R] [--min-crisis-reached R]
                               [--min-concern-recall R] [--max-safe-flagged F]
                               [--json] [--rules PACK.yaml ...] [--rules-only]
    tta-safety validate PACK.yaml ...
    tta-safety derive [--out FILE]     (after editing the default pack: its trigger table)

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

from tta_agents.encoder import EncoderError
from tta_agents.safety.derived import DEFAULT_DERIVED, write_derived
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
    check.add_argument("--rules-only", action="store_true", help="without the learned tier")
    run = commands.add_parser("eval", help="precision and recall against a labelled JSONL file")
    run.add_argument("file", type=Path)
    run.add_argument("--min-crisis-recall", type=_ratio, help="crisis lines answered crisis")
    run.add_argument("--min-crisis-reached", type=_ratio, help="crisis lines: crisis or check-in")
    run.add_argument("--min-concern-recall", type=_ratio, help="concern lines given support")
    run.add_argument(
        "--max-safe-flagged", "--max-safe-fpr", dest="max_safe_flagged", type=_ratio,
        help="safe lines answered with anything but safe",
    )  # fmt: skip
    run.add_argument("--json", action="store_true", help="print the report as JSON")
    run.add_argument("--rules", type=Path, action="append", default=[], metavar="PACK")
    run.add_argument("--rules-only", action="store_true", help="without the learned tier")
    validate = commands.add_parser("validate", help="validate rule packs (over the default)")
    validate.add_argument("packs", type=Path, nargs="+")
    derive = commands.add_parser(
        "derive", help="write the default pack's trigger table (run after editing the pack)"
    )
    derive.add_argument("--out", type=Path, default=DEFAULT_DERIVED, metavar="FILE")
    return parser


def _engine(args: argparse.Namespace) -> SafetyEngine:
    settings = SafetySettings(rule_packs=tuple(args.rules), reload_interval_s=3600)
    if args.rules_only:  # otherwise TTA_SAFETY_MODEL decides
        settings = settings.model_copy(update={"model": False})
    return SafetyEngine(settings)


def _eval(args: argparse.Namespace) -> int:
    corpus = read_corpus(args.file)
    result = evaluate(_engine(args), corpus)
    figures = result.figures()
    limits = (
        ("crisis recall", figures["crisis_recall"], args.min_crisis_recall, "<"),
        ("crisis reached", figures["crisis_reached"], args.min_crisis_reached, "<"),
        ("concern recall", figures["concern_recall"], args.min_concern_recall, "<"),
        ("safe flagged", figures["safe_flagged"], args.max_safe_flagged, ">"),
    )
    failures = [
        f"{name} {value:.3f} {sign} {limit}"
        for name, value, limit, sign in limits
        if limit is not None and (value < limit if sign == "<" else value > limit)
    ]
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
            engine = _engine(args)
            context = SafetyContext(locale=args.locale)
            judge = engine.check_output if args.output else engine.check
            print(judge(args.text, context).model_dump_json(indent=2))
            return 0
        if args.command == "validate":
            rules = load_rules((DEFAULT_PACK, *args.packs))
            print(f"ok: {len(rules.rules)} rules, version {rules.version}")
            return 0
        if args.command == "derive":
            rules = load_rules((DEFAULT_PACK,), known={})
            write_derived(args.out, rules.derived)
            print(f"wrote {len(rules.derived)} patterns of {rules.version} to {args.out}")
            return 0
        return _eval(args)
    except (_UsageError, SafetyError, EncoderError) as exc:
        print(f"tta-safety: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
