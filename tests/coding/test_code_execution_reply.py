"""The code-execution reply function (agentchat/replies/code_execution.py) with a stand-in agent."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from autogen.agentchat.replies.code_execution import a_generate_code_execution_reply, executor_for
from autogen.agentchat.reply_context import ReplyContext
from autogen.coding import CodeBlock, CodeResult
from autogen.coding.markdown_code_extractor import MarkdownCodeExtractor
from autogen.exceptions import ConfigError
from autogen.io import IOStream


class Agent:
    """Just what the reply reads from an agent: its `ReplyContext`."""

    name = "agent"

    def __init__(self, config: dict[str, Any] | bool) -> None:
        self.code_execution_config = config
        self.chat_messages: dict[Any, list[dict[str, Any]]] = {}

    def reply_context(self, sender: Any, messages: Any = None, config: Any = None) -> ReplyContext:
        code_config = self.code_execution_config if isinstance(self.code_execution_config, dict) else False
        return ReplyContext(
            agent=self,  # type: ignore[arg-type]
            sender=sender,
            messages=self.chat_messages.get(sender, []) if messages is None else messages,
            config=config,
            chat_messages=self.chat_messages,
            code_execution_config=code_config,
        )


class Recorder:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def print(self, *objects: Any, sep: str = " ", end: str = "\n", flush: bool = False) -> None:
        self.lines.append(sep.join(map(str, objects)))

    def input(self, prompt: str = "", *, password: bool = False) -> str:
        return ""


@pytest.fixture
def printed() -> Iterator[list[str]]:
    recorder = Recorder()
    with IOStream.set_default(recorder):
        yield recorder.lines


def user(content: Any) -> dict[str, Any]:
    return {"role": "user", "content": content}


def assistant(content: Any) -> dict[str, Any]:
    return {"role": "assistant", "content": content}


@pytest.fixture
def agent(work_dir: Path) -> Agent:
    return Agent({"work_dir": str(work_dir), "use_docker": False, "timeout": 10})


async def test_success_reply_text_and_banner(agent: Agent, printed: list[str]) -> None:
    reply = await a_generate_code_execution_reply(agent, [user("```python\nprint('hello')\n```")])
    assert reply == (True, "exitcode: 0 (execution succeeded)\nCode output: \nhello\n")
    assert printed == ["\n>>>>>>>> EXECUTING CODE BLOCK 0 (inferred language is python)..."]


async def test_failure_reply_has_the_exit_code(agent: Agent) -> None:
    ok, text = await a_generate_code_execution_reply(agent, [user("```sh\necho oops >&2; exit 3\n```")])
    assert ok and text == "exitcode: 3 (execution failed)\nCode output: \noops\n"


async def test_blocks_run_in_order_and_stop_at_the_first_failure(
    agent: Agent, work_dir: Path, printed: list[str]
) -> None:
    message = "```python\nprint(1)\n```\n```python\nraise SystemExit(2)\n```\n```sh\ntouch never\n```"
    ok, text = await a_generate_code_execution_reply(agent, [user(message)])
    assert ok and text is not None and text.startswith("exitcode: 2 (execution failed)\nCode output: \n1\n\n")
    assert not (work_dir / "never").exists()
    assert len(printed) == 2 and "CODE BLOCK 1" in printed[1]


async def test_untagged_block_gets_an_inferred_language(agent: Agent, printed: list[str]) -> None:
    ok, text = await a_generate_code_execution_reply(agent, [user("```\nprint(6 * 7)\n```")])
    assert text == "exitcode: 0 (execution succeeded)\nCode output: \n42\n"
    assert "inferred language is python" in printed[0]


async def test_unknown_language_is_reported(agent: Agent) -> None:
    reply = await a_generate_code_execution_reply(agent, [user("```javascript\nconsole.log(1)\n```")])
    assert reply == (True, "exitcode: 1 (execution failed)\nCode output: \nunknown language javascript")


async def test_no_code_means_no_reply(agent: Agent) -> None:
    assert await a_generate_code_execution_reply(agent, [user("just chatting")]) == (False, None)
    assert await a_generate_code_execution_reply(agent, [user(None)]) == (False, None)


async def test_code_execution_off_means_no_reply() -> None:
    off = Agent(False)
    assert await a_generate_code_execution_reply(off, [user("```python\nprint(1)\n```")]) == (False, None)


async def test_auto_scans_only_messages_since_the_agent_last_spoke(work_dir: Path) -> None:
    history = [user("```python\nprint('old')\n```"), assistant("I ran it"), user("thanks")]
    auto = Agent({"work_dir": str(work_dir), "use_docker": False})
    assert await a_generate_code_execution_reply(auto, history) == (False, None)
    history.append(user("```python\nprint('new')\n```"))
    assert await a_generate_code_execution_reply(auto, history) == (
        True,
        "exitcode: 0 (execution succeeded)\nCode output: \nnew\n",
    )


async def test_last_n_messages_looks_further_back(work_dir: Path) -> None:
    history = [user("```python\nprint('old')\n```"), assistant("no code"), user("thanks")]
    one = Agent({"work_dir": str(work_dir), "use_docker": False, "last_n_messages": 1})
    three = Agent({"work_dir": str(work_dir), "use_docker": False, "last_n_messages": 3})
    assert await a_generate_code_execution_reply(one, history) == (False, None)
    ok, text = await a_generate_code_execution_reply(three, history)
    assert ok and text is not None and text.endswith("old\n")


async def test_most_recent_message_with_code_wins(agent: Agent) -> None:
    history = [user("```python\nprint('first')\n```"), user("```python\nprint('second')\n```")]
    ok, text = await a_generate_code_execution_reply(agent, history)
    assert text is not None and text.endswith("second\n")


@pytest.mark.parametrize("bad", [-1, "all", 1.5])
async def test_bad_last_n_messages_is_a_config_error(work_dir: Path, bad: Any) -> None:
    agent = Agent({"work_dir": str(work_dir), "use_docker": False, "last_n_messages": bad})
    with pytest.raises(ConfigError, match="last_n_messages"):
        await a_generate_code_execution_reply(agent, [user("```python\nprint(1)\n```")])


async def test_messages_default_to_the_chat_with_the_sender(agent: Agent) -> None:
    sender = object()
    agent.chat_messages[sender] = [user("```python\nprint('from history')\n```")]
    ok, text = await a_generate_code_execution_reply(agent, None, sender)
    assert text is not None and text.endswith("from history\n")


async def test_explicit_config_overrides_the_agents(work_dir: Path) -> None:
    agent = Agent(False)
    config = {"work_dir": str(work_dir), "use_docker": False}
    ok, _ = await a_generate_code_execution_reply(agent, [user("```python\nprint(1)\n```")], None, config)
    assert ok


async def test_multimodal_content_is_scanned(agent: Agent) -> None:
    content = [
        {"type": "text", "text": "```python\nprint('mm')\n```"},
        {"type": "image_url", "image_url": {}},
    ]
    ok, text = await a_generate_code_execution_reply(agent, [user(content)])
    assert text is not None and text.endswith("mm\n")


class SyncOnlyExecutor:
    def __init__(self) -> None:
        self.seen: list[CodeBlock] = []

    @property
    def code_extractor(self) -> MarkdownCodeExtractor:
        return MarkdownCodeExtractor()

    def execute_code_blocks(self, code_blocks: list[CodeBlock]) -> CodeResult:
        self.seen += code_blocks
        return CodeResult(exit_code=0, output="ran " + code_blocks[0].language)

    def restart(self) -> None:
        pass


async def test_a_user_executor_with_only_sync_methods_is_used() -> None:
    executor = SyncOnlyExecutor()
    agent = Agent({"executor": executor})
    reply = await a_generate_code_execution_reply(agent, [user("```sh\necho hi\n```")])
    assert reply == (True, "exitcode: 0 (execution succeeded)\nCode output: \nran sh")
    assert executor.seen == [CodeBlock(code="echo hi", language="sh")]


def test_the_executor_is_built_once_per_agent_and_config(agent: Agent, work_dir: Path) -> None:
    config = agent.code_execution_config
    assert isinstance(config, dict)
    first = executor_for(agent, config)
    assert executor_for(agent, {**config, "last_n_messages": 2}) is first
    assert executor_for(agent, {**config, "timeout": 3}) is not first


async def test_runaway_code_becomes_an_ordinary_failed_reply(work_dir: Path) -> None:
    agent = Agent({"work_dir": str(work_dir), "use_docker": False, "timeout": 1})
    ok, text = await a_generate_code_execution_reply(
        agent, [user("```python\nprint('hi', flush=True)\nwhile 1: pass\n```")]
    )
    assert ok and text is not None
    assert text.startswith("exitcode: 124 (execution failed)\nCode output: \nhi\n")
    assert "Timeout" in text
