"""The README's Layout section names every folder of the package, and only folders that exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _layout() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Layout\n", 1)[1]
    return section.split("\n## ", 1)[0]


def test_every_package_folder_is_in_the_layout() -> None:
    named = set(re.findall(r"`(src/autogen/(?:[^`]*/)?)`", _layout()))
    # packages, and data folders directly under autogen/; the folders inside a package's data
    # (the Testbed's scenario templates) are that package's business
    package = ROOT / "src" / "autogen"
    folders = {
        f"{p.relative_to(ROOT).as_posix()}/"
        for p in package.rglob("*")
        if p.is_dir()
        and "__pycache__" not in p.parts
        and ((p / "__init__.py").is_file() or (p.parent == package and any(p.iterdir())))
    }
    folders.add("src/autogen/")
    assert folders - named == set(), "folders missing from README's Layout"
    assert named - folders == set(), "README's Layout names folders that do not exist"
