"""The handover as a PDF for the GP's record system (fpdf2). Built in memory, never on disk."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from bot.staff import filters
from bot.staff.handovers import AGE_BAND_NL, STATUS_NL, THEME_NL, URGENCY_NL, HandoverPage

_FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu")]
# Without a Unicode font the core font speaks Latin-1 only.
_LATIN1 = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "—": "-", "–": "-", "…": "..."})


def _font(pdf: FPDF) -> tuple[str, bool]:
    for folder in _FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            pdf.add_font("DejaVu", "", str(regular))
            pdf.add_font("DejaVu", "B", str(bold))
            return "DejaVu", True
    return "Helvetica", False


def render(page: HandoverPage, *, exported_by: str) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_title(f"Overdracht {page.reference}")
    pdf.set_creator("Jeugdintake")
    family, unicode_ok = _font(pdf)

    def clean(text: str) -> str:
        if unicode_ok:
            return text
        return text.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")

    def heading(text: str) -> None:
        pdf.ln(2)
        pdf.set_font(family, "B", 12)
        pdf.multi_cell(0, 7, clean(text), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(family, "", 10)

    def line(label: str, value: str) -> None:
        pdf.set_font(family, "B", 10)
        pdf.cell(55, 6, clean(label))
        pdf.set_font(family, "", 10)
        pdf.multi_cell(0, 6, clean(value or "-"), new_x="LMARGIN", new_y="NEXT")

    pdf.add_page()
    pdf.set_font(family, "B", 16)
    pdf.multi_cell(0, 9, clean(f"Overdracht jeugdintake {page.reference}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 9)
    pdf.multi_cell(0, 5, clean(
        f"{page.practice_name} ({page.practice_code}) · aangemaakt {filters.when_long(page.created_at)} · "
        f"geëxporteerd door {exported_by}. Vertrouwelijk: medische gegevens."),
        new_x="LMARGIN", new_y="NEXT")

    heading("Kern")
    line("Urgentie", URGENCY_NL.get(page.urgency, page.urgency))
    line("Redenen (vlaggen)", "; ".join(label for _, label in page.flags) or "geen")
    line("Thema's", ", ".join(THEME_NL.get(t, t) for t in page.themes))
    line("Leeftijdsgroep", AGE_BAND_NL.get(page.age_band, page.age_band))
    line("Status", STATUS_NL.get(page.status, page.status))
    if page.appointment is not None:
        line("Afspraak", f"{filters.when_long(page.appointment.start_utc)} ({page.appointment.type_label}, "
                         f"{page.appointment.worker_name})")
    if not page.complete:
        line("Let op", "de intake is niet afgerond")

    heading("SBAR-samenvatting")
    pdf.multi_cell(0, 5.5, clean(page.summary or "Geen samenvatting."), new_x="LMARGIN", new_y="NEXT")

    heading("Antwoorden")
    for label, value in page.answers:
        line(label, value)

    heading("Toestemming")
    for label, value in page.consent or [("Toestemming", "niet vastgelegd")]:
        line(label, value)

    if page.notes:
        heading("Notities")
        for note in page.notes:
            line(f"{filters.when(note.created_at)}", f"{note.user_email}: {note.text}")

    heading("Gesprek")
    for msg in page.transcript:
        who = "Cliënt" if msg.direction == "in" else (msg.author or "Bot")
        pdf.set_font(family, "B", 9)
        pdf.cell(0, 5, clean(f"{who} · {filters.when(msg.created_at)}"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(family, "", 9)
        pdf.multi_cell(0, 4.8, clean(msg.text), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
