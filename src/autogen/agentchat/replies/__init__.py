"""The built-in reply functions, one per module, each registered with `register_reply` as users' are.

Order in the chain (first tried first): termination and human input (`termination`), legacy
function calls and tool calls (`tool_calls`), code execution (`code_execution`), LLM (`llm`).
Nested chats (`nested`) are registered on request.
"""
