"""Keep the head and the tail of a process's output in bounded memory.

A script that prints 200 MB must neither fill our memory nor the model's context, yet the start
(what the code set out to do) and the end (the error) are the useful parts. Bytes in between are
counted and dropped as they arrive.
"""

from __future__ import annotations

from collections import deque

__all__ = ["OutputCapper"]


class OutputCapper:
    def __init__(self, max_bytes: int) -> None:
        self._head_cap = max(0, max_bytes // 2)
        self._tail_cap = max(0, max_bytes - self._head_cap)
        self._head = bytearray()
        self._tail: deque[bytes] = deque()
        self._tail_len = 0
        self.dropped = 0

    def feed(self, chunk: bytes) -> None:
        room = self._head_cap - len(self._head)
        if room > 0:
            self._head += chunk[:room]
            chunk = chunk[room:]
        if not chunk:
            return
        self._tail.append(chunk)
        self._tail_len += len(chunk)
        while self._tail_len > self._tail_cap and self._tail:
            excess = self._tail_len - self._tail_cap
            first = self._tail[0]
            if len(first) <= excess:
                self._tail.popleft()
                self._tail_len -= len(first)
                self.dropped += len(first)
            else:
                self._tail[0] = first[excess:]
                self._tail_len -= excess
                self.dropped += excess

    @property
    def truncated(self) -> bool:
        return self.dropped > 0

    def text(self) -> str:
        """The kept output, decoded as UTF-8 with replacement characters for invalid bytes."""
        if not self.dropped:
            return (bytes(self._head) + b"".join(self._tail)).decode("utf-8", errors="replace")
        head = bytes(self._head).decode("utf-8", errors="replace")
        tail = b"".join(self._tail).decode("utf-8", errors="replace")
        marker = f"\n\n... [output truncated: {self.dropped} bytes omitted] ...\n\n"
        return head + marker + tail
