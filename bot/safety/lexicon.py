"""Dutch figures of speech with death words, used to overrule Rasa's crisis intent.

The Rasa model of the first version fired on "ik schrok me dood" (0.97) and on a child's question
whether everyone dies (0.99). These patterns run over the canonical text of
:mod:`bot.safety.normalise` and only ever veto the model, never the screen. The screen itself
finds concepts in :mod:`bot.safety.vocab`.
"""

from __future__ import annotations

_NEG = r"(?:niet|geen|nooit|niks|niets|not|never|dont|no)"


def gap(n: int) -> str:
    """Up to n filler words, none of them a negation."""
    return rf"(?:(?!{_NEG}\b)[a-z0-9_]+ ){{0,{n}}}"


G1, G2 = gap(1), gap(2)

FIGURES_OF_SPEECH = [
    r"\b(?:schrok|schrik|schrikt|lach|lachte|lachten|schaam|schaamde|verveel|verveelde|werk|werkte|zoek|zocht|"
    rf"pieker|piekerde|erger|ergerde|wacht|wachtte|zweet|zweette) (?:me|mij|ons|je|zich) {G1}dood\b",
    r"\bdood(?:moe|ziek|stil|gewoon|eng|saai|normaal|leuk|serieus|geschaamd|gelachen|geschrokken|verveeld|gewerkt|op)\b|\bdood op\b",
    rf"\bdood (?:van|aan|om) (?:de |het )?[a-z]+\b|\bga er {G1}dood aan\b|\bis {G1}mijn dood\b|\bdood ?graag\b",
    r"\b(?:telefoon|mobiel|batterij|accu|laptop|plant|plantje|vis|visje|hamster|konijn|kat|hond|game|feest|party|stad|sfeer|server|wifi) "
    rf"(?:is|was|gaat|ging) {G1}dood\b",
    r"(?:^|\b(?:waarom|wanneer|hoe|wat|waar|gaat|gaan|ga|is|wordt)\b).*\b(?:opa|oma|iedereen|mama|papa|mensen|dieren|de hond|de kat|"
    r"jij|je|wij|we|overleden)\b.*\b(?:dood|doodgaan|sterven|overleden|hemel)\b.*\?",
    r"\b(?:waarom|wanneer|hoe) (?:ging|gaat|gaan|is|was) (?:opa|oma|mama|papa|de hond|de kat|mijn \w+) (?:\w+ )?dood\b",
    rf"\bsnij\w* {G1}(?:de|het|een|mijn|m|zijn|haar) {G1}(?:groente|groenten|brood|uien|ui|tomaat|tomaten|vlees|kaas|appel|papier|taart|pizza|stof)\b",
    rf"\b(?:een|1|2|twee) (?:paracetamol|paracetamols|ibuprofen|pil|pilletje|tablet|tabletje)\b(?! {G2}(?:geslikt|extra|meer))",
    r"\b(?:sociale|politieke|commerciele|financiele) zelfmoord\b|\b(?:film|serie|les|boek|documentaire|artikel|voorlichting|spreekbeurt|werkstuk|"
    r"gastles|podcast) (?:[a-z]+ )?over (?:zelfmoord|suicide|zelfdoding|zelfbeschadiging|misbruik|mishandeling)\b",
]

