import tta_core


def test_public_api_is_exactly_what_we_mean_to_export() -> None:
    assert sorted(tta_core.__all__) == [
        "Comparator",
        "Component",
        "ComponentFlag",
        "Divergence",
        "DockerStackManager",
        "FlagError",
        "FlagSet",
        "Implementation",
        "LegacyLoadError",
        "LegacyNotConfiguredError",
        "Mode",
        "ProtocolMismatchError",
        "RolloutMetrics",
        "RoutedStackManager",
        "ShadowRunner",
        "TTACoreError",
        "TurnOrchestrator",
        "build_stack_manager",
        "canary_bucket",
        "choose_implementation",
        "compare_fields",
        "compare_stack_status",
        "conformance_problems",
        "flag_variable",
        "lazy_exports",
        "legacy_variable",
        "load_implementation",
        "resolve_flags",
    ]
    for name in tta_core.__all__:
        assert getattr(tta_core, name) is not None
