"""tta_player.web: a cold load of the web client (the page and every asset it names) from
``mount_web``'s in-memory, content-versioned routes, against Starlette's ``StaticFiles``
serving the same folder from disk, in the same run.

Each server is one uvicorn subprocess on 127.0.0.1; the client is one keep-alive httpx
client fetching the files one after another, as a browser's first visit would (minus
parallelism, which would only add noise on a shared 2-core machine). Medians of repeats.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from bench.report import Figure, median_of, timed

BENCH = "web"
LOADS = 30
RUNS = 5

OURS = """
import sys, uvicorn
from fastapi import FastAPI
from tta_player.web import mount_web
app = FastAPI()
mount_web(app)
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False)
"""

BASELINE = """
import sys, uvicorn
from fastapi import FastAPI
from starlette.staticfiles import StaticFiles
from tta_player.web import STATIC_DIR
app = FastAPI()
app.mount("/", StaticFiles(directory=STATIC_DIR, html=True))
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False)
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def _server(source: str) -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-c", source, str(port)])
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"server on {url} did not start")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _page_assets(client: httpx.Client) -> list[str]:
    return re.findall(r'(?:src|href)="(/assets/[^"]+)"', client.get("/").text)


def _cold_load_seconds(url: str, assets: list[str]) -> float:
    with httpx.Client(base_url=url) as client:

        def load() -> None:
            client.get("/").raise_for_status()
            for asset in assets:
                client.get(asset).raise_for_status()

        for _ in range(3):
            load()
        return median_of(RUNS, lambda: sum(timed(load) for _ in range(LOADS)) / LOADS)


def run() -> list[Figure]:
    with _server(OURS) as url:
        with httpx.Client(base_url=url) as client:
            assets = _page_assets(client)
        ours = _cold_load_seconds(url, assets)
    # The same files by their plain paths: /assets/<version>/js/main.js -> /js/main.js
    plain = [re.sub(r"^/assets/[0-9a-f]+/", "/", asset) for asset in assets]
    with _server(BASELINE) as url:
        baseline = _cold_load_seconds(url, plain)
    files = len(assets)
    return [
        Figure(
            benchmark=BENCH,
            name=f"cold load of the client (page + {files} assets), mount_web",
            value=ours * 1000,
            unit="ms",
            baseline=baseline * 1000,
            baseline_name="Starlette StaticFiles, same files",
            target="ratio <= 1.0",
            met=ours <= baseline,
        )
    ]
