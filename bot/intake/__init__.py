"""Intake and triage: parsing answers, eligibility, consent, urgency rules, the SBAR summary
and the handover to the practice. Plain Python; the Rasa actions in ``actions/intake.py`` are
thin wrappers around it."""
