import tta_agents

EXPECTED = {
    "AgentError",
    "AgentPipeline",
    "AgentHealth",
    "AgentMetrics",
    "AgentRegistry",
    "AgentSettings",
    "CircuitOpenError",
    "DeadLetteredError",
    "EventSink",
    "HealthStatus",
    "Intent",
    "IntentKind",
    "InvalidTurnError",
    "ItemView",
    "LocationView",
    "NullSink",
    "PipelineEvent",
    "Preferences",
    "ProgressSignal",
    "ProviderError",
    "ProviderResponseError",
    "ProviderUnavailableError",
    "QueueError",
    "SafetyUnavailableError",
    "StepError",
    "StepTimeoutError",
    "TurnOutcome",
    "TurnPipeline",
    "TurnRequest",
    "TurnResult",
    "TurnTimeoutError",
    "UnknownWorldError",
    "UnsafeOutputError",
    "WorldCatalog",
    "WorldDataError",
    "WorldError",
    "WorldState",
    "WorldSummary",
    "build_pipeline",
    "compatibility",
    "crisis_lines",
    "get_world",
    "list_worlds",
    "preload_encoder",
    "shared_encoder",
    "parse_intent",
}


def test_public_api_is_exactly_what_we_mean_to_export() -> None:
    assert set(tta_agents.__all__) == EXPECTED
    assert len(tta_agents.__all__) == len(EXPECTED)
    for name in EXPECTED:
        assert getattr(tta_agents, name) is not None


def test_every_error_is_an_agent_error() -> None:
    errors = [getattr(tta_agents, n) for n in EXPECTED if n.endswith("Error")]
    assert all(issubclass(e, tta_agents.AgentError) for e in errors)
