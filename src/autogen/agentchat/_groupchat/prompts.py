"""The default texts a group chat sends to the model and to its members.

Prompts are data: they live here, not inside the selection logic. Each template keeps v0.2's
placeholders so user templates written for v0.2 work unchanged:
`{roles}` (one "name: description" line per candidate) and `{agentlist}` (the candidate names,
formatted as a Python list).
"""

from __future__ import annotations

__all__ = [
    "CLEAR_HISTORY_HINT",
    "GROUP_CHAT_MANAGER_SYSTEM_MESSAGE",
    "INTRODUCTIONS_TEMPLATE",
    "SELECT_SPEAKER_AUTO_MULTIPLE_TEMPLATE",
    "SELECT_SPEAKER_AUTO_NONE_TEMPLATE",
    "SELECT_SPEAKER_MESSAGE_TEMPLATE",
    "SELECT_SPEAKER_PROMPT_TEMPLATE",
    "UNEXECUTABLE_CALL_TEMPLATE",
    "SPLIT_CALLS_TEMPLATE",
]

GROUP_CHAT_MANAGER_SYSTEM_MESSAGE = "Group chat manager."

# The system message of the speaker-selection request.
SELECT_SPEAKER_MESSAGE_TEMPLATE = """You coordinate a conversation among several participants.
The participants are:
{roles}

Read the conversation that follows, then decide which participant from {agentlist} should speak next.
Answer with that participant's name only."""

# The closing instruction appended after the conversation in the selection request.
SELECT_SPEAKER_PROMPT_TEMPLATE = (
    "Given the conversation above, which participant from {agentlist} should speak next? "
    "Answer with the name only."
)

# Retry prompts when the model's answer named several participants, or none.
SELECT_SPEAKER_AUTO_MULTIPLE_TEMPLATE = (
    "Your answer named more than one participant. Answer again with exactly one name from {agentlist} "
    "and nothing else."
)
SELECT_SPEAKER_AUTO_NONE_TEMPLATE = (
    "Your answer did not name any participant. Answer again with exactly one name from {agentlist} "
    "and nothing else."
)

# Sent to every member before the first round when `send_introductions=True`.
INTRODUCTIONS_TEMPLATE = """Welcome, everyone. This group was put together to answer questions and do tasks.
Taking part:

{roles}

"""

# Mentioned in the docs of `enable_clear_history`: how a member asks the manager to clear history.
CLEAR_HISTORY_HINT = (
    "Say 'CLEAR HISTORY' (optionally followed by an agent name and a number of messages to keep) "
    "to clear the conversation history."
)

# Content of the tool/function response the manager writes for a call no member can execute.
UNEXECUTABLE_CALL_TEMPLATE = (
    "Error: no agent in this group chat can execute the function {function_name!r}. "
    "Available functions: {available}. Do not call it again; answer without it or call an available function."
)
SPLIT_CALLS_TEMPLATE = (
    "Error: the function {function_name!r} was not run because no single agent in this group chat can run "
    "all the calls of that message. Make calls to functions of different agents in separate messages."
)
