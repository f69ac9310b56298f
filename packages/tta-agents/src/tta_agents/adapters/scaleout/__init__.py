"""Scale-out: turns handed to worker processes through Redis Streams consumer groups."""

from tta_agents.adapters.scaleout.client import RedisTurnPipeline
from tta_agents.adapters.scaleout.keys import StreamKeys
from tta_agents.adapters.scaleout.worker import TurnWorker

__all__ = ["RedisTurnPipeline", "StreamKeys", "TurnWorker"]
