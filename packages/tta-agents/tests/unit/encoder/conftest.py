from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from tests_encoder_support import tiny_tensors


@pytest.fixture
def tensors() -> dict[str, np.ndarray]:
    return tiny_tensors()
