"""Small helpers shared by the executors (v0.2.3x's `autogen.coding.utils`)."""

from __future__ import annotations

from pathlib import Path

from autogen.coding._files import filename_from_code, safe_path
from autogen.exceptions import UnsafeFilenameError

__all__ = ["silence_pip"]


def silence_pip(code: str, lang: str) -> str:
    """Add `-qqq` to every `pip install` line of a Python or shell block, so installs do not flood
    the conversation with progress output. `!pip` (notebook magics) is handled too."""
    if lang not in ("python", "py", "sh", "bash", "shell", "ipython"):
        return code
    lines = code.split("\n")
    for i, line in enumerate(lines):
        stripped = line.lstrip()
        if stripped.startswith(("pip install", "!pip install")) and " -qqq" not in line:
            lines[i] = line.replace("pip install", "pip install -qqq", 1)
    return "\n".join(lines)


def _get_file_name_from_content(code: str, workspace_path: Path) -> str | None:
    """The name in a first-line `# filename: x` comment, if it stays inside `workspace_path`."""
    name = filename_from_code(code)
    if name is None:
        return None
    try:
        safe_path(workspace_path, name)
    except UnsafeFilenameError:
        return None
    return name
