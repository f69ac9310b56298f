"""A database or Redis outage is a 503 problem a client can retry, never a 500."""

from __future__ import annotations

import asyncpg
import httpx
import pytest
import redis.exceptions
import sqlalchemy.exc
from fastapi import FastAPI

from tta_player.core.problems import install_error_handlers

OUTAGES = {
    "connection refused": ConnectionRefusedError(111, "Connection refused"),
    "postgres starting up": asyncpg.exceptions.CannotConnectNowError("the database is starting up"),
    "postgres connection lost": asyncpg.exceptions.ConnectionDoesNotExistError("closed"),
    "sqlalchemy wrapped": sqlalchemy.exc.OperationalError("SELECT 1", {}, OSError("gone")),
    "pool exhausted": sqlalchemy.exc.TimeoutError("QueuePool limit reached"),
    "redis down": redis.exceptions.ConnectionError("Error 111 connecting to localhost:6379"),
}


def app_raising(exc: BaseException) -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/boom")
    async def boom() -> None:
        raise exc

    return app


async def get(app: FastAPI, path: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.get(path)


@pytest.mark.parametrize("outage", OUTAGES.values(), ids=OUTAGES.keys())
async def test_an_outage_is_a_503_problem_with_retry_after(outage: BaseException) -> None:
    response = await get(app_raising(outage), "/boom")
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert int(response.headers["retry-after"]) >= 1
    body = response.json()
    assert body["type"] == "/problems/unavailable"
    assert "try again" in body["detail"]


async def test_an_outage_found_deeper_in_the_cause_chain_is_still_a_503() -> None:
    try:
        try:
            raise ConnectionResetError("peer reset")
        except ConnectionResetError as inner:
            raise RuntimeError("while saving the turn") from inner
    except RuntimeError as outer:
        wrapped = outer
    assert (await get(app_raising(wrapped), "/boom")).status_code == 503


async def test_a_plain_bug_is_still_a_500_problem() -> None:
    response = await get(app_raising(ZeroDivisionError("oops")), "/boom")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
