"""The trusted Dutch sources the bot links to: one table, so a moved page is a one-line change.

Every link in a response text must be on this table (``tests/unit/test_content_links.py``
reads every response and every translation). The addresses are the sites' front pages on
purpose: deep links break when a site is rebuilt, a front page does not, and each of these
sites has a search box and a clear menu.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    key: str
    url: str
    who: str  # who publishes it, for the docs and for a reviewer
    for_whom: str


LINKS: tuple[Link, ...] = (
    Link("opvoeden", "https://www.opvoeden.nl", "Nederlands Jeugdinstituut en de JGZ", "ouders"),
    Link("thuisarts", "https://www.thuisarts.nl", "Nederlands Huisartsen Genootschap", "iedereen"),
    Link("kindertelefoon", "https://www.kindertelefoon.nl", "De Kindertelefoon", "kinderen van 8 tot 18"),
    Link("113", "https://www.113.nl", "113 Zelfmoordpreventie", "iedereen, ook naasten"),
    Link("jellinek", "https://www.jellinek.nl", "Jellinek (verslavingszorg)", "jongeren en ouders"),
    Link("sense", "https://www.sense.info", "Sense.info (Rutgers en de GGD'en)", "jongeren"),
    Link("jouwggd", "https://www.jouwggd.nl", "de GGD'en (jeugdgezondheidszorg)", "jongeren"),
    Link("nji", "https://www.nji.nl", "Nederlands Jeugdinstituut", "professionals"),
    Link("rvp", "https://www.rijksvaccinatieprogramma.nl", "RIVM", "ouders"),
)
URLS = frozenset(link.url for link in LINKS)

_URL_RE = re.compile(r"https?://[^\s)\"']+")


def urls_in(text: str) -> list[str]:
    """The web addresses in a text, without trailing punctuation."""
    return [u.rstrip(".,;:!?") for u in _URL_RE.findall(text or "")]


def unknown_links(text: str) -> list[str]:
    """Links in a text that are not on the table."""
    return [u for u in urls_in(text) if u not in URLS]
