"""Channel-agnostic reply objects, and the replies the bot process composes itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.i18n import _, gettext
from bot.safety.helplines import placeholders as help_line_numbers


@dataclass(frozen=True)
class Button:
    title: str
    payload: str

    def as_json(self) -> dict[str, str]:
        return {"title": self.title, "payload": self.payload}


@dataclass(frozen=True)
class Document:
    filename: str
    mime_type: str
    content: bytes


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[Button, ...] = ()
    document: Document | None = None
    kind: str = "text"  # text | crisis | error | notice
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"text": self.text, "buttons": [b.as_json() for b in self.buttons]}
        if self.document is not None:
            import base64

            data["document"] = {"filename": self.document.filename, "mime_type": self.document.mime_type,
                                "content_b64": base64.b64encode(self.document.content).decode("ascii")}
        return data


def t(language: str, message: str, **values: Any) -> str:
    text = gettext(language, message)
    return text.format(**values) if values else text


# The numbers come from bot.safety.helplines (one place, with the tappable +31 forms).
HELP_LINES_SHORT = _(
    "Voel je je niet veilig, of denk je aan zelfmoord? Bel of chat dan meteen, dag en nacht:\n"
    "• 113 Zelfmoordpreventie: bel {short_113} of gratis {phone_113}, of chat op {chat_113}\n"
    "• Direct gevaar: bel {phone_112}\n"
    "• Geweld of misbruik thuis: Veilig Thuis, gratis {phone_vt}\n"
    "• Ben je tussen 8 en 18: De Kindertelefoon, gratis {phone_kt}"
)


def please_type(language: str) -> Reply:
    return Reply(
        t(language, _("Ik kan alleen getypte berichten lezen. Wil je in een paar woorden typen wat je wilt vragen?")),
        kind="notice",
    )


def unavailable(language: str, *, failure: str | None = None) -> Reply:
    """Rasa, the action server or the database is down: apologise, give help lines, ask to retry.

    ``failure`` (in ``meta``) says what failed, for the reply filters: "down", "http", "empty",
    "action_error".
    """
    return Reply(
        t(language, _("Sorry, er gaat nu iets mis aan mijn kant. Probeer het zo nog eens."))
        + "\n\n"
        + t(language, HELP_LINES_SHORT, **help_line_numbers()),
        kind="error",
        meta={"failure": failure} if failure else {},
    )


def did_not_understand(language: str) -> Reply:
    return Reply(
        t(language, _("Sorry, dat begreep ik niet goed. Kun je het in andere woorden zeggen?")),
        kind="notice",
    )


def conversation_reset(language: str) -> Reply:
    return Reply(
        t(language, _("Ik ben gestopt met dit gesprek. Wil je opnieuw beginnen? Stuur dan gewoon een bericht.")),
        kind="notice",
    )


def unknown_practice(language: str, code: str) -> Reply:
    return Reply(
        t(language, _("Ik ken de praktijkcode {code} niet. Je kunt gewoon verder praten.")).format(code=code[:32]),
        kind="notice",
    )


def started_over(language: str, practice_name: str) -> Reply:
    """``/start OTHERCODE`` in a conversation of another practice: a new conversation begins."""
    return Reply(
        t(language, _("Je begint nu een nieuw gesprek met {practice}. Wat je eerder schreef, blijft bij de "
                      "vorige praktijk en komt niet in dit gesprek.")).format(practice=practice_name),
        kind="notice",
    )
