"""Every error autogen raises on purpose, in one hierarchy.

```
AutogenError
├── ConfigError (ValueError)            a config list, entry or file is wrong; names where and what
│   ├── UnknownModelError (KeyError)    a model name is missing from a table (e.g. context windows)
│   └── NoEndpointError                 the CLI found no model endpoint to use (says how to give one)
├── ModelError                          talking to a model endpoint failed
│   ├── ModelClientNotRegisteredError   a config names `model_client_cls` that was never registered
│   ├── AllConfigsFailedError           every config in the list failed; lists each (keys redacted)
│   └── ScriptExhaustedError            a scripted test model was asked for more replies than scripted
├── CodeExecutionError                  running LLM-written code could not even start
│   ├── SandboxUnavailableError         strict sandboxing was asked for and cannot be built here
│   ├── DockerUnavailableError          Docker was asked for and no engine answers
│   └── UnsafeFilenameError             a `# filename:` escapes the work dir
├── ToolError                           a function exposed to the LLM is defined wrongly
│   ├── FunctionSchemaError (TypeError) a parameter type cannot be expressed as JSON schema
│   ├── ToolRegistrationError (ValueError)  bad tool name, no description, unknown api_style
│   ├── NoLLMConfigError (AssertionError)   a tool was offered to an agent that has no LLM
│   ├── ToolArgumentError (ValueError)  a model's arguments do not fit the function (becomes a tool message)
│   └── MalformedArgumentsError (ValueError)  a model's argument text is no JSON object (a tool message too)
├── AgentError                          an agent or a conversation is used wrongly
│   ├── SenderRequired (AssertionError) `generate_reply` got neither messages nor a sender
│   ├── InvalidCarryOverType (TypeError)
│   ├── AgentNameConflict (ValueError)  two agents of one group chat share a name
│   ├── NoEligibleSpeaker               a group chat has nobody left to speak (ends the chat cleanly)
│   ├── UndefinedNextAgent
│   ├── AgentConfigError (ValueError)   an agent setting is wrong (name, human_input_mode, llm_config, hooks)
│   ├── InvalidTriggerError (ValueError)    a reply trigger that can match nothing
│   ├── ReplyFunctionError (TypeError, ValueError)  a reply function not callable, or no (final, reply)
│   ├── InvalidMessageError (ValueError, TypeError)  a message or content of the wrong shape
│   ├── SummaryMethodError (ValueError) an unknown `summary_method`, or one that needs an LLM nobody has
│   │   └── ChatQueueError (AssertionError)  a chat queue entry v0.2.35's checks refuse
│   ├── ChatNotFoundError (ValueError)  no chat, saved state or agent to resume from
│   │   └── PeerNotFoundError (KeyError)    `last_message(agent)` for an agent never talked to
│   ├── GroupChatConfigError (ValueError, TypeError)  group chat settings that contradict or are unknown
│   └── SpeakerSelectionError (ValueError)  nobody can be chosen as asked (outsider, unrunnable call)
├── DamagedPackageError (RuntimeError)   a data file shipped with autogen fails its checksum
├── TuningUnavailableError (NotImplementedError)  `Completion.tune` needs openai<1 semantics
├── NetworkBlockedError (RuntimeError)  a test tried to reach a non-loopback address (autogen.testing.guard)
├── MissingExtraError (ImportError)     an optional package is missing; names the extra to install
├── ScenarioError (ValueError)          a Testbed scenario file, template or results folder is wrong
├── ScriptError (ValueError, TypeError) a test script (scripted reply, fault, server option) is malformed
└── TestServerError (RuntimeError)      the test server could not start or serve
```

A cache backend never raises for I/O trouble (it warns once and serves misses) and a sync facade
never deadlocks (it runs on a worker thread), so neither has an error class; a wrong cache
setting is a `ConfigError`.

Errors at run time that belong to the conversation (a crashing tool, bad tool-call JSON,
code that times out) are not raised: they become messages, so a chat never dies of them.
Messages never contain secrets: use `redact` on anything that may hold a key.
"""

from __future__ import annotations

import re

__all__ = [
    "AgentError",
    "AgentNameConflict",
    "AllConfigsFailedError",
    "AutogenError",
    "AgentConfigError",
    "ChatNotFoundError",
    "ChatQueueError",
    "CodeExecutionError",
    "DamagedPackageError",
    "ConfigError",
    "DockerUnavailableError",
    "FunctionSchemaError",
    "GroupChatConfigError",
    "InvalidCarryOverType",
    "InvalidMessageError",
    "InvalidTriggerError",
    "MalformedArgumentsError",
    "MissingExtraError",
    "ModelClientNotRegisteredError",
    "ModelError",
    "NetworkBlockedError",
    "NoEligibleSpeaker",
    "NoEndpointError",
    "NoLLMConfigError",
    "PeerNotFoundError",
    "ReplyFunctionError",
    "SandboxUnavailableError",
    "ScenarioError",
    "ScriptError",
    "ScriptExhaustedError",
    "SenderRequired",
    "SpeakerSelectionError",
    "SummaryMethodError",
    "TestServerError",
    "ToolArgumentError",
    "ToolError",
    "ToolRegistrationError",
    "TuningUnavailableError",
    "UndefinedNextAgent",
    "UnknownModelError",
    "UnsafeFilenameError",
    "redact",
]


class AutogenError(Exception):
    """Base of every error autogen raises on purpose."""


class ConfigError(AutogenError, ValueError):
    """A config list, one of its entries, or the file or variable it came from is wrong."""


class UnknownModelError(ConfigError, KeyError):
    """A model name is not in a table autogen keeps; a `KeyError` as in v0.2."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class ModelError(AutogenError):
    """A call to a model endpoint could not be completed."""


class ModelClientNotRegisteredError(ModelError):
    """A config names a `model_client_cls` that `register_model_client` never received."""


class AllConfigsFailedError(ModelError):
    """Every config in the list was tried and failed; `errors` holds (config index, error)."""

    def __init__(self, message: str, errors: list[tuple[int, BaseException]] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or []


class ScriptExhaustedError(ModelError):
    """A scripted test model (`autogen.testing`) got a request after its last scripted reply."""


class CodeExecutionError(AutogenError):
    """Code could not be run at all (as opposed to code that ran and failed)."""


class SandboxUnavailableError(CodeExecutionError):
    """Strict sandboxing was asked for, and no sandbox can be built on this machine."""


class DockerUnavailableError(CodeExecutionError):
    """Docker was asked for explicitly, and no Docker engine answers."""


class UnsafeFilenameError(CodeExecutionError):
    """A `# filename:` line points outside the work dir (`..`, absolute, or via a symlink)."""


class ToolError(AutogenError):
    """A function exposed to the LLM is defined or registered wrongly."""


class FunctionSchemaError(ToolError, TypeError):
    """A parameter's type hint cannot be expressed as JSON schema."""


class ToolRegistrationError(ToolError, ValueError):
    """A tool's name is invalid, it has no description, or the `api_style` is unknown."""


class NoLLMConfigError(ToolError, AssertionError):
    """A tool signature was given to an agent whose `llm_config` is False (AssertionError as in v0.2)."""


class AgentError(AutogenError):
    """An agent or a conversation is used wrongly."""


class SenderRequired(AgentError, AssertionError):
    """A reply was asked for without messages or a sender (an AssertionError, as v0.2's assert)."""


class InvalidCarryOverType(AgentError, TypeError):
    """`carryover` must be a string or a list of strings or messages."""


class AgentNameConflict(AgentError, ValueError):
    """Two agents in one group chat share a name."""


class NoEligibleSpeaker(AgentError):
    """No agent may speak next; a group chat ends cleanly on this."""


class UndefinedNextAgent(AgentError):
    """The speaker-transition graph leaves the next agent undefined."""


class AgentConfigError(AgentError, ValueError):
    """An agent's or a chat's setting is wrong: a name, `human_input_mode`, `llm_config`, a hook,
    a chat queue."""


class InvalidTriggerError(AgentError, ValueError):
    """A `register_reply` trigger that is none of: class, name, agent, callable, None, list of those."""


class ReplyFunctionError(AgentError, TypeError, ValueError):
    """A reply function is not callable, or returned something other than `(final, reply)`."""


class InvalidMessageError(AgentError, ValueError, TypeError):
    """A message has neither content nor a call, or its receiver cannot take it."""


class SummaryMethodError(AgentError, ValueError):
    """`summary_method` is unknown, or 'reflection_with_llm' where no agent has an LLM."""


class ChatQueueError(SummaryMethodError, AssertionError):
    """A chat queue entry without sender or recipient, or with a bad `summary_method` (v0.2.35 asserted)."""


class ChatNotFoundError(AgentError, ValueError):
    """There is no chat, saved state or agent of that name to resume or load from."""


class PeerNotFoundError(ChatNotFoundError, KeyError):
    """`last_message(agent)` names an agent this one never talked to (a KeyError, as in v0.2)."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class GroupChatConfigError(AgentError, ValueError, TypeError):
    """Group chat settings contradict each other, are unknown, or name agents it does not have."""


class SpeakerSelectionError(AgentError, ValueError):
    """A speaker selection method chose an agent (or name) outside the group chat."""


class ToolArgumentError(ToolError, ValueError):
    """The model's arguments do not fit the function; `problems` lists each misfit.

    Never leaves a chat: the tool-call reply turns it into the tool message the model reads.
    """

    def __init__(self, function_name: str, problems: list[str]) -> None:
        self.function_name = function_name
        self.problems = problems
        super().__init__(f"invalid arguments for function '{function_name}': " + "; ".join(problems))


class MalformedArgumentsError(ToolError, ValueError):
    """A model's function-call argument text is not a JSON object; the model reads this, nothing raises."""


class DamagedPackageError(AutogenError, RuntimeError):
    """A data file shipped inside autogen (a tokenizer table) fails its checksum: reinstall."""


class NoEndpointError(ConfigError):
    """The command line found no model endpoint to use; the message says how to give one."""


class TuningUnavailableError(AutogenError, NotImplementedError):
    """`Completion.tune` relied on openai<1 API semantics, which this package does not ship."""


class NetworkBlockedError(AutogenError, RuntimeError):
    """Code under test tried to open a connection to a non-loopback address while blocked."""


class ScenarioError(AutogenError, ValueError):
    """A Testbed scenario file, template or results folder is wrong; names the file and line."""


class ScriptError(AutogenError, ValueError, TypeError):
    """A scripted reply, a fault or a test-server option of `autogen.testing` is malformed."""


class TestServerError(AutogenError, RuntimeError):
    """The OpenAI-compatible test server could not start or serve."""

    __test__ = False  # not a pytest test class, despite the name


class MissingExtraError(AutogenError, ImportError):
    """An optional package is not installed; the message names the extra that brings it."""

    def __init__(self, message: str, *, extra: str, name: str | None = None) -> None:
        super().__init__(message, name=name)
        self.extra = extra


_SECRET = re.compile(
    r"(sk-[A-Za-z0-9_\-]{4})[A-Za-z0-9_\-]+"
    r"|((?:api[_-]?key|token|secret)['\"]?\s*[:=]\s*['\"]?)[^'\"\s,}]+",
    re.IGNORECASE,
)


def redact(text: str) -> str:
    """Mask anything in `text` that looks like an API key, keeping a short prefix to tell keys apart."""
    return _SECRET.sub(lambda m: (m.group(1) + "…") if m.group(1) else (m.group(2) + "***"), text)
