"""Serving the static client: the page, its content-versioned assets, and their headers."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

__all__ = ["CONTENT_SECURITY_POLICY", "STATIC_DIR", "asset_version", "mount_web"]

STATIC_DIR = Path(__file__).parent / "static"
ASSET_PLACEHOLDER = "__ASSETS__"
PRELOAD_PLACEHOLDER = "<!-- __MODULEPRELOAD__ -->"

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "require-trusted-types-for 'script'",
        "trusted-types 'none'",
    ]
)

_HARDENING = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
}
_PAGE_CACHE = "no-cache"
_ASSET_CACHE = "public, max-age=31536000, immutable"
_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".json": "application/json",
    ".png": "image/png",
    ".woff2": "font/woff2",
    ".txt": "text/plain; charset=utf-8",
}


def asset_version(static_dir: Path) -> str:
    """A short hash of every asset's path and bytes: it changes whenever any asset does."""
    digest = hashlib.sha256()
    for path in sorted(p for p in static_dir.rglob("*") if p.is_file()):
        digest.update(path.relative_to(static_dir).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@dataclass(frozen=True)
class _Asset:
    body: bytes
    media_type: str


class _Site:
    """The client loaded once into memory (a few dozen small files), ready to serve."""

    def __init__(self, static_dir: Path) -> None:
        page = static_dir / "index.html"
        if not page.is_file():
            raise FileNotFoundError(f"the web client has no index.html in {static_dir}")
        self.version = asset_version(static_dir)
        base = f"/assets/{self.version}"
        # Every module is announced up front so the browser fetches them all at once instead
        # of discovering the import graph one level per round trip.
        preload = "\n  ".join(
            f'<link rel="modulepreload" href="{base}/{path.relative_to(static_dir).as_posix()}">'
            for path in sorted(static_dir.rglob("*.js"))
        )
        html = page.read_text(encoding="utf-8").replace(PRELOAD_PLACEHOLDER, preload)
        self.page = html.replace(ASSET_PLACEHOLDER, base).encode()
        self.etag = f'"{hashlib.sha256(self.page).hexdigest()[:16]}"'
        self.assets = {
            path.relative_to(static_dir).as_posix(): _Asset(
                path.read_bytes(), _TYPES.get(path.suffix, "application/octet-stream")
            )
            for path in static_dir.rglob("*")
            if path.is_file() and path.name != "index.html"
        }

    async def index(self, request: Request) -> Response:
        headers = {**_HARDENING, "cache-control": _PAGE_CACHE, "etag": self.etag}
        if request.headers.get("if-none-match") == self.etag:
            return Response(status_code=304, headers=headers)
        body = b"" if request.method == "HEAD" else self.page
        response = Response(body, media_type="text/html; charset=utf-8", headers=headers)
        response.headers["content-length"] = str(len(self.page))
        return response

    async def asset(self, request: Request) -> Response:
        version = request.path_params["version"]
        path = PurePosixPath(request.path_params["path"]).as_posix()
        asset = self.assets.get(path) if version == self.version else None
        if asset is None:
            return Response(
                "Not found", status_code=404, headers={**_HARDENING, "cache-control": "no-store"}
            )
        headers = {**_HARDENING, "cache-control": _ASSET_CACHE}
        body = b"" if request.method == "HEAD" else asset.body
        response = Response(body, media_type=asset.media_type, headers=headers)
        response.headers["content-length"] = str(len(asset.body))
        return response


def mount_web(app: Starlette, *, static_dir: Path = STATIC_DIR) -> None:
    """Serve the browser client at ``/`` and its assets at ``/assets/<version>/...``."""
    site = _Site(static_dir)
    app.router.routes.extend(
        [
            Route("/", site.index, methods=["GET", "HEAD"], include_in_schema=False),
            Route(
                "/assets/{version}/{path:path}",
                site.asset,
                methods=["GET", "HEAD"],
                include_in_schema=False,
            ),
        ]
    )
