"""Languages we run, and saving code to the work dir without ever writing outside it."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sys
from pathlib import Path

from autogen.exceptions import UnsafeFilenameError

__all__ = [
    "canonical_language",
    "code_filename",
    "command_for",
    "filename_from_code",
    "safe_path",
    "write_code_file",
]

_ALIASES = {
    "python": "python", "py": "python", "python3": "python",
    "bash": "bash", "sh": "sh", "shell": "sh",
    "pwsh": "pwsh", "powershell": "pwsh", "ps1": "pwsh",
}  # fmt: skip
_EXTENSIONS = {"python": "py", "bash": "sh", "sh": "sh", "pwsh": "ps1"}
_FILENAME_LINE = re.compile(
    r"^[ \t]*(?:#|//|--|;|<!--)[ \t]*filename:[ \t]*(?P<name>[^\r\n]*?)[ \t]*(?:-->)?[ \t]*$"
)


def canonical_language(language: str) -> str | None:
    """The language we run `language` as, or None when we cannot run it here."""
    lang = _ALIASES.get(language.strip().lower())
    if lang == "pwsh" and shutil.which("pwsh") is None:
        return None
    return lang


def command_for(language: str, filename: str, python: str = sys.executable) -> list[str]:
    """The argv that runs a saved file of canonical `language`."""
    if language == "python":
        return [python, filename]
    if language == "pwsh":
        return ["pwsh", "-NoProfile", "-NonInteractive", "-File", filename]
    return [language, filename]


def filename_from_code(code: str) -> str | None:
    """The name in a first line like `# filename: app.py` (also `//`, `--`, `;`, `<!-- -->`)."""
    first = code.split("\n", 1)[0]
    match = _FILENAME_LINE.match(first)
    return match.group("name") or None if match else None


def code_filename(code: str, language: str) -> str:
    """v0.2's name for code saved without `# filename:`: tmp_code_<md5>.<ext>."""
    digest = hashlib.md5(code.encode(), usedforsecurity=False).hexdigest()
    return f"tmp_code_{digest}.{_EXTENSIONS.get(language, language)}"


def safe_path(work_dir: Path, name: str) -> Path:
    """`name` inside `work_dir`; UnsafeFilenameError if it is absolute, climbs out, or is a symlink out."""
    if not name or "\0" in name:
        raise UnsafeFilenameError(f"invalid filename {name!r}: give a relative path inside the work dir")
    rel = Path(name)
    if rel.is_absolute() or name.startswith("~"):
        raise UnsafeFilenameError(
            f"refused to save code to {name!r}: absolute paths are not allowed; "
            "use a name relative to the work dir"
        )
    if ".." in rel.parts:
        raise UnsafeFilenameError(f"refused to save code to {name!r}: '..' would leave the work dir")
    root = work_dir.resolve()
    target = root / rel
    resolved = target.resolve()
    if resolved != root and root not in resolved.parents:
        raise UnsafeFilenameError(
            f"refused to save code to {name!r}: it resolves to {resolved}, outside the work dir (a symlink?)"
        )
    if target.is_symlink():
        raise UnsafeFilenameError(f"refused to save code to {name!r}: it is a symlink")
    return target


def write_code_file(work_dir: Path, name: str, code: str) -> Path:
    """Save `code` as `name` in `work_dir`, refusing any path that leads outside it."""
    path = safe_path(work_dir, name)
    if not path.parent.is_dir():
        path.parent.mkdir(parents=True, exist_ok=True)
        path = safe_path(work_dir, name)  # a directory on the way may have been swapped for a symlink
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(code)
    return path
