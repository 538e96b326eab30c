"""GroupChat's own rules, with minimal agent-like objects: no model, no manager.

Covers construction checks, the transition graph, each selection method, name matching,
the auto retry/fallback path, and tool-call routing decisions.
"""

from __future__ import annotations

import logging
import random
from typing import Any

import pytest

from autogen.agentchat._groupchat.calls import unexecutable_calls_reply
from autogen.agentchat._groupchat.selection import (
    match_speaker_name,
    mentioned_agents,
    transcript_for_selection,
)
from autogen.agentchat.groupchat import GroupChat
from autogen.exceptions import AgentNameConflict, NoEligibleSpeaker, UndefinedNextAgent
from autogen.io.base import IOStream


class Member:
    """The least an agent needs to be a group chat member for selection purposes."""

    def __init__(self, name: str, description: str = "", functions: tuple[str, ...] = ()) -> None:
        self.name = name
        self.description = description or f"{name} does {name} things"
        self.function_map = {f: (lambda: None) for f in functions}

    def can_execute_function(self, name: list[str] | str) -> bool:
        names = name if isinstance(name, list) else [name]
        return all(n in self.function_map for n in names)

    def __repr__(self) -> str:
        return f"Member({self.name!r})"


class FakeWrapper:
    """Stands in for OpenAIWrapper: answers from a list, records each request."""

    def __init__(self, answers: list[str]) -> None:
        self.answers = list(answers)
        self.requests: list[list[dict[str, Any]]] = []

    async def a_create(self, **params: Any) -> str:
        self.requests.append(params["messages"])
        return self.answers.pop(0)

    @staticmethod
    def extract_text_or_completion_object(response: str) -> list[str]:
        return [response]


class Selector:
    def __init__(self, answers: list[str] | None = None) -> None:
        self.name = "chat_manager"
        self.client = FakeWrapper(answers or []) if answers is not None else None
        self.client_cache = None


@pytest.fixture
def team() -> list[Member]:
    return [Member("planner"), Member("coder", functions=("run",)), Member("critic")]


def chat(team: list[Member], **kwargs: Any) -> GroupChat:
    return GroupChat(agents=team, messages=[], **kwargs)  # type: ignore[arg-type]


def say(gc: GroupChat, speaker: Member, content: str | None = "hi", **extra: Any) -> None:
    gc.append({"role": "user", "content": content, **extra}, speaker)  # type: ignore[arg-type]


# ---- construction ---------------------------------------------------------------------------


def test_defaults_match_v02(team: list[Member]) -> None:
    gc = chat(team)
    assert (gc.max_round, gc.admin_name, gc.func_call_filter) == (10, "Admin", True)
    assert gc.speaker_selection_method == "auto"
    assert gc.max_retries_for_selecting_speaker == 2
    assert gc.agent_names == ["planner", "coder", "critic"]
    # default graph: fully connected with repeats allowed
    assert all(gc.allowed_speaker_transitions_dict[a] == team for a in team)


def test_duplicate_names_rejected() -> None:
    with pytest.raises(AgentNameConflict, match=r"\['x'\]"):
        GroupChat(agents=[Member("x"), Member("x")], messages=[])  # type: ignore[list-item]


def test_bad_selection_method_named(team: list[Member]) -> None:
    with pytest.raises(ValueError, match="'robin'"):
        chat(team, speaker_selection_method="robin")


def test_graph_needs_type_and_excludes_allow_repeat(team: list[Member]) -> None:
    p, c, k = team
    with pytest.raises(ValueError, match="speaker_transitions_type must be 'allowed' or 'disallowed'"):
        chat(team, allowed_or_disallowed_speaker_transitions={p: [c]})
    with pytest.raises(ValueError, match="not both"):
        chat(
            team,
            allowed_or_disallowed_speaker_transitions={p: [c]},
            speaker_transitions_type="allowed",
            allow_repeat_speaker=False,
        )


def test_graph_unknown_name_and_unreachable_agent(team: list[Member]) -> None:
    p, c, k = team
    with pytest.raises(ValueError, match=r"names 'kodr' in a transition list.*no agent"):
        chat(
            team,
            allowed_or_disallowed_speaker_transitions={"planner": ["kodr"]},
            speaker_transitions_type="allowed",
        )
    with pytest.raises(ValueError, match="'critic' has no transition"):
        chat(
            team,
            allowed_or_disallowed_speaker_transitions={p: [c], c: [p]},
            speaker_transitions_type="allowed",
        )
    stranger = Member("stranger")
    with pytest.raises(ValueError, match="'stranger' as a key"):
        chat(
            team,
            allowed_or_disallowed_speaker_transitions={p: [c, k], c: [p], stranger: [p]},
            speaker_transitions_type="allowed",
        )


def test_graph_by_names_and_disallowed(team: list[Member]) -> None:
    p, c, k = team
    gc = chat(
        team,
        allowed_or_disallowed_speaker_transitions={
            "planner": ["coder"],
            "coder": ["critic"],
            "critic": ["planner"],
        },
        speaker_transitions_type="allowed",
    )
    assert gc.allowed_speaker_transitions_dict == {p: [c], c: [k], k: [p]}
    gc = chat(team, allowed_or_disallowed_speaker_transitions={p: [k]}, speaker_transitions_type="disallowed")
    assert gc.allowed_speaker_transitions_dict[p] == [p, c]
    assert gc.allowed_speaker_transitions_dict[c] == team


def test_allow_repeat_speaker_false_and_list(team: list[Member]) -> None:
    p, c, k = team
    gc = chat(team, allow_repeat_speaker=False)
    assert gc.allowed_speaker_transitions_dict[p] == [c, k]
    gc = chat(team, allow_repeat_speaker=[c])
    assert gc.allowed_speaker_transitions_dict[c] == team
    assert gc.allowed_speaker_transitions_dict[k] == [p, c]


# ---- members and messages -----------------------------------------------------------------


def test_append_names_and_textifies(team: list[Member]) -> None:
    gc = chat(team)
    gc.append({"role": "user", "content": [{"type": "text", "text": "look"}, {"type": "image_url"}]}, team[0])  # type: ignore[arg-type]
    gc.append({"role": "function", "name": "run", "content": None}, team[1])  # type: ignore[arg-type]
    assert gc.messages[0] == {"role": "user", "content": "look <image>", "name": "planner"}
    assert gc.messages[1]["name"] == "run"  # a function result keeps the function's name
    assert gc.messages[1]["content"] == ""
    gc.reset()
    assert gc.messages == []


def test_agent_by_name_and_nested(team: list[Member]) -> None:
    inner = chat([Member("x"), Member("y")])
    outer_manager = Member("inner_manager")
    outer_manager.groupchat = inner  # type: ignore[attr-defined]
    gc = chat([*team, outer_manager])
    assert gc.agent_by_name("coder") is team[1]
    assert gc.agent_by_name("x") is None
    assert gc.agent_by_name("x", recursive=True) is inner.agents[0]
    assert [a.name for a in gc.nested_agents()] == ["planner", "coder", "critic", "inner_manager", "x", "y"]


def test_next_agent(team: list[Member]) -> None:
    p, c, k = team
    gc = chat(team)
    assert gc.next_agent(p) is c
    assert gc.next_agent(k) is p
    assert gc.next_agent(p, [p, k]) is k
    assert gc.next_agent(Member("outsider")) is p  # an outsider is followed by the first member
    with pytest.raises(UndefinedNextAgent):
        gc.next_agent(p, [Member("stranger")])  # type: ignore[list-item]


def test_prompts_fill_v02_placeholders(team: list[Member]) -> None:
    gc = chat(
        team,
        select_speaker_message_template="R={roles}|L={agentlist}",
        select_speaker_prompt_template="pick from {agentlist}",
    )
    assert gc.select_speaker_msg(team[:2]) == (  # type: ignore[arg-type]
        "R=planner: planner does planner things\ncoder: coder does coder things|L=['planner', 'coder']"
    )
    assert gc.select_speaker_prompt() == "pick from ['planner', 'coder', 'critic']"
    assert "critic: critic does critic things" in gc.introductions_msg()


# ---- name matching --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("coder", "coder"),
        ("  Coder. ", "coder"),
        ("`CODER`", "coder"),
        ("I think the coder should speak next.", "coder"),
        ("code_writer", "code_writer"),
        ("Code Writer", "code_writer"),
        ("Next: the code writer", "code_writer"),
        ("Senior Coder", "senior_coder"),
    ],
)
def test_match_speaker_name(answer: str, expected: str) -> None:
    agents = [Member("coder"), Member("code_writer"), Member("senior_coder")]
    chosen, _ = match_speaker_name(answer, agents)
    assert chosen is not None and chosen.name == expected


def test_match_ambiguous_or_none() -> None:
    agents = [Member("coder"), Member("critic")]
    chosen, mentions = match_speaker_name("coder or critic", agents)
    assert chosen is None and mentions == agents
    chosen, mentions = match_speaker_name("nobody", agents)
    assert chosen is None and mentions == []
    assert mentioned_agents("the decoder", agents) == []  # a name inside a word is no mention


# ---- selection methods ------------------------------------------------------------------


async def test_round_robin_follows_order(team: list[Member]) -> None:
    p, c, k = team
    gc = chat(team, speaker_selection_method="round_robin")
    say(gc, p)
    assert await gc.a_select_speaker(p, Selector()) is c  # type: ignore[arg-type]
    assert gc.select_speaker(k, Selector()) is p  # type: ignore[arg-type]


async def test_round_robin_respects_graph(team: list[Member]) -> None:
    p, c, k = team
    gc = chat(
        team,
        speaker_selection_method="round_robin",
        allowed_or_disallowed_speaker_transitions={p: [k, c], c: [p], k: [p, c]},
        speaker_transitions_type="allowed",
    )
    say(gc, k)
    assert await gc.a_select_speaker(k, Selector()) is p  # type: ignore[arg-type]
    assert await gc.a_select_speaker(c, Selector()) is p  # only one candidate  # type: ignore[arg-type]


async def test_graph_dead_end_is_no_eligible_speaker(team: list[Member]) -> None:
    p, c, k = team
    gc = chat(
        team,
        speaker_selection_method="round_robin",
        allowed_or_disallowed_speaker_transitions={p: [c], c: [k]},
        speaker_transitions_type="allowed",
    )
    say(gc, k)
    with pytest.raises(NoEligibleSpeaker):
        await gc.a_select_speaker(k, Selector())  # type: ignore[arg-type]


async def test_random_picks_among_eligible(team: list[Member]) -> None:
    p, c, k = team
    gc = chat(team, speaker_selection_method="random", allow_repeat_speaker=False)
    say(gc, p)
    random.seed(7)
    picks = {(await gc.a_select_speaker(p, Selector())).name for _ in range(30)}  # type: ignore[arg-type]
    assert picks == {"coder", "critic"}


class ScriptedIO:
    def __init__(self, answers: list[str]) -> None:
        self.answers = answers
        self.printed: list[str] = []

    def print(self, *objects: Any, sep: str = " ", end: str = "\n", flush: bool = False) -> None:
        self.printed.append(sep.join(map(str, objects)))

    def input(self, prompt: str = "", *, password: bool = False) -> str:
        return self.answers.pop(0)


async def test_manual_asks_again_on_invalid_input(team: list[Member]) -> None:
    gc = chat(team, speaker_selection_method="manual")
    say(gc, team[0])
    io = ScriptedIO(["7", "nobody", "3"])
    with IOStream.set_default(io):
        assert await gc.a_select_speaker(team[0], Selector()) is team[2]  # type: ignore[arg-type]
    assert sum("Invalid input" in line for line in io.printed) == 2
    io = ScriptedIO(["Coder"])
    with IOStream.set_default(io):
        assert await gc.a_select_speaker(team[0], Selector()) is team[1]  # type: ignore[arg-type]


async def test_manual_empty_input_lets_the_model_choose(team: list[Member]) -> None:
    gc = chat(team, speaker_selection_method="manual")
    say(gc, team[0])
    selector = Selector(["critic"])
    with IOStream.set_default(ScriptedIO([""])):
        assert await gc.a_select_speaker(team[0], selector) is team[2]  # type: ignore[arg-type]
    assert selector.client is not None and len(selector.client.requests) == 1


async def test_callable_forms(team: list[Member]) -> None:
    p, c, k = team
    seen: list[Any] = []

    def by_agent(last: Any, groupchat: GroupChat) -> Any:
        seen.append((last, groupchat))
        return k

    gc = chat(team, speaker_selection_method=by_agent)
    say(gc, p)
    assert await gc.a_select_speaker(p, Selector()) is k  # type: ignore[arg-type]
    assert seen == [(p, gc)]

    async def by_name(last: Any, groupchat: GroupChat) -> str:
        return "coder"

    gc.speaker_selection_method = by_name
    assert await gc.a_select_speaker(p, Selector()) is c  # type: ignore[arg-type]
    gc.speaker_selection_method = lambda last, groupchat: "round_robin"
    assert await gc.a_select_speaker(c, Selector()) is k  # type: ignore[arg-type]
    gc.speaker_selection_method = lambda last, groupchat: None
    with pytest.raises(NoEligibleSpeaker):
        await gc.a_select_speaker(c, Selector())  # type: ignore[arg-type]
    gc.speaker_selection_method = lambda last, groupchat: "nobody"
    with pytest.raises(ValueError, match="'nobody', which is neither an agent"):
        await gc.a_select_speaker(c, Selector())  # type: ignore[arg-type]
    gc.speaker_selection_method = lambda last, groupchat: Member("stranger")
    with pytest.raises(ValueError, match="'stranger', which is not an agent"):
        await gc.a_select_speaker(c, Selector())  # type: ignore[arg-type]


# ---- auto: retries and fallback -------------------------------------------------------------


async def test_auto_first_answer(team: list[Member]) -> None:
    gc = chat(team, allow_repeat_speaker=False)
    say(gc, team[0], "plan: write code")
    selector = Selector(["Coder."])
    assert await gc.a_select_speaker(team[0], selector) is team[1]  # type: ignore[arg-type]
    assert selector.client is not None
    request = selector.client.requests[0]
    assert request[0]["role"] == "system" and "['coder', 'critic']" in request[0]["content"]
    assert request[1] == {"role": "user", "content": "plan: write code", "name": "planner"}
    assert request[-1]["role"] == "system" and "['coder', 'critic']" in request[-1]["content"]


async def test_auto_retries_then_succeeds(team: list[Member], caplog: pytest.LogCaptureFixture) -> None:
    gc = chat(team)
    say(gc, team[0])
    selector = Selector(["coder or critic?", "hmm", "critic"])
    with caplog.at_level(logging.DEBUG, logger="autogen.groupchat"):
        assert await gc.a_select_speaker(team[0], selector) is team[2]  # type: ignore[arg-type]
    assert selector.client is not None
    second, third = selector.client.requests[1], selector.client.requests[2]
    assert second[-2] == {"role": "assistant", "content": "coder or critic?"}
    assert "more than one participant" in second[-1]["content"]
    assert "did not name any participant" in third[-1]["content"]
    assert "attempt 1/3" in caplog.text and "attempt 2/3" in caplog.text


async def test_auto_falls_back_to_next_agent(team: list[Member], caplog: pytest.LogCaptureFixture) -> None:
    gc = chat(team, max_retries_for_selecting_speaker=1)
    say(gc, team[1])
    selector = Selector(["?", "??"])
    with caplog.at_level(logging.WARNING, logger="autogen.groupchat"):
        assert await gc.a_select_speaker(team[1], selector) is team[2]  # type: ignore[arg-type]
    assert selector.client is not None and len(selector.client.requests) == 2
    assert "failed after 2 attempt(s); critic speaks next" in caplog.text


async def test_auto_without_llm_falls_back(team: list[Member]) -> None:
    gc = chat(team)
    say(gc, team[2])
    assert await gc.a_select_speaker(team[2], Selector(None)) is team[0]  # type: ignore[arg-type]


async def test_auto_transcript_renders_calls_safely() -> None:
    msgs = [
        {
            "role": "assistant",
            "content": None,
            "name": "coder",
            "tool_calls": [
                {"id": "c1", "type": "function", "function": {"name": "run", "arguments": '{"x": 1}'}}
            ],
        },
        {
            "role": "tool",
            "name": "exec",
            "content": "42",
            "tool_responses": [{"tool_call_id": "c1", "role": "tool", "content": "42"}],
        },
        {"role": "user", "name": "Ms Smith", "content": "thanks"},
    ]
    assert transcript_for_selection(msgs) == [
        {"role": "user", "content": '[calls run({"x":1})]', "name": "coder"},
        {"role": "user", "content": "42", "name": "exec"},
        {"role": "user", "content": "Ms Smith: thanks"},
    ]


# ---- tool calls ----------------------------------------------------------------------------


def tool_call(name: str, call_id: str = "call_1") -> dict[str, Any]:
    return {"id": call_id, "type": "function", "function": {"name": name, "arguments": "{}"}}


async def test_tool_call_routed_to_executor_without_llm(team: list[Member]) -> None:
    p, c, k = team
    gc = chat(team)
    say(gc, p, None, tool_calls=[tool_call("run")])
    selector = Selector([])
    assert await gc.a_select_speaker(p, selector) is c  # type: ignore[arg-type]
    assert selector.client is not None and selector.client.requests == []


async def test_tool_call_overrides_graph_with_warning(
    team: list[Member], caplog: pytest.LogCaptureFixture
) -> None:
    p, c, k = team
    gc = chat(
        team,
        allowed_or_disallowed_speaker_transitions={p: [k], k: [p], c: [p]},
        speaker_transitions_type="allowed",
        speaker_selection_method="round_robin",
    )
    say(gc, p, None, function_call={"name": "run", "arguments": "{}"})
    with caplog.at_level(logging.WARNING, logger="autogen.groupchat"):
        assert await gc.a_select_speaker(p, Selector()) is c  # type: ignore[arg-type]
    assert "routing the call to coder anyway" in caplog.text


async def test_func_call_filter_off_uses_normal_selection(team: list[Member]) -> None:
    p, c, k = team
    gc = chat(team, func_call_filter=False, speaker_selection_method="round_robin")
    say(gc, c, None, tool_calls=[tool_call("run")])
    assert await gc.a_select_speaker(c, Selector()) is k  # type: ignore[arg-type]


def test_unexecutable_calls_reply(team: list[Member]) -> None:
    message = {
        "role": "assistant",
        "content": None,
        "tool_calls": [tool_call("run", "a"), tool_call("fly", "b")],
    }
    reply = unexecutable_calls_reply(message, team)
    assert reply is not None and reply["role"] == "tool"
    first, second = reply["tool_responses"]
    assert (first["tool_call_id"], second["tool_call_id"]) == ("a", "b")
    assert "no single agent" in first["content"] and "'run'" in first["content"]
    assert "can execute the function 'fly'" in second["content"] and "['run']" in second["content"]
    assert unexecutable_calls_reply({"role": "assistant", "tool_calls": [tool_call("run")]}, team) is None
    legacy = unexecutable_calls_reply({"role": "assistant", "function_call": {"name": "fly"}}, team)
    assert legacy == {"role": "function", "name": "fly", "content": legacy["content"]} if legacy else False


async def test_group_of_one_is_refused() -> None:
    solo = Member("solo")
    gc = GroupChat(agents=[solo], messages=[], speaker_selection_method="round_robin")  # type: ignore[list-item]
    with pytest.raises(ValueError, match="at least two"):
        await gc.a_select_speaker(solo, Selector())  # type: ignore[arg-type]


async def test_agent_appended_after_construction_takes_part(team: list[Member]) -> None:
    gc = chat(team, speaker_selection_method="round_robin", allow_repeat_speaker=False)
    late = Member("late")
    gc.agents.append(late)  # type: ignore[arg-type]
    say(gc, team[2])
    assert await gc.a_select_speaker(team[2], Selector()) is late  # type: ignore[arg-type]
    assert await gc.a_select_speaker(late, Selector()) is team[0]  # type: ignore[arg-type]


async def test_auto_verbose_and_transform(team: list[Member]) -> None:
    class KeepLast:
        def apply_transform(self, messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
            return messages[-1:]

    gc = chat(team, select_speaker_auto_verbose=True, select_speaker_transform_messages=KeepLast())
    say(gc, team[0], "old")
    say(gc, team[1], "new")
    selector = Selector(["nobody", "critic"])
    io = ScriptedIO([])
    with IOStream.set_default(io):
        assert await gc.a_select_speaker(team[1], selector) is team[2]  # type: ignore[arg-type]
    assert selector.client is not None
    assert [m["content"] for m in selector.client.requests[0][1:-1]] == ["new"]
    assert "attempt 1: 'nobody' → no single match" in io.printed[0]
    assert "attempt 2: 'critic' → critic" in io.printed[1]


def test_bad_settings_named(team: list[Member]) -> None:
    with pytest.raises(ValueError, match=r"agents\[1\] is 'coder', which is not an agent"):
        GroupChat(agents=[team[0], "coder"], messages=[])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="max_round must be an int >= 1"):
        chat(team, max_round=0)
    with pytest.raises(
        ValueError, match=r"select_speaker_prompt_template cannot be filled in \(KeyError: 'agents'\)"
    ):
        chat(team, select_speaker_prompt_template="choose from {agents}")
    chat(team, select_speaker_message_template='Roles:\n{roles}\nJSON: {{"name": ...}} from {agentlist}')


class Forgetful(Member):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.cleared: list[int | None] = []

    def clear_history(self, recipient: Any = None, nr_messages_to_preserve: int | None = None) -> None:
        self.cleared.append(nr_messages_to_preserve)


@pytest.mark.parametrize(
    ("content", "who", "keep", "rest"),
    [
        ("Done. CLEAR HISTORY", None, None, "Done."),
        ("CLEAR HISTORY bob 2. Carry on", "bob", 2, "Carry on"),
        ("clear history 3 bob", "bob", 3, ""),
        ("ok, Clear History 1. Then more", None, 1, "ok, Then more"),
    ],
)
def test_clear_history_command_forms(content: str, who: str | None, keep: int | None, rest: str) -> None:
    from autogen.agentchat._groupchat.history import apply_clear_history

    ann, bob = Forgetful("ann"), Forgetful("bob")
    gc = GroupChat(agents=[ann, bob], messages=[], enable_clear_history=True)  # type: ignore[list-item]
    for i in range(4):
        say(gc, ann, f"m{i}")  # type: ignore[arg-type]
    with IOStream.set_default(ScriptedIO([])):
        assert apply_clear_history({"content": content}, gc) == rest
    if who == "bob":
        assert (ann.cleared, bob.cleared) == ([], [keep])
        assert len(gc.messages) == 4
    else:
        assert ann.cleared == bob.cleared == [keep]
        assert [m["content"] for m in gc.messages] == ([f"m{i}" for i in range(4)][-keep:] if keep else [])
