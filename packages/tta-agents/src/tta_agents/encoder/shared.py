"""One encoder per process: built on first use (or started early with ``preload_encoder``),
then handed to everyone who asks."""

from __future__ import annotations

import threading
from concurrent.futures import Future

from tta_agents.encoder.model import SentenceEncoder
from tta_agents.encoder.settings import EncoderSettings

__all__ = ["preload_encoder", "shared_encoder"]

_lock = threading.Lock()
_loading: dict[EncoderSettings, Future[SentenceEncoder]] = {}


def _load(settings: EncoderSettings, future: Future[SentenceEncoder]) -> None:
    try:
        future.set_result(SentenceEncoder.load(settings))
    except BaseException as exc:  # handed to whoever waits for the encoder
        future.set_exception(exc)


def _future(settings: EncoderSettings, *, background: bool) -> Future[SentenceEncoder]:
    with _lock:
        future = _loading.get(settings)
        if future is not None and not (future.done() and future.exception() is not None):
            return future
        future = _loading[settings] = Future()
    if background:
        threading.Thread(target=_load, args=(settings, future), daemon=True).start()
    else:
        _load(settings, future)
    return future


def preload_encoder(settings: EncoderSettings | None = None) -> None:
    """Start loading the process's encoder in a background thread, so that start-up work
    (imports, the database) overlaps it; ``shared_encoder`` then waits for it."""
    _future(settings or EncoderSettings(), background=True)


def shared_encoder(settings: EncoderSettings | None = None) -> SentenceEncoder:
    """The process's encoder for these settings (the environment's by default), loaded once.

    Raises ``ModelFilesError`` with the reason when the model cannot be loaded; a later call
    tries again (the files may have been installed meanwhile).
    """
    return _future(settings or EncoderSettings(), background=False).result()
