"""Encryption at rest for free text, with Fernet (AES-128-CBC + HMAC) from ``cryptography``.

The key comes from INTAKE_SECRET_KEY. In development, when it is unset, a key is generated
once into ``<data dir>/secret.key`` (mode 0600) so that a demo survives restarts.
"""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from bot.config import Settings


def _fernet_key(secret: str) -> bytes:
    raw = secret.encode()
    try:
        if len(base64.urlsafe_b64decode(raw)) == 32:
            return raw
    except (ValueError, base64.binascii.Error):
        pass
    # Any other string: derive a 32-byte key from it.
    return base64.urlsafe_b64encode(hashlib.sha256(raw).digest())


class Cipher:
    def __init__(self, secret: str):
        self._fernet = Fernet(_fernet_key(secret))

    def encrypt(self, text: str) -> bytes:
        return self._fernet.encrypt(text.encode("utf-8"))

    def decrypt(self, token: bytes) -> str:
        try:
            return self._fernet.decrypt(bytes(token)).decode("utf-8")
        except InvalidToken:
            return "[onleesbaar: andere sleutel]"


def secret_for(settings: Settings) -> str:
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.data_dir) / "secret.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(Fernet.generate_key())
    return path.read_text().strip()


def cipher_for(settings: Settings) -> Cipher:
    return Cipher(secret_for(settings))
