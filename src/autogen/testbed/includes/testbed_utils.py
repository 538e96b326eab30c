"""Helpers every Testbed scenario imports: log the run the way the Testbed collects it.

import testbed_utils
testbed_utils.init()            # first thing: records timestamp.txt details, starts call logging
...                             # build agents, run the chat
testbed_utils.finalize(agents=[assistant, user_proxy])   # writes the logs into this folder
"""

import json
import os

import autogen

_history = {}


def config_list(model=None):
    """The run's config list (from the ENV the Testbed wrote), filtered to `model` when given."""
    configs = autogen.config_list_from_json("OAI_CONFIG_LIST")
    if model:
        chosen = [c for c in configs if c.get("model") == model]
        configs = chosen or configs
    return configs


def init():
    """Start logging every chat completion (`chat_completions.json`, the spec's compact=False form)."""
    autogen.ChatCompletion.start_logging(_history, compact=False)


def finalize(agents):
    """Write `chat_completions.json` and `<agent>_messages.json` for each agent."""
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "chat_completions.json"), "w") as f:
        json.dump({str(k): v for k, v in _history.items()}, f, indent=2, default=str)
    autogen.ChatCompletion.stop_logging()
    for agent in agents:
        messages = {peer.name: list(history) for peer, history in agent.chat_messages.items()}
        with open(os.path.join(here, f"{agent.name}_messages.json"), "w") as f:
            json.dump(messages, f, indent=2, default=str)
