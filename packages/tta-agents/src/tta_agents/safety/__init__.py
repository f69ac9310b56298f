"""The therapeutic safety engine."""
