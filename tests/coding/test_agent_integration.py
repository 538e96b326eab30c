"""A user proxy runs an assistant's code through the whole stack (scripted model, no network)."""

from __future__ import annotations

from pathlib import Path

import autogen
from autogen.io import IOStream
from autogen.testing import ScriptedModelClient


class Quiet:
    def __init__(self) -> None:
        self.text: list[str] = []

    def print(self, *objects: object, sep: str = " ", end: str = "\n", flush: bool = False) -> None:
        self.text.append(sep.join(map(str, objects)))

    def input(self, prompt: str = "", *, password: bool = False) -> str:
        return ""


def test_user_proxy_executes_the_assistants_code_in_the_sandbox(work_dir: Path, fake_key: str) -> None:
    code = "```python\n# filename: hello.py\nimport os\nprint('hello', os.environ.get('OPENAI_API_KEY'))\n```"
    assistant = autogen.AssistantAgent(
        "assistant",
        llm_config={"config_list": [{"model": "scripted", "model_client_cls": "ScriptedModelClient"}]},
    )
    assistant.register_model_client(ScriptedModelClient, replies=[code, "TERMINATE"])
    user = autogen.UserProxyAgent(
        "user",
        human_input_mode="NEVER",
        code_execution_config={"work_dir": str(work_dir), "use_docker": False},
        max_consecutive_auto_reply=2,
    )
    stream = Quiet()
    with IOStream.set_default(stream):
        user.initiate_chat(assistant, message="say hello")
    sent = [m["content"] for m in assistant.chat_messages[user] if m["role"] == "user"]
    assert "exitcode: 0 (execution succeeded)\nCode output: \nhello None\n" in sent
    assert (work_dir / "hello.py").exists()
    assert any("EXECUTING CODE BLOCK 0 (inferred language is python)" in line for line in stream.text)
    assert fake_key not in "".join(stream.text)
