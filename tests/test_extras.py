"""The optional-dependency guard: a missing package names its extra; a present one imports."""

from __future__ import annotations

from pathlib import Path

import pytest

from autogen._extras import available, require
from autogen.exceptions import AutogenError, MissingExtraError


def test_missing_package_names_the_extra() -> None:
    with pytest.raises(MissingExtraError) as info:
        require("autogen_no_such_package.sub", extra="retrievechat", purpose="the vector store")
    assert 'pip install "autogen[retrievechat]"' in str(info.value)
    assert "the vector store needs" in str(info.value)
    assert info.value.extra == "retrievechat"
    assert isinstance(info.value, ImportError) and isinstance(info.value, AutogenError)


def test_present_package_is_returned() -> None:
    json_module = require("json", extra="none")
    assert json_module.dumps([1]) == "[1]"
    assert available("json") and not available("autogen_no_such_package")


def test_broken_inner_import_is_not_masked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pkg = tmp_path / "autogen_broken_pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("import autogen_missing_inner_dependency\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModuleNotFoundError) as info:
        require("autogen_broken_pkg", extra="x")
    assert not isinstance(info.value, MissingExtraError)
    assert info.value.name == "autogen_missing_inner_dependency"
