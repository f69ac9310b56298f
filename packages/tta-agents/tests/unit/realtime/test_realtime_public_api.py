from tta_agents import AgentError, realtime
from tta_agents.adapters import realtime as realtime_adapters


def test_realtime_exports_exactly_the_documented_api() -> None:
    assert sorted(realtime.__all__ + realtime_adapters.__all__) == sorted(
        [
            "AuthError",
            "ChoicesEvent",
            "ClientClosedError",
            "ClientMessage",
            "CloseCode",
            "Connection",
            "Envelope",
            "ErrorEvent",
            "EventBusError",
            "EventBus",
            "HeartbeatEvent",
            "InProcessEventBus",
            "NarrativeChunkEvent",
            "NarrativeCompleteEvent",
            "PongEvent",
            "ProgressEvent",
            "ProtocolError",
            "RealtimeEndpoint",
            "RealtimeClient",
            "RealtimeError",
            "RealtimeMetrics",
            "RealtimeSettings",
            "RedisEventBus",
            "ReloadEvent",
            "Replay",
            "SafetyEvent",
            "ServerEvent",
            "SessionSink",
            "StarletteTransport",
            "SubscribedEvent",
            "Transport",
            "TransportClosedError",
            "TurnCompleteEvent",
            "TurnIntent",
            "TurnProgressEvent",
            "WelcomeEvent",
            "add_play_arguments",
            "authenticate_connection",
            "from_pipeline_event",
            "parse_client_message",
            "parse_server_event",
            "play_in_terminal",
            "protocol_json_schema",
        ]
    )
    for module in (realtime, realtime_adapters):
        for name in module.__all__:
            assert getattr(module, name) is not None


def test_every_realtime_error_is_an_agent_error() -> None:
    errors = [getattr(realtime, name) for name in realtime.__all__ if name.endswith("Error")]
    assert len(errors) == 6
    assert all(issubclass(error, AgentError) for error in errors)
