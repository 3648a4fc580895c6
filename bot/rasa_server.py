"""`python -m bot.rasa_server run …`: Rasa's own command line, with one repair made first.

Rasa 3.6 checks every answer of the action server with ``jsonschema.validate``, which validates
the schema itself against the JSON Schema metaschema before it validates the answer, on every
call. Profiled on the conversation fuzzer (py-spy on the Rasa server, docs/benchmarks.md), that
check was about a quarter of the server's CPU. Here the schema is checked once, at start, and
each answer is validated by the same validator with the same error (``best_match``, as
``jsonschema.validate`` picks it) and the same message Rasa adds; nothing else changes.
"""

from __future__ import annotations

from typing import Any

_ADVICE = (
    ". Failed to validate Action server response from API, make sure your response from the "
    "Action endpoint is valid. For more information about the format visit "
)


def validate_once() -> None:
    """Replace ``RemoteAction._validate_action_result`` by one that reuses a checked validator."""
    from jsonschema.exceptions import best_match
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema)

    def _validate_action_result(self: Any, result: dict[str, Any]) -> bool:
        error = best_match(validator.iter_errors(result))
        if error is not None:
            error.message += f"{_ADVICE}{DOCS_BASE_URL}/custom-actions"
            raise error
        return True

    RemoteAction._validate_action_result = _validate_action_result


def main() -> None:
    from rasa.__main__ import main as rasa_main

    validate_once()
    rasa_main()


if __name__ == "__main__":
    main()
