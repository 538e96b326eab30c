"""The agentchat surface that v0.2.35 code relies on: names, signatures, and their effect.

The names and parameter lists are pyautogen 0.2.35's (`autogen/agentchat/conversable_agent.py`,
`groupchat.py`, `chat.py`, `utils.py`). A parameter list is compatible when every v0.2.35
parameter is accepted under its name, in its position.
"""

from __future__ import annotations

import inspect
from typing import Any

import pytest

from autogen import ConversableAgent, GroupChat, GroupChatManager
from autogen.agentchat import chat, utils
from autogen.exceptions import AutogenError

# name -> v0.2.35 parameters (after self)
CONVERSABLE = {
    "_match_trigger": ["trigger", "sender"],
    "_raise_exception_on_async_reply_functions": [],
    "_append_oai_message": ["message", "role", "conversation_id", "is_sending"],
    "_message_to_dict": ["message"],
    "_process_received_message": ["message", "sender", "silent"],
    "_print_received_message": ["message", "sender"],
    "_process_message_before_send": ["message", "recipient", "silent"],
    "_prepare_chat": ["recipient", "clear_history", "prepare_recipient", "reply_at_receive"],
    "_summarize_chat": ["summary_method", "summary_args", "recipient", "cache"],
    "_last_msg_as_summary": ["sender", "recipient", "summary_args"],
    "_reflection_with_llm_as_summary": ["sender", "recipient", "summary_args"],
    "_summary_from_nested_chats": ["chat_queue", "recipient", "messages", "sender", "config"],
    "_a_summary_from_nested_chats": ["chat_queue", "recipient", "messages", "sender", "config"],
    "_generate_oai_reply_from_client": ["llm_client", "messages", "cache"],
    "_a_execute_tool_call": ["tool_call"],
    "_format_json_str": ["jstr"],
    "_str_for_tool_response": ["tool_response"],
    "_is_silent": ["agent", "silent"],
    "_assert_valid_name": ["name"],
    "_process_carryover": ["content", "kwargs"],
    "_wrap_function": ["func"],
    "process_last_received_message": ["messages"],
    "process_all_messages_before_reply": ["messages"],
    "register_reply": ["trigger", "reply_func", "position", "config", "reset_config"],
    "register_nested_chats": ["chat_queue", "trigger", "reply_func_from_nested_chats", "position"],
    "register_hook": ["hookable_method", "hook"],
    "generate_reply": ["messages", "sender"],
    "initiate_chat": ["recipient", "clear_history", "silent", "cache", "max_turns", "summary_method"],
    "generate_init_message": ["message"],
    "last_message": ["agent"],
    "clear_history": ["recipient", "nr_messages_to_preserve"],
    "update_max_consecutive_auto_reply": ["value", "sender"],
    "chat_messages_for_summary": ["agent"],
    "execute_code_blocks": ["code_blocks"],
    "run_code": ["code"],
    "get_human_input": ["prompt"],
    "_reflection_with_llm": ["prompt", "messages", "llm_agent", "cache", "role"],
    "_get_chats_to_run": ["chat_queue", "recipient", "messages", "sender", "config"],
}
GROUPCHAT = {
    "_prepare_and_select_agents": ["last_speaker"],
    "_mentioned_agents": ["message_content", "agents"],
    "_finalize_speaker": ["last_speaker", "final", "name", "agents"],
    "_participant_roles": ["agents"],
    "select_speaker": ["last_speaker", "selector"],
    "select_speaker_msg": ["agents"],
    "select_speaker_prompt": ["agents"],
    "introductions_msg": ["agents"],
    "manual_select_speaker": ["agents"],
    "random_select_speaker": ["agents"],
    "agent_by_name": ["name", "recursive", "raise_on_name_conflict"],
    "next_agent": ["agent", "agents"],
    "append": ["message", "speaker"],
    "_auto_select_speaker": ["last_speaker", "selector", "messages", "agents"],
    "a_auto_select_speaker": ["last_speaker", "selector", "messages", "agents"],
    "_validate_speaker_name": [
        "recipient",
        "messages",
        "sender",
        "config",
        "attempts_left",
        "attempt",
        "agents",
    ],
    "_process_speaker_selection_result": ["result", "last_speaker", "agents"],
}
MANAGER = {
    "run_chat": ["messages", "sender", "config"],
    "resume": ["messages", "remove_termination_string", "silent"],
    "_valid_resume_messages": ["messages"],
    "_process_resume_termination": ["remove_termination_string", "messages"],
    "clear_agents_history": ["reply", "groupchat"],
}
GROUPCHAT_FIELDS = """agents messages max_round admin_name func_call_filter speaker_selection_method
max_retries_for_selecting_speaker allow_repeat_speaker allowed_or_disallowed_speaker_transitions
speaker_transitions_type enable_clear_history send_introductions select_speaker_message_template
select_speaker_prompt_template select_speaker_auto_multiple_template select_speaker_auto_none_template
select_speaker_transform_messages select_speaker_auto_verbose select_speaker_auto_model_client_cls
select_speaker_auto_llm_config role_for_select_speaker_messages""".split()


def _accepts(func: Any, names: list[str]) -> bool:
    params = [p for p in inspect.signature(func).parameters.values() if p.name != "self"]
    positional = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return positional[: len(names)] == names


@pytest.mark.parametrize(
    ("cls", "name", "params"),
    [(ConversableAgent, n, p) for n, p in CONVERSABLE.items()]
    + [(GroupChat, n, p) for n, p in GROUPCHAT.items()]
    + [(GroupChatManager, n, p) for n, p in MANAGER.items()],
)
def test_method_exists_with_a_compatible_signature(cls: type, name: str, params: list[str]) -> None:
    method = getattr(cls, name, None)
    assert method is not None, f"{cls.__name__}.{name} is missing"
    assert _accepts(method, params), f"{cls.__name__}.{name}{inspect.signature(method)} != {params}"


def test_groupchat_fields_and_module_functions() -> None:
    fields = set(inspect.signature(GroupChat).parameters)
    assert [f for f in GROUPCHAT_FIELDS if f not in fields] == []
    assert _accepts(chat._post_process_carryover_item, ["carryover_item"])
    assert _accepts(utils.consolidate_chat_info, ["chat_info", "uniform_sender"])
    assert _accepts(utils.gather_usage_summary, ["agents"])
    assert _accepts(utils.parse_tags_from_content, ["tag", "content"])


def agent(name: str, **kwargs: Any) -> ConversableAgent:
    return ConversableAgent(name, llm_config=False, human_input_mode="NEVER", **kwargs)


# ---- behaviour -----------------------------------------------------------------------------------


def test_generate_reply_without_messages_or_sender_is_an_assertion_error() -> None:
    with pytest.raises(AssertionError) as info:
        agent("a").generate_reply(messages=None, sender=None)
    assert isinstance(info.value, AutogenError)


@pytest.mark.parametrize("trigger", [42, 3.5, object()])
def test_a_bad_trigger_is_a_value_error(trigger: Any) -> None:
    with pytest.raises(ValueError, match="trigger") as info:
        agent("a").register_reply(trigger, lambda *a, **k: (True, "x"))
    assert isinstance(info.value, AutogenError)


def test_function_call_nobody_can_run_in_a_group_chat_is_a_value_error() -> None:
    a, b = agent("alice"), agent("bob")
    gc = GroupChat(agents=[a, b], messages=[], max_round=3)
    gc.messages.append(
        {"role": "assistant", "content": None, "function_call": {"name": "f", "arguments": "{}"}}
    )
    with pytest.raises(ValueError, match="No agent can execute the function f") as info:
        gc._prepare_and_select_agents(a)
    assert isinstance(info.value, AutogenError)


def test_prepare_and_select_agents_routes_a_call_and_prepares_auto() -> None:
    a, b, c = agent("alice"), agent("bob", function_map={"f": lambda: 1}), agent("carol")
    gc = GroupChat(agents=[a, b, c], messages=[], max_round=3)
    gc.messages.append(
        {"role": "assistant", "content": None, "function_call": {"name": "f", "arguments": "{}"}}
    )
    assert gc._prepare_and_select_agents(a)[0] is b
    gc.messages[:] = [{"role": "user", "content": "hi", "name": "alice"}]
    chosen, eligible, request = gc._prepare_and_select_agents(a)
    assert chosen is None and eligible == [a, b, c]
    assert request is not None and request[0]["role"] == "system" and "bob" in request[-1]["content"]


def test_mentioned_agents_counts_whole_words() -> None:
    a, b = agent("code_writer"), agent("critic")
    gc = GroupChat(agents=[a, b], messages=[])
    assert gc._mentioned_agents("code writer, then critic; code_writer again", None) == {
        "code_writer": 2,
        "critic": 1,
    }
    assert gc._mentioned_agents("criticism", [b]) == {}


def test_match_trigger_and_hooks_as_methods() -> None:
    a, b = agent("a"), agent("b")
    assert (
        a._match_trigger("b", b) and a._match_trigger([ConversableAgent], b) and not a._match_trigger("c", b)
    )
    a.register_hook("process_message_before_send", lambda sender, message, recipient, silent: message + "!")
    assert a._process_message_before_send("hi", b, True) == "hi!"
    a.register_hook("process_last_received_message", lambda text: text.upper())
    assert a.process_last_received_message([{"content": "x"}]) == [{"content": "X"}]
    a._raise_exception_on_async_reply_functions()  # both kinds run in both chats: nothing to refuse


def test_duplicate_agent_names_are_rejected() -> None:
    with pytest.raises(ValueError, match="unique"):
        GroupChat(agents=[agent("x"), agent("x")], messages=[])


def test_carryover_as_str_or_messages() -> None:
    a, b = agent("a", default_auto_reply="ok"), agent("b", default_auto_reply="fine")
    result = a.initiate_chat(
        b,
        message="task",
        carryover=["first", {"role": "user", "content": "second"}],
        max_turns=1,
        silent=True,
    )
    assert result.chat_history[0]["content"] == "task\nContext: \nfirst\nsecond"
    assert chat._post_process_carryover_item({"content": [{"type": "text", "text": "t"}]}) == "t"
    assert chat._post_process_carryover_item("s") == "s"
    result = a.initiate_chat(b, message="task", carryover="one", max_turns=1, silent=True)
    assert result.chat_history[0]["content"].endswith("Context: \none")


def test_consolidate_chat_info_asserts_like_v0235() -> None:
    a, b = agent("a"), agent("b")
    utils.consolidate_chat_info({"recipient": b}, uniform_sender=a)
    with pytest.raises(AssertionError):
        utils.consolidate_chat_info([{"recipient": b, "summary_method": "nope"}], uniform_sender=a)
    with pytest.raises(AssertionError):
        utils.consolidate_chat_info({"recipient": b, "sender": a, "summary_method": "reflection_with_llm"})


def test_parse_tags_from_content() -> None:
    text = 'see <img http://x/y.png> and <audio text="Hello there" prompt="whisper">'
    assert [t["attr"] for t in utils.parse_tags_from_content("img", text)] == [{"src": "http://x/y.png"}]
    (audio,) = utils.parse_tags_from_content("audio", [{"type": "text", "text": text}])
    assert audio["attr"] == {"text": "Hello there", "prompt": "whisper"} and audio["match"].group(
        0
    ).startswith("<audio")


def _trio() -> list[ConversableAgent]:
    return [
        ConversableAgent(n, llm_config=False, human_input_mode="NEVER") for n in ("alice", "bob", "carol")
    ]


def test_auto_select_speaker_asks_the_selectors_model_and_requeries(kit: Any) -> None:
    scripted_agent = kit.scripted_agent
    alice, bob, carol = _trio()
    group = GroupChat([alice, bob, carol], messages=[{"role": "user", "content": "hi", "name": "alice"}])
    selector = scripted_agent("manager", replies=["alice or bob?", "bob"])
    assert group._auto_select_speaker(alice, selector, group.messages, None) is bob
    # nobody named, no retries left: the next agent in order
    group.max_retries_for_selecting_speaker = 0
    selector = scripted_agent("manager", replies=["someone"])
    assert group._auto_select_speaker(alice, selector, group.messages, [alice, carol]) is carol


def test_validate_speaker_name_and_process_the_result() -> None:
    alice, bob, carol = _trio()
    group = GroupChat([alice, bob, carol], messages=[])
    messages: list[dict[str, Any]] = [{"role": "assistant", "content": "carol"}]
    assert group._validate_speaker_name(None, messages, None, None, 2, 1, None) == (True, None)
    assert messages[-1]["content"] == "[AGENT SELECTED]carol"
    result = chat.ChatResult(chat_history=messages)
    assert group._process_speaker_selection_result(result, alice, None) is carol
    two = [{"role": "assistant", "content": "alice and bob"}]
    final, requery = group._validate_speaker_name(None, two, None, None, 1, 1, None)
    assert final and isinstance(requery, dict) and "alice" in requery["content"]
    assert requery["override_role"] == group.role_for_select_speaker_messages
    group._validate_speaker_name(None, two, None, None, 0, 2, None)
    assert two[-1]["content"].startswith("[AGENT SELECTION FAILED]")
    assert group._process_speaker_selection_result(chat.ChatResult(chat_history=two), alice, None) is bob


def test_reflection_with_llm_and_chats_to_run(kit: Any) -> None:
    scripted_agent = kit.scripted_agent
    writer = scripted_agent("writer", replies=["a short summary"])
    history = [{"role": "user", "content": "long talk"}]
    assert (
        writer._reflection_with_llm("Summarize.", history, llm_agent=writer, role="user") == "a short summary"
    )
    plain = ConversableAgent("plain", llm_config=False)
    with pytest.raises(AutogenError, match="no LLM"):
        plain._reflection_with_llm("Summarize.", history)
    queue = [
        {"recipient": writer},
        {"recipient": writer, "message": lambda r, m, s, c: f"about {m[-1]['content']}"},
        {"recipient": writer, "message": ""},
    ]
    chats = ConversableAgent._get_chats_to_run(queue, plain, [{"content": "x"}], writer, None)
    assert [c["message"] for c in chats] == ["x", "about x"]
    assert all(c["sender"] is plain for c in chats)
