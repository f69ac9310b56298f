"""The YAML reader behind every shipped data file: plain data only, same errors either parser."""

from __future__ import annotations

import pytest
import yaml

from tta_agents.yaml_data import load_yaml


def test_plain_data_reads_as_safe_load_would() -> None:
    text = "name: garden\nexits: {north: pond}\nsteps: [1, 2.5, true, null]\n"
    assert load_yaml(text) == yaml.safe_load(text)


def test_a_tag_that_would_build_a_python_object_is_refused() -> None:
    with pytest.raises(yaml.YAMLError):
        load_yaml("!!python/object/apply:os.system ['true']")


def test_broken_yaml_is_a_yaml_error() -> None:
    with pytest.raises(yaml.YAMLError):
        load_yaml("a: [unclosed")
