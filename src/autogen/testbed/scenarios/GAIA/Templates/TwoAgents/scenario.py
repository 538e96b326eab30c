# GAIA, two agents: answer the question; the last line of the answer is `FINAL ANSWER: ...`.
import re

import testbed_utils

import autogen

testbed_utils.init()

ANSWERED = re.compile(r"^\s*FINAL ANSWER:", re.MULTILINE)

with open("prompt.txt") as f:
    PROMPT = f.read()

assistant = autogen.AssistantAgent(
    "assistant",
    llm_config={"config_list": testbed_utils.config_list("__MODEL__"), "cache_seed": None},
    is_termination_msg=lambda m: bool(ANSWERED.search(m.get("content") or "")),
)
user_proxy = autogen.UserProxyAgent(
    "user_proxy",
    human_input_mode="NEVER",
    is_termination_msg=lambda m: bool(ANSWERED.search(m.get("content") or "")),
    code_execution_config={"work_dir": "coding", "use_docker": False},
    max_consecutive_auto_reply=10,
)
user_proxy.initiate_chat(
    assistant,
    message=(
        "Answer the question below. Work step by step, writing code when it helps. End with one "
        "line `FINAL ANSWER: <answer>`, the answer as short as possible (a number, a few words, "
        "or a comma-separated list).\n\n" + PROMPT
    ),
)
for message in user_proxy.chat_messages[assistant]:
    if ANSWERED.search(message.get("content") or ""):
        print(message["content"].strip().splitlines()[-1])

testbed_utils.finalize(agents=[assistant, user_proxy])
