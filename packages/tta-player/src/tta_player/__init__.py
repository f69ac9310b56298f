"""tta_player: the TTA player-experience service."""

__all__: list[str] = []
