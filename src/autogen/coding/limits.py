"""The resource limits every local execution runs under: plain data, read by the runners."""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["ResourceLimits"]

_MiB = 1024 * 1024


@dataclass(frozen=True)
class ResourceLimits:
    """Caps on one code execution (applied as rlimits; `None` means no cap of that kind).

    Defaults fit typical LLM-written scripts (pandas, matplotlib, small downloads are already
    impossible: there is no network) while keeping a runaway script from hurting the machine.
    """

    cpu_seconds: float | None = None
    """CPU time per process (RLIMIT_CPU). `None`: the wall-clock timeout plus one second."""

    memory_bytes: int | None = 2048 * _MiB
    """Address space per process (RLIMIT_AS). A larger allocation fails (MemoryError in Python)."""

    max_processes: int | None = 64
    """Processes and threads at once inside the sandbox (RLIMIT_NPROC in a fresh user namespace).
    Not enforced by the unsandboxed fallback, where the limit would count all of the user's processes."""

    file_size_bytes: int | None = 256 * _MiB
    """Largest file the code may write (RLIMIT_FSIZE); the write that crosses it fails."""

    max_output_bytes: int = 256 * 1024
    """Output kept per execution: the first and last halves, with a marker for what was dropped.
    The rest is read and discarded, so memory stays bounded whatever the code prints."""

    tmp_bytes: int = 256 * _MiB
    """Size of the private `/tmp` (a tmpfs) inside the sandbox."""

    def cpu_limit(self, timeout: float) -> int | None:
        """The RLIMIT_CPU soft limit for a run with this wall-clock `timeout`."""
        if self.cpu_seconds is not None:
            return max(1, math.ceil(self.cpu_seconds))
        return math.ceil(timeout) + 1

    def rlimits(self, timeout: float, *, nproc: bool = True) -> list[tuple[int, int, int]]:
        """(resource, soft, hard) triples for `resource.prlimit` / `setrlimit`."""
        import resource  # POSIX only: imported here so that `autogen.coding` imports everywhere

        out = [(resource.RLIMIT_CORE, 0, 0)]
        cpu = self.cpu_limit(timeout)
        if cpu is not None:
            out.append((resource.RLIMIT_CPU, cpu, cpu + 1))
        if self.memory_bytes is not None:
            out.append((resource.RLIMIT_AS, self.memory_bytes, self.memory_bytes))
        if self.file_size_bytes is not None:
            out.append((resource.RLIMIT_FSIZE, self.file_size_bytes, self.file_size_bytes))
        if nproc and self.max_processes is not None:
            out.append((resource.RLIMIT_NPROC, self.max_processes, self.max_processes))
        return out

    def prlimit_args(self, timeout: float, *, nproc: bool) -> list[str]:
        """Options for util-linux `prlimit`, which applies the limits right before exec."""
        args = ["--core=0"]
        cpu = self.cpu_limit(timeout)
        if cpu is not None:
            args.append(f"--cpu={cpu}:{cpu + 1}")  # SIGXCPU first, SIGKILL a second later
        if self.memory_bytes is not None:
            args.append(f"--as={self.memory_bytes}")
        if self.file_size_bytes is not None:
            args.append(f"--fsize={self.file_size_bytes}")
        if nproc and self.max_processes is not None:
            args.append(f"--nproc={self.max_processes}")
        return args
