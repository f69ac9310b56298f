"""Load near saturation for over two minutes, against a real server on 127.0.0.1.

Players register, create characters and play over HTTP and WebSocket as fast as the server
answers, with a per-player turn limit low enough that they run into it: zero 5xx, zero lost
turns, every 429 carries a ``Retry-After`` that works, and memory stays flat after warm-up.
Bounded: ``LOAD_SECONDS`` of play, at most ``MAX_TURNS`` turns per player.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from pathlib import Path

import httpx
from live import LiveServer, rss_kib
from swarm import Ledger, join, missing_turns, play_http, play_ws

LOAD_SECONDS = 125.0
WARM_UP_SECONDS = 35.0
HTTP_PLAYERS = 16
WS_PLAYERS = 6
MAX_TURNS = 1500
TURN_LIMIT = "40/minute"


async def _run(server: LiveServer, ledger: Ledger, rss: list[tuple[float, int]]) -> list[str]:
    limits = httpx.Limits(max_connections=HTTP_PLAYERS + 8)
    timeout = httpx.Timeout(60.0)
    async with httpx.AsyncClient(base_url=server.url, timeout=timeout, limits=limits) as client:
        players = await asyncio.gather(*(join(client) for _ in range(HTTP_PLAYERS + WS_PLAYERS)))
        http_players, ws_players = players[:HTTP_PLAYERS], players[HTTP_PLAYERS:]
        start = time.monotonic()
        until = start + LOAD_SECONDS

        async def sample_memory() -> None:
            while time.monotonic() < until:
                rss.append((time.monotonic() - start, rss_kib(server.pid)))
                await asyncio.sleep(2.5)

        await asyncio.gather(
            sample_memory(),
            *(play_http(client, p, ledger, until=until, max_turns=MAX_TURNS) for p in http_players),
            *(
                play_ws(server.ws_url, p, ledger, until=until, max_turns=MAX_TURNS)
                for p in ws_players
            ),
        )
        return await missing_turns(client, list(players), ledger)


def test_two_minutes_near_saturation(tmp_path: Path) -> None:
    server = LiveServer(
        tmp_path / "data",
        TTA_RATE_LIMITS_ENABLED="true",
        TTA_REGISTER_RATE_LIMIT="1000/minute",
        TTA_LOGIN_RATE_LIMIT="1000/minute",
        TTA_LOGIN_USERNAME_RATE_LIMIT="1000/hour",
        TTA_TURN_RATE_LIMIT=TURN_LIMIT,
        # Each session keeps its last N events for resume; a small N fills during warm-up,
        # so growth after it would be a leak, not a buffer filling up as designed.
        TTA_REALTIME_REPLAY_BUFFER_SIZE="100",
    ).start()
    ledger = Ledger()
    rss: list[tuple[float, int]] = []
    try:
        missing = asyncio.run(_run(server, ledger, rss))
        assert server.alive(), server.log_tail()
        tracebacks = server.tracebacks()
    finally:
        server.stop()

    assert ledger.server_errors == [], ledger.server_errors[:3]
    assert not any(status >= 500 for status in ledger.statuses), ledger.statuses
    assert missing == [], f"{len(missing)} acknowledged turns lost"
    assert ledger.turns > HTTP_PLAYERS * 40, f"only {ledger.turns} turns were played"
    assert ledger.limited > 0, "the turn limit was never reached over HTTP"
    assert ledger.limited_ws > 0, "the turn limit was never reached over the WebSocket"
    assert ledger.bad_429s == [], ledger.bad_429s[:3]
    assert ledger.limited_again <= max(3, ledger.limited // 20), (
        f"{ledger.limited_again} of {ledger.limited} retries after Retry-After were refused again"
    )
    assert tracebacks == [], tracebacks[:2]
    warm = [kib for at, kib in rss if WARM_UP_SECONDS - 10 <= at <= WARM_UP_SECONDS]
    last = [kib for at, kib in rss if at >= LOAD_SECONDS - 15]
    assert warm
    assert last
    baseline, final = statistics.median(warm), statistics.median(last)
    assert final <= baseline * 1.10, f"RSS grew from {baseline} KiB to {final} KiB: {rss}"
    print(
        f"load: {ledger.turns} turns, statuses {dict(ledger.statuses)}, 429s {ledger.limited}, "
        f"refused over WS {ledger.limited_ws}, "
        f"p50 {statistics.median(ledger.latencies) * 1000:.0f} ms, RSS {baseline}->{final} KiB"
    )
