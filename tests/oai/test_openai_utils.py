"""Config-list helpers: v0.2 behaviour, and errors that name the file, entry and field."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest

import autogen
from autogen.exceptions import ConfigError
from autogen.oai.openai_utils import (
    DEFAULT_AZURE_API_VERSION,
    config_list_from_dotenv,
    config_list_from_json,
    config_list_from_models,
    config_list_gpt4_gpt35,
    config_list_openai_aoai,
    filter_config,
    get_config_list,
    get_key,
    is_valid_api_key,
)

SECRET = "sk-abcdefghijklmnopqrstuvwxyz0123456789"
CONFIGS = [
    {"model": "gpt-4", "api_key": SECRET, "tags": ["gpt4", "best"]},
    {"model": "gpt-3.5-turbo", "api_key": SECRET, "tags": ["cheap"]},
    {"model": "gpt-4", "api_key": SECRET, "api_type": "azure", "base_url": "https://x", "api_version": "v"},
]
ENV_VARS = [
    "OAI_CONFIG_LIST",
    "OPENAI_API_KEY",
    "OPENAI_API_BASE",
    "AZURE_OPENAI_API_KEY",
    "AZURE_OPENAI_API_BASE",
    "MY_KEY",
]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for var in ENV_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env or OAI_CONFIG_LIST from the checkout


def write(path: Path, data: object) -> Path:
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


# --- config_list_from_json --------------------------------------------------------------


def test_top_level_names_are_these_functions() -> None:
    assert autogen.config_list_from_json is config_list_from_json
    assert autogen.filter_config is filter_config


def test_from_file_in_file_location(tmp_path: Path) -> None:
    write(tmp_path / "OAI_CONFIG_LIST", CONFIGS)
    assert config_list_from_json(file_location=str(tmp_path)) == CONFIGS


def test_from_env_var_holding_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OAI_CONFIG_LIST", json.dumps(CONFIGS))
    assert config_list_from_json("OAI_CONFIG_LIST") == CONFIGS


def test_from_env_var_holding_a_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = write(tmp_path / "configs.json", CONFIGS)
    monkeypatch.setenv("OAI_CONFIG_LIST", str(path))
    assert config_list_from_json("OAI_CONFIG_LIST") == CONFIGS


def test_env_var_wins_over_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    write(tmp_path / "OAI_CONFIG_LIST", CONFIGS)
    monkeypatch.setenv("OAI_CONFIG_LIST", json.dumps(CONFIGS[:1]))
    assert config_list_from_json(file_location=str(tmp_path)) == CONFIGS[:1]


def test_filter_dict_applies(tmp_path: Path) -> None:
    write(tmp_path / "OAI_CONFIG_LIST", CONFIGS)
    got = config_list_from_json(file_location=str(tmp_path), filter_dict={"model": ["gpt-3.5-turbo"]})
    assert got == [CONFIGS[1]]


def test_missing_file_names_paths_and_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        config_list_from_json("OAI_CONFIG_LIST", file_location=str(tmp_path))
    message = str(info.value)
    assert str(tmp_path / "OAI_CONFIG_LIST") in message
    assert "environment variable 'OAI_CONFIG_LIST' is not set" in message
    assert "Set OAI_CONFIG_LIST" in message


def test_env_var_pointing_nowhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OAI_CONFIG_LIST", "/no/such/file.json")
    with pytest.raises(ConfigError, match=r"neither JSON .* tried: '/no/such/file.json'"):
        config_list_from_json()


def test_invalid_json_in_file_has_line_and_column(tmp_path: Path) -> None:
    write(tmp_path / "OAI_CONFIG_LIST", '[\n  {"model": "gpt-4",}\n]')
    with pytest.raises(ConfigError) as info:
        config_list_from_json(file_location=str(tmp_path))
    message = str(info.value)
    assert "OAI_CONFIG_LIST" in message and "not valid JSON" in message
    assert "line 2 column 21" in message


def test_invalid_json_in_env_var_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OAI_CONFIG_LIST", f'[{{"model": "gpt-4", "api_key": "{SECRET}"')
    with pytest.raises(ConfigError) as info:
        config_list_from_json()
    assert "environment variable 'OAI_CONFIG_LIST' is not valid JSON" in str(info.value)
    assert SECRET not in str(info.value)


def test_entry_not_an_object(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OAI_CONFIG_LIST", json.dumps([CONFIGS[0], SECRET]))
    with pytest.raises(ConfigError, match=r"entry 1 is a str, not an object") as info:
        config_list_from_json()
    assert SECRET not in str(info.value)


def test_entry_without_model(tmp_path: Path) -> None:
    write(tmp_path / "OAI_CONFIG_LIST", [CONFIGS[0], CONFIGS[1], {"api_key": SECRET}])
    with pytest.raises(ConfigError) as info:
        config_list_from_json(file_location=str(tmp_path))
    message = str(info.value)
    assert "OAI_CONFIG_LIST" in message and "entry 2 has no 'model' field" in message
    assert SECRET not in message


def test_unknown_api_type(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OAI_CONFIG_LIST", json.dumps([{"model": "m", "api_type": "azur", "api_key": SECRET}]))
    with pytest.raises(ConfigError, match=r"entry 0 \(model 'm'\): field 'api_type' is 'azur'") as info:
        config_list_from_json()
    assert SECRET not in str(info.value)


@pytest.mark.parametrize("api_type", ["openai", "open_ai", "azure", None])
def test_known_api_types_pass(monkeypatch: pytest.MonkeyPatch, api_type: str | None) -> None:
    monkeypatch.setenv("OAI_CONFIG_LIST", json.dumps([{"model": "m", "api_type": api_type}]))
    assert config_list_from_json()[0]["api_type"] == api_type


def test_custom_client_may_name_its_own_api_type(monkeypatch: pytest.MonkeyPatch) -> None:
    entry = {"model": "m", "api_type": "google", "model_client_cls": "GeminiClient"}
    monkeypatch.setenv("OAI_CONFIG_LIST", json.dumps([entry]))
    assert config_list_from_json() == [entry]


def test_single_object_instead_of_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OAI_CONFIG_LIST", json.dumps(CONFIGS[0]))
    with pytest.raises(ConfigError, match=r"single JSON object.*wrap it in \[ \]"):
        config_list_from_json()


def test_non_string_key_field(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OAI_CONFIG_LIST", json.dumps([{"model": "m", "api_key": 12345}]))
    with pytest.raises(ConfigError, match=r"entry 0 \(model 'm'\): field 'api_key' must be a string"):
        config_list_from_json()


# --- filter_config ----------------------------------------------------------------------


def test_filter_by_list_of_values() -> None:
    assert filter_config(CONFIGS, {"model": ["gpt-4"]}) == [CONFIGS[0], CONFIGS[2]]


def test_filter_missing_field_matches_none() -> None:
    assert filter_config(CONFIGS, {"api_type": [None]}) == CONFIGS[:2]


def test_filter_several_fields_must_all_match() -> None:
    assert filter_config(CONFIGS, {"model": ["gpt-4"], "api_type": ["azure"]}) == [CONFIGS[2]]


def test_filter_list_field_matches_on_overlap() -> None:
    assert filter_config(CONFIGS, {"tags": ["best", "cheap"]}) == CONFIGS[:2]
    assert filter_config(CONFIGS, {"tags": ["nope"]}) == []


def test_filter_scalar_value_is_equality_not_substring() -> None:
    assert filter_config(CONFIGS, {"model": "gpt-4"}) == [CONFIGS[0], CONFIGS[2]]
    assert filter_config(CONFIGS, {"model": "gpt"}) == []


def test_filter_exclude() -> None:
    assert filter_config(CONFIGS, {"model": ["gpt-4"]}, exclude=True) == [CONFIGS[1]]


def test_filter_empty_returns_list_unchanged() -> None:
    assert filter_config(CONFIGS, None) is CONFIGS
    assert filter_config(CONFIGS, {}) is CONFIGS


# --- get_config_list / openai_aoai / models ---------------------------------------------


def test_get_config_list() -> None:
    got = get_config_list(["k1", " ", "k2"], base_urls=["u1", "u2", "u3"], api_type="azure", api_version="v1")
    assert got == [
        {"api_key": "k1", "base_url": "u1", "api_type": "azure", "api_version": "v1"},
        {"api_key": "k2", "base_url": "u3", "api_type": "azure", "api_version": "v1"},
    ]
    assert get_config_list(["k"]) == [{"api_key": "k"}]


def test_get_config_list_length_mismatch() -> None:
    with pytest.raises(ConfigError, match="2 api_keys but 1 base_urls"):
        get_config_list(["a", "b"], base_urls=["u"])


def test_openai_aoai_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "o1\no2")
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "a1")
    monkeypatch.setenv("AZURE_OPENAI_API_BASE", "https://az")
    got = config_list_openai_aoai()
    assert got == [
        {"api_key": "o1"},
        {"api_key": "o2"},
        {
            "api_key": "a1",
            "base_url": "https://az",
            "api_type": "azure",
            "api_version": DEFAULT_AZURE_API_VERSION,
        },
    ]
    assert config_list_openai_aoai(exclude="aoai") == got[:2]
    assert config_list_openai_aoai(exclude="openai") == got[2:]


def test_openai_aoai_from_key_files_without_touching_environ(tmp_path: Path) -> None:
    (tmp_path / "key_openai.txt").write_text("ok\n")
    (tmp_path / "key_aoai.txt").write_text("ak\n")
    (tmp_path / "base_aoai.txt").write_text("https://az\n")
    got = config_list_openai_aoai(key_file_path=str(tmp_path))
    assert [c["api_key"] for c in got] == ["ok", "ak"]
    assert got[1]["base_url"] == "https://az"
    assert "OPENAI_API_KEY" not in os.environ and "AZURE_OPENAI_API_KEY" not in os.environ


def test_openai_aoai_nothing_found(tmp_path: Path) -> None:
    assert config_list_openai_aoai(key_file_path=str(tmp_path)) == []


def test_config_list_from_models(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "o1")
    got = config_list_from_models(exclude="aoai", model_list=["gpt-4", "gpt-4o"])
    assert got == [{"api_key": "o1", "model": "gpt-4"}, {"api_key": "o1", "model": "gpt-4o"}]
    assert [c["model"] for c in config_list_gpt4_gpt35(exclude="aoai")] == ["gpt-4", "gpt-3.5-turbo"]


def test_config_list_from_models_without_model_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "o1")
    assert config_list_from_models(exclude="aoai") == [{"api_key": "o1"}]


# --- config_list_from_dotenv ------------------------------------------------------------


def test_dotenv_defaults_and_map(tmp_path: Path) -> None:
    env = write(tmp_path / "my.env", f"OPENAI_API_KEY={SECRET}\nMY_KEY=other-key\n")
    key_map = {
        "gpt-4o": "MY_KEY",
        "gpt-4-azure": {"api_key_env_var": "MY_KEY", "api_type": "azure", "base_url": "https://az"},
    }
    got = config_list_from_dotenv(str(env), key_map)
    by_model = {c["model"]: c for c in got}
    assert set(by_model) == {"gpt-4o", "gpt-4-azure", "gpt-4", "gpt-3.5-turbo"}
    assert by_model["gpt-4"]["api_key"] == SECRET
    assert by_model["gpt-4o"] == {"api_key": "other-key", "model": "gpt-4o"}
    assert by_model["gpt-4-azure"] == {
        "api_key": "other-key",
        "api_type": "azure",
        "base_url": "https://az",
        "model": "gpt-4-azure",
    }
    assert "MY_KEY" not in os.environ  # the file is read, the environment is left alone


def test_dotenv_environment_wins_and_filter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = write(tmp_path / ".env", "OPENAI_API_KEY=from-file\n")
    monkeypatch.setenv("OPENAI_API_KEY", "from-env")
    got = config_list_from_dotenv(str(env), filter_dict={"model": ["gpt-4"]})
    assert got == [{"api_key": "from-env", "model": "gpt-4"}]


def test_dotenv_found_from_working_directory(tmp_path: Path) -> None:
    write(tmp_path / ".env", "OPENAI_API_KEY=k\n")
    assert [c["model"] for c in config_list_from_dotenv()] == ["gpt-4", "gpt-3.5-turbo"]


def test_dotenv_missing_key_skips_model(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    env = write(tmp_path / ".env", "OPENAI_API_KEY=k\n")
    with caplog.at_level(logging.WARNING, logger="autogen.oai.openai_utils"):
        got = config_list_from_dotenv(str(env), {"gpt-4o": "NOT_SET_ANYWHERE"})
    assert [c["model"] for c in got] == ["gpt-4", "gpt-3.5-turbo"]
    assert "gpt-4o" in caplog.text


def test_dotenv_missing_file_warns_and_uses_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # v0.2.35: a .env path that does not exist is a warning; the environment still counts
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-env")
    with caplog.at_level("WARNING"):
        got = config_list_from_dotenv(str(tmp_path / "nope.env"))
    assert "nope.env" in caplog.text and "does not exist" in caplog.text
    assert [(c["model"], c["api_key"]) for c in got] == [
        ("gpt-4", "sk-from-env"),
        ("gpt-3.5-turbo", "sk-from-env"),
    ]
    monkeypatch.delenv("OPENAI_API_KEY")
    assert config_list_from_dotenv(str(tmp_path / "nope.env")) == []


def test_dotenv_bad_map_value(tmp_path: Path) -> None:
    env = write(tmp_path / ".env", "OPENAI_API_KEY=k\n")
    with pytest.raises(ConfigError, match=r"model_api_key_map\['gpt-4o'\] is a int"):
        config_list_from_dotenv(str(env), {"gpt-4o": 3})  # type: ignore[dict-item]


# --- keys -------------------------------------------------------------------------------


def test_get_key_leaves_out_endpoint_fields_and_is_order_independent() -> None:
    a = {"model": "gpt-4", "messages": [{"role": "user", "content": "hi"}], "api_key": SECRET}
    b = {"messages": [{"role": "user", "content": "hi"}], "base_url": "https://y", "model": "gpt-4"}
    assert get_key(a) == get_key(b)
    assert SECRET not in get_key(a)
    assert "api_key" in a  # the input is not modified


def test_is_valid_api_key() -> None:
    assert is_valid_api_key(SECRET)
    assert is_valid_api_key("sk-proj-" + "a" * 40)
    assert not is_valid_api_key("not-a-key")
    assert not is_valid_api_key("sk-short")


def test_env_var_relative_path_is_also_tried_in_file_location(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "conf").mkdir()
    write(tmp_path / "conf" / "list.json", CONFIGS[:1])
    monkeypatch.setenv("OAI_CONFIG_LIST", "list.json")
    assert config_list_from_json(file_location=str(tmp_path / "conf")) == CONFIGS[:1]
