"""`UserProxyAgent`: stands in for the human, and runs the code and functions others suggest."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from autogen.agentchat import prompts
from autogen.agentchat.conversable_agent import ConversableAgent

__all__ = ["UserProxyAgent"]


class UserProxyAgent(ConversableAgent):
    """A `ConversableAgent` that asks the human every turn (`ALWAYS`), executes code, and has no LLM.

    When the human just presses enter it replies automatically: with the result of running the
    code blocks it received, or of the function calls it was asked to make.
    """

    DEFAULT_USER_PROXY_AGENT_DESCRIPTIONS = prompts.USER_PROXY_DESCRIPTIONS

    def __init__(
        self,
        name: str,
        is_termination_msg: Callable[[dict[str, Any]], bool] | None = None,
        max_consecutive_auto_reply: int | None = None,
        human_input_mode: Literal["ALWAYS", "NEVER", "TERMINATE"] = "ALWAYS",
        function_map: dict[str, Callable[..., Any]] | None = None,
        code_execution_config: dict[str, Any] | Literal[False] | None = None,
        default_auto_reply: str | dict[str, Any] = "",
        llm_config: dict[str, Any] | Literal[False] | None = False,
        system_message: str | list[Any] | None = "",
        description: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            name=name,
            system_message=system_message,
            is_termination_msg=is_termination_msg,
            max_consecutive_auto_reply=max_consecutive_auto_reply,
            human_input_mode=human_input_mode,
            function_map=function_map,
            code_execution_config={} if code_execution_config is None else code_execution_config,
            llm_config=llm_config,
            default_auto_reply=default_auto_reply,
            description=(
                description
                if description is not None
                else self.DEFAULT_USER_PROXY_AGENT_DESCRIPTIONS[human_input_mode]
            ),
            **kwargs,
        )
