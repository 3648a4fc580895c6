"""`python -m bot.rasa_server run …`: Rasa's own command line, with one repair made first.

Rasa 3.6 checks every answer of the action server with ``jsonschema.validate``, which validates
the schema itself against the JSON Schema metaschema before it validates the answer, on every
call (40 ms per answer against 2 ms with one validator: `make bench` prints both). Here the schema
is checked once, at start, and each answer by that one validator; an answer it refuses goes to
Rasa's own check, which raises Rasa's own error. Nothing else changes.
"""

from __future__ import annotations

from typing import Any


def validate_once() -> None:
    """Replace ``RemoteAction._validate_action_result`` by one that reuses a checked validator."""
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    rasa_own = RemoteAction._validate_action_result
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema)

    def _validate_action_result(self: Any, result: dict[str, Any]) -> bool:
        return True if validator.is_valid(result) else rasa_own(self, result)

    RemoteAction._validate_action_result = _validate_action_result


def main() -> None:
    from rasa.__main__ import main as rasa_main

    validate_once()
    rasa_main()


if __name__ == "__main__":
    main()
