"""Who this service is for: young people up to and including 23, and their parents.

A person over 23 asking for themselves, or a physical complaint, gets a kind redirect to the
huisarts or the POH-GGZ and no handover or booking. A professional writing on behalf of a family
is told how the family can get in touch themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_AGE = 23

OK = "ok"
OVER_AGE = "over_age"
PHYSICAL = "physical"
PROFESSIONAL = "professional"

# The Rasa response that explains each outcome (nlu_data/domain/intake.yml).
REDIRECT_RESPONSE = {
    OVER_AGE: "utter_intake_redirect_over_age",
    PHYSICAL: "utter_intake_redirect_physical",
    PROFESSIONAL: "utter_intake_professional",
}


@dataclass(frozen=True)
class Eligibility:
    outcome: str

    @property
    def eligible(self) -> bool:
        return self.outcome == OK

    @property
    def response(self) -> str | None:
        return REDIRECT_RESPONSE.get(self.outcome)


def check(*, role: str | None, age: int | None = None, physical: bool = False) -> Eligibility:
    """Decide from what is known so far; unknown facts never exclude anyone."""
    if role == "professional":
        return Eligibility(PROFESSIONAL)
    if age is not None and age > MAX_AGE:
        return Eligibility(OVER_AGE)
    if physical:
        return Eligibility(PHYSICAL)
    return Eligibility(OK)
