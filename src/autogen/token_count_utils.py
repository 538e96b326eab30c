"""Token counting and context-window arithmetic, exact and fully offline.

`tiktoken` normally downloads its BPE rank files on first use, which fails on a machine without
internet access (and is a surprise network call anywhere). autogen ships the two encodings today's
OpenAI chat models use, `cl100k_base` (gpt-3.5, gpt-4, gpt-4-turbo) and `o200k_base` (gpt-4o, the
o-series, gpt-4.1, gpt-5), byte-identical to OpenAI's published files (their SHA-256 is checked
on load), and builds `tiktoken.Encoding` objects from them directly. No code path here touches the
network.

Models whose encoding is not shipped (the legacy `p50k_base`/`r50k_base` completion models) and
models tiktoken does not know (local LLMs) are counted with `cl100k_base`, with one warning per
model on the "autogen.token_count_utils" logger: those counts are estimates.

Message counting follows OpenAI's published accounting for chat models: 3 tokens per message,
+1 per `name`, +3 to prime the reply (gpt-3.5-turbo-0301: 4 per message, -1 per name).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import logging
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from autogen.exceptions import DamagedPackageError, InvalidMessageError, UnknownModelError

if TYPE_CHECKING:
    import tiktoken

__all__ = [
    "count_token",
    "get_max_token_limit",
    "num_tokens_from_functions",
    "percentile_used",
    "token_left",
]

logger = logging.getLogger(__name__)

_DATA_DIR = Path(__file__).parent / "_data"

_ENDOFTEXT = "<|endoftext|>"
_ENDOFPROMPT = "<|endofprompt|>"

# The encodings' definitions: rank file, its published SHA-256, split pattern, special tokens.
# The patterns and special-token ids are part of each encoding's identity and must match exactly.
_ENCODINGS: dict[str, dict[str, Any]] = {
    "cl100k_base": {
        "file": "cl100k_base.tiktoken",
        "sha256": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
        "pat_str": (
            r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+"""
            r"""|\s++$|\s*[\r\n]|\s+(?!\S)|\s"""
        ),
        "special_tokens": {
            _ENDOFTEXT: 100257,
            "<|fim_prefix|>": 100258,
            "<|fim_middle|>": 100259,
            "<|fim_suffix|>": 100260,
            _ENDOFPROMPT: 100276,
        },
    },
    "o200k_base": {
        "file": "o200k_base.tiktoken",
        "sha256": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
        "pat_str": "|".join(
            [
                r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+"""
                r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
                r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*"""
                r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
                r"""\p{N}{1,3}""",
                r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
                r"""\s*[\r\n]+""",
                r"""\s+(?!\S)""",
                r"""\s+""",
            ]
        ),
        "special_tokens": {_ENDOFTEXT: 199999, _ENDOFPROMPT: 200018},
    },
}
_FALLBACK_ENCODING = "cl100k_base"

# Context windows (prompt + completion tokens). Azure deployment spellings are normalised first.
_MAX_TOKENS: dict[str, int] = {
    # legacy completion models
    "text-davinci-002": 4097,
    "text-davinci-003": 4097,
    "davinci-002": 16384,
    "babbage-002": 16384,
    "gpt-3.5-turbo-instruct": 4096,
    # gpt-3.5
    "gpt-3.5-turbo": 16385,
    "gpt-3.5-turbo-0301": 4096,
    "gpt-3.5-turbo-0613": 4096,
    "gpt-3.5-turbo-16k": 16385,
    "gpt-3.5-turbo-16k-0613": 16385,
    "gpt-3.5-turbo-1106": 16385,
    "gpt-3.5-turbo-0125": 16385,
    # gpt-4
    "gpt-4": 8192,
    "gpt-4-0314": 8192,
    "gpt-4-0613": 8192,
    "gpt-4-32k": 32768,
    "gpt-4-32k-0314": 32768,
    "gpt-4-32k-0613": 32768,
    "gpt-4-1106-preview": 128000,
    "gpt-4-0125-preview": 128000,
    "gpt-4-turbo-preview": 128000,
    "gpt-4-vision-preview": 128000,
    "gpt-4-1106-vision-preview": 128000,
    "gpt-4-turbo": 128000,
    "gpt-4-turbo-2024-04-09": 128000,
    # gpt-4o and later
    "gpt-4o": 128000,
    "gpt-4o-mini": 128000,
    "chatgpt-4o-latest": 128000,
    "gpt-4.5-preview": 128000,
    "gpt-4.1": 1047576,
    "gpt-4.1-mini": 1047576,
    "gpt-4.1-nano": 1047576,
    "o1": 200000,
    "o1-pro": 200000,
    "o1-preview": 128000,
    "o1-mini": 128000,
    "o3": 200000,
    "o3-pro": 200000,
    "o3-mini": 200000,
    "o4-mini": 200000,
    "gpt-5": 400000,
    "gpt-5-mini": 400000,
    "gpt-5-nano": 400000,
    "gpt-5-chat-latest": 128000,
}

_DATE_SUFFIX = re.compile(r"-(\d{4}-\d{2}-\d{2}|\d{4})$")
_IMAGE_TOKENS = 85  # the fixed cost of a low-detail image; a lower bound for higher detail

_load_lock = threading.Lock()
_warned_models: set[str] = set()


def _normalize_model(model: str) -> str:
    """Map Azure deployment spellings and fine-tune ids onto OpenAI base model names."""
    if model.startswith("ft:"):
        model = model[3:].split(":", 1)[0]
    model = re.sub(r"^gpt-?35", "gpt-3.5", model)
    return re.sub(r"^gpt4", "gpt-4", model)


def _load_ranks(name: str) -> dict[bytes, int]:
    spec = _ENCODINGS[name]
    data = (_DATA_DIR / spec["file"]).read_bytes()
    if hashlib.sha256(data).hexdigest() != spec["sha256"]:
        raise DamagedPackageError(
            f"the shipped tokenizer file {spec['file']} is damaged (SHA-256 mismatch); reinstall autogen"
        )
    ranks: dict[bytes, int] = {}
    for line in data.splitlines():
        if line:
            token, rank = line.split()
            ranks[base64.b64decode(token)] = int(rank)
    return ranks


_encodings: dict[str, tiktoken.Encoding] = {}


def _get_encoding(name: str) -> tiktoken.Encoding:
    encoding = _encodings.get(name)
    if encoding is not None:
        return encoding
    import tiktoken

    with _load_lock:  # build each encoding once, even when threads race for it
        if name not in _encodings:
            spec = _ENCODINGS[name]
            _encodings[name] = tiktoken.Encoding(
                name=name,
                pat_str=spec["pat_str"],
                mergeable_ranks=_load_ranks(name),
                special_tokens=spec["special_tokens"],
            )
        return _encodings[name]


def _warn_once(model: str, message: str) -> None:
    if model not in _warned_models:
        _warned_models.add(model)
        logger.warning(message)


@functools.lru_cache(maxsize=256)
def _encoding_for_model(model: str) -> tiktoken.Encoding:
    from tiktoken.model import encoding_name_for_model

    try:
        name = encoding_name_for_model(_normalize_model(model))
    except KeyError:
        _warn_once(
            model, f"model {model!r} is unknown to tiktoken; its tokens are estimated with cl100k_base"
        )
        name = _FALLBACK_ENCODING
    if name not in _ENCODINGS:
        _warn_once(
            model,
            f"model {model!r} uses the {name} encoding, which autogen does not ship; "
            "its tokens are estimated with cl100k_base",
        )
        name = _FALLBACK_ENCODING
    return _get_encoding(name)


def _text_tokens(text: str, encoding: tiktoken.Encoding) -> int:
    # special-token markers in user text are counted as the plain text they are
    return len(encoding.encode(text, disallowed_special=()))


def get_max_token_limit(model: str = "gpt-3.5-turbo-0613") -> int:
    """The context window of `model`, in tokens.

    Accepts Azure spellings (`gpt-35-turbo`, `gpt4`), dated snapshots (`gpt-4o-2024-08-06`) and
    fine-tune ids (`ft:gpt-4o-mini-2024-07-18:org::id`). Raises `UnknownModelError` (a `KeyError`,
    as v0.2 raised) for a model not in the table.
    """
    name = _normalize_model(model)
    if name in _MAX_TOKENS:
        return _MAX_TOKENS[name]
    undated = _DATE_SUFFIX.sub("", name)
    if undated in _MAX_TOKENS:
        return _MAX_TOKENS[undated]
    # a variant of a known family, e.g. "gpt-4o-audio-preview" -> "gpt-4o"
    candidates = [k for k in _MAX_TOKENS if name.startswith(k + "-")]
    if candidates:
        return _MAX_TOKENS[max(candidates, key=len)]
    raise UnknownModelError(
        f"no context-window size is known for model {model!r}; "
        "use one of the OpenAI model names, or track the limit yourself for other models"
    )


def count_token(input: str | list[dict[str, Any]] | dict[str, Any], model: str = "gpt-3.5-turbo-0613") -> int:
    """Tokens in a text, a message, or a list of messages, as `model` would count them.

    A message list includes the per-message overhead of the chat format, so the result is the
    prompt size the API would report.
    """
    if isinstance(input, str):
        return _text_tokens(input, _encoding_for_model(model))
    if isinstance(input, (list, dict)):
        return _num_token_from_messages(input, model)
    raise InvalidMessageError(
        f"count_token takes a str, a message dict or a list of messages, not {type(input).__name__}"
    )


def percentile_used(
    input: str | list[dict[str, Any]] | dict[str, Any], model: str = "gpt-3.5-turbo-0613"
) -> float:
    """The fraction of `model`'s context window that `input` fills."""
    return count_token(input, model) / get_max_token_limit(model)


def token_left(input: str | list[dict[str, Any]] | dict[str, Any], model: str = "gpt-3.5-turbo-0613") -> int:
    """How many tokens of `model`'s context window remain after `input` (negative when over)."""
    return get_max_token_limit(model) - count_token(input, model)


def _content_parts_tokens(parts: list[Any], encoding: tiktoken.Encoding) -> int:
    total = 0
    for part in parts:
        if isinstance(part, dict) and part.get("type") == "text":
            total += _text_tokens(str(part.get("text", "")), encoding)
        elif isinstance(part, dict) and part.get("type") == "image_url":
            total += _IMAGE_TOKENS
        elif isinstance(part, str):
            total += _text_tokens(part, encoding)
        else:
            total += _text_tokens(json.dumps(part, default=str), encoding)
    return total


def _num_token_from_messages(messages: list[dict[str, Any]] | dict[str, Any], model: str) -> int:
    if isinstance(messages, dict):
        messages = [messages]
    encoding = _encoding_for_model(model)
    if _normalize_model(model) == "gpt-3.5-turbo-0301":
        tokens_per_message, tokens_per_name = 4, -1
    else:
        tokens_per_message, tokens_per_name = 3, 1
    total = 0
    for message in messages:
        total += tokens_per_message
        for key, value in message.items():
            if value is None:
                continue
            if key == "content" and isinstance(value, list):
                total += _content_parts_tokens(value, encoding)
                continue
            text = value if isinstance(value, str) else json.dumps(value, default=str)
            total += _text_tokens(text, encoding)
            if key == "name":
                total += tokens_per_name
    return total + 3  # every reply is primed with <|start|>assistant<|message|>


def num_tokens_from_functions(functions: list[dict[str, Any]], model: str = "gpt-3.5-turbo-0613") -> int:
    """Tokens that a list of function (or tool) definitions adds to a request.

    Follows the accounting commonly used for OpenAI function definitions (name, description and
    each parameter's type, description and enum); other schema fields are counted as their JSON.
    Accepts v0.2 `functions` entries and `tools` entries (`{"type": "function", "function": ...}`).
    """
    encoding = _encoding_for_model(model)
    total = 0
    for entry in functions:
        function = entry.get("function", entry) if entry.get("type") == "function" else entry
        tokens = _text_tokens(str(function.get("name", "")), encoding)
        tokens += _text_tokens(str(function.get("description", "")), encoding)
        tokens -= 2
        properties = function.get("parameters", {}).get("properties")
        if properties is not None:
            for prop_name, prop in properties.items():
                tokens += _text_tokens(prop_name, encoding)
                tokens += _property_tokens(prop, encoding)
            tokens += 11
            if not properties:
                tokens -= 2
        total += tokens
    return total + 12


def _property_tokens(prop: dict[str, Any], encoding: tiktoken.Encoding) -> int:
    tokens = 0
    for field, value in prop.items():
        if field in ("type", "description"):
            tokens += 2 + _text_tokens(str(value), encoding)
        elif field == "enum":
            tokens -= 3
            for option in value:
                tokens += 3 + _text_tokens(str(option), encoding)
        else:
            tokens += _text_tokens(f"{field}: {json.dumps(value, default=str)}", encoding)
    return tokens
