"""Is Docker wanted, and is there an engine? v0.2's decision helpers, without importing the SDK early."""

from __future__ import annotations

import os

from autogen.exceptions import ConfigError, DockerUnavailableError

__all__ = [
    "check_can_use_docker_or_throw",
    "decide_use_docker",
    "engine_endpoint_exists",
    "in_docker_container",
    "is_docker_running",
]

_TRUTHY = {"1", "true", "yes", "t", "y", "on"}
_FALSY = {"0", "false", "no", "f", "n", "off"}


def _engine_endpoints() -> list[str]:
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return [
        "/var/run/docker.sock",
        "/run/docker.sock",
        f"/run/user/{uid}/docker.sock",
        os.path.expanduser("~/.docker/run/docker.sock"),
        os.path.expanduser("~/.docker/desktop/docker.sock"),
    ]


def engine_endpoint_exists() -> bool:
    """Whether DOCKER_HOST is set or a Docker socket exists (an engine may answer there)."""
    return bool(os.environ.get("DOCKER_HOST")) or any(os.path.exists(p) for p in _engine_endpoints())


def is_docker_running() -> bool:
    """Whether a Docker engine answers a ping. Cheap when there is obviously none (no socket)."""
    if not engine_endpoint_exists():
        return False
    from autogen.coding.docker_commandline_code_executor import docker_client

    try:
        docker_client().close()
    except DockerUnavailableError:
        return False
    return True


def in_docker_container() -> bool:
    """Whether this process itself runs inside a Docker container."""
    return os.path.exists("/.dockerenv")


def decide_use_docker(use_docker: bool | str | list[str] | None) -> bool | str | list[str] | None:
    """`use_docker` as given, or from AUTOGEN_USE_DOCKER when not given (None: decide by availability).

    v0.2 defaulted to True and raised when no engine ran; we default to None ("Docker if an engine
    answers, else the local sandbox") so a fresh install works safely on any machine.
    """
    if use_docker is not None:
        return use_docker
    raw = os.environ.get("AUTOGEN_USE_DOCKER")
    if raw is None or raw.strip().lower() in {"none", ""}:
        return None
    value = raw.strip().lower()
    if value in _TRUTHY:
        return True
    if value in _FALSY:
        return False
    raise ConfigError(
        f"AUTOGEN_USE_DOCKER={raw!r} is not understood: set it to 1/true/yes, 0/false/no, or None"
    )


def check_can_use_docker_or_throw(use_docker: bool | str | list[str] | None) -> None:
    """Raise DockerUnavailableError when Docker is asked for explicitly and no engine answers.

    Unlike v0.2, running inside a container is no excuse: asking for Docker never silently runs
    the code somewhere else.
    """
    if use_docker and not is_docker_running():
        raise DockerUnavailableError(
            "code execution is set to run in Docker, but no Docker engine answers. Fix one of: start "
            'the Docker engine (or point DOCKER_HOST at one); set "use_docker": False in '
            "code_execution_config; or set AUTOGEN_USE_DOCKER=0 (code then runs in the local sandbox)."
        )
