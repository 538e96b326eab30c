"""Fill `prompt` and message `content` templates from a `context` dict, as v0.2 did.

A template is a str or a callable. A str is used as is, unless `allow_format_str_template`
is set, then it is `template.format(**context)` (off by default because model output and
user text are full of braces). A callable gets the context: by keyword when it has a
parameter named `context` (so the guide's `partial(content, turn=0)` over
`def content(turn, context)` works), otherwise as its one positional argument.

Without a context nothing is copied: the caller's message list is sent as it is.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from autogen.exceptions import ConfigError

__all__ = ["instantiate", "materialize"]


def _takes_context_keyword(func: Callable[..., Any]) -> bool:
    try:
        param = inspect.signature(func).parameters.get("context")
    except (TypeError, ValueError):
        return False
    return param is not None and param.kind in (param.POSITIONAL_OR_KEYWORD, param.KEYWORD_ONLY)


def instantiate(
    template: Any, context: dict[str, Any] | None, allow_format_str_template: bool = False
) -> Any:
    """The text a template stands for in `context` (the template itself when there is no context)."""
    if not context or template is None:
        return template
    if isinstance(template, str):
        if not allow_format_str_template:
            return template
        try:
            return template.format(**context)
        except (KeyError, IndexError) as err:
            raise ConfigError(
                f"The template {template[:60]!r} names {err} which the context does not have; "
                f"context keys are {sorted(context)}."
            ) from err
    if callable(template):
        if _takes_context_keyword(template):
            return template(context=context)
        return template(context)
    return template  # multimodal content lists and the like pass through


def materialize(
    params: dict[str, Any], context: dict[str, Any] | None, allow_format_str_template: bool
) -> dict[str, Any]:
    """`params` with its prompt / message contents filled in; `params` itself when there is no context.

    As in v0.2, templates are filled only when a context is given (the message list is not even
    scanned otherwise: this runs on every turn).
    """
    if not context:
        return params
    filled = dict(params)
    prompt = params.get("prompt")
    messages = params.get("messages")
    if prompt is not None:
        filled["prompt"] = instantiate(prompt, context, allow_format_str_template)
    if messages is not None:
        filled["messages"] = [
            {**m, "content": instantiate(m["content"], context, allow_format_str_template)}
            if m.get("content")
            else m
            for m in messages
        ]
    return filled
