# A two-agent scenario: an assistant writes code, a user proxy runs it, until TERMINATE.
import testbed_utils

import autogen

testbed_utils.init()

with open("prompt.txt") as f:
    PROMPT = f.read()

assistant = autogen.AssistantAgent(
    "assistant",
    llm_config={"config_list": testbed_utils.config_list("__MODEL__"), "cache_seed": None},
)
user_proxy = autogen.UserProxyAgent(
    "user_proxy",
    human_input_mode="NEVER",
    is_termination_msg=lambda m: (m.get("content") or "").rstrip().endswith("TERMINATE"),
    code_execution_config={"work_dir": "coding", "use_docker": False},
    max_consecutive_auto_reply=10,
)
user_proxy.initiate_chat(assistant, message=PROMPT)

testbed_utils.finalize(agents=[assistant, user_proxy])
