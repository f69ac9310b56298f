import pytest

from tta_docker import Condition, Service, StackConfig, StackConfigError


def stack(**deps: dict[str, Condition]) -> StackConfig:
    services = {
        name: Service(name=name, image="x", depends_on=dependencies)
        for name, dependencies in deps.items()
    }
    return StackConfig(name="s", services=services).check()


def test_start_order_puts_dependencies_first() -> None:
    config = stack(
        web={"api": Condition.HEALTHY},
        api={"db": Condition.HEALTHY, "cache": Condition.STARTED},
        db={},
        cache={},
    )
    order = config.start_order()
    assert order.index("db") < order.index("api") < order.index("web")
    assert order.index("cache") < order.index("api")


def test_waves_group_independent_services() -> None:
    config = stack(
        web={"api": Condition.HEALTHY},
        api={"db": Condition.HEALTHY, "cache": Condition.STARTED},
        worker={"db": Condition.STARTED},
        db={},
        cache={},
    )
    assert config.waves() == [["cache", "db"], ["api", "worker"], ["web"]]


def test_select_uses_profiles_and_pulls_in_dependencies() -> None:
    services = {
        "db": Service(name="db", image="x"),
        "api": Service(name="api", image="x", depends_on={"db": Condition.HEALTHY}),
        "debug": Service(name="debug", image="x", profiles=("dev",)),
        "tools": Service(
            name="tools", image="x", profiles=("ops",), depends_on={"debug": Condition.STARTED}
        ),
    }
    config = StackConfig(name="s", services=services).check()
    assert config.select() == ["db", "api"]
    assert config.select(profiles=["dev"]) == ["db", "api", "debug"]
    assert config.select(profiles=["ops"]) == ["db", "api", "debug", "tools"]
    assert config.select(["api"]) == ["db", "api"]
    assert config.select(["tools"]) == ["debug", "tools"]
    with pytest.raises(StackConfigError, match="no such service: ghost"):
        config.select(["ghost"])


def test_required_condition_is_the_strongest_asked_for() -> None:
    config = stack(
        a={"db": Condition.STARTED},
        b={"db": Condition.HEALTHY},
        c={"job": Condition.COMPLETED},
        db={},
        job={},
    )
    assert config.required_condition("db", ["a", "b", "db"]) is Condition.HEALTHY
    assert config.required_condition("db", ["a", "db"]) is Condition.STARTED
    assert config.required_condition("job", ["c", "job"]) is Condition.COMPLETED
    assert config.required_condition("a", ["a", "b"]) is None


def test_empty_stack_is_refused() -> None:
    with pytest.raises(StackConfigError, match="no services"):
        StackConfig(name="s", services={}).check()


def test_image_ref_defaults_to_the_build_tag() -> None:
    assert Service(name="api", image="x:1").image_ref("s") == "x:1"
    assert Service(name="api").image_ref("s") == "tta-s-api:latest"
