"""One encoder per process: built on first use, then handed to everyone who asks."""

from __future__ import annotations

import threading

from tta_agents.encoder.model import SentenceEncoder
from tta_agents.encoder.settings import EncoderSettings

__all__ = ["shared_encoder"]

_lock = threading.Lock()
_loaded: dict[EncoderSettings, SentenceEncoder] = {}


def shared_encoder(settings: EncoderSettings | None = None) -> SentenceEncoder:
    """The process's encoder for these settings (the environment's by default), loaded once.

    Raises ``ModelFilesError`` with the reason when the model cannot be loaded; a later call
    tries again (the files may have been installed meanwhile).
    """
    settings = settings or EncoderSettings()
    with _lock:
        encoder = _loaded.get(settings)
        if encoder is None:
            encoder = _loaded[settings] = SentenceEncoder.load(settings)
        return encoder
