"""Every error autogen raises on purpose, in one hierarchy.

```
AutogenError
├── ConfigError (ValueError)            a config list, entry or file is wrong; names where and what
│   └── UnknownModelError (KeyError)    a model name is missing from a table (e.g. context windows)
├── ModelError                          talking to a model endpoint failed
│   ├── ModelClientNotRegisteredError   a config names `model_client_cls` that was never registered
│   ├── AllConfigsFailedError           every config in the list failed; lists each (keys redacted)
│   └── ScriptExhaustedError            a scripted test model was asked for more replies than scripted
├── CacheError                          a cache backend cannot be opened or used
├── CodeExecutionError                  running LLM-written code could not even start
│   ├── SandboxUnavailableError         strict sandboxing was asked for and cannot be built here
│   ├── DockerUnavailableError          Docker was asked for and no engine answers
│   └── UnsafeFilenameError             a `# filename:` escapes the work dir
├── ToolError                           a function exposed to the LLM is defined wrongly
│   ├── FunctionSchemaError (TypeError) a parameter type cannot be expressed as JSON schema
│   ├── ToolRegistrationError (ValueError)  bad tool name, no description, unknown api_style
│   └── NoLLMConfigError (AssertionError)   a tool was offered to an agent that has no LLM
├── AgentError                          an agent or a conversation is used wrongly
│   ├── SenderRequired
│   ├── InvalidCarryOverType
│   ├── AgentNameConflict
│   ├── NoEligibleSpeaker               a group chat has nobody left to speak (ends the chat cleanly)
│   └── UndefinedNextAgent
├── BridgeError (RuntimeError)          a sync facade was called where it would deadlock
├── TuningUnavailableError (NotImplementedError)  `Completion.tune` needs openai<1 semantics
└── NetworkBlockedError (RuntimeError)  a test tried to reach a non-loopback address (autogen.testing.guard)
```

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
    "BridgeError",
    "CacheError",
    "CodeExecutionError",
    "ConfigError",
    "DockerUnavailableError",
    "FunctionSchemaError",
    "InvalidCarryOverType",
    "MissingExtraError",
    "ModelClientNotRegisteredError",
    "ModelError",
    "NetworkBlockedError",
    "NoEligibleSpeaker",
    "NoLLMConfigError",
    "SandboxUnavailableError",
    "ScenarioError",
    "ScriptExhaustedError",
    "SenderRequired",
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


class CacheError(AutogenError):
    """A cache backend cannot be opened or used."""


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


class SenderRequired(AgentError):
    """A reply was asked for without a sender where one is needed."""


class InvalidCarryOverType(AgentError):
    """`carryover` must be a string or a list of strings."""


class AgentNameConflict(AgentError):
    """Two agents in one group chat share a name."""


class NoEligibleSpeaker(AgentError):
    """No agent may speak next; a group chat ends cleanly on this."""


class UndefinedNextAgent(AgentError):
    """The speaker-transition graph leaves the next agent undefined."""


class BridgeError(AutogenError, RuntimeError):
    """A sync method was called in a place where waiting for it would deadlock."""


class TuningUnavailableError(AutogenError, NotImplementedError):
    """`Completion.tune` relied on openai<1 API semantics, which this package does not ship."""


class NetworkBlockedError(AutogenError, RuntimeError):
    """Code under test tried to open a connection to a non-loopback address while blocked."""


class ScenarioError(AutogenError, ValueError):
    """A Testbed scenario file, template or results folder is wrong; names the file and line."""


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
