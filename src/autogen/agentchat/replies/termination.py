"""The first reply in every chain: end the conversation, or hand the turn to the human.

v0.2's rules, per `human_input_mode`:

* ALWAYS: ask the human every time. Empty input means "auto-reply", except after a termination
  message, where it ends the chat.
* TERMINATE: ask only on a termination message (empty input ends) or when the auto-reply limit
  for this sender is reached (empty input ends there too once the message terminates, else the
  auto-reply goes on).
* NEVER: never ask; end on a termination message or at the limit.

"exit" always ends the chat. Human text becomes the reply (answering any pending tool or function
calls with "USER INTERRUPTED"). Otherwise the auto-reply counter for this sender goes up and the
next reply function takes over.
"""

from __future__ import annotations

from typing import Any

from autogen.agentchat._printing import colour, use_colour
from autogen.agentchat.agent import Agent
from autogen.agentchat.prompts import (
    HUMAN_INPUT_ALWAYS,
    HUMAN_INPUT_TERMINATE_AT_LIMIT,
    HUMAN_INPUT_TERMINATE_ON_END,
)
from autogen.agentchat.reply_context import SupportsReplyContext
from autogen.io import IOStream

__all__ = ["a_check_termination_and_human_reply"]


def _interrupted_calls(message: dict[str, Any]) -> list[dict[str, Any]]:
    returns: list[dict[str, Any]] = []
    call = message.get("function_call")
    if call:
        name = call.get("name", "") if isinstance(call, dict) else getattr(call, "name", "")
        returns.append({"role": "function", "name": name, "content": "USER INTERRUPTED"})
    for tool_call in message.get("tool_calls") or []:
        call_id = tool_call.get("id", "") if isinstance(tool_call, dict) else getattr(tool_call, "id", "")
        returns.append({"role": "tool", "tool_call_id": call_id, "content": "USER INTERRUPTED"})
    return returns


async def a_check_termination_and_human_reply(
    recipient: SupportsReplyContext,
    messages: list[dict[str, Any]] | None = None,
    sender: Agent | None = None,
    config: SupportsReplyContext | None = None,
) -> tuple[bool, str | dict[str, Any] | None]:
    """`(True, None)` ends the chat; `(True, text)` is the human's reply; `(False, None)` passes on.

    `config`, when given, is the agent whose settings and human decide (v0.2).
    """
    ctx = (recipient if config is None else config).reply_context(sender, messages)
    message = ctx.messages[-1] if ctx.messages else {}
    mode = ctx.human_input_mode
    sender_name = "the sender" if sender is None else sender.name
    limit = ctx.max_auto_reply
    reply = ""
    no_input = False  # the human was asked and just pressed enter
    if mode == "ALWAYS":
        reply = await ctx.ask_human(HUMAN_INPUT_ALWAYS.format(sender=sender_name))
        no_input = not reply
        reply = reply if reply or not ctx.is_termination_msg(message) else "exit"
    elif ctx.auto_replies >= limit:
        if mode == "NEVER":
            reply = "exit"
        else:
            terminate = ctx.is_termination_msg(message)
            prompt = HUMAN_INPUT_TERMINATE_ON_END if terminate else HUMAN_INPUT_TERMINATE_AT_LIMIT
            reply = await ctx.ask_human(prompt.format(sender=sender_name))
            no_input = not reply
            reply = reply if reply or not terminate else "exit"
    elif ctx.is_termination_msg(message):
        if mode == "NEVER":
            reply = "exit"
        else:
            reply = await ctx.ask_human(HUMAN_INPUT_TERMINATE_ON_END.format(sender=sender_name))
            no_input = not reply
            reply = reply or "exit"

    stream = IOStream.get_default()
    if no_input:
        stream.print(colour("\n>>>>>>>> NO HUMAN INPUT RECEIVED.", "red", use_colour(stream)), flush=True)
    if reply == "exit":
        ctx.auto_replies = 0
        return True, None
    if reply or limit == 0:
        ctx.auto_replies = 0
        interrupted = _interrupted_calls(message)
        if interrupted:
            return True, {"role": "user", "content": reply, "tool_responses": interrupted}
        return True, reply
    ctx.auto_replies += 1
    if mode != "NEVER":
        stream.print(colour("\n>>>>>>>> USING AUTO REPLY...", "red", use_colour(stream)), flush=True)
    return False, None
