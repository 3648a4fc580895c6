"""Git merge driver for gettext catalogs: the union of both sides' entries.

Two engineers who each add texts both touch messages.pot and every .po file, in the same
sorted places, so a line merge conflicts on nearly every landing. Catalog entries are
independent, so the union is the right merge: an entry changed on one side only takes that
side; changed on both sides, ours wins (then `make update-locales` and the catalog test
point at anything left stale). Configure once per clone:

    git config merge.po-union.name "gettext catalog union"
    git config merge.po-union.driver ".venv/bin/python scripts/po_merge.py %O %A %B %P"

(`.gitattributes` assigns the driver to *.po and *.pot.)
"""

from __future__ import annotations

import sys
from io import BytesIO

from babel.messages.pofile import read_po, write_po


def _read(path: str):
    with open(path, "rb") as fh:
        data = fh.read()
    return read_po(BytesIO(data), abort_invalid=False) if data.strip() else None


def merge(base_path: str, ours_path: str, theirs_path: str, name: str = "") -> int:
    base, ours, theirs = _read(base_path), _read(ours_path), _read(theirs_path)
    if ours is None or theirs is None:
        return 1
    base_ids = {m.id: m.string for m in base if m.id} if base is not None else {}
    for msg in theirs:
        if not msg.id:
            continue
        mine = ours.get(msg.id, msg.context)
        if mine is None:
            if msg.id in base_ids and base_ids[msg.id] == msg.string:
                continue  # we deleted it and they did not change it: stays deleted
            ours[msg.id] = msg
        elif mine.string != msg.string and base_ids.get(msg.id) == mine.string:
            mine.string = msg.string  # only they changed it
            mine.flags = set(msg.flags)
    # Entries they deleted and we did not change go too.
    theirs_ids = {m.id for m in theirs if m.id}
    for msg_id, string in base_ids.items():
        mine = ours.get(msg_id)
        if msg_id not in theirs_ids and mine is not None and mine.string == string:
            del ours[msg_id]
    out = BytesIO()
    write_po(out, ours, width=76, sort_output=True, no_location=True, omit_header=name.endswith(".pot"))
    with open(ours_path, "wb") as fh:
        fh.write(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(merge(*sys.argv[1:5]))
