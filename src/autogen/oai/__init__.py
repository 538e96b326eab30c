"""The LLM layer: OpenAIWrapper and ModelClient, the config helpers, legacy Completion classes.

Names load on first use, so `import autogen.oai` does not import the `openai` SDK until a
client is actually needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from autogen._lazy import lazy_attributes

if TYPE_CHECKING:
    from autogen.cache.cache import Cache
    from autogen.oai.client import ModelClient, OpenAIWrapper
    from autogen.oai.completion import ChatCompletion, Completion
    from autogen.oai.openai_utils import (
        config_list_from_dotenv,
        config_list_from_json,
        config_list_from_models,
        config_list_gpt4_gpt35,
        config_list_openai_aoai,
        filter_config,
        get_config_list,
    )

_HOMES: dict[str, str] = {
    "Cache": "autogen.cache.cache",
    "ChatCompletion": "autogen.oai.completion",
    "Completion": "autogen.oai.completion",
    "ModelClient": "autogen.oai.client",
    "OpenAIWrapper": "autogen.oai.client",
    "config_list_from_dotenv": "autogen.oai.openai_utils",
    "config_list_from_json": "autogen.oai.openai_utils",
    "config_list_from_models": "autogen.oai.openai_utils",
    "config_list_gpt4_gpt35": "autogen.oai.openai_utils",
    "config_list_openai_aoai": "autogen.oai.openai_utils",
    "filter_config": "autogen.oai.openai_utils",
    "get_config_list": "autogen.oai.openai_utils",
}

_SUBMODULES = frozenset({"client", "completion", "openai_utils"})

__all__ = [
    "Cache",
    "ChatCompletion",
    "Completion",
    "ModelClient",
    "OpenAIWrapper",
    "config_list_from_dotenv",
    "config_list_from_json",
    "config_list_from_models",
    "config_list_gpt4_gpt35",
    "config_list_openai_aoai",
    "filter_config",
    "get_config_list",
]


__getattr__, __dir__ = lazy_attributes(__name__, globals(), _HOMES, _SUBMODULES)
