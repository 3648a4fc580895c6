"""``build_staff_app(settings)``: the staff workspace as a Starlette app, mounted at /staff."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from bot.config import Settings
from bot.staff import (
    views_account,
    views_admin,
    views_auth,
    views_calendar,
    views_chat,
    views_inbox,
    views_orphans,
    views_rights,
)
from bot.staff.web import HERE, SecurityHeaders, StaffApp
from bot.store.db import Store


def build_staff_app(settings: Settings, store: Store | None = None) -> SecurityHeaders:
    staff = StaffApp(settings, store)
    page = staff.page
    get, both = ["GET"], ["GET", "POST"]
    routes = [
        Route("/login", page(views_auth.login, login=False), methods=both),
        Route("/logout", page(views_auth.logout), methods=["POST"]),
        Route("/welkom/{token}", page(views_account.enrol, login=False), methods=both),
        Route("/account", page(views_account.account), methods=both),
        Route("/", page(views_inbox.inbox), methods=get),
        Route("/handovers/{handover_id:int}", page(views_inbox.handover), methods=get),
        Route("/zonder-praktijk/{handover_id:int}/oppakken", page(views_orphans.claim), methods=["POST"]),
        Route("/handovers/{handover_id:int}/status", page(views_inbox.set_status), methods=["POST"]),
        Route("/handovers/{handover_id:int}/notitie", page(views_inbox.add_note), methods=["POST"]),
        Route("/handovers/{handover_id:int}/afspraak", page(views_inbox.change_appointment), methods=["POST"]),
        Route("/handovers/{handover_id:int}/pdf", page(views_inbox.export_pdf), methods=get),
        Route("/handovers/{handover_id:int}/gegevens", page(views_rights.export_all, admin=True), methods=get),
        Route("/handovers/{handover_id:int}/wissen", page(views_rights.erase, admin=True), methods=["POST"]),
        # The support worker in the chat (bot.staffchat).
        Route("/handovers/{handover_id:int}/messages", page(views_chat.send_message), methods=["POST"]),
        Route("/handovers/{handover_id:int}/overnemen", page(views_chat.take_over), methods=["POST"]),
        Route("/handovers/{handover_id:int}/teruggeven", page(views_chat.release), methods=["POST"]),
        Route("/handovers/{handover_id:int}/terugbelverzoek/{request_id:int}", page(views_chat.resolve_call_back),
              methods=["POST"]),
        # Polled by the page itself: not activity, so an unattended screen still logs out.
        Route("/handovers/{handover_id:int}/berichten", page(views_chat.poll, touch=False), methods=get),
        Route("/meldingen", page(views_chat.attention, touch=False), methods=get),
        Route("/chat-instellingen", page(views_chat.settings_page), methods=both),
        Route("/agenda", page(views_calendar.calendar), methods=get),
        Route("/beschikbaarheid", page(views_calendar.availability), methods=both),
        Route("/beheer/praktijken", page(views_admin.practices, admin=True), methods=both),
        Route("/beheer/medewerkers", page(views_admin.workers, admin=True), methods=both),
        Route("/beheer/accounts", page(views_admin.staff_accounts, admin=True), methods=both),
        Route("/beheer/audit", page(views_admin.audit_log, admin=True), methods=get),
        Mount("/static", app=StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(routes=routes)
    app.state.staff = staff
    return SecurityHeaders(app, hsts=settings.environment == "production")
