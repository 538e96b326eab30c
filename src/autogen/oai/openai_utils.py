"""Config-list helpers: where model endpoints and keys come from (the v0.2 `oai` utilities).

A *config list* is a list of dicts, one per endpoint, tried in order by `OpenAIWrapper`:
`{"model": "gpt-4", "api_key": "...", "base_url": ..., "api_type": "azure", "api_version": ...,
"tags": [...]}`. These helpers build one from a JSON file or environment variable, a `.env` file,
key files, or plain lists of keys, and `filter_config` narrows it.

Differences from v0.2, each on purpose:
- Bad input raises `ConfigError` naming the file or variable, the entry index and the field
  (v0.2 returned `[]` for a missing file and let `json` errors escape). Secrets are never echoed.
- Nothing here writes to `os.environ` (v0.2's `config_list_openai_aoai` and
  `config_list_from_dotenv` exported the keys they read into the process environment).
- A scalar value in `filter_dict` matches by equality (v0.2 tested `in`, a substring match for
  strings); lists keep v0.2's "any of these" meaning.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from autogen.exceptions import ConfigError, redact

__all__ = [
    "DEFAULT_AZURE_API_VERSION",
    "KNOWN_API_TYPES",
    "NON_CACHE_KEY",
    "config_list_from_dotenv",
    "config_list_from_json",
    "config_list_from_models",
    "config_list_gpt4_gpt35",
    "config_list_openai_aoai",
    "filter_config",
    "get_config",
    "get_config_list",
    "get_key",
    "is_valid_api_key",
    "validate_config_list",
]

logger = logging.getLogger(__name__)

NON_CACHE_KEY = ["api_key", "base_url", "api_type", "api_version"]
"""Config fields that say *where* a request goes, not *what* it asks; they stay out of cache keys."""

DEFAULT_AZURE_API_VERSION = "2024-02-01"
KNOWN_API_TYPES: tuple[str | None, ...] = ("openai", "open_ai", "azure", None)
_CONFIG_HINT = '[{"model": "gpt-4", "api_key": "<your key>"}]'


def get_key(config: Mapping[str, Any]) -> str:
    """A stable cache key for a request: its JSON with sorted keys, endpoint fields left out."""
    if any(key in config for key in NON_CACHE_KEY):
        config = {k: v for k, v in config.items() if k not in NON_CACHE_KEY}
    return json.dumps(config, sort_keys=True)


def is_valid_api_key(api_key: str) -> bool:
    """Whether `api_key` has the shape of an OpenAI key (`sk-...`, `sk-proj-...`)."""
    rest = api_key[3:] if api_key.startswith("sk-") else ""
    return len(rest) >= 20 and all(c.isascii() and (c.isalnum() or c in "-_") for c in rest)


# --------------------------------------------------------------------------------------------
# validation


def validate_config_list(config_list: Any, source: str = "config_list") -> list[dict[str, Any]]:
    """Check that `config_list` is a list of endpoint configs and return it.

    `source` names where the list came from ("config file '/x/OAI_CONFIG_LIST'", ...) so that the
    error points at the right place. Each entry must be an object with a non-empty string `model`;
    `api_type`, when given, must be one of `KNOWN_API_TYPES` unless the entry names its own
    `model_client_cls` (custom clients define their own api types).
    """
    if isinstance(config_list, dict):
        raise ConfigError(
            f"{source} holds a single JSON object; it must be a list of config objects: wrap it in [ ]"
        )
    if not isinstance(config_list, list):
        raise ConfigError(
            f"{source} must be a list of config objects, got {type(config_list).__name__}; "
            f"e.g. {_CONFIG_HINT}"
        )
    for index, entry in enumerate(config_list):
        where = f"{source}, entry {index}"
        if not isinstance(entry, dict):
            raise ConfigError(
                f"{where} is a {type(entry).__name__}, not an object; each entry looks like {_CONFIG_HINT}"
            )
        model = entry.get("model")
        if not isinstance(model, str) or not model.strip():
            problem = (
                "has no 'model' field"
                if model is None
                else "has a 'model' field that is not a non-empty string"
            )
            raise ConfigError(f'{where} {problem}; name the model or deployment, e.g. "model": "gpt-4"')
        api_type = entry.get("api_type")
        if api_type not in KNOWN_API_TYPES and "model_client_cls" not in entry:
            raise ConfigError(
                f"{where} (model {model!r}): field 'api_type' is {redact(repr(api_type))}; "
                "known api types are 'openai' and 'azure' (or leave it out); for another kind of "
                "endpoint set 'base_url', or a 'model_client_cls' for a custom client"
            )
        for field in ("api_key", "base_url", "api_version"):
            if field in entry and entry[field] is not None and not isinstance(entry[field], str):
                raise ConfigError(f"{where} (model {model!r}): field {field!r} must be a string")
        tags = entry.get("tags")
        if tags is not None and not (isinstance(tags, list) and all(isinstance(t, str) for t in tags)):
            raise ConfigError(f"{where} (model {model!r}): field 'tags' must be a list of strings")
    return config_list


# --------------------------------------------------------------------------------------------
# filtering


def _satisfies(value: Any, acceptable: Any) -> bool:
    if not isinstance(acceptable, (list, tuple, set, frozenset)):
        acceptable = [acceptable]
    if isinstance(value, list):  # list-valued fields such as `tags` match on any overlap
        return any(v in acceptable for v in value)
    return value in acceptable


def filter_config(
    config_list: list[dict[str, Any]], filter_dict: Mapping[str, Any] | None, exclude: bool = False
) -> list[dict[str, Any]]:
    """Keep the configs whose every filtered field has one of the accepted values.

    `filter_dict` maps a field to a list of accepted values (`{"model": ["gpt-4", "gpt-4o"]}`); a
    config lacking the field has the value `None`, so include `None` to keep those. A list-valued
    field (`tags`) matches when it shares any element with the accepted values. With
    `exclude=True` a config is kept only when none of the criteria match it.
    The configs are returned as they are, not copied.
    """
    if not filter_dict:
        return config_list
    return [
        config
        for config in config_list
        if all(_satisfies(config.get(key), values) != exclude for key, values in filter_dict.items())
    ]


# --------------------------------------------------------------------------------------------
# from JSON


def _parse_json(text: str, source: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise ConfigError(
            f"{source} is not valid JSON: {e.msg} at line {e.lineno} column {e.colno}; "
            f"it must hold a list of configs such as {_CONFIG_HINT}"
        ) from None


def _read_text(path: str, source: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        reason = e.strerror if isinstance(e, OSError) else "not UTF-8 text"
        raise ConfigError(f"{source} cannot be read: {type(e).__name__}: {reason}") from None


def config_list_from_json(
    env_or_file: str = "OAI_CONFIG_LIST",
    file_location: str | None = "",
    filter_dict: Mapping[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Load a config list from an environment variable or a JSON file, then filter it.

    If the environment variable `env_or_file` is set, it holds either the JSON text itself or the
    path of a JSON file. Otherwise `env_or_file` is a file name, looked up in `file_location`.
    Raises `ConfigError` for a missing file, invalid JSON (with line and column) and malformed
    entries (see `validate_config_list`).
    """
    env_value = os.environ.get(env_or_file, "")
    if env_value.strip():
        if env_value.lstrip().startswith(("[", "{")):
            source = f"environment variable {env_or_file!r}"
            text = env_value
        else:
            tried = [env_value]
            if file_location and not os.path.isabs(env_value):
                tried.append(os.path.join(file_location, env_value))
            path = next((p for p in tried if os.path.isfile(p)), None)
            if path is None:
                raise ConfigError(
                    f"environment variable {env_or_file!r} is set, but its value is neither JSON (a list "
                    f"starting with '[') nor an existing file; tried: {redact(', '.join(map(repr, tried)))}"
                )
            source = f"config file {os.path.abspath(path)!r} (from environment variable {env_or_file!r})"
            text = _read_text(path, source)
    else:
        path = os.path.join(file_location or "", env_or_file)
        source = f"config file {os.path.abspath(path)!r}"
        if not os.path.isfile(path):
            raise ConfigError(
                f"no config list found: environment variable {env_or_file!r} is not set and "
                f"{source} does not exist. Set {env_or_file} to a JSON list of configs (or to the path "
                f"of a JSON file holding one), or create that file, e.g. {_CONFIG_HINT}"
            )
        text = _read_text(path, source)
    config_list = validate_config_list(_parse_json(text, source), source)
    return filter_config(config_list, filter_dict)


# --------------------------------------------------------------------------------------------
# from keys


def get_config(
    api_key: str | None,
    base_url: str | None = None,
    api_type: str | None = None,
    api_version: str | None = None,
) -> dict[str, Any]:
    """One config entry from its parts; parts that are `None` are left out (except `api_key`)."""
    config: dict[str, Any] = {"api_key": api_key}
    if base_url:
        config["base_url"] = base_url
    if api_type:
        config["api_type"] = api_type
    if api_version:
        config["api_version"] = api_version
    return config


def get_config_list(
    api_keys: list[str],
    base_urls: list[str] | None = None,
    api_type: str | None = None,
    api_version: str | None = None,
) -> list[dict[str, Any]]:
    """One config per API key (blank keys are skipped), paired with `base_urls` by position.

    The entries have no `model`: add it yourself or use `config_list_from_models`.
    """
    if base_urls is not None and len(base_urls) != len(api_keys):
        raise ConfigError(
            f"get_config_list got {len(api_keys)} api_keys but {len(base_urls)} base_urls; "
            "give one base URL per key"
        )
    config_list = []
    for i, api_key in enumerate(api_keys):
        if not api_key or not api_key.strip():
            continue
        base_url = base_urls[i].strip() if base_urls and base_urls[i] else None
        config_list.append(get_config(api_key.strip(), base_url, api_type, api_version))
    return config_list


def _env_or_file(var: str, key_file_path: str, file_name: str, what: str) -> str:
    """`var` from the environment, else the stripped contents of `key_file_path/file_name`."""
    value = os.environ.get(var)
    if value is not None:
        return value
    path = os.path.join(key_file_path, file_name)
    try:
        return Path(path).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        logger.info("%s is not in the environment and %s does not exist; no %s from there", var, path, what)
        return ""
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"key file {os.path.abspath(path)!r} cannot be read: {type(e).__name__}") from None


def config_list_openai_aoai(
    key_file_path: str | None = ".",
    openai_api_key_file: str | None = "key_openai.txt",
    aoai_api_key_file: str | None = "key_aoai.txt",
    openai_api_base_file: str | None = "base_openai.txt",
    aoai_api_base_file: str | None = "base_aoai.txt",
    exclude: str | None = None,
) -> list[dict[str, Any]]:
    """Configs for every OpenAI and Azure OpenAI key found, OpenAI first.

    Keys come from `OPENAI_API_KEY` / `AZURE_OPENAI_API_KEY` (one per line), else from the key
    files in `key_file_path`; base URLs from `OPENAI_API_BASE` / `AZURE_OPENAI_API_BASE` or their
    files. `exclude` is "openai" or "aoai" to leave one side out. Entries have no `model`.
    """
    if exclude not in (None, "openai", "aoai"):
        raise ConfigError(f"exclude must be 'openai', 'aoai' or None, not {exclude!r}")
    root = key_file_path or "."
    config_list: list[dict[str, Any]] = []
    if exclude != "openai":
        keys = _env_or_file("OPENAI_API_KEY", root, openai_api_key_file or "key_openai.txt", "OpenAI key")
        bases = _env_or_file(
            "OPENAI_API_BASE", root, openai_api_base_file or "base_openai.txt", "OpenAI base URL"
        )
        key_list = keys.split("\n")
        base_list = bases.split("\n") if bases else None
        if base_list is not None and len(base_list) != len(key_list):
            raise ConfigError(
                f"OPENAI_API_BASE has {len(base_list)} base URLs but OPENAI_API_KEY has "
                f"{len(key_list)} keys; give one base URL per key (one per line)"
            )
        config_list += get_config_list(key_list, base_list)
    if exclude != "aoai":
        keys = _env_or_file("AZURE_OPENAI_API_KEY", root, aoai_api_key_file or "key_aoai.txt", "Azure key")
        bases = _env_or_file(
            "AZURE_OPENAI_API_BASE", root, aoai_api_base_file or "base_aoai.txt", "Azure base"
        )
        key_list, base_list = keys.split("\n"), bases.split("\n")
        if len(base_list) != len(key_list) and any(k.strip() for k in key_list):
            raise ConfigError(
                f"AZURE_OPENAI_API_BASE has {len(base_list)} endpoints but AZURE_OPENAI_API_KEY has "
                f"{len(key_list)} keys; give one endpoint per key (one per line)"
            )
        if len(base_list) == len(key_list):
            config_list += get_config_list(key_list, base_list, "azure", DEFAULT_AZURE_API_VERSION)
    return config_list


def config_list_from_models(
    key_file_path: str | None = ".",
    openai_api_key_file: str | None = "key_openai.txt",
    aoai_api_key_file: str | None = "key_aoai.txt",
    aoai_api_base_file: str | None = "base_aoai.txt",
    exclude: str | None = None,
    model_list: list[str] | None = None,
) -> list[dict[str, Any]]:
    """`config_list_openai_aoai`, with one copy of every endpoint per model in `model_list`.

    Ordered model by model: all endpoints for the first model, then for the second.
    """
    config_list = config_list_openai_aoai(
        key_file_path=key_file_path,
        openai_api_key_file=openai_api_key_file,
        aoai_api_key_file=aoai_api_key_file,
        aoai_api_base_file=aoai_api_base_file,
        exclude=exclude,
    )
    if model_list:
        config_list = [{**config, "model": model} for model in model_list for config in config_list]
    return config_list


def config_list_gpt4_gpt35(
    key_file_path: str | None = ".",
    openai_api_key_file: str | None = "key_openai.txt",
    aoai_api_key_file: str | None = "key_aoai.txt",
    aoai_api_base_file: str | None = "base_aoai.txt",
    exclude: str | None = None,
) -> list[dict[str, Any]]:
    """`config_list_from_models` for gpt-4, then gpt-3.5-turbo."""
    return config_list_from_models(
        key_file_path,
        openai_api_key_file,
        aoai_api_key_file,
        aoai_api_base_file,
        exclude,
        model_list=["gpt-4", "gpt-3.5-turbo"],
    )


# --------------------------------------------------------------------------------------------
# from .env


def config_list_from_dotenv(
    dotenv_file_path: str | os.PathLike[str] | None = None,
    model_api_key_map: Mapping[str, str | dict[str, Any]] | None = None,
    filter_dict: Mapping[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Configs for the models in `model_api_key_map`, with keys read from a `.env` file.

    `model_api_key_map` maps a model to the name of the variable holding its key, or to a dict
    with `api_key_env_var` plus any other config fields (`base_url`, `api_type`, ...).
    "gpt-4" and "gpt-3.5-turbo" are always included, keyed by `OPENAI_API_KEY`, unless the map
    names them. Variables already in the environment win over the file (as `load_dotenv` does),
    and the environment is not modified. A model whose key is missing or empty is skipped with a
    warning. Without `dotenv_file_path` the nearest `.env` above the working directory is used; a
    `dotenv_file_path` that does not exist gives a warning and the environment alone (as v0.2.35).
    """
    from dotenv import dotenv_values, find_dotenv

    if dotenv_file_path is not None:
        dotenv_path = str(dotenv_file_path)
        if not Path(dotenv_file_path).is_file():  # v0.2.35: a warning, then the environment alone
            logger.warning(
                ".env file %r does not exist; loading configurations from environment variables only",
                os.path.abspath(dotenv_file_path),
            )
            dotenv_path = ""
    else:
        dotenv_path = find_dotenv(usecwd=True)
        if not dotenv_path:
            logger.warning("no .env file found; loading configurations from environment variables only")
    file_values = (
        {k: v for k, v in dotenv_values(dotenv_path).items() if v is not None} if dotenv_path else {}
    )

    def lookup(var: str) -> str | None:
        return os.environ.get(var, file_values.get(var))

    key_map: dict[str, str | dict[str, Any]] = dict(model_api_key_map or {})
    for model in ("gpt-4", "gpt-3.5-turbo"):
        key_map.setdefault(model, "OPENAI_API_KEY")

    config_list: list[dict[str, Any]] = []
    for model, spec in key_map.items():
        if isinstance(spec, str):
            config = get_config(api_key=lookup(spec))
        elif isinstance(spec, dict):
            fields = {k: v for k, v in spec.items() if k != "api_key_env_var"}
            config = {**fields, "api_key": lookup(spec.get("api_key_env_var", "OPENAI_API_KEY"))}
        else:
            raise ConfigError(
                f"model_api_key_map[{model!r}] is a {type(spec).__name__}; it must be the name of the "
                "variable holding the key, or a dict with 'api_key_env_var' and other config fields"
            )
        if not config["api_key"] or not str(config["api_key"]).strip():
            logger.warning("API key for model %r not found or empty; skipping it", model)
            continue
        config["model"] = model
        config_list.append(config)

    source = f".env file {os.path.abspath(dotenv_path)!r}" if dotenv_path else "environment variables"
    config_list = filter_config(validate_config_list(config_list, source), filter_dict)
    if not config_list:
        logger.error("no configurations loaded from %s", source)
    return config_list
