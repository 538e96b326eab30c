"""`SchemaModelClient`: a test double that exercises every tool it is offered.

Asked with `tools` (or legacy `functions`) it calls each one not yet called in this chat, all in
one message, with arguments made up from the tool's JSON schema (required and optional
parameters, enums, nested objects and arrays, `$ref`s into `$defs`). Once every tool has been
called it answers `final_reply` ("TERMINATE" by default, which ends a v0.2 chat). So a test
that registers tools and runs one chat through it proves that each tool can be called with
arguments of the declared shape, without writing a script:

```python
with override_llm(assistant, SchemaModelClient()) as model:
    user.initiate_chat(assistant, message="use your tools")
assert {name for name, _ in model.calls} == {"get_weather", "convert"}
```

Made-up values: strings "text" (or the first enum value, or a date/"uri" form), integers the
minimum or 1, numbers 1.5, booleans True, arrays one item, objects their properties.
"""

from __future__ import annotations

import json
from typing import Any

from autogen.testing.scripted import ScriptedModelClient

__all__ = ["SchemaModelClient", "example_value"]


def example_value(schema: dict[str, Any], defs: dict[str, Any] | None = None, depth: int = 0) -> Any:
    """A value that fits `schema` (a JSON-schema dict); `defs` resolves `#/$defs/...` references."""
    defs = {**(defs or {}), **schema.get("$defs", {}), **schema.get("definitions", {})}
    if depth > 8:
        return None
    if "$ref" in schema:
        target = defs.get(str(schema["$ref"]).rsplit("/", 1)[-1], {})
        return example_value(target, defs, depth + 1)
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    for key in ("anyOf", "oneOf", "allOf"):
        options = [o for o in schema.get(key, []) if o.get("type") != "null"]
        if options:
            return example_value(options[0], defs, depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind == "string":
        return {"date": "2024-01-01", "date-time": "2024-01-01T00:00:00Z", "uri": "https://example.com"}.get(
            schema.get("format", ""), "text"
        )
    if kind == "integer":
        return int(schema.get("minimum", 1))
    if kind == "number":
        return float(schema.get("minimum", 1.5))
    if kind == "boolean":
        return True
    if kind == "array":
        return [example_value(schema.get("items", {}), defs, depth + 1)]
    if kind == "object" or "properties" in schema:
        return {
            name: example_value(sub, defs, depth + 1) for name, sub in schema.get("properties", {}).items()
        }
    return "text"


def _offered(params: dict[str, Any]) -> list[dict[str, Any]]:
    tools = [t.get("function", {}) for t in params.get("tools") or [] if isinstance(t, dict)]
    return tools + [f for f in params.get("functions") or [] if isinstance(f, dict)]


def _already_called(messages: list[dict[str, Any]]) -> set[str]:
    called: set[str] = set()
    for message in messages:
        for call in message.get("tool_calls") or []:
            called.add(str((call.get("function") or {}).get("name")))
        if message.get("function_call"):
            called.add(str(message["function_call"].get("name")))
    return called


class SchemaModelClient(ScriptedModelClient):
    """Calls every offered tool once with schema-made arguments, then answers `final_reply`.

    `calls` lists `(tool name, arguments)` in the order they were asked for. Scripted `replies`
    (as for `ScriptedModelClient`) are used first when given.
    """

    def __init__(
        self, config: dict[str, Any] | None = None, final_reply: str = "TERMINATE", **kwargs: Any
    ) -> None:
        super().__init__(config, responder=self._respond, **kwargs)
        self.final_reply = final_reply
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def _respond(self, params: dict[str, Any]) -> dict[str, Any] | str:
        called = _already_called(params.get("messages") or [])
        pending = [t for t in _offered(params) if t.get("name") and t["name"] not in called]
        if not pending:
            return self.final_reply
        tool_calls = []
        for tool in pending:
            arguments = example_value(tool.get("parameters") or {"type": "object"})
            self.calls.append((tool["name"], arguments))
            tool_calls.append(
                {
                    "id": f"call_{len(self.calls)}_{tool['name']}"[:40],
                    "function": {"name": tool["name"], "arguments": json.dumps(arguments)},
                }
            )
        if params.get("tools"):
            return {"content": None, "tool_calls": tool_calls}
        first = tool_calls[0]["function"]  # legacy functions: one call per message
        del self.calls[len(self.calls) - len(tool_calls) + 1 :]
        return {"content": None, "function_call": first}
