"""The scripted model behind `python -m autogen --demo`.

It plays the assistant of the two-agent example without any real LLM: first it answers the task
with a small Python program that runs offline, then, once the user proxy has run it, it reports
the output and says TERMINATE. It runs behind `autogen.testing.OpenAITestServer`, so the demo
goes through the same HTTP path and `openai` SDK as a real endpoint.
"""

from __future__ import annotations

from typing import Any

__all__ = ["DEFAULT_TASK", "DEMO_MODEL", "demo_responder"]

DEFAULT_TASK = "Compute the first 10 Fibonacci numbers and their sum, using Python."
DEMO_MODEL = "demo-scripted-model"

_PROGRAM = """I will compute this with a short Python script.

```python
# filename: fibonacci.py
task = {task!r}
print("Task:", task)
numbers = [0, 1]
while len(numbers) < 10:
    numbers.append(numbers[-1] + numbers[-2])
print("First 10 Fibonacci numbers:", numbers)
print("Sum:", sum(numbers))
```"""


def _text(content: Any) -> str:
    if isinstance(content, list):
        return " ".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return content if isinstance(content, str) else ""


def demo_responder(request: dict[str, Any]) -> str:
    """The scripted assistant's next message for a chat-completions request body."""
    messages = request.get("messages") or []
    last = _text(messages[-1].get("content")) if messages else ""
    if last.startswith("exitcode: 0"):
        output = last.split("Code output:", 1)[-1].strip()
        return f"The script ran successfully. Its output:\n\n{output}\n\nThe task is solved.\n\nTERMINATE"
    if last.startswith("exitcode:"):
        return "The script failed to run here, so I cannot finish the task in this demo.\n\nTERMINATE"
    task = next((_text(m.get("content")) for m in messages if m.get("role") == "user"), DEFAULT_TASK)
    return _PROGRAM.format(task=task.strip()[:200])
