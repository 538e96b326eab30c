# HumanEval, two agents: the assistant writes the function; the user proxy runs the unit tests
# on every code block it gets and reports back, until they pass or the turns run out.
import testbed_utils

import autogen

testbed_utils.init()

with open("prompt.txt") as f:
    PROMPT = f.read()

assistant = autogen.AssistantAgent(
    "assistant",
    llm_config={"config_list": testbed_utils.config_list("__MODEL__"), "cache_seed": None},
    is_termination_msg=lambda m: (m.get("content") or "").rstrip().endswith("TERMINATE"),
)
user_proxy = autogen.UserProxyAgent(
    "user_proxy",
    human_input_mode="NEVER",
    is_termination_msg=lambda m: (m.get("content") or "").rstrip().endswith("TERMINATE"),
    code_execution_config={"work_dir": "coding", "use_docker": False},
    max_consecutive_auto_reply=10,
    default_auto_reply="TERMINATE",
)
user_proxy.initiate_chat(
    assistant,
    message=(
        "The following Python function signature and docstring describe a task. Reply with the "
        "whole function in a ```python block whose first line is `# filename: solution.py`, "
        "followed by a ```sh block that runs `python run_tests.py` (the unit tests). Fix the "
        "function until the tests pass, then reply TERMINATE.\n\n" + PROMPT
    ),
)

testbed_utils.finalize(agents=[assistant, user_proxy])
