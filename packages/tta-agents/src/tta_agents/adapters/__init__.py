"""The I/O adapters of tta_agents: each wraps an I/O-free core part in one library.

The core (intent, world, safety, narrative templates, the pipeline, the real-time protocol
and in-process bus) imports none of httpx, redis, starlette, websockets or uvicorn; what does
lives here, beside the core it serves.
"""
