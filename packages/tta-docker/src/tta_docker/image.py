"""Images: exists, get, build (with progress), pull (with progress), tag, remove, prune."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from docker.errors import APIError
from docker.utils import parse_repository_tag

from tta_docker.engine import Engine
from tta_docker.errors import ImageBuildError, ImageNotFoundError, translate
from tta_docker.models import Image, ProgressEvent

__all__ = ["Images", "ProgressCallback"]

ProgressCallback = Callable[[ProgressEvent], None]


def _image_from_attrs(attrs: Mapping[str, Any]) -> Image:
    config = attrs.get("Config") or {}
    return Image(
        id=attrs["Id"],
        tags=tuple(attrs.get("RepoTags") or ()),
        labels=dict(config.get("Labels") or {}),
        size=int(attrs.get("Size") or 0),
    )


class Images:
    """The image collection of one engine."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._api = engine.client.api

    def get(self, ref: str) -> Image:
        """The local image ``ref``; ImageNotFoundError when absent (never pulls)."""
        attrs = self._engine.call(self._api.inspect_image, ref, subject=ref, image=ref)
        return _image_from_attrs(attrs)

    def exists(self, ref: str) -> bool:
        try:
            self.get(ref)
        except ImageNotFoundError:
            return False
        return True

    def build(
        self,
        context: str | Path,
        tag: str,
        *,
        dockerfile: str | None = None,
        build_args: Mapping[str, str] | None = None,
        labels: Mapping[str, str] | None = None,
        target: str | None = None,
        extra_tags: tuple[str, ...] = (),
        on_progress: ProgressCallback | None = None,
    ) -> Image:
        """Build ``context`` into ``tag``; ImageBuildError (with the log) when a step fails."""
        path = Path(context)
        if not path.is_dir():
            raise ImageBuildError(f"build context {str(path)!r} is not a directory")
        log: list[str] = []

        def run() -> None:
            stream = self._api.build(
                path=str(path),
                tag=tag,
                dockerfile=dockerfile,
                buildargs=dict(build_args or {}),
                labels=dict(labels or {}),
                target=target,
                rm=True,
                forcerm=True,
                decode=True,
            )
            for chunk in stream:
                if "error" in chunk:
                    raise ImageBuildError(
                        f"build of {tag!r} failed: {str(chunk['error']).strip()}",
                        log="".join(log),
                    )
                text = str(chunk.get("stream") or chunk.get("status") or "")
                if text:
                    log.append(text)
                    if on_progress and text.strip():
                        on_progress(ProgressEvent(message=text.strip(), id=tag))

        self._engine.call(run, subject=tag)
        for extra in extra_tags:
            self.tag(tag, extra)
        return self.get(tag)

    def pull(self, ref: str, *, on_progress: ProgressCallback | None = None) -> Image:
        """Pull ``ref`` from its registry; RegistryUnavailableError / ImageNotFoundError on
        failure."""
        repository, tag = parse_repository_tag(ref)

        def run() -> None:
            stream = self._api.pull(repository, tag=tag or "latest", stream=True, decode=True)
            for chunk in stream:
                if "error" in chunk:
                    raise APIError(str(chunk["error"]), explanation=str(chunk["error"]))
                if on_progress:
                    detail = chunk.get("progressDetail") or {}
                    on_progress(
                        ProgressEvent(
                            message=str(chunk.get("status", "")),
                            id=str(chunk.get("id", "")),
                            current=detail.get("current"),
                            total=detail.get("total"),
                        )
                    )

        try:
            self._engine.call(run, subject=ref, image=ref)
        except APIError as exc:  # raised inside the stream, after the engine accepted the pull
            raise translate(exc, subject=ref, image=ref) from exc
        return self.get(ref if tag else f"{ref}:latest")

    def ensure(self, ref: str, *, on_progress: ProgressCallback | None = None) -> Image:
        """The local image, pulled first when it is missing."""
        try:
            return self.get(ref)
        except ImageNotFoundError:
            return self.pull(ref, on_progress=on_progress)

    def tag(self, ref: str, new_ref: str) -> Image:
        repository, tag = parse_repository_tag(new_ref)
        self._engine.call(
            self._api.tag, ref, repository, tag or "latest", force=True, subject=ref, image=ref
        )
        return self.get(new_ref)

    def remove(self, ref: str, *, force: bool = False, missing_ok: bool = False) -> None:
        try:
            self._engine.call(self._api.remove_image, ref, force=force, subject=ref, image=ref)
        except ImageNotFoundError:
            if not missing_ok:
                raise

    def list(self, labels: Mapping[str, str] | None = None) -> list[Image]:
        filters = {"label": [f"{k}={v}" for k, v in (labels or {}).items()]} if labels else None
        found = self._engine.call(self._api.images, filters=filters)
        return [
            Image(
                id=item["Id"],
                tags=tuple(t for t in item.get("RepoTags") or () if t != "<none>:<none>"),
                labels=dict(item.get("Labels") or {}),
                size=int(item.get("Size") or 0),
            )
            for item in found
        ]

    def prune_dangling(self, labels: Mapping[str, str]) -> list[str]:
        """Remove untagged images carrying ``labels`` (required: never prune others' images)."""
        if not labels:
            raise ValueError("prune_dangling needs labels, so only our own images are pruned")
        filters = {"dangling": True, "label": [f"{k}={v}" for k, v in labels.items()]}
        result = self._engine.call(self._api.prune_images, filters=filters)
        return [
            entry.get("Deleted") or entry.get("Untagged") or ""
            for entry in result.get("ImagesDeleted") or []
        ]
