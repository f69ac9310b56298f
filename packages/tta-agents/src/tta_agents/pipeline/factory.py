"""``build_pipeline``: one call at startup builds the pipeline the settings describe."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from prometheus_client import CollectorRegistry

from tta_agents.encoder import Encoder, shared_encoder
from tta_agents.metrics import AgentMetrics
from tta_agents.narrative.rewriter import DraftRewriter
from tta_agents.pipeline.runner import TurnPipeline
from tta_agents.pipeline.turn import AgentPipeline
from tta_agents.registry import AgentRegistry
from tta_agents.reliability.breaker import CircuitBreaker
from tta_agents.reliability.retry import RetryPolicy
from tta_agents.safety.verdict import SafetyChecker
from tta_agents.settings import AgentSettings
from tta_agents.world.catalog import WorldCatalog, shipped_catalog
from tta_agents.world.loader import SHIPPED_WORLDS_DIR

__all__ = ["build_catalog", "build_llm_narrator", "build_pipeline"]


def _default_checker(settings: AgentSettings) -> SafetyChecker:
    # Imported on first use: the safety engine loads its rule pack only when asked for.
    safety = import_module("tta_agents.safety")
    if not settings.llm_base_url or not settings.llm_second_opinion:
        return safety.default_checker()
    # A configured model may also judge the lines the learned tier is unsure about.
    from tta_agents.adapters.llm.second_opinion import LLMSecondOpinion  # noqa: PLC0415

    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    judge = LLMSecondOpinion(
        base_url=settings.llm_base_url,
        model=settings.llm_model,
        api_key=key,
        timeout=settings.llm_second_opinion_timeout,
    )
    return safety.SafetyEngine(safety.SafetySettings(), second_opinion=judge)


def build_catalog(settings: AgentSettings) -> WorldCatalog:
    if settings.worlds_dir:
        return WorldCatalog.from_dirs(SHIPPED_WORLDS_DIR, Path(settings.worlds_dir))
    return shipped_catalog()


def build_llm_narrator(
    settings: AgentSettings, metrics: AgentMetrics | None
) -> DraftRewriter | None:
    if not settings.llm_base_url:
        return None
    # httpx (and the CLI extras it imports) only when a model is configured: start-up time.
    from tta_agents.adapters.llm.client import ChatCompletionsClient  # noqa: PLC0415
    from tta_agents.adapters.llm.narrator import LLMNarrator  # noqa: PLC0415

    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    client = ChatCompletionsClient(
        base_url=settings.llm_base_url,
        model=settings.llm_model,
        api_key=key,
        max_tokens=settings.llm_max_tokens,
        temperature=settings.llm_temperature,
        stream=settings.llm_stream,
        timeout=settings.nga_timeout,
    )
    breaker = CircuitBreaker(
        client.name,
        threshold=settings.breaker_threshold,
        reset_after=settings.breaker_reset,
        on_change=metrics.set_circuit if metrics else None,
    )
    if metrics:
        metrics.set_circuit(client.name, breaker.state)
    retry = RetryPolicy(
        retries=settings.retry_attempts,
        base_delay=settings.retry_base_delay,
        max_delay=settings.retry_max_delay,
    )
    return LLMNarrator(client, breaker=breaker, retry=retry, metrics=metrics)


def build_pipeline(
    settings: AgentSettings | None = None,
    *,
    registry: CollectorRegistry | None = None,
    checker: SafetyChecker | None = None,
    catalog: WorldCatalog | None = None,
    agents: AgentRegistry | None = None,
    encoder: Encoder | None = None,
) -> AgentPipeline:
    """The pipeline for these settings: in-process (``TurnPipeline``), or a Redis Streams
    client (``RedisTurnPipeline``) when ``settings.agent_mode == "redis"``; both are an
    ``AgentPipeline`` (workers run the second one's turns).

    ``registry`` is the Prometheus registry the metrics go to (none: no metrics);
    ``checker`` defaults to ``tta_agents.safety.default_checker()``; ``encoder`` (the input
    processor's semantic fallback) to the process's shared encoder, the same instance the
    default checker reads with, unless ``settings.understanding_model`` is off.
    """
    settings = settings or AgentSettings()
    if encoder is None and settings.understanding_model and settings.agent_mode != "redis":
        encoder = shared_encoder()
    checker = checker if checker is not None else _default_checker(settings)
    metrics = AgentMetrics(registry) if registry is not None else None
    catalog = catalog or build_catalog(settings)
    if settings.agent_mode == "redis":
        from tta_agents.adapters.scaleout.client import RedisTurnPipeline  # noqa: PLC0415 - redis on demand

        return RedisTurnPipeline(
            catalog=catalog, checker=checker, settings=settings, metrics=metrics, agents=agents
        )
    return TurnPipeline(
        catalog=catalog,
        checker=checker,
        settings=settings,
        llm=build_llm_narrator(settings, metrics),
        metrics=metrics,
        agents=agents,
        encoder=encoder,
    )
