"""The intake's part in the conversation: a crisis raises the handover to "crisis"."""

from __future__ import annotations

from bot.conversation import Hooks


def raise_handover(session, *, conversation_id: int, category: str, cipher) -> None:
    from bot.intake.handover import upgrade_to_crisis

    upgrade_to_crisis(session, conversation_id, category, cipher=cipher)


def register(hooks: Hooks, **_deps) -> None:
    hooks.on_crisis(raise_handover)
