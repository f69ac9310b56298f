"""tta_agents: the turn pipeline, worlds, safety engine and real-time events of TTA."""

__all__: list[str] = []
