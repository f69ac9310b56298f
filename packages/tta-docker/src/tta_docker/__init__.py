"""tta_docker: a typed Docker engine manager for TTA."""

__all__: list[str] = []
