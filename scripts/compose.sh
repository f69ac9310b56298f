#!/usr/bin/env bash
# `docker compose` on the root compose.yaml, with the image names scripts/images.sh chose for
# this machine (deploy/local-images.env: local stand-ins where no registry can be reached).
# Usage: scripts/compose.sh up -d --wait | scripts/compose.sh --profile monitoring up -d ...
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
if [ -f "$here/deploy/local-images.env" ]; then
  set -a
  # shellcheck disable=SC1091
  . "$here/deploy/local-images.env"
  set +a
fi
exec docker compose --project-directory "$here" -f "$here/compose.yaml" "$@"
