"""The turn pipeline: safety, IPA, WBA, NGA, safety again."""
