"""Short message templates, editable per practice.

A practice without templates of its own offers :data:`DEFAULTS`; saving the editor writes the
practice's own list. Placeholders: ``{naam}`` (the worker's name), ``{functie}`` (their title),
``{praktijk}`` and ``{telefoon}`` (the practice's name and phone number).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.staffchat.identity import StaffIdentity
from bot.store.models_staffchat import MessageTemplate

MAX_TEMPLATES = 12
MAX_TITLE = 60
MAX_BODY = 1000

DEFAULTS = [
    ("Voorstellen", "Hoi, ik ben {naam}, {functie} bij {praktijk}. Ik heb je bericht gelezen. "
                    "Ik help je graag verder."),
    ("Ik bel je", "Ik wil je graag even bellen. Op welk nummer en wanneer kan ik je het best bereiken?"),
    ("Even geduld", "Dank je voor je bericht. Ik kijk er vandaag naar en laat het je weten."),
    ("Afspraak", "Zullen we een afspraak maken? Stuur /afspraak, dan zie je de vrije tijden. "
                 "Bellen kan ook: {telefoon}."),
    ("Afsluiten", "Fijn dat je contact opnam. Je kunt me altijd weer een bericht sturen. "
                  "Voel je je niet veilig? Bel 113 of 112."),
]


@dataclass(frozen=True)
class Template:
    id: int  # 0-based index for the defaults (negative), the row id for the practice's own
    title: str
    body: str


def for_practice(session: Session, *, practice) -> list[Template]:
    rows = list(session.execute(select(MessageTemplate).where(MessageTemplate.practice_id == practice.id)
                                .order_by(MessageTemplate.position, MessageTemplate.id)).scalars())
    if rows:
        return [Template(r.id, r.title, r.body) for r in rows]
    return [Template(-(i + 1), title, body) for i, (title, body) in enumerate(DEFAULTS)]


def own(session: Session, *, practice_id: int) -> bool:
    return session.execute(select(MessageTemplate.id).where(MessageTemplate.practice_id == practice_id)
                           .limit(1)).first() is not None


class _Values(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"  # an unknown placeholder stays visible for the worker to fix


def fill(body: str, *, who: StaffIdentity, practice) -> str:
    values = _Values(naam=who.name, functie=who.title, praktijk=practice.name, telefoon=practice.phone)
    try:
        return body.format_map(values)
    except (ValueError, IndexError):
        return body  # stray braces: show the text as written


def save(session: Session, *, practice_id: int, items: list[tuple[str, str]], by: str) -> int:
    """Replace the practice's templates with ``items`` (title, body); empty pairs are skipped."""
    for row in session.execute(select(MessageTemplate).where(MessageTemplate.practice_id == practice_id)).scalars():
        session.delete(row)
    session.flush()
    kept = 0
    for title, body in items:
        title, body = title.strip()[:MAX_TITLE], body.strip()[:MAX_BODY]
        if not title or not body:
            continue
        session.add(MessageTemplate(practice_id=practice_id, title=title, body=body, position=kept, updated_by=by))
        kept += 1
        if kept == MAX_TEMPLATES:
            break
    return kept
