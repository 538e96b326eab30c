"""The compatibility contract: every documented v0.2 import path and name exists."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import autogen

TOP_LEVEL = [
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

PATHS = {
    "autogen.agentchat": [
        "Agent",
        "ConversableAgent",
        "AssistantAgent",
        "UserProxyAgent",
        "GroupChat",
        "GroupChatManager",
        "ChatResult",
        "initiate_chats",
        "register_function",
    ],
    "autogen.agentchat.conversable_agent": ["ConversableAgent", "register_function"],
    "autogen.agentchat.assistant_agent": ["AssistantAgent"],
    "autogen.agentchat.user_proxy_agent": ["UserProxyAgent"],
    "autogen.agentchat.groupchat": ["GroupChat", "GroupChatManager"],
    "autogen.oai": ["OpenAIWrapper", "ModelClient", "config_list_from_json", "filter_config"],
    "autogen.oai.client": ["OpenAIWrapper", "ModelClient"],
    "autogen.oai.openai_utils": [
        "config_list_from_json",
        "config_list_from_dotenv",
        "config_list_from_models",
        "config_list_openai_aoai",
        "config_list_gpt4_gpt35",
        "get_config_list",
        "filter_config",
    ],
    "autogen.oai.completion": ["Completion", "ChatCompletion"],
    "autogen.code_utils": [
        "extract_code",
        "execute_code",
        "infer_lang",
        "content_str",
        "check_can_use_docker_or_throw",
        "decide_use_docker",
        "UNKNOWN",
        "CODE_BLOCK_PATTERN",
        "DEFAULT_TIMEOUT",
        "WORKING_DIR",
    ],
    "autogen.coding": [
        "CodeBlock",
        "CodeResult",
        "MarkdownCodeExtractor",
        "LocalCommandLineCodeExecutor",
        "DockerCommandLineCodeExecutor",
        "CodeExecutorFactory",
    ],
    "autogen.function_utils": ["get_function_schema"],
    "autogen.token_count_utils": [
        "count_token",
        "get_max_token_limit",
        "num_tokens_from_functions",
        "percentile_used",
        "token_left",
    ],
    "autogen.cache": ["Cache"],
    "autogen.io": ["IOStream", "IOConsole"],
    "autogen.testing": ["OpenAITestServer", "ScriptedModelClient", "Fault"],
    "autogen.graph_utils": ["check_graph_validity", "invert_disallowed_to_allowed"],
}


def test_all_is_sorted_and_complete() -> None:
    assert autogen.__all__ == sorted(autogen.__all__)
    assert set(TOP_LEVEL) <= set(autogen.__all__)


@pytest.mark.parametrize("name", TOP_LEVEL)
def test_top_level_name_resolves(name: str) -> None:
    assert getattr(autogen, name) is not None


@pytest.mark.parametrize("module", sorted(PATHS))
def test_documented_import_paths(module: str) -> None:
    mod = importlib.import_module(module)
    missing = [name for name in PATHS[module] if not hasattr(mod, name)]
    assert not missing, f"{module} lacks {missing}"


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_thing"):
        autogen.no_such_thing  # noqa: B018


def test_import_autogen_stays_light() -> None:
    """`import autogen` must not pull in the SDK or the agents: they load on first use."""
    heavy = ("openai", "autogen.agentchat", "diskcache", "rich")
    code = f"import sys, autogen; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
