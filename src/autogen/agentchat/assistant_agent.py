"""`AssistantAgent`: an LLM that solves tasks by writing code for someone else to run."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from autogen.agentchat import prompts
from autogen.agentchat.conversable_agent import ConversableAgent

__all__ = ["AssistantAgent"]


class AssistantAgent(ConversableAgent):
    """A `ConversableAgent` with a coding system message, no human input and no code execution.

    It writes python or sh code blocks (`# filename:` when the code should be saved), reads the
    execution results it gets back, and says "TERMINATE" when the task is done.
    """

    DEFAULT_SYSTEM_MESSAGE = prompts.ASSISTANT_SYSTEM_MESSAGE
    DEFAULT_DESCRIPTION = prompts.ASSISTANT_DESCRIPTION

    def __init__(
        self,
        name: str,
        system_message: str | None = DEFAULT_SYSTEM_MESSAGE,
        llm_config: dict[str, Any] | Literal[False] | None = None,
        is_termination_msg: Callable[[dict[str, Any]], bool] | None = None,
        max_consecutive_auto_reply: int | None = None,
        human_input_mode: Literal["ALWAYS", "NEVER", "TERMINATE"] = "NEVER",
        description: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            name,
            system_message,
            is_termination_msg,
            max_consecutive_auto_reply,
            human_input_mode,
            llm_config=llm_config,
            description=description,
            **kwargs,
        )
        # v0.2: the short description replaces the long default system message for speaker selection
        if description is None and system_message == self.DEFAULT_SYSTEM_MESSAGE:
            self.description = self.DEFAULT_DESCRIPTION
