"""The group chat's behaviour, behind `autogen.agentchat.groupchat` (its public face).

`settings.GroupChatSettings` is the data: the members, the shared messages and the rules, with
the lookups over them. Behaviour takes the settings (and, where a model is asked, the selection
client) as arguments: `graph` turns the rules into the speaker-transition graph, `selection`
picks the next speaker, `calls` answers tool calls nobody can run, `history` clears and
resumes, `prompts` holds the texts. `groupchat.GroupChat` (the settings plus v0.2's methods)
and `GroupChatManager` compose them; nothing here imports that module.
"""
