"""Channels: thin adapters around bot.conversation.ConversationService."""
