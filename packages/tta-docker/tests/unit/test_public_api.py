import tta_docker


def test_public_api_is_exactly_what_we_mean_to_export() -> None:
    assert sorted(tta_docker.__all__) == [
        "BuildSpec",
        "Condition",
        "Container",
        "ContainerNotFoundError",
        "ContainerNotRunningError",
        "ContainerSpec",
        "ContainerStats",
        "ContainerStatus",
        "ContainerUnhealthyError",
        "DockerManager",
        "DockerSettings",
        "DockerUnavailableError",
        "EngineError",
        "ExecResult",
        "Health",
        "HealthCheck",
        "HealthTimeoutError",
        "HttpProbe",
        "Image",
        "ImageBuildError",
        "ImageNotFoundError",
        "Mount",
        "NameConflictError",
        "Network",
        "NetworkNotFoundError",
        "PortInUseError",
        "PortMapping",
        "ProgressEvent",
        "RegistryUnavailableError",
        "ResourceLimits",
        "RestartPolicy",
        "Service",
        "ServiceEvent",
        "ServiceStatus",
        "Stack",
        "StackConfig",
        "StackConfigError",
        "StackError",
        "TTADockerError",
        "TcpProbe",
        "Volume",
        "VolumeNotFoundError",
        "WaitTimeoutError",
        "find_compose_file",
        "load_stack",
    ]


def test_every_export_resolves() -> None:
    for name in tta_docker.__all__:
        assert getattr(tta_docker, name) is not None


def test_errors_share_one_base_and_match_builtins() -> None:
    assert issubclass(tta_docker.ContainerNotFoundError, tta_docker.TTADockerError)
    assert issubclass(tta_docker.ContainerNotFoundError, LookupError)
    assert issubclass(tta_docker.DockerUnavailableError, ConnectionError)
    assert issubclass(tta_docker.HealthTimeoutError, TimeoutError)
    assert issubclass(tta_docker.StackConfigError, ValueError)
    assert issubclass(tta_docker.RegistryUnavailableError, tta_docker.ImageNotFoundError)
