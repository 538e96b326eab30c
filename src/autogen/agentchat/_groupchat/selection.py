"""How a group chat picks its next speaker: the decision logic behind `GroupChat.a_select_speaker`.

Order of the decision (each step logged on "autogen.groupchat"):
1. A pending tool/function call (with `func_call_filter`) goes to an agent that can execute it,
   without asking the model; the graph is preferred, but never leaves a call unanswered.
2. A callable `speaker_selection_method(last_speaker, groupchat)` decides; it may return an
   agent, an agent's name, a method name ("auto", "round_robin", ...) or None (end the chat).
3. The transition graph narrows the candidates; one candidate is chosen without asking anyone.
4. "round_robin", "random", "manual" (a human types a number or a name; empty → auto), or
   "auto": the model names a speaker; its answer is matched exactly, then ignoring case,
   whitespace and punctuation, then by a single mention; on failure it is asked again up to
   `max_retries_for_selecting_speaker` times, then the next agent in order speaks.
"""

from __future__ import annotations

import logging
import random
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from autogen._bridge import call_sync, maybe_await
from autogen.agentchat._groupchat import calls
from autogen.agentchat._groupchat.settings import VALID_METHODS, GroupChatSettings
from autogen.exceptions import (
    AllConfigsFailedError,
    GroupChatConfigError,
    NoEligibleSpeaker,
    SpeakerSelectionError,
    redact,
)
from autogen.io import IOStream

if TYPE_CHECKING:
    from autogen.oai.client import OpenAIWrapper

__all__ = [
    "VALID_METHODS",
    "a_select_speaker",
    "name_mentions",
    "match_speaker_name",
    "mentioned_agents",
    "normalize_name",
]

logger = logging.getLogger("autogen.groupchat")

_MANUAL_ATTEMPTS = 3
_OPENAI_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
_NOT_ALNUM = re.compile(r"[\W_]+", re.UNICODE)


def normalize_name(text: str) -> str:
    """Lower case, without whitespace, punctuation or underscores: `"Code_Writer."` → `"codewriter"`."""
    return _NOT_ALNUM.sub("", text).lower()


def name_mentions(name: str, text: str) -> list[re.Match[str]]:
    """The whole-word mentions of `name` in `text` (case-insensitive; `_` also matches a space)."""
    variants = {re.escape(name), re.escape(name).replace("_", "[ _]")}
    pattern = r"(?<![A-Za-z0-9_])(?:" + "|".join(sorted(variants)) + r")(?![A-Za-z0-9_])"
    return list(re.finditer(pattern, text, re.IGNORECASE))


def mentioned_agents(text: str, agents: Sequence[Any]) -> list[Any]:
    """The agents whose names appear in `text` as whole words (case-insensitive).

    `_` in a name also matches a space ("code_writer" ↔ "code writer"). A name found only inside a
    longer mentioned name ("Coder" inside "Senior Coder") does not count as a mention.
    """
    spans: list[tuple[int, int, int]] = []
    for index, agent in enumerate(agents):
        spans.extend((m.start(), m.end(), index) for m in name_mentions(agent.name, text))
    found: list[Any] = []
    for start, end, index in spans:
        inside_longer = any(
            s <= start and end <= e and (e - s) > (end - start) for s, e, i in spans if i != index
        )
        if not inside_longer and agents[index] not in found:
            found.append(agents[index])
    return found


def match_speaker_name(reply: str, agents: Sequence[Any]) -> tuple[Any | None, list[Any]]:
    """Resolve a model's answer to one agent: (agent, []) or (None, the agents it mentioned).

    Exact name first, then the name ignoring case/whitespace/punctuation, then a single mention.
    """
    answer = reply.strip()
    for agent in agents:
        if agent.name == answer:
            return agent, []
    wanted = normalize_name(answer)
    if wanted:
        same = [agent for agent in agents if normalize_name(agent.name) == wanted]
        if len(same) == 1:
            return same[0], []
    mentions = mentioned_agents(answer, agents)
    if len(mentions) == 1:
        return mentions[0], []
    return None, mentions


async def a_select_speaker(
    groupchat: GroupChatSettings, last_speaker: Any, selector: Any, client: OpenAIWrapper | None, cache: Any
) -> Any:
    """Pick the next speaker; raise `NoEligibleSpeaker` when nobody may speak (ends the chat).

    `selector` (the manager) is named in the model request; `client` and `cache` are what `auto`
    asks (None: the next agent in order speaks).
    """
    agents = groupchat.agents
    if len(agents) < 2:
        raise GroupChatConfigError(
            f"GroupChat has {len(agents)} agent(s); a group chat needs at least two. Add agents or talk "
            "to the agent directly with initiate_chat."
        )
    last_message = groupchat.messages[-1] if groupchat.messages else None
    if groupchat.func_call_filter and last_message is not None:
        executor = _route_calls(groupchat, last_speaker, last_message)
        if executor is not None:
            return executor

    method: Any = groupchat.speaker_selection_method
    if callable(method):
        chosen = await maybe_await(method, last_speaker, groupchat)
        if chosen is None:
            logger.info("speaker_selection_method returned None after %s: the chat ends.", _n(last_speaker))
            raise NoEligibleSpeaker("The custom speaker_selection_method returned None.")
        if isinstance(chosen, str) and chosen.lower() in VALID_METHODS:
            method = chosen.lower()
        else:
            agent = _custom_choice(groupchat, chosen)
            logger.debug("speaker_selection_method chose %s after %s.", agent.name, _n(last_speaker))
            return agent

    candidates = eligible_speakers(groupchat, last_speaker)
    if len(candidates) == 1:
        logger.debug("Only %s may speak after %s.", candidates[0].name, _n(last_speaker))
        return candidates[0]
    method = str(method).lower()
    if method == "round_robin":
        chosen = groupchat.next_agent(last_speaker, candidates)
    elif method == "random":
        chosen = random.choice(candidates)
    else:
        chosen = await a_manual_select(candidates) if method == "manual" else None
        if chosen is None:
            chosen = await a_auto_select(groupchat, last_speaker, candidates, selector, client, cache)
            method = "auto"
    logger.debug("%s selection chose %s after %s.", method, chosen.name, _n(last_speaker))
    return chosen


def eligible_speakers(groupchat: GroupChatSettings, last_speaker: Any) -> list[Any]:
    """The agents allowed to speak after `last_speaker`, in the group's order.

    Without a user graph only `allow_repeat_speaker` applies, read live, so agents appended to
    `groupchat.agents` after construction take part. After an outsider (the initiator, an outer
    manager) anyone may answer.
    """
    agents = groupchat.agents
    is_member = any(a is last_speaker for a in agents)
    if groupchat.allowed_or_disallowed_speaker_transitions is None or not is_member:
        repeat = groupchat.allow_repeat_speaker
        if repeat is None or repeat is True or not is_member:
            candidates = list(agents)
        else:
            may_repeat = repeat is not False and any(a is last_speaker for a in repeat)
            candidates = [a for a in agents if a is not last_speaker or may_repeat]
    else:
        allowed: Any = ()
        for source, targets in groupchat.allowed_speaker_transitions_dict.items():
            if source is last_speaker:
                allowed = targets
                break
        candidates = [agent for agent in agents if any(agent is a for a in allowed)]
    if not candidates:
        logger.info("Nobody may speak after %s in the transition graph: the chat ends.", _n(last_speaker))
        raise NoEligibleSpeaker(
            f"No agent may speak after {_n(last_speaker)} in the speaker transition graph."
        )
    return candidates


def _route_calls(groupchat: GroupChatSettings, last_speaker: Any, message: dict[str, Any]) -> Any | None:
    names = calls.called_function_names(message)
    if not names:
        return None
    capable = calls.capable_agents(groupchat.agents, names)
    if not capable:
        return None  # the manager answers the calls with an error message instead
    try:
        in_graph = [a for a in eligible_speakers(groupchat, last_speaker) if a in capable]
    except NoEligibleSpeaker:
        in_graph = []
    if not in_graph:
        logger.warning(
            "The transition graph does not allow any agent that can execute %s after %s; routing the call "
            "to %s anyway, because an unanswered call would break the conversation.",
            names,
            _n(last_speaker),
            capable[0].name,
        )
        in_graph = capable
    chosen = in_graph[0] if len(in_graph) == 1 else groupchat.next_agent(last_speaker, in_graph)
    logger.debug("Routing the call(s) %s to %s without asking the model.", names, chosen.name)
    return chosen


def _custom_choice(groupchat: GroupChatSettings, chosen: Any) -> Any:
    if isinstance(chosen, str):
        agent = groupchat.agent_by_name(chosen)
        if agent is None:
            raise SpeakerSelectionError(
                f"speaker_selection_method returned {chosen!r}, which is neither an agent of this group chat "
                f"{groupchat.agent_names} nor a selection method {list(VALID_METHODS)}."
            )
        return agent
    if not any(chosen is agent for agent in groupchat.agents):
        raise SpeakerSelectionError(
            f"speaker_selection_method returned {getattr(chosen, 'name', chosen)!r}, which is not an agent "
            f"of this group chat {groupchat.agent_names}. Return one of groupchat.agents, a name, "
            "or None to stop."
        )
    return chosen


async def a_manual_select(agents: Sequence[Any]) -> Any | None:
    """Ask the human to pick a speaker by number or name; empty input or `q` → None (auto)."""
    iostream = IOStream.get_default()
    iostream.print("Please select the next speaker from the following list:")
    for number, agent in enumerate(agents, 1):
        iostream.print(f"{number}: {agent.name}")
    for _ in range(_MANUAL_ATTEMPTS):
        prompt = (
            "Enter the number or name of the next speaker (enter nothing or `q` to let the model choose): "
        )
        answer = (await call_sync(iostream.input, prompt)).strip()
        if answer in ("", "q", "Q"):
            return None
        if answer.isdigit() and 1 <= int(answer) <= len(agents):
            return agents[int(answer) - 1]
        by_name = [a for a in agents if a.name == answer or normalize_name(a.name) == normalize_name(answer)]
        if len(by_name) == 1:
            return by_name[0]
        iostream.print(f"Invalid input. Enter a number between 1 and {len(agents)}, or an agent's name.")
    logger.info("No valid manual choice after %d attempts; the model chooses instead.", _MANUAL_ATTEMPTS)
    return None


async def a_auto_select(
    groupchat: GroupChatSettings,
    last_speaker: Any,
    agents: Sequence[Any],
    selector: Any,
    client: OpenAIWrapper | None,
    cache: Any,
) -> Any:
    """Ask `client` for the next speaker, retrying on unusable answers, then fall back to round robin."""
    fallback = groupchat.next_agent(last_speaker, list(agents))
    if client is None:
        return fallback
    request = [{"role": "system", "content": groupchat.select_speaker_msg(list(agents))}]
    history = transcript_for_selection(groupchat.messages)
    transform = groupchat.select_speaker_transform_messages
    if transform is not None:  # e.g. a TransformMessages capability that trims long histories
        history = await maybe_await(transform.apply_transform, history)
    request += history
    request.append(
        {
            "role": groupchat.role_for_select_speaker_messages,
            "content": groupchat.select_speaker_prompt(list(agents)),
        }
    )
    agentlist = f"{[agent.name for agent in agents]}"
    attempts = 1 + max(0, groupchat.max_retries_for_selecting_speaker)
    for attempt in range(1, attempts + 1):
        try:
            response = await client.a_create(messages=request, cache=cache, agent=selector)
        except AllConfigsFailedError as err:
            logger.warning(
                "auto speaker selection could not reach its model (%s); %s speaks next (round robin).",
                redact(str(err).splitlines()[0]),
                fallback.name,
            )
            return fallback
        answer = client.extract_text_or_completion_object(response)[0]
        text = answer if isinstance(answer, str) else (getattr(answer, "content", None) or "")
        chosen, mentions = match_speaker_name(text, agents)
        if groupchat.select_speaker_auto_verbose:
            outcome = (
                chosen.name
                if chosen is not None
                else f"no single match (mentions: {[a.name for a in mentions]})"
            )
            IOStream.get_default().print(
                f">>>>>>>> Speaker selection attempt {attempt}: {text!r} → {outcome}"
            )
        if chosen is not None:
            logger.debug("auto selection (attempt %d) answered %r → %s.", attempt, text, chosen.name)
            return chosen
        template = (
            groupchat.select_speaker_auto_multiple_template
            if mentions
            else groupchat.select_speaker_auto_none_template
        )
        logger.info(
            "auto selection attempt %d/%d answered %r, which names %s.",
            attempt,
            attempts,
            text,
            [a.name for a in mentions] if mentions else "no participant",
        )
        request = [
            *request,
            {"role": "assistant", "content": text},
            {"role": "user", "content": template.format(agentlist=agentlist)},
        ]
    logger.warning(
        "auto speaker selection failed after %d attempt(s); %s speaks next (round robin).",
        attempts,
        fallback.name,
    )
    return fallback


def transcript_for_selection(messages: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The chat as plain named text turns: who said what, and nothing an endpoint could reject.

    Tool calls and their results become text, so a pending or unmatched call can never make the
    selection request fail with a 400.
    """
    turns: list[dict[str, Any]] = []
    for message in messages:
        text = calls.message_text(message)
        name = message.get("name")
        turn: dict[str, Any] = {"role": "user", "content": text}
        if isinstance(name, str) and _OPENAI_NAME.match(name):
            turn["name"] = name
        elif isinstance(name, str):
            turn["content"] = f"{name}: {text}"
        turns.append(turn)
    return turns


def _n(agent: Any) -> str:
    return str(getattr(agent, "name", agent))
