"""v0.2.35's `GroupChat` helper methods that subclasses call or override, over the settings.

`random_select_speaker`, `_mentioned_agents`, `_finalize_speaker`, `_prepare_and_select_agents`,
`_validate_speaker_name` and `_process_speaker_selection_result` keep v0.2.35's names,
signatures and effect; each is a call into `selection` or `calls`. (v0.2.35 ran `auto` as an
inner two-agent chat whose checking agent called `_validate_speaker_name` each round and whose
result went to `_process_speaker_selection_result`; we ask the model directly, and keep the two
for subclasses that call them.)
"""

from __future__ import annotations

import random
from typing import Any

from autogen._content import content_str
from autogen.agentchat._groupchat import calls, selection
from autogen.agentchat._groupchat.settings import GroupChatSettings
from autogen.agentchat.agent import Agent
from autogen.exceptions import SpeakerSelectionError

__all__ = ["GroupChatCompat"]


class GroupChatCompat(GroupChatSettings):
    def random_select_speaker(self, agents: list[Agent] | None = None) -> Agent | None:
        pool = self.agents if agents is None else agents
        return random.choice(pool) if pool else None

    # ---- v0.2.35 methods that subclasses call or override -------------------------------

    def _mentioned_agents(
        self, message_content: str | list[Any], agents: list[Agent] | None
    ) -> dict[str, int]:
        """How often each agent's name appears in `message_content` as a whole word (v0.2.35)."""
        text = content_str(message_content)
        counts = {
            a.name: len(selection.name_mentions(a.name, text))
            for a in self.agents
            if agents is None or a in agents
        }
        return {name: n for name, n in counts.items() if n}

    def _finalize_speaker(
        self, last_speaker: Agent, final: bool, name: str | None, agents: list[Agent] | None
    ) -> Agent:
        """The agent called `name` when the model's answer was final, else the next agent in order."""
        if final and name:
            agent = self.agent_by_name(name)
            if agent is not None:
                return agent
        return self.next_agent(last_speaker, agents)

    def _prepare_and_select_agents(
        self, last_speaker: Agent
    ) -> tuple[Agent | None, list[Agent], list[dict[str, Any]] | None]:
        """v0.2.35's first half of selection: (speaker if already decided, eligible agents, the
        auto-selection request when the model must decide).

        Raises `SpeakerSelectionError` (a ValueError, as v0.2) when the last message calls a
        function and no member has any function to run. The manager's chat loop answers such a
        call with an error message instead, so a running chat does not die of it.
        """
        last = self.messages[-1] if self.messages else None
        if self.func_call_filter and last is not None and calls.called_function_names(last):
            names = calls.called_function_names(last)
            capable = calls.capable_agents(self.agents, names)
            if len(capable) == 1:
                return capable[0], capable, None
            if not capable and not any(getattr(a, "function_map", None) for a in self.agents):
                raise SpeakerSelectionError(
                    f"No agent can execute the function {', '.join(names)}. "
                    "Please check the function_map of the agents."
                )
        candidates = selection.eligible_speakers(self, last_speaker)
        if len(candidates) == 1:
            return candidates[0], candidates, None
        method = self.speaker_selection_method
        if method == "round_robin":
            return self.next_agent(last_speaker, candidates), candidates, None
        if method == "random":
            return self.random_select_speaker(candidates), candidates, None
        request = [
            {"role": "system", "content": self.select_speaker_msg(candidates)},
            *selection.transcript_for_selection(self.messages),
            {
                "role": self.role_for_select_speaker_messages,
                "content": self.select_speaker_prompt(candidates),
            },
        ]
        return None, candidates, request

    def _validate_speaker_name(
        self,
        recipient: Any,
        messages: list[dict[str, Any]],
        sender: Any,
        config: Any,
        attempts_left: int,
        attempt: int,
        agents: list[Agent] | None,
    ) -> tuple[bool, str | dict[str, Any] | None]:
        """One round of v0.2.35's selection check on the last answer in `messages`.

        One name: appends `[AGENT SELECTED]<name>` to `messages`. None or several: with attempts
        left, returns the re-query to send; without, appends `[AGENT SELECTION FAILED]…`.
        """
        pool = self.agents if agents is None else agents
        answer = content_str(messages[-1].get("content")).strip()
        mentions = self._mentioned_agents(answer, pool)
        if len(mentions) == 1:
            messages.append({"role": "user", "content": f"[AGENT SELECTED]{next(iter(mentions))}"})
            return True, None
        why = "returned multiple names" if mentions else "did not include any agent names"
        if attempts_left:
            template = (
                self.select_speaker_auto_multiple_template
                if mentions
                else self.select_speaker_auto_none_template
            )
            requery = template.format(agentlist=f"{[a.name for a in pool]}")
            return True, {"content": requery, "override_role": self.role_for_select_speaker_messages}
        failed = (
            f"[AGENT SELECTION FAILED]Select speaker attempt #{attempt} of {attempt + attempts_left} {why}."
        )
        messages.append({"role": "user", "content": failed})
        return True, None

    def _process_speaker_selection_result(
        self, result: Any, last_speaker: Agent, agents: list[Agent] | None
    ) -> Agent | None:
        """The agent a selection chat's last message names, else the next agent in order."""
        history = getattr(result, "chat_history", None) or []
        if not history:
            return None
        final = content_str(history[-1].get("content"))
        if "[AGENT SELECTED]" in final:
            return self.agent_by_name(final.replace("[AGENT SELECTED]", "").strip())
        return self.next_agent(last_speaker, agents)
