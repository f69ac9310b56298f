from pathlib import Path

import pytest

from tta_docker import Condition, StackConfigError, load_stack
from tta_docker.compose import find_compose_file, project_name

FULL = """
name: ${STACK:-demo}
x-common: &common
  restart: unless-stopped
services:
  db:
    <<: *common
    image: ${DB_IMAGE:-redis:7-alpine}
    healthcheck:
      test: redis-cli ping
      interval: 1s
      timeout: 500ms
      retries: 5
      start_period: 2s
    volumes: ["data:/data", "./conf:/etc/conf:ro", "/scratch"]
    deploy: {resources: {limits: {memory: 256M, cpus: "0.5"}}}
  api:
    build:
      context: ./api
      dockerfile: Dockerfile.dev
      args: {PY: "3.12"}
    image: demo/api:${TAG:-dev}
    command: uvicorn app:main
    environment:
      - FROM_LIST=1
      - FROM_SHELL
    env_file: [api.env, {path: optional.env, required: false}]
    ports: ["127.0.0.1:${API_PORT:-8080}:8080", "9000/udp", 7000]
    depends_on:
      db: {condition: service_healthy}
      init: {condition: service_completed_successfully}
    networks: [front, back]
    profiles: [app]
    labels: {team: tta}
    stop_grace_period: 1m30s
    restart: no
  init:
    image: busybox
    command: ["sh", "-c", "true"]
    depends_on: [db]
    networks: [back]
    environment: {DEBUG: true, LEVEL: 3}
networks:
  front: {}
  back: {driver: bridge}
volumes:
  data:
"""


def write(tmp_path: Path, text: str, name: str = "compose.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_full_file_loads_into_typed_services(tmp_path: Path) -> None:
    (tmp_path / "api.env").write_text("FROM_FILE=yes\nFROM_LIST=overridden-by-environment\n")
    (tmp_path / ".env").write_text("TAG=from-dotenv\nAPI_PORT=8181\n")
    path = write(tmp_path, FULL)
    stack = load_stack(path, environ={"FROM_SHELL": "shell", "API_PORT": "8282"})
    assert stack.name == "demo"
    db, api, init = stack.services["db"], stack.services["api"], stack.services["init"]
    assert db.image == "redis:7-alpine"
    assert db.restart.name == "unless-stopped"
    assert db.healthcheck is not None
    assert db.healthcheck.test == ("CMD-SHELL", "redis-cli ping")
    assert (db.healthcheck.interval, db.healthcheck.timeout) == (1.0, 0.5)
    assert db.healthcheck.start_period == 2.0
    assert db.limits.memory == 256 * 1024**2
    assert db.limits.cpus == 0.5
    assert [(m.type, m.source, m.target, m.read_only) for m in db.volumes] == [
        ("volume", "data", "/data", False),
        ("bind", str(tmp_path / "conf"), "/etc/conf", True),
        ("volume", "", "/scratch", False),
    ]
    assert api.image == "demo/api:from-dotenv"
    assert api.build is not None
    assert api.build.context == tmp_path / "api"
    assert api.build.dockerfile == "Dockerfile.dev"
    assert api.build.args == {"PY": "3.12"}
    assert api.command == "uvicorn app:main"
    assert api.environment == {
        "FROM_FILE": "yes",
        "FROM_LIST": "1",
        "FROM_SHELL": "shell",
    }
    assert [(p.host_ip, p.host_port, p.container_port, p.protocol) for p in api.ports] == [
        ("127.0.0.1", 8282, 8080, "tcp"),
        ("", None, 9000, "udp"),
        ("", None, 7000, "tcp"),
    ]
    assert api.depends_on == {"db": Condition.HEALTHY, "init": Condition.COMPLETED}
    assert api.networks == ("front", "back")
    assert api.profiles == ("app",)
    assert api.labels == {"team": "tta"}
    assert api.stop_grace_period == 90
    assert api.restart.name == "no"
    assert init.command == ("sh", "-c", "true")
    assert init.depends_on == {"db": Condition.STARTED}
    assert init.environment == {"DEBUG": "true", "LEVEL": "3"}
    assert stack.network_name("front") == "tta-demo-front"
    assert stack.volume_name("data") == "tta-demo-data"
    assert stack.service_networks(db) == ("default",)


def test_project_name_precedence(tmp_path: Path) -> None:
    folder = tmp_path / "My Project"
    folder.mkdir()
    plain = write(folder, "services: {a: {image: x}}\n")
    assert load_stack(plain, environ={}).name == "myproject"
    assert load_stack(plain, name="Chosen", environ={}).name == "chosen"
    assert load_stack(plain, environ={"COMPOSE_PROJECT_NAME": "envname"}).name == "envname"
    named = write(folder, "name: fromfile\nservices: {a: {image: x}}\n", "other.yaml")
    assert load_stack(named, environ={}).name == "fromfile"
    with pytest.raises(StackConfigError, match="no usable characters"):
        project_name("???")


def test_find_compose_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no compose file"):
        find_compose_file(tmp_path)
    write(tmp_path, "services: {}\n", "docker-compose.yml")
    assert find_compose_file(tmp_path).name == "docker-compose.yml"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "services:\n  a: {image: x, depends_on: [ghost]}\n",
            "'a' depends on unknown service 'ghost'",
        ),
        (
            "services:\n  a: {image: x, depends_on: [b]}\n  b: {image: x, depends_on: [c]}\n"
            "  c: {image: x, depends_on: [a]}\n",
            "dependency cycle: a -> b -> c -> a",
        ),
        ("services:\n  a: {image: x, depends_on: [a]}\n", "'a' depends on itself"),
        (
            "services:\n  a: {image: x, ports: ['8080:80']}\n  b: {image: x, ports: ['8080:81']}\n",
            "services 'a' and 'b' both publish host port 8080/tcp",
        ),
        (
            "services:\n  a: {image: x, ports: ['127.0.0.1:8080:80']}\n"
            "  b: {image: x, ports: ['8080:81']}\n",
            "services 'a' and 'b' both publish host port 8080",
        ),
        ("services:\n  a: {command: x}\n", "needs `image` or `build`"),
        ("services:\n  a: {image: x, volumes: ['ghost:/d']}\n", "undeclared volume 'ghost'"),
        ("services:\n  a: {image: x, networks: [ghost]}\n", "undeclared network 'ghost'"),
        ("services:\n  a: {image: x, privileged: true}\n", "`privileged` is not supported"),
        ("secrets: {}\nservices:\n  a: {image: x}\n", "top-level `secrets` is not supported"),
        ("services: {}\n", "`services:` must map"),
        ("- a\n", "expected a mapping"),
        ("services: {a: [\n", "not valid YAML"),
        ("services:\n  a: {image: x, ports: ['80:80:80:80']}\n", "port '80:80:80:80'"),
        ("services:\n  a: {image: x, volumes: ['a:b:c:d']}\n", "is not SOURCE:TARGET"),
        (
            "services:\n  a: {image: x, depends_on: {b: {condition: service_ready}}}\n"
            "  b: {image: x}\n",
            "unknown condition 'service_ready'",
        ),
        ("services:\n  a: {image: x, restart: sometimes}\n", "restart 'sometimes'"),
        ("services:\n  a: {image: x, healthcheck: {interval: 1s}}\n", "healthcheck needs `test`"),
        ("services:\n  a: {image: x, healthcheck: {test: x, interval: soon}}\n", "not a duration"),
        ("services:\n  a: {image: x, env_file: missing.env}\n", "env_file"),
        ("services:\n  a: {image: x, command: {a: 1}}\n", "command must be"),
        ("services:\n  a: {image: x, environment: 5}\n", "expected a mapping or a list"),
        ("services:\n  a: {image: x, depends_on: 5}\n", "depends_on must be"),
        ("services:\n  a: {image: x, build: 5}\n", "build must be"),
        ("services:\n  a: {image: x, healthcheck: [1]}\n", "healthcheck must be a mapping"),
        ("services:\n  a: image\n", "expected a mapping"),
        ("services:\n  a: {image: x}\nnetworks: {n: 5}\n", "expected a mapping"),
        ("services:\n  a: {image: x, ports: [{target: 99999}]}\n", "container_port"),
        ("services:\n  a: {image: '${X:?set X}'}\n", "variable X set X"),
    ],
)
def test_invalid_files_are_refused_with_the_reason(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(StackConfigError, match=message.replace("(", r"\(").replace("$", r"\$")):
        load_stack(write(tmp_path, text), environ={})


def test_missing_file_is_a_file_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_stack(tmp_path / "nope.yaml")


def test_long_forms_and_disabled_healthcheck(tmp_path: Path) -> None:
    text = """
services:
  a:
    image: x
    ports: [{target: 80, published: "8080", host_ip: 127.0.0.1, protocol: tcp}]
    volumes:
      - {type: bind, source: ./site, target: /www, read_only: true}
      - {type: tmpfs, target: /tmp}
    healthcheck: {disable: true}
    build: ./ctx
    mem_limit: 1g
    cpus: 2
    labels: ["a=1", "b=2"]
    user: 1000
"""
    service = load_stack(write(tmp_path, text), environ={}).services["a"]
    assert service.ports[0].host_port == 8080
    assert service.volumes[0].source == str(tmp_path / "site")
    assert service.volumes[1].type == "tmpfs"
    assert service.healthcheck is not None
    assert service.healthcheck.test == ("NONE",)
    assert service.build is not None
    assert service.build.context == tmp_path / "ctx"
    assert service.limits.memory == 1024**3
    assert service.limits.cpus == 2
    assert service.labels == {"a": "1", "b": "2"}
    assert service.user == "1000"
