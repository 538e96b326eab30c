"""`override_llm`: give an agent (or a wrapper) a test double for its model, for one block.

```python
from autogen.testing import ScriptedModelClient, override_llm

with override_llm(assistant, ScriptedModelClient(replies=["Hi! TERMINATE"])) as double:
    user.initiate_chat(assistant, message="hello")
assert double.request_count == 1          # and the assistant's own client is back here
```

`model` is a `ModelClient` instance (a `ScriptedModelClient`, a `SchemaModelClient`, your own),
or a list of scripted replies (made into a `ScriptedModelClient`). The swap replaces the routes
of the agent's `OpenAIWrapper` (so usage keeps counting on the same wrapper); an agent without
an LLM gets a wrapper for the block. Everything is put back on leaving the block, also when it
raises, and it works the same inside async code (`with`, not `async with`: nothing is awaited).
Overrides nest; do not share one agent between concurrent overridden blocks.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from autogen.exceptions import ScriptError

if TYPE_CHECKING:
    from autogen.agentchat.conversable_agent import ConversableAgent
    from autogen.oai.client import OpenAIWrapper

__all__ = ["override_llm"]

M = TypeVar("M")


def _double(model: Any) -> Any:
    if isinstance(model, Sequence) and not isinstance(model, (str, bytes)):
        from autogen.testing.scripted import ScriptedModelClient

        return ScriptedModelClient(replies=list(model))
    if not callable(getattr(model, "create", None)):
        raise ScriptError(
            f"override_llm needs a ModelClient (with create/message_retrieval/cost/get_usage) or a list of "
            f"scripted replies, not {type(model).__name__}."
        )
    return model


def _wrapper_for(double: Any, like: OpenAIWrapper | None = None) -> OpenAIWrapper:
    """A wrapper whose one route is `double`, asking with `like`'s request settings (its tools)."""
    from autogen.oai.client import OpenAIWrapper

    name = type(double).__name__
    wrapper = OpenAIWrapper(
        config_list=[{"model": str(getattr(double, "model", "test-double")), "model_client_cls": name}],
        cache_seed=None,
    )
    route = wrapper._routes[0]
    route.client = double
    if like is not None and like._routes:
        route.request.update({k: v for k, v in like._routes[0].request.items() if k != "model"})
    return wrapper


@contextmanager
def override_llm(target: ConversableAgent | OpenAIWrapper, model: Any) -> Iterator[Any]:
    """Within the block, `target`'s model calls go to `model` (see the module doc); yields the double."""
    from autogen.oai.client import OpenAIWrapper

    double = _double(model)
    if isinstance(target, OpenAIWrapper):
        replacement = _wrapper_for(double, target)
        saved_routes = target._routes
        target._routes = replacement._routes
        try:
            yield double
        finally:
            target._routes = saved_routes
        return
    client = getattr(target, "_client", None)  # not `client`: that would build a pending default
    if client is None:
        target.client = _wrapper_for(double)
        try:
            yield double
        finally:
            target.client = None
        return
    with override_llm(client, double):
        yield double
