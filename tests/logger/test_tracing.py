"""OpenTelemetry spans of a chat, with the SDK's in-memory exporter."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from autogen import AssistantAgent, UserProxyAgent, _telemetry
from autogen.testing import OpenAITestServer

sdk_trace = pytest.importorskip("opentelemetry.sdk.trace", reason="opentelemetry-sdk is not installed")
from opentelemetry.sdk.trace.export import SimpleSpanProcessor  # noqa: E402
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter  # noqa: E402


@pytest.fixture
def exporter() -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = sdk_trace.TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    _telemetry.enable_tracing(provider)
    yield exporter
    _telemetry.disable_tracing()


def test_chat_turn_and_llm_spans(exporter: InMemorySpanExporter) -> None:
    with OpenAITestServer(replies=["one", "two"]) as server:
        assistant = AssistantAgent(
            "assistant", llm_config={"config_list": server.config_list(), "cache_seed": None}
        )
        user = UserProxyAgent("user", human_input_mode="NEVER", code_execution_config=False,
                              max_consecutive_auto_reply=1)  # fmt: skip
        user.initiate_chat(assistant, message="hi", silent=True)
    spans = exporter.get_finished_spans()
    by_name: dict[str, list[object]] = {}
    for span in spans:
        by_name.setdefault(span.name, []).append(span)
    assert len(by_name["autogen.chat"]) == 1
    assert len(by_name["autogen.llm_call"]) == 2
    chat = by_name["autogen.chat"][0]
    llm = by_name["autogen.llm_call"][0]
    assert llm.attributes["autogen.cache_hit"] is False  # type: ignore[attr-defined]
    assert llm.attributes["gen_ai.usage.input_tokens"] > 0  # type: ignore[attr-defined]
    assert llm.attributes["autogen.agent"] == "assistant"  # type: ignore[attr-defined]
    turn_ids = {s.context.span_id for s in by_name["autogen.turn"]}  # type: ignore[attr-defined]
    assert llm.parent.span_id in turn_ids  # type: ignore[attr-defined]
    assert all(s.context.trace_id == chat.context.trace_id for s in spans)  # type: ignore[attr-defined]


def test_off_means_no_tracer() -> None:
    _telemetry.disable_tracing()
    assert _telemetry._tracer is None and not _telemetry.ACTIVE
    assert _telemetry.span("autogen.turn") is _telemetry._NULL
