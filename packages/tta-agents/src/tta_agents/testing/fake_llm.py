"""A local OpenAI-compatible ``/v1/chat/completions`` server on 127.0.0.1, port 0.

Each request takes the next ``Reply`` from the script (the last one repeats): it can stream
or not, stall before answering, fail with a status, or send garbage.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from dataclasses import dataclass
from typing import Literal

__all__ = ["FakeChatServer", "Reply"]


@dataclass(frozen=True)
class Reply:
    text: str = "You breathe in the cool air. The garden waits, patient and kind."
    status: int = 200
    delay: float = 0.0
    garbage: Literal["", "body", "chunk", "shape"] = ""
    token_delay: float = 0.0


class FakeChatServer:
    def __init__(self, *script: Reply) -> None:
        self.script = list(script) or [Reply()]
        self.requests: list[dict] = []
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("start the server first (async with FakeChatServer() as server)")
        host, port = self._server.sockets[0].getsockname()[:2]
        return f"http://{host}:{port}/v1"

    async def __aenter__(self) -> FakeChatServer:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._server is None:
            return
        self._server.close()
        for writer in list(self._writers):
            writer.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self._server.wait_closed(), 2)

    def _next(self) -> Reply:
        index = min(len(self.requests) - 1, len(self.script) - 1)
        return self.script[index]

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.decode("latin-1").split("\r\n"):
                name, _, value = line.partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            body = json.loads(await reader.readexactly(length)) if length else {}
            self.requests.append(body)
            await self._answer(self._next(), bool(body.get("stream")), writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            self._writers.discard(writer)
            writer.close()

    async def _answer(self, reply: Reply, stream: bool, writer: asyncio.StreamWriter) -> None:
        if reply.delay:
            await asyncio.sleep(reply.delay)
        if reply.status != 200:
            payload = b'{"error": {"message": "fake failure"}}'
            writer.write(_head(reply.status, "application/json", len(payload)) + payload)
            await writer.drain()
            return
        if reply.garbage == "body":
            payload = b"<html>definitely not json"
            writer.write(_head(200, "application/json", len(payload)) + payload)
            await writer.drain()
            return
        if not stream:
            if reply.garbage == "shape":
                data = {"choices": []}
            else:
                data = {"choices": [{"message": {"role": "assistant", "content": reply.text}}]}
            payload = json.dumps(data).encode()
            writer.write(_head(200, "application/json", len(payload)) + payload)
            await writer.drain()
            return
        writer.write(_head(200, "text/event-stream", None))
        for word in reply.text.split(" "):
            chunk = {"choices": [{"delta": {"content": word + " "}}]}
            writer.write(f"data: {json.dumps(chunk)}\n\n".encode())
            await writer.drain()
            if reply.token_delay:
                await asyncio.sleep(reply.token_delay)
        if reply.garbage == "chunk":
            writer.write(b"data: {not json\n\n")
        writer.write(b"data: [DONE]\n\n")
        await writer.drain()


def _head(status: int, content_type: str, length: int | None) -> bytes:
    lines = [f"HTTP/1.1 {status} X", f"Content-Type: {content_type}", "Connection: close"]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()
