"""Real-time layer: idle connections held by one server, and broadcast latency to subscribers.

Each server runs in its own process on 127.0.0.1 (``python -m bench.bench_realtime serve``)
so its RSS and CPU are its own; the baseline is a bare ``websockets`` server doing the same
job (the same heartbeats and pongs; the same broadcast frames) measured in the same run.
The clients run in this process: ``websockets`` clients for the idle connections, and for the
broadcast minimal subscribers (``bench.ws_subscriber``) that stamp each frame on arrival and
decode it after the run, so the latency is the server's, not the measuring client's.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from bench.report import Figure
from bench.ws_subscriber import Subscriber, open_subscriber

IDLE_CONNECTIONS = int(os.environ.get("TTA_BENCH_RT_IDLE", "5000"))
SUBSCRIBERS = int(os.environ.get("TTA_BENCH_RT_SUBSCRIBERS", "1000"))
HEARTBEAT = 10.0
IDLE_WINDOW = 2 * HEARTBEAT
PACED_EVENTS, PACED_GAP = 20, 0.2  # latency: a turn streaming at 5 events/s
FLOOD_EVENTS = 60  # throughput: back to back
RUNS = 3
ROOT = Path(__file__).resolve().parent.parent


def raise_fd_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(hard, max(soft, 4 * IDLE_CONNECTIONS + 1024))
    if wanted > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


# servers -----------------------------------------------------------------------------


def _event(tag: str, index: int) -> str:
    return json.dumps(
        {
            "event_id": index + 1,
            "session_id": "bench-1",
            "timestamp": datetime.now(UTC).isoformat(),
            "type": "narrative_chunk",
            "text": f"{tag} {index}",
        }
    )


async def _burst_tta(bus: object, tag: str, count: int, gap: float) -> None:
    from tta_agents.realtime import EventBus, NarrativeChunkEvent

    assert isinstance(bus, EventBus)
    for index in range(count):
        await bus.publish("bench-1", NarrativeChunkEvent(text=f"{tag} {index}"))
        await asyncio.sleep(gap)


async def serve_tta(heartbeat: float) -> None:
    import uvicorn
    from starlette.applications import Starlette
    from starlette.routing import WebSocketRoute

    from tta_agents.adapters.realtime import RealtimeEndpoint
    from tta_agents.realtime import InProcessEventBus, RealtimeSettings

    bus = InProcessEventBus()

    async def on_input(principal: object, session_id: str, text: str) -> None:
        tag, count, gap = text.split(":")
        await _burst_tta(bus, tag, int(count), float(gap))

    endpoint = RealtimeEndpoint(
        bus=bus,
        authenticate=lambda token: token,
        authorize=lambda principal, session_id: True,
        on_input=on_input,
        settings=RealtimeSettings(heartbeat_interval=heartbeat, send_queue_size=512),
    )
    app = Starlette(routes=[WebSocketRoute("/ws/play", endpoint)])
    config = uvicorn.Config(
        app, host="127.0.0.1", port=0, log_level="error", lifespan="off",
        ws_ping_interval=None, backlog=4096,
    )  # fmt: skip
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    print(f"PORT {server.servers[0].sockets[0].getsockname()[1]}", flush=True)
    await task


async def serve_bare(heartbeat: float) -> None:
    """The same job with nothing but ``websockets``: heartbeats, pongs and a broadcast."""
    from websockets.asyncio.server import ServerConnection, broadcast, serve

    subscribers: set[ServerConnection] = set()

    async def beat(ws: ServerConnection) -> None:
        while True:
            await asyncio.sleep(heartbeat)
            await ws.send('{"type": "heartbeat"}')

    async def handler(ws: ServerConnection) -> None:
        await ws.send('{"type": "welcome"}')
        beating = asyncio.create_task(beat(ws))
        try:
            async for message in ws:
                data = json.loads(message)
                if data["type"] == "ping":
                    await ws.send('{"type": "pong"}')
                elif data["type"] == "subscribe":
                    subscribers.add(ws)
                    await ws.send('{"type": "subscribed"}')
                elif data["type"] == "input":
                    tag, count, gap = data["text"].split(":")
                    for index in range(int(count)):
                        broadcast(subscribers, _event(tag, index))
                        await asyncio.sleep(float(gap))
        finally:
            beating.cancel()
            subscribers.discard(ws)

    async with serve(handler, "127.0.0.1", 0, ping_interval=None, backlog=4096) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        print(f"PORT {port}", flush=True)
        await asyncio.Event().wait()


@contextlib.contextmanager
def server_process(kind: str, heartbeat: float) -> Iterator[tuple[int, str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.bench_realtime", "serve", kind, str(heartbeat)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line.startswith("PORT "):
            raise RuntimeError(f"{kind} server did not start: {line!r}")
        path = "/ws/play?token=bench" if kind == "tta" else "/"
        yield process.pid, f"ws://127.0.0.1:{int(line.split()[1])}{path}"
    finally:
        process.terminate()
        process.wait(15)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# clients -----------------------------------------------------------------------------


async def _open(url: str, gate: asyncio.Semaphore):
    from websockets.asyncio.client import connect

    async with gate:
        for attempt in range(5):
            try:
                ws = await connect(url, proxy=None, ping_interval=None, compression=None,
                                   open_timeout=60, max_queue=None)  # fmt: skip
                await ws.recv()  # welcome
                return ws
            except OSError:
                await asyncio.sleep(0.2 * (attempt + 1))
        raise RuntimeError("could not connect")


async def _idle_client(
    url: str, gate: asyncio.Semaphore, opened: list[object], stop: asyncio.Event
) -> None:
    ws = await _open(url, gate)
    opened.append(ws)

    async def drain() -> None:
        async for _ in ws:
            pass

    reader = asyncio.create_task(drain())
    with contextlib.suppress(Exception):
        while not stop.is_set():
            await ws.send('{"type": "pong"}')  # a sign of life that needs no reply
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), HEARTBEAT / 2)
    reader.cancel()
    await ws.close()


async def measure_idle(kind: str) -> tuple[float, float, int]:
    """(server RSS MiB, server CPU % of a core while idle, connections held)."""
    with server_process(kind, HEARTBEAT) as (pid, url):
        gate, stop, sockets = asyncio.Semaphore(100), asyncio.Event(), []
        clients = [
            asyncio.create_task(_idle_client(url, gate, sockets, stop))
            for _ in range(IDLE_CONNECTIONS)
        ]
        while len(sockets) < IDLE_CONNECTIONS:  # each pings as soon as it is open
            if any(task.done() and task.exception() for task in clients):
                raise RuntimeError("an idle client failed to connect")
            await asyncio.sleep(0.2)
        await asyncio.sleep(HEARTBEAT)  # settle into the steady state
        cpu_before, started = cpu_seconds(pid), time.perf_counter()
        await asyncio.sleep(IDLE_WINDOW)
        cpu = (cpu_seconds(pid) - cpu_before) / (time.perf_counter() - started) * 100
        rss = rss_mib(pid)
        closed = [ws for ws in sockets if ws.close_code is not None]  # type: ignore[attr-defined]
        held = len(sockets) - len(closed)
        reasons = {(ws.close_code, ws.close_reason) for ws in closed}  # type: ignore[attr-defined]
        if closed:
            print(f"   {kind}: {len(closed)} connections closed early: {sorted(reasons)}")
        stop.set()
        await asyncio.gather(*clients, return_exceptions=True)
    return rss, cpu, held


async def _open_subscriber(url: str, gate: asyncio.Semaphore) -> Subscriber:
    async with gate:
        for attempt in range(5):
            try:
                return await open_subscriber(url, b"narrative_chunk", PACED_EVENTS + FLOOD_EVENTS)
            except OSError:
                await asyncio.sleep(0.2 * (attempt + 1))
        raise RuntimeError("could not connect")


def _latencies(subscribers: list[Subscriber]) -> list[float]:
    """Arrival time minus the event's own timestamp (set when it was published), in seconds."""
    latencies = []
    for subscriber in subscribers:
        for arrived, payload in subscriber.frames:
            data = json.loads(payload)
            if data["type"] == "narrative_chunk" and data["text"].startswith("paced"):
                latencies.append(arrived - datetime.fromisoformat(data["timestamp"]).timestamp())
    return latencies


async def measure_broadcast(kind: str) -> tuple[float, float, float]:
    """(p50 ms, p99 ms) of a paced stream and deliveries/s of a flood, to every subscriber.

    The subscribers (``bench.ws_subscriber``) run in this process, the server in its own;
    they only stamp and keep each frame, so one subscriber's work never delays another's.
    """
    with server_process(kind, 60.0) as (_pid, url):  # no heartbeats needed here
        gate = asyncio.Semaphore(100)
        subscribers = list(
            await asyncio.gather(*(_open_subscriber(url, gate) for _ in range(SUBSCRIBERS)))
        )
        for subscriber in subscribers:
            subscriber.send(json.dumps({"type": "subscribe", "session_id": "bench-1"}))
        await asyncio.sleep(1.0)  # every subscription registered
        if any(subscriber.done.done() for subscriber in subscribers):
            raise RuntimeError("a subscriber lost its connection before the broadcast")
        subscribers[0].send(_input(f"paced:{PACED_EVENTS}:{PACED_GAP}"))
        for _ in range(2400):  # at most 2 minutes
            if sum(subscriber.seen for subscriber in subscribers) >= PACED_EVENTS * SUBSCRIBERS:
                break
            await asyncio.sleep(0.05)
        started = time.perf_counter()
        subscribers[0].send(_input(f"flood:{FLOOD_EVENTS}:0"))
        await asyncio.wait_for(asyncio.gather(*(s.done for s in subscribers)), 120)
        rate = FLOOD_EVENTS * SUBSCRIBERS / (time.perf_counter() - started)
        for subscriber in subscribers:
            subscriber.close()
    ordered = sorted(_latencies(subscribers))
    if len(ordered) != PACED_EVENTS * SUBSCRIBERS:
        raise RuntimeError(f"{len(ordered)} paced deliveries, not {PACED_EVENTS * SUBSCRIBERS}")
    p50 = ordered[len(ordered) // 2] * 1000
    p99 = ordered[int(len(ordered) * 0.99)] * 1000
    return p50, p99, rate


def _input(text: str) -> str:
    return json.dumps({"type": "input", "session_id": "bench-1", "text": text})


def run() -> list[Figure]:
    raise_fd_limit()
    name = "realtime"
    idle = {kind: asyncio.run(measure_idle(kind)) for kind in ("tta", "bare")}
    (rss, cpu, held), (bare_rss, bare_cpu, _) = idle["tta"], idle["bare"]
    runs: dict[str, list[tuple[float, float, float]]] = {"tta": [], "bare": []}
    for _ in range(RUNS):
        for kind in ("tta", "bare"):
            runs[kind].append(asyncio.run(measure_broadcast(kind)))

    def median(kind: str, index: int) -> float:
        return statistics.median(sample[index] for sample in runs[kind])

    bare = "bare websockets server"
    conns = f"{IDLE_CONNECTIONS} idle authenticated connections"
    return [
        Figure(name, f"connections held ({conns})", held, "connections",
               IDLE_CONNECTIONS, "opened", f"value == {IDLE_CONNECTIONS}",
               held == IDLE_CONNECTIONS),
        Figure(name, f"server RSS with {conns}", rss, "MiB", bare_rss, bare,
               "value < 1024 MiB", rss < 1024),
        Figure(name, f"heartbeat CPU with {conns} (beat {HEARTBEAT:g} s)", cpu,
               "% of a core", bare_cpu, bare),
        Figure(name, f"broadcast p50 latency to {SUBSCRIBERS} subscribers", median("tta", 0),
               "ms", median("bare", 0), bare),
        Figure(name, f"broadcast p99 latency to {SUBSCRIBERS} subscribers", median("tta", 1),
               "ms", median("bare", 1), bare, "value < 100 ms", median("tta", 1) < 100),
        Figure(name, f"broadcast deliveries to {SUBSCRIBERS} subscribers", median("tta", 2),
               "events/s", median("bare", 2), bare),
    ]  # fmt: skip


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["serve"])
    parser.add_argument("kind", choices=["tta", "bare"])
    parser.add_argument("heartbeat", type=float)
    options = parser.parse_args(argv)
    raise_fd_limit()
    serve = serve_tta if options.kind == "tta" else serve_bare
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(options.heartbeat))


if __name__ == "__main__":
    main(sys.argv[1:])
