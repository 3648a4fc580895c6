"""The support worker in the same chat: messages from the workspace, taking a conversation
over from the assistant and giving it back, and call-back requests.

- :mod:`bot.staffchat.identity` — how a worker is named to the person ("Sanne de Vries (POH-Jeugd)");
- :mod:`bot.staffchat.messages` — a worker's message, queued in the chat outbox (bot.outbox);
- :mod:`bot.staffchat.takeover` — human mode: take over, give back, silent takeovers expire;
- :mod:`bot.staffchat.callback` — "kunt u mij bellen": the request, its urgency, when to expect contact;
- :mod:`bot.staffchat.hours` — the practice's opening hours and the next moment someone answers;
- :mod:`bot.staffchat.conversation` — the turn handler (order 10) the conversation core runs;
- :mod:`bot.staffchat.notify` — staff alerts without content, and the workspace's counts.
"""
