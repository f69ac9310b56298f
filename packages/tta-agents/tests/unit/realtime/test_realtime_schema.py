import json
from pathlib import Path
from typing import Any

from tta_agents.realtime import protocol_json_schema

SCHEMA = Path(__file__).resolve().parents[5] / "docs" / "rewrite" / "realtime_protocol.schema.json"
REGENERATE = (
    "uv run python -c 'import json; from tta_agents.realtime import protocol_json_schema; "
    "print(json.dumps(protocol_json_schema(), indent=2, sort_keys=True))' "
    "> docs/rewrite/realtime_protocol.schema.json"
)


def refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"]} if "$ref" in node else set()
        return found.union(*(refs(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(refs(value) for value in node))
    return set()


def test_the_published_schema_is_the_one_generated_from_the_models() -> None:
    assert json.loads(SCHEMA.read_text()) == protocol_json_schema(), f"regenerate: {REGENERATE}"


def test_every_reference_in_the_schema_resolves() -> None:
    schema = protocol_json_schema()
    names = {ref.removeprefix("#/$defs/") for ref in refs(schema)}
    assert names <= set(schema["$defs"])
    server = schema["$defs"]["ServerEvent"]["discriminator"]["mapping"]
    client = schema["$defs"]["ClientMessage"]["discriminator"]["mapping"]
    assert {"welcome", "turn_complete", "safety", "reload", "heartbeat"} <= set(server)
    assert set(client) == {"auth", "input", "subscribe", "unsubscribe", "resume", "ping", "pong"}
