"""Scale-out: turns handed to worker processes through Redis Streams consumer groups."""

from tta_agents.scaleout.client import RedisTurnPipeline
from tta_agents.scaleout.keys import StreamKeys
from tta_agents.scaleout.worker import TurnWorker

__all__ = ["RedisTurnPipeline", "StreamKeys", "TurnWorker"]
