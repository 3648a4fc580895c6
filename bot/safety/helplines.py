"""Help lines as data: which numbers, and which categories get which lines.

The texts around the numbers are in bot.safety.replies (gettext msgids with placeholders);
the numbers are here, in one place, so a changed number is a one-line change with a test.
The huisartsenpost differs per practice and comes from the practice record
(Practice.huisartsenpost_name / huisartsenpost_phone) when the conversation has a practice.

Phone numbers are written twice: the Dutch form people know ("0800-0113") and the
international form ("+31 800 0113"), because Telegram turns numbers in the +<country code>
form into a tap-to-call link and leaves many local forms as plain text (see docs/safety.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Helpline:
    key: str
    name: str  # a proper name: not translated
    phone: str = ""  # the Dutch form, e.g. "0800-0113"
    international: str = ""  # the tappable form, e.g. "+31 800 0113"
    short: str = ""  # a short number, e.g. "113" or "112"
    chat: str = ""  # where to chat, e.g. "113.nl"

    @property
    def phone_text(self) -> str:
        """'0800-0113 (+31 800 0113)': readable, and a tap calls it on Telegram."""
        if self.phone and self.international:
            return f"{self.phone} ({self.international})"
        return self.phone or self.short


HELPLINES: dict[str, Helpline] = {
    "113": Helpline("113", "113 Zelfmoordpreventie", phone="0800-0113", international="+31 800 0113",
                    short="113", chat="113.nl"),
    "kindertelefoon": Helpline("kindertelefoon", "De Kindertelefoon", phone="0800-0432",
                               international="+31 800 0432", chat="kindertelefoon.nl"),
    "veilig_thuis": Helpline("veilig_thuis", "Veilig Thuis", phone="0800-2000", international="+31 800 2000"),
    "csg": Helpline("csg", "Centrum Seksueel Geweld", phone="0800-0188", international="+31 800 0188"),
    "police": Helpline("police", "Politie", phone="0900-8844", international="+31 900 8844"),
    "112": Helpline("112", "112", short="112"),
}

# Which lines each category's card names for the person in danger ("self" voice).
CATEGORY_LINES: dict[str, tuple[str, ...]] = {
    "suicide": ("113", "112"),
    "self_harm": ("113", "kindertelefoon", "112"),
    "sexual_abuse": ("csg", "veilig_thuis", "kindertelefoon", "112"),
    "exploitation_coercion": ("veilig_thuis", "csg", "kindertelefoon", "112"),
    "violence_home": ("veilig_thuis", "kindertelefoon", "112"),
    "missing_runaway": ("112", "veilig_thuis", "kindertelefoon"),  # a parent also gets the police's 0900 number
    "medical_danger": ("112", "huisartsenpost"),
}


def placeholders() -> dict[str, str]:
    """Values for the {placeholders} in the reply msgids."""
    l113, kt, vt = HELPLINES["113"], HELPLINES["kindertelefoon"], HELPLINES["veilig_thuis"]
    csg, police = HELPLINES["csg"], HELPLINES["police"]
    return {
        "short_113": l113.short,
        "phone_113": l113.phone_text,
        "chat_113": l113.chat,
        "phone_kt": kt.phone_text,
        "chat_kt": kt.chat,
        "phone_vt": vt.phone_text,
        "phone_csg": csg.phone_text,
        "phone_police": police.phone_text,
        "phone_112": HELPLINES["112"].short,
    }


def international_form(phone: str) -> str:
    """A Dutch number in the +31 form ("088-1309670" -> "+31 88 130 9670"); '' when not Dutch-looking."""
    digits = re.sub(r"\D", "", phone)
    if phone.strip().startswith("+"):
        return phone.strip()
    if not digits.startswith("0") or digits.startswith("00"):
        return ""
    rest = digits[1:]
    if rest[:3] in ("800", "900", "906", "909") and 7 <= len(rest) <= 10:  # 0800-0113, 0900-3336333
        return f"+31 {rest[:3]} {rest[3:]}"
    if len(rest) == 9:  # area or mobile numbers: 088-1309670, 020-1234567, 06-12345678
        return f"+31 {rest[:2]} {rest[2:5]} {rest[5:]}"
    return ""


def phone_text(phone: str) -> str:
    """A practice number as '088-1309670 (+31 88 130 9670)'."""
    intl = international_form(phone)
    return f"{phone} ({intl})" if intl and intl != phone else phone
