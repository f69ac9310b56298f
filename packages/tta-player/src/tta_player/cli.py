"""The `tta` command."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tta", description="TTA, a Therapeutic Text Adventure.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the game over HTTP")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    args = parser.parse_args(argv)
    if args.command == "serve":
        print("tta serve: the player service is not built yet (see the open tta_player issue).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
