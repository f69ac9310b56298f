"""The application factory: ``create_app(settings)``.

Nothing is built at import time. The lifespan builds the database (migrated), the auth
service, rate limits, world catalog, turn pipeline, event bus and real-time endpoint once,
keeps them in ``app.state.runtime`` for ``api.deps`` to hand out, and closes them on exit.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from datetime import timedelta

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from prometheus_client import CollectorRegistry

from tta_agents import AgentSettings, build_pipeline
from tta_agents.realtime import RealtimeSettings
from tta_agents.safety import SafetyChecker, default_checker
from tta_core import resolve_flags
from tta_player.api.openapi import install_openapi
from tta_player.api.realtime import build_bus, build_realtime, play_socket
from tta_player.api.routes import (
    auth,
    auth_session,
    authoring,
    characters,
    helplines,
    ops,
    players,
    safety,
    sessions,
    shared_progress,
    wellbeing,
    worlds,
)
from tta_player.core.config import Settings, process_environment
from tta_player.core.metrics import ServiceMetrics
from tta_player.core.middleware import RequestContextMiddleware
from tta_player.core.problems import install_error_handlers
from tta_player.core.ratelimit import RateLimits
from tta_player.core.security import PasswordHasher, TokenCodec
from tta_player.db.engine import open_database
from tta_player.rollout.install import (
    Rollout,
    build_rollout,
    mount_rollout,
    route_orchestrator,
)
from tta_player.runtime import Runtime
from tta_player.services.auth import AuthService
from tta_player.services.journeys import pause_idle_forever
from tta_player.services.retention import sweep_forever
from tta_player.services.turns import TurnService
from tta_player.web import mount_web

__all__ = ["build_runtime", "create_app"]

DESCRIPTION = """TTA, a Therapeutic Text Adventure: the player service.

Sign in (`/api/v1/auth/login`, or `/api/v1/auth/session` from a browser), create a character,
pick a world, start a session and play turns (or stream them over the WebSocket `/ws/play`).
Every error is `application/problem+json`."""

ROUTERS = (
    helplines,
    auth,
    auth_session,
    players,
    wellbeing,
    characters,
    worlds,
    sessions,
    safety,
    shared_progress,
    authoring,
    ops,
)


async def build_runtime(
    settings: Settings,
    metrics: ServiceMetrics,
    *,
    agent_settings: AgentSettings | None = None,
    realtime_settings: RealtimeSettings | None = None,
    checker: SafetyChecker | None = None,
    rollout: Rollout | None = None,
) -> Runtime:
    realtime_settings = realtime_settings or RealtimeSettings()
    database = await open_database(settings.sqlalchemy_url, migrate=settings.apply_migrations)
    hasher = PasswordHasher(
        time_cost=settings.argon2_time_cost,
        memory_kib=settings.argon2_memory_kib,
        parallelism=settings.argon2_parallelism,
    )
    codec = TokenCodec(
        settings.signing_secret(),
        access_ttl=timedelta(minutes=settings.access_token_minutes),
        refresh_ttl=timedelta(days=settings.refresh_token_days),
    )
    limits = RateLimits(
        storage_uri=settings.redis_url or "memory://",
        prefix=f"{settings.redis_prefix}ratelimit",
        enabled=settings.rate_limits_enabled,
    )
    # One checker for turns and for free text (mood notes, journal entries).
    checker = checker if checker is not None else default_checker()
    pipeline = build_pipeline(
        agent_settings or AgentSettings(), registry=metrics.registry, checker=checker
    )
    bus = build_bus(settings, realtime_settings)
    await bus.start()
    runtime = Runtime(
        settings=settings,
        registry=metrics.registry,
        metrics=metrics,
        database=database,
        auth=AuthService(settings, hasher, codec, metrics, limits),
        limits=limits,
        catalog=pipeline.catalog,
        pipeline=pipeline,
        bus=bus,
        turns=TurnService(
            pipeline=route_orchestrator(rollout, pipeline),  # by TTA_FLAG_AGENT_ORCHESTRATION
            database=database,
            metrics=metrics,
            bus=bus,
            limits=limits,
            rate_limit=settings.turn_rate_limit,
        ),
        safety=checker,
    )
    runtime.realtime = build_realtime(runtime, realtime_settings)
    return runtime


async def close_runtime(runtime: Runtime) -> None:
    if runtime.realtime is not None:
        await runtime.realtime.aclose()
    await runtime.bus.aclose()
    await runtime.pipeline.aclose()
    await runtime.database.close()


def create_app(
    settings: Settings | None = None,
    *,
    registry: CollectorRegistry | None = None,
    agent_settings: AgentSettings | None = None,
    realtime_settings: RealtimeSettings | None = None,
    checker: SafetyChecker | None = None,
    environ: Mapping[str, str] | None = None,
) -> FastAPI:
    """The service. ``checker`` replaces the default safety checker (tests, legacy rollout);
    ``environ`` is where the feature flags are read (default: this process's environment)."""
    settings = settings or Settings()
    metrics = ServiceMetrics(registry or CollectorRegistry())
    environ = process_environment() if environ is None else environ
    # Feature flags first: a bad flag or a broken legacy implementation stops the factory.
    rollout = build_rollout(
        flags=resolve_flags(environ), registry=metrics.registry, environ=environ
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime = await build_runtime(
            settings,
            metrics,
            agent_settings=agent_settings,
            realtime_settings=realtime_settings,
            checker=checker,
            rollout=rollout,
        )
        app.state.runtime = runtime
        # What start-up built lives as long as the app: the collector need not re-scan it.
        gc.freeze()  # figures: docs/rewrite/player_experience_architecture.md, "Pauses"
        gc.enable()  # `tta serve` starts with the collector off (cli.serve)
        sweepers = [
            asyncio.create_task(
                sweep_forever(runtime.database, every_hours=settings.retention_sweep_hours)
            ),
            asyncio.create_task(
                pause_idle_forever(
                    runtime.database,
                    idle_minutes=settings.session_idle_minutes,
                    every=settings.idle_sweep_seconds,
                )
            ),
        ]
        try:
            yield
        finally:
            for sweeper in sweepers:
                sweeper.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await sweeper
            await close_runtime(runtime)
            gc.unfreeze()

    docs = settings.serves_api_docs  # off in production unless TTA_API_DOCS=true
    app = FastAPI(
        title="TTA player service",
        version="1.0.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url="/docs" if docs else None,
        redoc_url="/redoc" if docs else None,
        openapi_url="/openapi.json" if docs else None,
    )
    install_error_handlers(app)
    install_openapi(app)
    for module in ROUTERS:
        app.include_router(module.router)
    if settings.metrics_on_api:
        app.include_router(ops.metrics_router)
    app.add_api_websocket_route("/ws/play", play_socket)
    if settings.serve_web:
        mount_web(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=True,
            allow_methods=["GET", "POST", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "X-CSRF-Token", "X-Request-ID"],
        )
    app.add_middleware(
        RequestContextMiddleware,
        metrics=metrics,
        max_body_bytes=settings.max_body_bytes,
        hsts=settings.production,
    )
    mount_rollout(app, rollout)  # last, so the legacy proxy is outermost
    return app
