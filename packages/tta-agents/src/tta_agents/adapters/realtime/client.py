"""A Python client of the real-time protocol (websockets): used by tests, benchmarks, ``tta play``.

It authenticates, sends input, yields typed events, and when the connection drops for any
reason other than a refusal, or the server stays silent for two heartbeat intervals, it
reconnects with backoff and resumes every session it follows from the last ``event_id`` it
saw, so the caller sees each event once, in order.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Literal

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from tta_agents.realtime.errors import ClientClosedError
from tta_agents.realtime.protocol import (
    ReloadEvent,
    ServerEvent,
    SubscribedEvent,
    WelcomeEvent,
    parse_server_event,
)
from tta_agents.realtime.transport import CloseCode

__all__ = ["RealtimeClient", "TokenSource"]

TokenSource = str | Callable[[], Awaitable[str]]
"""A token, or an async callable returning a fresh one (called on every reconnect)."""

_FATAL_CODES = {int(CloseCode.POLICY_VIOLATION), int(CloseCode.MESSAGE_TOO_BIG)}


class RealtimeClient:
    """``async with RealtimeClient(url, token) as client:`` then ``send_input`` and ``events()``."""

    def __init__(
        self,
        url: str,
        token: TokenSource,
        *,
        auth: Literal["header", "query", "message"] = "header",
        max_retries: int = 8,
        backoff: float = 0.2,
        max_backoff: float = 5.0,
        open_timeout: float = 10.0,
    ) -> None:
        self.url = url
        self._token = token
        self._auth = auth
        self._max_retries = max_retries
        self._backoff = backoff
        self._max_backoff = max_backoff
        self._open_timeout = open_timeout
        self.last_event_ids: dict[str, int] = {}
        self.reconnects = 0
        self.welcome: WelcomeEvent | None = None
        self._sessions: set[str] = set()
        self._events: asyncio.Queue[ServerEvent | ClientClosedError] = asyncio.Queue()
        self._ws: ClientConnection | None = None
        self._connected = asyncio.Event()
        self._ready: asyncio.Future[None] | None = None
        self._runner: asyncio.Task[None] | None = None
        self._closing = False

    async def __aenter__(self) -> RealtimeClient:
        await self.connect()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def connect(self) -> None:
        """Connect and authenticate; raises ``ClientClosedError`` if the server refuses."""
        self._ready = asyncio.get_running_loop().create_future()
        self._runner = asyncio.create_task(self._run())
        await self._ready

    async def aclose(self) -> None:
        self._closing = True
        if self._ws is not None:
            await self._ws.close()
        if self._runner is not None:
            self._runner.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._runner

    # sending ---------------------------------------------------------------------------

    async def send_input(self, session_id: str, text: str) -> None:
        self._sessions.add(session_id)
        await self.send({"type": "input", "session_id": session_id, "text": text})

    async def subscribe(self, session_id: str) -> None:
        self._sessions.add(session_id)
        last = self.last_event_ids.get(session_id)
        if last is None:
            await self.send({"type": "subscribe", "session_id": session_id})
        else:
            await self.send({"type": "resume", "session_id": session_id, "last_event_id": last})

    async def unsubscribe(self, session_id: str) -> None:
        self._sessions.discard(session_id)
        await self.send({"type": "unsubscribe", "session_id": session_id})

    async def send(self, message: dict[str, object]) -> None:
        """Send one message, waiting for the connection to be (re)established first."""
        text = json.dumps(message)
        for _ in range(self._max_retries + 1):
            await self._wait_connected()
            ws = self._ws
            try:
                if ws is not None:
                    await ws.send(text)
                    return
            except ConnectionClosed:
                await asyncio.sleep(0)
        raise ClientClosedError("could not send: the connection keeps failing")

    async def _wait_connected(self) -> None:
        while not self._connected.is_set():
            if self._runner is None or self._runner.done():
                raise ClientClosedError("the client is closed")
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(0.5):
                    await self._connected.wait()

    # receiving -------------------------------------------------------------------------

    async def next_event(self, within: float | None = None) -> ServerEvent:
        """The next new event (waiting at most ``within`` seconds, else ``TimeoutError``).

        Raises ``ClientClosedError`` once the client has given up.
        """
        async with asyncio.timeout(within):
            item = await self._events.get()
        if isinstance(item, ClientClosedError):
            self._events.put_nowait(item)
            raise item
        return item

    async def events(self) -> AsyncIterator[ServerEvent]:
        while True:
            try:
                yield await self.next_event()
            except ClientClosedError:
                return

    def _accept(self, event: ServerEvent) -> bool:
        """Track per-session ids; False for an event already seen."""
        session_id = event.session_id
        if isinstance(event, ReloadEvent) and session_id is not None:
            self.last_event_ids[session_id] = event.latest_event_id
            return True
        if isinstance(event, SubscribedEvent) and event.subscribed and session_id is not None:
            self.last_event_ids.setdefault(session_id, event.latest_event_id)
            return True
        if event.event_id is None or session_id is None:
            return True
        if event.event_id <= self.last_event_ids.get(session_id, 0):
            return False
        self.last_event_ids[session_id] = event.event_id
        return True

    # the connection loop ---------------------------------------------------------------

    async def _token_value(self) -> str:
        return self._token if isinstance(self._token, str) else await self._token()

    async def _open(self) -> ClientConnection:
        token = await self._token_value()
        url, headers = self.url, {}
        if self._auth == "header":
            headers["Authorization"] = f"Bearer {token}"
        elif self._auth == "query":
            url += ("&" if "?" in url else "?") + f"token={token}"
        ws = await connect(
            url, additional_headers=headers, open_timeout=self._open_timeout, proxy=None
        )
        if self._auth == "message":
            await ws.send(json.dumps({"type": "auth", "token": token}))
        return ws

    async def _run(self) -> None:
        failures = 0
        while not self._closing:
            try:
                ws = await self._open()
            except (OSError, InvalidHandshake, InvalidURI, TimeoutError) as exc:
                failures += 1
                if failures > self._max_retries or not self._ready_done():
                    self._give_up(ClientClosedError(f"cannot connect to {self.url}: {exc}"))
                    return
                await self._sleep_backoff(failures)
                continue
            self._ws = ws
            with contextlib.suppress(ConnectionClosed):
                if await self._serve(ws):
                    failures = 0
            self._connected.clear()
            code, reason = ws.close_code, ws.close_reason or ""
            if self._closing:
                return
            if code in _FATAL_CODES or not self._ready_done():
                self._give_up(ClientClosedError(f"server closed ({code}): {reason}", code, reason))
                return
            failures += 1
            if failures > self._max_retries:
                self._give_up(ClientClosedError("reconnects exhausted", code, reason))
                return
            self.reconnects += 1
            await self._sleep_backoff(failures)

    def _ready_done(self) -> bool:
        return self._ready is not None and self._ready.done()

    async def _sleep_backoff(self, failures: int) -> None:
        delay = min(self._max_backoff, self._backoff * 2 ** (failures - 1))
        await asyncio.sleep(delay * (0.5 + random.random() / 2))  # noqa: S311 - jitter only

    def _give_up(self, error: ClientClosedError) -> None:
        self._connected.clear()
        if self._ready is not None and not self._ready.done():
            self._ready.set_exception(error)
        else:
            self._events.put_nowait(error)

    async def _serve(self, ws: ClientConnection) -> bool:
        """Follow one connection until it closes; False if it never welcomed us."""
        welcome = parse_server_event(await ws.recv())
        if not isinstance(welcome, WelcomeEvent):
            await ws.close(int(CloseCode.POLICY_VIOLATION), "expected a welcome event")
            return False
        self.welcome = welcome
        for session_id in sorted(self._sessions):
            last = self.last_event_ids.get(session_id, 0)
            await ws.send(
                json.dumps({"type": "resume", "session_id": session_id, "last_event_id": last})
            )
        self._connected.set()
        if self._ready is not None and not self._ready.done():
            self._ready.set_result(None)
        pinger = asyncio.create_task(self._ping(ws, welcome.heartbeat_interval))
        # The server sends at least a heartbeat every interval: two intervals of silence
        # mean it (or the path to it) is gone, though TCP may not say so for minutes.
        silence = 2 * welcome.heartbeat_interval
        try:
            while True:
                try:
                    async with asyncio.timeout(silence):
                        frame = await ws.recv()
                except TimeoutError:
                    ws.transport.abort()  # no closing handshake with a peer that is not there
                    return True
                event = parse_server_event(frame)
                if self._accept(event):
                    self._events.put_nowait(event)
        finally:
            pinger.cancel()

    async def _ping(self, ws: ClientConnection, interval: float) -> None:
        with contextlib.suppress(ConnectionClosed):
            while True:
                await asyncio.sleep(interval / 2)
                await ws.send('{"type": "ping"}')
