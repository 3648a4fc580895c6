"""How a staff account is named to the person and in the transcript.

A staff account is linked to a support worker (``StaffUser.worker_id``) or has the e-mail of
one of its practice's workers: then the person reads the worker's name and the practice's title
for the role ("Sanne de Vries (POH-Jeugd)"). Any other account (an assistant, an admin) is
named by the part of the e-mail before the @ and "medewerker van de praktijk".
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.i18n import _

OTHER_STAFF_TITLE = _("medewerker van de praktijk")


@dataclass(frozen=True)
class StaffIdentity:
    user_id: int
    name: str
    title: str

    @property
    def label(self) -> str:
        return f"{self.name} ({self.title})"


def identity_of(session: Session, *, user, practice) -> StaffIdentity:
    from bot.store.models import Worker

    worker = session.get(Worker, user.worker_id) if user.worker_id else None
    if worker is None and user.email:
        worker = session.execute(
            select(Worker).where(Worker.email == user.email, Worker.active.is_(True))
        ).scalars().first()
    if worker is not None and (practice is None or practice in worker.practices):
        return StaffIdentity(user.id, worker.name, practice.worker_title if practice else "")
    local = (user.email or "medewerker").split("@")[0].replace(".", " ").strip()
    return StaffIdentity(user.id, local.title() or "Medewerker", OTHER_STAFF_TITLE)
