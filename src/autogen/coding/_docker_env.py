"""Is Docker wanted, and is there an engine? v0.2's decision helpers, without importing the SDK early."""

from __future__ import annotations

import os
import socket
from typing import Any

from autogen.exceptions import ConfigError, DockerUnavailableError

_FIXES = (
    "start the Docker engine (or set DOCKER_HOST), install the SDK (pip install 'autogen[docker]'), "
    'or run without Docker: set "use_docker": False in code_execution_config or AUTOGEN_USE_DOCKER=0 '
    "(code then runs in the local sandbox)"
)

__all__ = [
    "check_can_use_docker_or_throw",
    "decide_use_docker",
    "docker_client",
    "engine_endpoint_exists",
    "engine_endpoint_problem",
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


def engine_endpoint_problem() -> str | None:
    """Why no engine can answer here, or None when one may: DOCKER_HOST names a non-Unix endpoint,
    or a Unix socket (DOCKER_HOST's, else a usual one) takes a connection.

    Connecting first matters: the SDK's Unix transport leaks the socket of a failed connect, and a
    stale socket file (an engine that died) is no engine.
    """
    host = os.environ.get("DOCKER_HOST")
    if host and not host.startswith("unix://"):
        return None  # tcp:// or ssh://: the SDK's ping tells
    paths = [host[len("unix://") :]] if host else [p for p in _engine_endpoints() if os.path.exists(p)]
    if not paths:
        return "no Docker socket exists here and DOCKER_HOST is not set"
    problems = [_connect_problem(path) for path in paths]
    if any(problem is None for problem in problems):
        return None
    return "; ".join(p for p in problems if p)


def engine_endpoint_exists() -> bool:
    """Whether an engine may answer here (see `engine_endpoint_problem`); cheap, no SDK."""
    return engine_endpoint_problem() is None


def _connect_problem(path: str) -> str | None:
    if not hasattr(socket, "AF_UNIX"):
        return None  # no Unix sockets (Windows): leave it to the SDK
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(5)
        try:
            sock.connect(path)
        except OSError as exc:
            return f"cannot connect to {path}: {exc.strerror or exc}"
    return None


def is_docker_running() -> bool:
    """Whether a Docker engine answers a ping. Cheap when there is obviously none (no socket)."""
    if not engine_endpoint_exists():
        return False
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


def docker_client() -> Any:
    """A connected docker SDK client, or DockerUnavailableError naming the fixes."""
    if not engine_endpoint_exists():
        problem = engine_endpoint_problem() or "no Docker engine socket"
        raise DockerUnavailableError(
            f"Docker was asked for, but no Docker engine can answer here ({problem}). Fix: {_FIXES}."
        )
    try:
        import docker
    except ImportError as exc:
        raise DockerUnavailableError(
            'Docker was asked for, but the docker SDK is not installed (the "docker" extra): '
            f'pip install "autogen[docker]". Or: {_FIXES}.'
        ) from exc
    client = None
    try:
        client = docker.from_env(timeout=10)
        client.ping()
    except Exception as exc:  # the SDK raises several unrelated types for "no engine"
        if client is not None:
            client.close()
        raise DockerUnavailableError(
            f"Docker was asked for, but no Docker engine answers ({exc}). Fix: {_FIXES}."
        ) from exc
    return client
