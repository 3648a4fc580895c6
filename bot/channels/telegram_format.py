"""Pure helpers for the Telegram channel: splitting, escaping, keyboards, flood limit.

No network and no python-telegram-bot Application here, so everything is unit-testable with
plain objects. ``bot.channels.telegram`` wires these into handlers.
"""

from __future__ import annotations

import html
import re
import secrets
import time
from collections import OrderedDict, deque
from collections.abc import Iterable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.replies import Button

# Telegram's limits (https://core.telegram.org/bots/api#sendmessage, #inlinekeyboardbutton).
MAX_MESSAGE_CHARS = 4096
MAX_CALLBACK_BYTES = 64
# A short id always starts with this; a Rasa payload starts with "/" so the two never clash.
SHORT_ID_PREFIX = "k:"


def utf16_len(text: str) -> int:
    """Telegram counts message length in UTF-16 code units: an emoji often counts twice."""
    return len(text.encode("utf-16-le")) // 2


def _fits(text: str, limit: int) -> bool:
    return utf16_len(text) <= limit


def _cut_point(text: str, limit: int) -> int:
    """The largest index i (in str positions) so that text[:i] fits in ``limit`` UTF-16 units."""
    if _fits(text, limit):
        return len(text)
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if _fits(text[:mid], limit):
            lo = mid
        else:
            hi = mid - 1
    return lo


# Preferred break points, best first: a paragraph, a line, the end of a sentence, a space.
_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?…]+[\"')\]]*\s+"), re.compile(r"\s+"))


def split_text(text: str, limit: int = MAX_MESSAGE_CHARS) -> list[str]:
    """Split a reply into parts Telegram accepts, at the best boundary before the limit.

    Parts keep their text exactly (only the whitespace at a break is dropped), so joining
    the parts with a space gives the words back in order.
    """
    parts: list[str] = []
    rest = text
    while not _fits(rest, limit):
        window_end = _cut_point(rest, limit)
        window = rest[:window_end]
        cut = None
        for pattern in _BREAKS:
            ends = [m for m in pattern.finditer(window) if m.start() > 0]
            if ends:
                last = ends[-1]
                # A sentence break keeps its punctuation in the first part.
                keep = last.start() if pattern.pattern.startswith(r"\n") or pattern.pattern == r"\s+" else last.end()
                cut = (window[:keep].rstrip(), last.end())
                break
        if cut is None or not cut[0]:
            cut = (window, window_end)  # one endless word: cut hard
        parts.append(cut[0])
        rest = rest[cut[1]:]
    if rest.strip() or not parts:
        parts.append(rest)
    return parts


def escape(text: str) -> str:
    """Escape text for a message sent with parse_mode=HTML."""
    return html.escape(text, quote=False)


def html_message(template: str, **values: str) -> str:
    """Fill an HTML template (our own markup) with values that are always escaped."""
    return template.format(**{k: escape(str(v)) for k, v in values.items()})


class CallbackStore:
    """Maps button payloads to callback_data that fits in Telegram's 64 bytes.

    A payload that fits is sent as is (so buttons keep working after a restart). A longer one
    gets a short random id kept here, in memory, for the most recent ``capacity`` payloads;
    a press on an id that is gone (a restart, or very old) is treated as a stale press.
    """

    def __init__(self, capacity: int = 20000):
        self.capacity = capacity
        self._by_id: OrderedDict[str, str] = OrderedDict()
        self._new: list[tuple[str, str]] = []

    def encode(self, payload: str) -> str:
        if len(payload.encode("utf-8")) <= MAX_CALLBACK_BYTES and not payload.startswith(SHORT_ID_PREFIX):
            return payload
        short = SHORT_ID_PREFIX + secrets.token_urlsafe(12)
        self._by_id[short] = payload
        self._new.append((short, payload))
        while len(self._by_id) > self.capacity:
            self._by_id.popitem(last=False)
        del self._new[:-self.capacity]
        return short

    def take_new(self) -> list[tuple[str, str]]:
        """Short ids made since the last call (to share them with the other instances)."""
        new, self._new = self._new, []
        return new

    def decode(self, data: str | None) -> str | None:
        """The payload for a press, or None when it is unknown (stale)."""
        if not data:
            return None
        if data.startswith(SHORT_ID_PREFIX):
            return self._by_id.get(data)
        return data


def keyboard(buttons: Iterable[Button], store: CallbackStore) -> InlineKeyboardMarkup | None:
    """One button per row: Rasa titles are whole sentences and read badly side by side."""
    rows = [[InlineKeyboardButton(b.title[:64] or "…", callback_data=store.encode(b.payload))] for b in buttons]
    return InlineKeyboardMarkup(rows) if rows else None


class FloodLimiter:
    """At most ``limit`` updates per ``window`` seconds per user.

    ``hit(user)`` returns "ok", "notify" (the first update over the limit: say so once) or
    "drop" (further updates in the same flood: stay silent).
    """

    def __init__(self, limit: int = 8, window: float = 10.0, clock=time.monotonic, max_users: int = 50000):
        self.limit = limit
        self.window = window
        self.clock = clock
        self.max_users = max_users
        self._hits: OrderedDict[int, deque[float]] = OrderedDict()
        self._notified: dict[int, float] = {}

    def hit(self, user: int) -> str:
        now = self.clock()
        hits = self._hits.pop(user, None) or deque()
        self._hits[user] = hits  # most recently active last, for the eviction below
        while hits and now - hits[0] >= self.window:
            hits.popleft()
        hits.append(now)
        while len(self._hits) > self.max_users:
            old, _ = self._hits.popitem(last=False)
            self._notified.pop(old, None)
        if len(hits) <= self.limit:
            self._notified.pop(user, None)
            return "ok"
        if user in self._notified and now - self._notified[user] < self.window:
            return "drop"
        self._notified[user] = now
        return "notify"


class PressedMessages:
    """Messages whose keyboard was already used, so a second press is recognised at once."""

    def __init__(self, capacity: int = 50000):
        self.capacity = capacity
        self._seen: OrderedDict[tuple[int, int], None] = OrderedDict()

    def first_press(self, chat_id: int, message_id: int) -> bool:
        key = (chat_id, message_id)
        if key in self._seen:
            return False
        self._seen[key] = None
        while len(self._seen) > self.capacity:
            self._seen.popitem(last=False)
        return True


def strip_bot_mention(text: str) -> str:
    """'/help@JeugdintakeBot' -> '/help' (clients add the mention when several bots listen)."""
    return re.sub(r"^(/\w+)@\w+", r"\1", text)
