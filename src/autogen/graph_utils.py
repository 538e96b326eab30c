"""Speaker-transition graphs for group chats (the `autogen.graph_utils` of v0.2.x).

A graph is a dict mapping each agent to the list of agents that may speak right after it:

    {planner: [coder, critic], coder: [executor], executor: [planner, coder], critic: [planner]}

`GroupChat` builds one for every chat (fully connected when the user gives none) and checks it
with `check_graph_validity` at construction, so a typo in the graph fails when the chat is built
rather than many rounds into a conversation.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any, Protocol, TypeVar

from autogen._extras import require
from autogen.exceptions import GroupChatConfigError

__all__ = [
    "check_graph_validity",
    "has_self_loops",
    "invert_disallowed_to_allowed",
    "visualize_speaker_transitions_dict",
]

logger = logging.getLogger("autogen.graph_utils")


class _Named(Protocol):
    @property
    def name(self) -> str: ...


A = TypeVar("A", bound=_Named)


def has_self_loops(allowed_speaker_transitions: Mapping[Any, Sequence[Any]]) -> bool:
    """True when some agent is allowed to speak twice in a row."""
    return any(key in value for key, value in allowed_speaker_transitions.items())


def invert_disallowed_to_allowed(
    disallowed_speaker_transitions_dict: Mapping[A, Sequence[A]], agents: Sequence[A]
) -> dict[A, list[A]]:
    """Turn "who may NOT follow whom" into "who may follow whom".

    Starts from the fully connected graph, self loops included (as v0.2 does), and removes
    each disallowed edge. Agents absent from the dict keep all their transitions.
    """
    allowed = {agent: list(agents) for agent in agents}
    for source, banned in disallowed_speaker_transitions_dict.items():
        allowed[source] = [agent for agent in allowed.get(source, list(agents)) if agent not in banned]
    return allowed


def check_graph_validity(
    allowed_speaker_transitions_dict: Mapping[Any, Any],
    agents: Sequence[Any],
    allow_repeat_speaker: bool | Sequence[Any] = True,
) -> None:
    """Raise `ValueError` when the graph cannot drive a chat among `agents`.

    Errors (each names the offending agent and what to do):
    - the graph is not a dict of lists, or a value holds something that is not an agent;
    - a key or a listed agent is not one of `agents` (a typo, or an agent left out of the chat);
    - two agents share a name (selection works by name);
    - an agent has no transitions in or out: it could never speak after the first message;
    - `allow_repeat_speaker` is False (or a list) and the graph lets another agent repeat.

    Agents that only start the chat (no incoming edges) or only end it (no outgoing edges)
    are legal: a planner that kicks off, a summariser that closes. They are logged at debug level.
    """
    if not isinstance(allowed_speaker_transitions_dict, Mapping):
        raise GroupChatConfigError(
            "The speaker transition graph must be a dict mapping each agent to a list of agents, "
            f"not {type(allowed_speaker_transitions_dict).__name__}."
        )
    names: dict[str, Any] = {}
    for agent in agents:
        name = _name_of(agent)
        if name in names and names[name] is not agent:
            raise GroupChatConfigError(
                f"Two agents in the group chat are named {name!r}; give each agent a unique name, "
                "because speakers are selected by name."
            )
        names[name] = agent
    members = set(map(id, agents))

    def check_member(agent: Any, where: str) -> None:
        if id(agent) not in members:
            raise GroupChatConfigError(
                f"The speaker transition graph names {_describe(agent)} {where}, but it is not an agent "
                f"of this group chat (agents: {sorted(names)}). "
                "Add it to `agents` or remove it from the graph."
            )

    for source, targets in allowed_speaker_transitions_dict.items():
        check_member(source, "as a key")
        if not isinstance(targets, (list, tuple)):
            raise GroupChatConfigError(
                f"The transitions of {_describe(source)} must be a list of agents, "
                f"not {type(targets).__name__}."
            )
        for target in targets:
            check_member(target, f"among the transitions of {_describe(source)}")

    incoming: set[int] = set()
    outgoing: set[int] = set()
    for source, targets in allowed_speaker_transitions_dict.items():
        for target in targets:
            if target is source:
                continue
            outgoing.add(id(source))
            incoming.add(id(target))
    if len(agents) > 1:
        for agent in agents:
            if id(agent) not in incoming and id(agent) not in outgoing:
                raise GroupChatConfigError(
                    f"Agent {_name_of(agent)!r} has no transition to or from any other agent in the speaker "
                    "transition graph, so it could never take part. Add an edge to or from it, or remove it "
                    "from the group chat."
                )
            if id(agent) not in incoming:
                logger.debug(
                    "Agent %r can speak only at the start of the chat (no incoming transitions).",
                    _name_of(agent),
                )
            if id(agent) not in outgoing:
                logger.debug(
                    "Nobody may speak after agent %r; the chat ends when it speaks.", _name_of(agent)
                )

    if allow_repeat_speaker is not True:
        repeaters = set() if allow_repeat_speaker is False else set(map(id, allow_repeat_speaker))
        for source, targets in allowed_speaker_transitions_dict.items():
            if source in targets and id(source) not in repeaters:
                raise GroupChatConfigError(
                    f"The speaker transition graph lets {_name_of(source)!r} speak twice in a row, but "
                    "allow_repeat_speaker forbids it. Remove the self loop or allow the repeat."
                )


def visualize_speaker_transitions_dict(
    speaker_transitions_dict: Mapping[Any, Sequence[Any]],
    agents: Sequence[Any],
    export_path: str | None = None,
) -> None:
    """Draw the graph with networkx + matplotlib; save it to `export_path` when given, else show it.

    Needs the `graph` extra: `pip install "autogen[graph]"` (networkx, matplotlib).
    """
    plt = require("matplotlib.pyplot", extra="graph", purpose="visualize_speaker_transitions_dict")
    nx = require("networkx", extra="graph", purpose="visualize_speaker_transitions_dict")
    graph = nx.DiGraph()
    graph.add_nodes_from(_name_of(agent) for agent in agents)
    for source, targets in speaker_transitions_dict.items():
        for target in targets:
            graph.add_edge(_name_of(source), _name_of(target))
    nx.draw(graph, with_labels=True, font_weight="bold")
    if export_path is not None:
        plt.savefig(export_path)
    else:
        plt.show()


def _name_of(agent: Any) -> str:
    name = getattr(agent, "name", None)
    if not isinstance(name, str):
        raise GroupChatConfigError(f"{agent!r} is not an agent (it has no string `name`).")
    return name


def _describe(agent: Any) -> str:
    name = getattr(agent, "name", None)
    return repr(name) if isinstance(name, str) else repr(agent)
