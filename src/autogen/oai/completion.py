"""`autogen.Completion` / `autogen.ChatCompletion`: the pre-v0.2 class-method API, kept for old code.

What works: call logging exactly as the v0.2 guide describes (`start_logging`,
`logged_history`, `print_usage_summary`, `stop_logging`, compact and per-call formats), and it
records every OpenAIWrapper call, including those agents make; `create(...)` answers through
OpenAIWrapper. What does not: `tune(...)`, which needs the openai<1 API semantics (hyperparameter
search over the old global client): it raises an AutogenError pointing at `flaml.tune`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, ClassVar

from autogen.exceptions import TuningUnavailableError
from autogen.io import IOStream
from autogen.oai._call_log import call_log
from autogen.oai._openai_client import SDK_CLIENT_KEYS

__all__ = ["ChatCompletion", "Completion", "TuningUnavailableError"]


class _LoggedHistory:
    """`Completion.logged_history` reads the live log (a class-level property)."""

    def __get__(self, obj: object, owner: type | None = None) -> dict[Any, Any] | None:
        return call_log.history


class Completion:
    """v0.2's `autogen.Completion` (legacy `prompt` models; `ChatCompletion` for chat)."""

    chat: ClassVar[bool] = False
    logged_history = _LoggedHistory()

    @classmethod
    def start_logging(
        cls, history_dict: dict[Any, Any] | None = None, compact: bool = True, reset_counter: bool = True
    ) -> None:
        """Record every following model call into `history_dict` (a new dict when None)."""
        call_log.start(history_dict, compact, reset_counter)

    @classmethod
    def stop_logging(cls) -> None:
        call_log.stop()

    @classmethod
    def print_usage_summary(cls) -> None:
        """Print total cost and token counts per model of the logged calls (through IOStream)."""
        out = IOStream.get_default()
        history = call_log.history
        if history is None:
            out.print("No usage summary available.", flush=True)
            return
        counts: defaultdict[str, dict[str, int]] = defaultdict(
            lambda: {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}
        )
        total_cost = 0.0
        if call_log.compact:
            for value in history.values():
                total_cost += sum(c for c in value["cost"] if c is not None)
                for tokens in value["token_count"]:
                    for k in counts[tokens["model"]]:
                        counts[tokens["model"]][k] += tokens[k]
        else:
            for entry in history.values():
                response = entry["response"]
                total_cost += response.get("cost") or 0.0
                usage = response.get("usage") or {}
                for k in counts[response.get("model")]:
                    counts[response.get("model")][k] += usage.get(k) or 0
        out.print(f"Total cost: {total_cost}", flush=True)
        for model, c in counts.items():
            out.print(
                f"Token count summary for model {model}: prompt_tokens: {c['prompt_tokens']}, "
                f"completion_tokens: {c['completion_tokens']}, total_tokens: {c['total_tokens']}",
                flush=True,
            )

    @classmethod
    def create(
        cls,
        context: dict[str, Any] | None = None,
        use_cache: bool = True,
        config_list: list[dict[str, Any]] | None = None,
        filter_func: Any = None,
        raise_on_ratelimit_or_timeout: bool = True,
        allow_format_str_template: bool = False,
        **config: Any,
    ) -> Any:
        """Answer through OpenAIWrapper; returns its typed response (not the old dict)."""
        from autogen.oai.client import OpenAIWrapper

        client_settings = {k: config.pop(k) for k in SDK_CLIENT_KEYS.intersection(config)}
        if "api_type" in config:
            client_settings["api_type"] = config.pop("api_type")
        if "seed" in config and "cache_seed" not in config:
            config["cache_seed"] = config.pop("seed")  # pre-v0.2 name of the cache seed
        if not use_cache:
            config["cache_seed"] = None
        if cls.chat and "prompt" in config and "messages" not in config:
            prompt = config.pop("prompt")
            config["messages"] = [{"role": "user", "content": prompt}]
        wrapper = OpenAIWrapper(config_list=config_list, **client_settings)
        return wrapper.create(
            context=context,
            filter_func=filter_func,
            allow_format_str_template=allow_format_str_template,
            **config,
        )

    @classmethod
    def extract_text(cls, response: Any) -> list[str]:
        """Per choice, its text (v0.2 legacy helper)."""
        from autogen.oai.client import OpenAIWrapper

        return OpenAIWrapper.extract_text(response)

    @classmethod
    def extract_text_or_function_call(cls, response: Any) -> list[Any]:
        """Per choice, its text, or the message when it calls a function or tools (v0.2 legacy helper)."""
        from autogen.oai.client import OpenAIWrapper

        return OpenAIWrapper.extract_text_or_completion_object(response)

    @classmethod
    def tune(cls, *args: Any, **kwargs: Any) -> Any:
        raise TuningUnavailableError(
            "Completion.tune needs the openai<1 API semantics and is not available here. Tune inference "
            "parameters with flaml.tune over OpenAIWrapper.create, as the v0.2 migration guide suggests."
        )


class ChatCompletion(Completion):
    """v0.2's `autogen.ChatCompletion`: a `prompt` is sent as one user message."""

    chat: ClassVar[bool] = True
