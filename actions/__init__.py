"""The Rasa action server: thin actions and form validators that call into ``bot``.

Nothing heavy happens at import time; settings and the database are opened lazily.
"""
