"""A minimal WebSocket subscriber for the broadcast benchmark: it stamps frames as they arrive.

The subscribers all live in one client process, so whatever a subscriber does with a frame
delays the next subscriber's read: with the ``websockets`` client (frame parser, assembler,
a reader task and a consumer task, ``json.loads``) that was tens of microseconds a frame,
which at 1,000 subscribers added as much latency as the server under test. This one is an
``asyncio.Protocol``: the handshake and the client's frames are plain RFC 6455, every frame
received is kept as ``(arrival time, payload)`` without decoding, and the payloads are read
only after the run. It speaks to any server (tta and the bare baseline alike).
"""

from __future__ import annotations

import asyncio
import base64
import os
import struct
import time
from urllib.parse import urlsplit

__all__ = ["Subscriber", "open_subscriber"]

TEXT, CLOSE = 0x1, 0x8


def client_frame(text: str) -> bytes:
    """One masked text frame (clients must mask: RFC 6455 section 5.3)."""
    payload = text.encode()
    mask = os.urandom(4)
    masked = bytes(byte ^ mask[index % 4] for index, byte in enumerate(payload))
    size = len(payload)
    if size < 126:
        header = struct.pack("!BB", 0x80 | TEXT, 0x80 | size)
    elif size < 1 << 16:
        header = struct.pack("!BBH", 0x80 | TEXT, 0x80 | 126, size)
    else:
        header = struct.pack("!BBQ", 0x80 | TEXT, 0x80 | 127, size)
    return header + mask + masked


class Subscriber(asyncio.Protocol):
    """Counts the frames whose payload holds ``marker``; ``done`` resolves at ``expected``."""

    def __init__(self, marker: bytes, expected: int) -> None:
        self.frames: list[tuple[float, bytes]] = []
        self.marker, self.expected, self.seen = marker, expected, 0
        self.opened: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._transport: asyncio.Transport | None = None
        self._buffer = b""
        self._upgraded = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def connection_lost(self, exc: Exception | None) -> None:
        for future in (self.opened, self.done):
            if not future.done():
                future.set_exception(ConnectionError(f"connection lost: {exc}"))

    def send(self, text: str) -> None:
        assert self._transport is not None
        self._transport.write(client_frame(text))

    def data_received(self, data: bytes) -> None:
        now = time.time()  # first: the arrival time, before any work on the bytes
        buffer = self._buffer + data
        if not self._upgraded:
            head, found, buffer = buffer.partition(b"\r\n\r\n")
            if not found:
                self._buffer = head
                return
            if not head.startswith(b"HTTP/1.1 101"):
                self.opened.set_exception(ConnectionError(head.split(b"\r\n")[0].decode()))
                return
            self._upgraded = True
        start, end = 0, len(buffer)
        while end - start >= 2:
            opcode, size = buffer[start] & 0x0F, buffer[start + 1] & 0x7F
            offset = start + 2
            if size == 126:
                if end - offset < 2:
                    break
                (size,) = struct.unpack_from("!H", buffer, offset)
                offset += 2
            elif size == 127:
                if end - offset < 8:
                    break
                (size,) = struct.unpack_from("!Q", buffer, offset)
                offset += 8
            if end - offset < size:
                break
            payload = buffer[offset : offset + size]
            start = offset + size
            self._frame(now, opcode, payload)
        self._buffer = buffer[start:]

    def _frame(self, now: float, opcode: int, payload: bytes) -> None:
        if opcode == CLOSE:
            assert self._transport is not None
            self._transport.close()
            return
        if not self.opened.done():  # the server's first frame (its welcome)
            self.opened.set_result(None)
            return
        self.frames.append((now, payload))
        if self.marker in payload:
            self.seen += 1
            if self.seen == self.expected and not self.done.done():
                self.done.set_result(None)

    def close(self) -> None:
        if self._transport is not None:
            self._transport.close()


async def open_subscriber(url: str, marker: bytes, expected: int) -> Subscriber:
    """Connect, upgrade and wait for the server's first frame."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    loop = asyncio.get_running_loop()
    _, subscriber = await loop.create_connection(lambda: Subscriber(marker, expected), host, port)
    assert subscriber._transport is not None
    key = base64.b64encode(os.urandom(16)).decode()
    subscriber._transport.write(
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
        "Sec-WebSocket-Version: 13\r\n\r\n".encode()
    )
    await subscriber.opened
    return subscriber
