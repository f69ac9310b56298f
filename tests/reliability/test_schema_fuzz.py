"""Schemathesis against the live app's OpenAPI schema, authenticated as a real player.

Every operation is fuzzed (bounded in examples and time): no response may be a 5xx, every
status must be one the schema documents for that operation, and every response must match
the schema in body, content type and headers; data the schema forbids must be refused (4xx),
a method an operation lacks must be a 405 whose ``Allow`` names the path's methods.
Operations that end the sign-in (logout, deleting the account) run in a second pass with
their own player, so the first pass stays signed in.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from live import LiveServer, player_headers, start_session

SIGN_OUT = r"^(POST /api/v1/auth/logout|DELETE /api/v1/auth/session|DELETE /api/v1/players/me)$"
SCHEMATHESIS = [str(Path(sys.executable).with_name("schemathesis"))]
CHECKS = ",".join(
    (
        "not_a_server_error",
        "status_code_conformance",  # no undocumented status
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
        "negative_data_rejection",  # the schema says what the validators enforce
        "unsupported_method",
        "allow_header_conformance",
    )
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(tmp_path_factory.mktemp("schema-fuzz")).start()
    yield live
    live.stop()


def _undeclared_path_parameters(schema: dict[str, Any]) -> list[str]:
    missing = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            for name in (part[1:-1] for part in path.split("/") if part.startswith("{")):
                if name not in declared:
                    missing.append(f"{method.upper()} {path}: {name}")
    return missing


def _with_path_parameters(schema: dict[str, Any], examples: dict[str, str]) -> dict[str, Any]:
    """The schema with every path parameter declared, real ids as their examples."""
    patched = copy.deepcopy(schema)
    for path, operations in patched["paths"].items():
        names = [part[1:-1] for part in path.split("/") if part.startswith("{")]
        for operation in operations.values():
            parameters = operation.setdefault("parameters", [])
            for parameter in parameters:
                if parameter["in"] == "path" and parameter["name"] in examples:
                    parameter.setdefault("example", examples[parameter["name"]])
            declared = {p["name"] for p in parameters if p["in"] == "path"}
            for name in names:
                if name not in declared:
                    parameter = {"name": name, "in": "path", "required": True}
                    parameter["schema"] = {"type": "string"}
                    if name in examples:
                        parameter["example"] = examples[name]
                    parameters.append(parameter)
    return patched


def _run(server: LiveServer, schema_file: Path, token: str, *selection: str) -> str:
    command = [
        *SCHEMATHESIS,
        "run",
        str(schema_file),
        "--url",
        server.url,
        "--checks",
        CHECKS,
        "--header",
        f"Authorization:{token}",
        "--max-examples",
        "8",
        "--max-time",
        "35",
        "--phases",
        "examples,coverage,fuzzing",
        "--request-timeout",
        "30",
        "--suppress-health-check",
        "all",
        "--continue-on-failure",
        "--seed",
        "12",
        *selection,
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=240, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-8000:] + "\nserver log:\n" + server.log_tail()
    return output


def _schema_and_ids(server: LiveServer) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        schema = client.get("/openapi.json").json()
        headers = player_headers(client)
        session_id = start_session(client, headers)
        characters = client.get("/api/v1/characters", headers=headers).json()
    character_id = (characters["items"] if isinstance(characters, dict) else characters)[0]["id"]
    ids = {
        "session_id": session_id,
        "character_id": character_id,
        "world_id": "mindfulness_garden",
    }
    return schema, ids, headers


def test_the_schema_declares_every_path_parameter(server: LiveServer) -> None:
    schema = httpx.get(f"{server.url}/openapi.json", timeout=30).json()
    assert _undeclared_path_parameters(schema) == []


def test_no_operation_answers_5xx_or_breaks_its_schema(server: LiveServer, tmp_path: Path) -> None:
    schema, ids, headers = _schema_and_ids(server)
    schema_file = tmp_path / "openapi.json"
    schema_file.write_text(json.dumps(_with_path_parameters(schema, ids)))
    output = _run(server, schema_file, headers["Authorization"], "--exclude-name-regex", SIGN_OUT)
    assert "Tested: " in output
    # still signed in afterwards: the pass fuzzed as a player, not as an anonymous client
    # (only role-gated and cookie-only operations may answer nothing but 401/403)
    me = httpx.get(f"{server.url}/api/v1/players/me", headers=headers, timeout=30)
    assert me.status_code == 200, "the fuzzing pass lost its sign-in"
    _, _, other = _schema_and_ids(server)
    _run(server, schema_file, other["Authorization"], "--include-name-regex", SIGN_OUT)
    assert server.alive()
    assert server.tracebacks() == []
