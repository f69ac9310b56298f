"""The web client as a browser meets it: the page, its assets, their headers and the CSP."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tta_player.web import STATIC_DIR, asset_version, mount_web

LONG_CACHE = "public, max-age=31536000, immutable"


class _PageScan(HTMLParser):
    """Collects what a strict CSP cares about in a page: scripts, styles, inline handlers."""

    def __init__(self) -> None:
        super().__init__()
        self.script_srcs: list[str] = []
        self.inline_scripts = 0
        self.style_blocks = 0
        self.inline_attrs: list[str] = []
        self.stylesheets: list[str] = []
        self.links: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, _ in attrs:
            if name == "style" or name.startswith("on"):
                self.inline_attrs.append(f"{tag}[{name}]")
        if tag == "script":
            self._in_script = True
            if values.get("src"):
                self.script_srcs.append(str(values["src"]))
        if tag == "style":
            self.style_blocks += 1
        if tag == "link" and values.get("href"):
            self.links.append(str(values["href"]))
            if values.get("rel") == "stylesheet":
                self.stylesheets.append(str(values["href"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_scripts += 1


def _app(static_dir: Path = STATIC_DIR) -> TestClient:
    app = FastAPI()
    mount_web(app, static_dir=static_dir)
    return TestClient(app)


def _scan(html: str) -> _PageScan:
    scan = _PageScan()
    scan.feed(html)
    return scan


@pytest.fixture
def client() -> TestClient:
    return _app()


def _csp(client: TestClient) -> dict[str, str]:
    header = client.get("/").headers["content-security-policy"]
    directives = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {d[0]: (d[1] if len(d) > 1 else "") for d in directives}


def test_the_page_is_html_that_is_always_revalidated(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-cache"
    assert "<title>" in response.text


def test_the_page_carries_browser_hardening_headers(client: TestClient) -> None:
    headers = client.get("/").headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"
    assert "camera=()" in headers["permissions-policy"]


def test_the_csp_allows_only_same_origin_scripts_and_styles(client: TestClient) -> None:
    csp = _csp(client)
    assert csp["default-src"] == "'none'"
    assert csp["script-src"] == "'self'"
    assert csp["style-src"] == "'self'"
    assert csp["connect-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["base-uri"] == "'none'"
    assert csp["object-src"] == "'none'"
    assert "require-trusted-types-for" in csp
    every_source = " ".join(csp.values())
    assert "unsafe-inline" not in every_source
    assert "unsafe-eval" not in every_source


def test_the_page_has_no_inline_script_style_or_handler(client: TestClient) -> None:
    scan = _scan(client.get("/").text)
    assert scan.inline_scripts == 0
    assert scan.style_blocks == 0
    assert scan.inline_attrs == []
    assert scan.script_srcs, "the page loads its code from files"


def test_every_asset_the_page_names_is_served_long_cached(client: TestClient) -> None:
    scan = _scan(client.get("/").text)
    version = asset_version(STATIC_DIR)
    for url in [*scan.script_srcs, *scan.links]:
        assert url.startswith(f"/assets/{version}/"), url
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["cache-control"] == LONG_CACHE
        assert response.headers["x-content-type-options"] == "nosniff"


def test_scripts_and_styles_have_their_proper_types(client: TestClient) -> None:
    version = asset_version(STATIC_DIR)
    js = client.get(f"/assets/{version}/js/main.js")
    css = client.get(f"/assets/{version}/css/app.css")
    assert js.headers["content-type"] == "text/javascript; charset=utf-8"
    assert css.headers["content-type"] == "text/css; charset=utf-8"


def test_every_module_import_resolves_to_a_served_file(client: TestClient) -> None:
    version = asset_version(STATIC_DIR)
    importer = re.compile(r"""(?:import|export)\s[^;]*?from\s+["'](\.{1,2}/[^"']+)["']""")
    for module in sorted((STATIC_DIR / "js").rglob("*.js")):
        for target in importer.findall(module.read_text()):
            resolved = (module.parent / target).resolve().relative_to(STATIC_DIR.resolve())
            response = client.get(f"/assets/{version}/{resolved.as_posix()}")
            assert response.status_code == 200, f"{module.name} imports missing {target}"


def test_no_script_writes_html_from_strings() -> None:
    for module in (STATIC_DIR / "js").rglob("*.js"):
        source = module.read_text()
        assert "innerHTML" not in source, module.name
        assert "insertAdjacentHTML" not in source, module.name
        assert "localStorage" not in source, module.name


def test_every_module_is_preloaded_with_the_page(client: TestClient) -> None:
    scan = _scan(client.get("/").text)
    version = asset_version(STATIC_DIR)
    modules = {
        f"/assets/{version}/{p.relative_to(STATIC_DIR).as_posix()}"
        for p in STATIC_DIR.rglob("*.js")
    }
    assert modules <= set(scan.links)


def test_a_head_request_gets_headers_without_a_body(client: TestClient) -> None:
    response = client.head("/")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-cache"
    assert response.content == b""


def test_an_asset_of_another_version_is_not_found(client: TestClient) -> None:
    response = client.get("/assets/0000000000/js/main.js")
    assert response.status_code == 404
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize(
    "path", ["../web/__init__.py", "js/../../__init__.py", "missing.js", "js", ""]
)
def test_only_files_inside_the_static_folder_are_served(client: TestClient, path: str) -> None:
    version = asset_version(STATIC_DIR)
    assert client.get(f"/assets/{version}/{path}").status_code == 404


def test_the_page_answers_conditional_requests(client: TestClient) -> None:
    first = client.get("/")
    again = client.get("/", headers={"if-none-match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_the_asset_version_follows_the_content(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<!doctype html><title>t</title><script type="module" src="__ASSETS__/a.js"></script>'
    )
    (tmp_path / "a.js").write_text("export const a = 1;\n")
    before = asset_version(tmp_path)
    page = _app(tmp_path).get("/").text
    assert f"/assets/{before}/a.js" in page
    (tmp_path / "a.js").write_text("export const a = 2;\n")
    assert asset_version(tmp_path) != before


def test_a_folder_without_a_page_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        mount_web(FastAPI(), static_dir=tmp_path)
