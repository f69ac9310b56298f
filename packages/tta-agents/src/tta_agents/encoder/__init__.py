"""The sentence encoder: one small contextual model, loaded once per process, injected where
it is needed (the safety engine and the input processor). Pure numpy at run time.

```python
from tta_agents.encoder import SentenceEncoder

encoder = SentenceEncoder.load()            # verifies the pinned files; ModelFilesError if not
reading = encoder.read(["i just want it all to stop"])[0]
reading.safety                              # (p_safe, p_concern, p_crisis)
```

The base model (all-MiniLM-L6-v2, pinned by SHA-256) is installed by the set-up
(``make model`` or ``uv run tta-encoder fetch``); the trained adapter ships with the package
(``data/adapter.safetensors``, its model card beside it).
See docs/rewrite/agent_orchestration_safety.md.
"""

from tta_agents.encoder.errors import EncoderError, ModelFetchError, ModelFilesError
from tta_agents.encoder.files import BASE, default_model_dir
from tta_agents.encoder.model import Encoder, Reading, SentenceEncoder
from tta_agents.encoder.settings import EncoderSettings
from tta_agents.encoder.shared import preload_encoder, shared_encoder

__all__ = [
    "BASE",
    "Encoder",
    "EncoderError",
    "EncoderSettings",
    "ModelFetchError",
    "ModelFilesError",
    "Reading",
    "SentenceEncoder",
    "default_model_dir",
    "preload_encoder",
    "shared_encoder",
]
