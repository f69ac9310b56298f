#!/usr/bin/env bash
# Builds, idempotently, every image compose.yaml runs; a second run takes seconds.
#
# Each public image (python, uv, redis, postgres, prometheus, grafana) is used when it is
# present locally or can be pulled. Where it cannot (the build machines reach no registry),
# a local stand-in is built from Debian packages on a debootstrap base, and its name is
# written to deploy/local-images.env, which `make compose-up`, the tests and the benchmark
# export before calling compose. Grafana has no Debian, PyPI or npm distribution: without
# the public image the monitoring profile runs Prometheus only (see README).
#
# Environment: TTA_IMAGES_PULL=0 skips pull attempts; TTA_IMAGE names the app image;
# TTA_BUILD_CA_BUNDLE is the CA bundle handed to the app build (default: the system one).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
env_file="$here/deploy/local-images.env"
log() { printf '[images] %s\n' "$*"; }
die() { printf '[images] error: %s\n' "$*" >&2; exit 1; }

have() { docker image inspect "$1" >/dev/null 2>&1; }

obtain() {  # use a public image when it is here or can be pulled
  have "$1" && return 0
  [ "${TTA_IMAGES_PULL:-1}" = 0 ] && return 1
  timeout 120 docker pull -q "$1" >/dev/null 2>&1
}

debian_mirror() {
  local uri
  uri=$(sed -n 's/^URIs:[[:space:]]*\(http[^[:space:]]*debian\)[[:space:]]*$/\1/p' \
    /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1)
  [ -n "$uri" ] || uri=$(sed -n 's/^deb[[:space:]]\+\(http[^[:space:]]*debian\)[[:space:]].*/\1/p' \
    /etc/apt/sources.list 2>/dev/null | head -n1)
  echo "${uri:-http://deb.debian.org/debian}"
}

debian_base() {  # tta-local/debian:bookworm from debootstrap (about 30 s, once)
  local image=tta-local/debian:bookworm root
  have "$image" && return 0
  [ "$(id -u)" = 0 ] || die "building the Debian base needs root (debootstrap)"
  if ! command -v debootstrap >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  fi
  root=$(mktemp -d)
  log "debootstrap bookworm from $(debian_mirror)"
  debootstrap --variant=minbase bookworm "$root" "$(debian_mirror)" >/dev/null
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar -C "$root" -c . | docker import -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'CMD ["bash"]' - "$image" >/dev/null
  rm -rf "$root"
  log "built $image"
}

standin() {  # standin NAME DIR: a stand-in built from deploy/images/DIR on the Debian base
  have "$1" && return 0
  debian_base
  docker build -q --force-rm --label org.tta.standin=true -t "$1" "$here/deploy/images/$2" >/dev/null
  log "built $1"
}

uv_standin() {  # the uv image only lends its /uv binary to the build stage
  local image=$1 bin root
  have "$image" && return 0
  bin=$(python3 -c 'import uv; print(uv.find_uv_bin())' 2>/dev/null \
    || pyenv which uv 2>/dev/null || command -v uv) || die "uv not found (run make bootstrap)"
  [ "$(head -c 4 "$bin" | tr -d '\0')" = $'\x7fELF' ] || die "$bin is not the uv binary"
  root=$(mktemp -d)
  cp "$bin" "$root/uv"
  tar -C "$root" -c uv | docker import -c 'CMD ["/uv"]' - "$image" >/dev/null
  rm -rf "$root"
  log "built $image"
}

docker info >/dev/null 2>&1 || die "the Docker engine does not answer (run make services)"
uv_version=$(python3 -m uv --version 2>/dev/null || uv --version)
uv_version=${uv_version#uv }
uv_version=${uv_version%% *}

declare -A public=(
  [PYTHON]=python:3.12-slim
  [UV]=ghcr.io/astral-sh/uv:$uv_version
  [REDIS]=redis:7-alpine
  [POSTGRES]=postgres:16-alpine
  [PROMETHEUS]=prom/prometheus:v2.55.1
  [GRAFANA]=grafana/grafana:11.3.0
)
declare -A standins=(
  [PYTHON]=tta-local/python:3.11-bookworm
  [UV]=tta-local/uv:$uv_version
  [REDIS]=tta-local/redis:7-bookworm
  [POSTGRES]=tta-local/postgres:15-bookworm
  [PROMETHEUS]=tta-local/prometheus:2-bookworm
)
declare -A dirs=([PYTHON]=python [REDIS]=redis [POSTGRES]=postgres [PROMETHEUS]=prometheus)

lines=()
for key in PYTHON UV REDIS POSTGRES PROMETHEUS GRAFANA; do
  var="TTA_${key}_IMAGE"
  wanted=${!var:-${public[$key]}}
  if obtain "$wanted"; then
    lines+=("$var=$wanted")
    continue
  fi
  case $key in
    GRAFANA)
      log "no $wanted and no stand-in (Grafana is not packaged by Debian, PyPI or npm)"
      continue ;;
    UV) uv_standin "${standins[$key]}" ;;
    *) standin "${standins[$key]}" "${dirs[$key]}" ;;
  esac
  lines+=("$var=${standins[$key]}")
done
printf '# written by scripts/images.sh: images to use on this machine\n' > "$env_file"
printf '%s\n' "${lines[@]}" >> "$env_file"

# The app image, built by compose (BuildKit) with this machine's CA bundle as a build secret.
set -a
# shellcheck disable=SC1090
. "$env_file"
set +a
export TTA_BUILD_CA_BUNDLE=${TTA_BUILD_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}
files=(-f "$here/compose.yaml")
[ -f "$TTA_BUILD_CA_BUNDLE" ] && files+=(-f "$here/deploy/compose.build.yaml")
docker compose --project-directory "$here" "${files[@]}" -p tta-images build --quiet api
have "${TTA_IMAGE:-tta:local}" || die "the app image ${TTA_IMAGE:-tta:local} was not built"
log "built ${TTA_IMAGE:-tta:local} ($(docker image inspect -f '{{.Size}}' "${TTA_IMAGE:-tta:local}" \
  | awk '{printf "%.0f MB", $1 / 1e6}'))"
