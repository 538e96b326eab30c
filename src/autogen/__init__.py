"""autogen: LLM applications built from agents that converse (the AutoGen v0.2 API).

`import autogen` is kept light: each public name below is imported from its home module on
first use, so a script that only needs the config helpers never loads the agent machinery or
the `openai` SDK. Type checkers and IDEs see the same names through the TYPE_CHECKING block.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from autogen._lazy import lazy_attributes
from autogen.version import __version__

if TYPE_CHECKING:
    from autogen.agentchat.agent import Agent
    from autogen.agentchat.assistant_agent import AssistantAgent
    from autogen.agentchat.chat import ChatResult, initiate_chats
    from autogen.agentchat.conversable_agent import ConversableAgent, register_function
    from autogen.agentchat.groupchat import GroupChat, GroupChatManager
    from autogen.agentchat.user_proxy_agent import UserProxyAgent
    from autogen.agentchat.utils import gather_usage_summary
    from autogen.cache.cache import Cache
    from autogen.code_utils import DEFAULT_MODEL, FAST_MODEL
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

# public name -> the module that is its real home
_HOMES: dict[str, str] = {
    "Agent": "autogen.agentchat.agent",
    "AssistantAgent": "autogen.agentchat.assistant_agent",
    "Cache": "autogen.cache.cache",
    "ChatCompletion": "autogen.oai.completion",
    "ChatResult": "autogen.agentchat.chat",
    "Completion": "autogen.oai.completion",
    "ConversableAgent": "autogen.agentchat.conversable_agent",
    "DEFAULT_MODEL": "autogen.code_utils",
    "FAST_MODEL": "autogen.code_utils",
    "GroupChat": "autogen.agentchat.groupchat",
    "GroupChatManager": "autogen.agentchat.groupchat",
    "ModelClient": "autogen.oai.client",
    "OpenAIWrapper": "autogen.oai.client",
    "UserProxyAgent": "autogen.agentchat.user_proxy_agent",
    "config_list_from_dotenv": "autogen.oai.openai_utils",
    "config_list_from_json": "autogen.oai.openai_utils",
    "config_list_from_models": "autogen.oai.openai_utils",
    "config_list_gpt4_gpt35": "autogen.oai.openai_utils",
    "config_list_openai_aoai": "autogen.oai.openai_utils",
    "filter_config": "autogen.oai.openai_utils",
    "gather_usage_summary": "autogen.agentchat.utils",
    "get_config_list": "autogen.oai.openai_utils",
    "initiate_chats": "autogen.agentchat.chat",
    "register_function": "autogen.agentchat.conversable_agent",
}

# subpackages reachable as attributes (`autogen.oai.openai_utils`) without an explicit import
_SUBMODULES = frozenset(
    {
        "agentchat",
        "browser_utils",
        "cache",
        "code_utils",
        "coding",
        "exceptions",
        "function_utils",
        "graph_utils",
        "io",
        "oai",
        "retrieve_utils",
        "runtime_logging",
        "testing",
        "token_count_utils",
    }
)

__all__ = [
    "Agent",
    "AssistantAgent",
    "Cache",
    "ChatCompletion",
    "ChatResult",
    "Completion",
    "ConversableAgent",
    "DEFAULT_MODEL",
    "FAST_MODEL",
    "GroupChat",
    "GroupChatManager",
    "ModelClient",
    "OpenAIWrapper",
    "UserProxyAgent",
    "__version__",
    "config_list_from_dotenv",
    "config_list_from_json",
    "config_list_from_models",
    "config_list_gpt4_gpt35",
    "config_list_openai_aoai",
    "filter_config",
    "gather_usage_summary",
    "get_config_list",
    "initiate_chats",
    "register_function",
]


__getattr__, __dir__ = lazy_attributes(__name__, globals(), _HOMES, _SUBMODULES)
