"""Health, readiness, metrics, security headers, request ids, body limits, one error envelope."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from ..conftest import make_settings


@pytest.fixture
def database_url() -> None:
    """HTTP-layer tests: SQLite is enough (the repository suite runs on PostgreSQL too)."""
    return


PROBLEM = "application/problem+json"


async def test_health_and_readiness(client) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["database"] == "ok"


async def test_metrics_count_requests_by_route_template(client, api) -> None:
    headers = await api.sign_up("maple")
    session_id = await api.start_session(headers)
    await api.play(headers, session_id, "look")
    text = (await client.get("/metrics")).text
    assert 'route="/api/v1/sessions/{session_id}/turns"' in text
    assert session_id not in text
    assert "tta_player_http_request_duration_seconds_bucket" in text
    assert 'tta_player_turns_total{level="safe"} 1.0' in text
    assert "tta_agents_" in text  # the pipeline's metrics share the registry


async def test_security_headers_and_request_ids(client) -> None:
    response = await client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert response.headers["x-request-id"] == "abc-123"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert "strict-transport-security" not in response.headers  # only in production
    odd = await client.get("/healthz", headers={"X-Request-ID": "bad id\twith spaces"})
    assert odd.headers["x-request-id"] != "bad id\twith spaces"
    assert len(odd.headers["x-request-id"]) == 32


async def test_every_request_without_an_id_gets_a_new_one(client) -> None:
    ids = {(await client.get("/healthz")).headers["x-request-id"] for _ in range(50)}
    assert len(ids) == 50
    assert all(len(i) == 32 for i in ids)


async def test_every_error_is_problem_json_with_the_request_id(client, api) -> None:
    headers = await api.sign_up("maple")
    responses = [
        await client.get("/api/v1/no-such-route"),
        await client.put("/healthz"),
        await client.post("/api/v1/characters", content=b"{not json", headers=headers),
        await client.post("/api/v1/characters", json={}, headers=headers),
        await client.get("/api/v1/characters/unknown", headers=headers),
    ]
    assert [r.status_code for r in responses] == [404, 405, 422, 422, 404]
    for response in responses:
        assert response.headers["content-type"] == PROBLEM
        body = response.json()
        assert {"type", "title", "status", "detail"} <= set(body)
        assert body["status"] == response.status_code
        assert body["request_id"] == response.headers["x-request-id"]


async def test_oversized_bodies_are_refused_with_413(client, api) -> None:
    headers = await api.sign_up("maple")
    big = {"name": "Wren", "background": {"backstory": "x" * 100_000}}
    response = await client.post("/api/v1/characters", json=big, headers=headers)
    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM

    async def chunks():
        for _ in range(100):
            yield b"x" * 1024

    streamed = await client.post("/api/v1/characters", content=chunks(), headers=headers)
    assert streamed.status_code == 413


async def test_openapi_documents_every_route_with_its_problems(client) -> None:
    schema = (await client.get("/openapi.json")).json()
    paths = schema["paths"]
    for path in [
        "/api/v1/auth/register",
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/auth/session",
        "/api/v1/players/me",
        "/api/v1/players/me/export",
        "/api/v1/players/me/progress",
        "/api/v1/characters/{character_id}",
        "/api/v1/worlds/{world_id}",
        "/api/v1/sessions/{session_id}/turns",
        "/api/v1/safety/events",
    ]:
        assert path in paths, path
    turns = paths["/api/v1/sessions/{session_id}/turns"]["post"]["responses"]
    assert {"401", "404", "409", "422", "429"} <= set(turns)
    assert "Problem" in schema["components"]["schemas"]
    for path, operations in paths.items():
        names = {part[1:-1] for part in path.split("/") if part.startswith("{")}
        for operation in operations.values():
            declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert names <= declared, path
    assert (await client.get("/docs")).status_code == 200


async def test_openapi_documents_the_one_envelope_for_every_error(client) -> None:
    """Server problems (500, 503) on every API operation, 413 wherever a body is accepted,
    and validation errors as the problem envelope the service really sends."""
    schema = (await client.get("/openapi.json")).json()
    problem = "#/components/schemas/Problem"
    for path, operations in schema["paths"].items():
        if not path.startswith("/api/"):
            continue
        for method, operation in operations.items():
            responses = operation["responses"]
            for status in ("500", "503") + (("413",) if "requestBody" in operation else ()):
                assert status in responses, f"{method} {path} {status}"
            for status, response in responses.items():
                if status.startswith(("4", "5")):
                    content = response["content"]
                    assert list(content) == ["application/problem+json"], (method, path, status)
                    assert content["application/problem+json"]["schema"]["$ref"] == problem
    assert "HTTPValidationError" not in schema["components"]["schemas"]


def _models_by_name() -> dict[str, type]:
    from pydantic import BaseModel

    found: dict[str, type] = {}
    pending = list(BaseModel.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith(("tta_player", "tta_agents")):
            found.setdefault(cls.__name__, cls)
    return found


async def test_openapi_shows_a_valid_example_of_every_body_and_answer(client) -> None:
    """/docs shows an example of what each operation takes and answers, and every example is
    one the service would accept or could send (it validates against its model)."""
    schema = (await client.get("/openapi.json")).json()
    schemas = schema["components"]["schemas"]
    models = _models_by_name()
    missing = []
    for path, operations in schema["paths"].items():
        if not path.startswith("/api/"):
            continue
        for method, operation in operations.items():
            shown = [operation.get("requestBody", {}).get("content", {}).get("application/json")]
            shown += [
                response.get("content", {}).get("application/json")
                for status, response in operation["responses"].items()
                if status.startswith("2")
            ]
            for media in filter(None, shown):
                ref = media["schema"].get("$ref") or media["schema"].get("items", {}).get("$ref")
                if ref is None:
                    continue
                name = ref.rsplit("/", 1)[-1]
                examples = schemas[name].get("examples")
                if not examples:
                    missing.append(f"{method} {path}: {name}")
                    continue
                for example in examples:
                    models[name].model_validate(example)  # type: ignore[attr-defined]
    assert not missing, missing


PRODUCTION_SECRET = "Vq3x-9LmT_p2Rk7wZc4Nf8Hj1Bs6Yd0Ga5Ue"  # pragma: allowlist secret


async def test_production_hides_the_docs_and_guards_metrics(tmp_path, open_client) -> None:
    production = make_settings(
        tmp_path,
        env="production",
        jwt_secret=SecretStr(PRODUCTION_SECRET),
        metrics_token=SecretStr("scrape-" + PRODUCTION_SECRET),
    )
    async with open_client(production) as client:
        for path in ("/docs", "/redoc", "/openapi.json"):
            assert (await client.get(path)).status_code == 404, path
        assert (await client.get("/metrics")).status_code == 401
        wrong = await client.get("/metrics", headers={"Authorization": "Basic c2NyYXBl"})
        assert wrong.status_code == 401
        token = {"Authorization": f"Bearer scrape-{PRODUCTION_SECRET}"}
        assert "tta_player_logins_total" in (await client.get("/metrics", headers=token)).text
    async with open_client(production.model_copy(update={"metrics_token": None})) as client:
        assert (await client.get("/metrics")).status_code == 404  # off: no token, no port
    docs_on = production.model_copy(update={"api_docs": True, "metrics_port": 9464})
    async with open_client(docs_on) as client:
        assert (await client.get("/openapi.json")).status_code == 200
        assert (await client.get("/metrics")).status_code == 404  # it has its own port


# What a dependency can answer besides its route's own statuses (by the function's name).
_DEPENDENCY_STATUSES = {
    "get_claims": {"401"},
    "get_login": {"401"},
    "get_staff": {"403"},
    "get_admin": {"403"},
    "get_character": {"404"},
    "get_game_session": {"404"},
    "ip_rate_limit.<locals>.check": {"429"},
}


def _dependency_names(dependant) -> set[str]:
    names = set()
    for dependency in dependant.dependencies:
        names.add(getattr(dependency.call, "__qualname__", ""))
        names |= _dependency_names(dependency)
    return names


def _api_routes(app) -> list:
    routes = []
    for route in app.router.routes:
        nested = getattr(route, "original_router", None)
        routes.extend(nested.routes if nested is not None else [route])
    return [
        r for r in routes if getattr(r, "dependant", None) and getattr(r, "include_in_schema", 0)
    ]


async def test_every_status_a_route_can_answer_is_documented(client) -> None:
    """Statically, from each route's dependencies; the schema fuzz checks the same live."""
    schema = (await client.get("/openapi.json")).json()
    app = client._transport.app  # the app behind the in-process transport
    missing = []
    for route in _api_routes(app):
        needed = {"422", "500", "503"}  # 422: any address may hold a NUL character
        for name in _dependency_names(route.dependant):
            needed |= _DEPENDENCY_STATUSES.get(name, set())
        for method in route.methods:
            documented = set(schema["paths"][route.path][method.lower()]["responses"])
            if needed - documented:
                missing.append(f"{method} {route.path}: {sorted(needed - documented)}")
    assert missing == [], "\n".join(missing)
