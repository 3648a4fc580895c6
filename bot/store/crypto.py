"""Encryption at rest with Fernet (AES-128-CBC + HMAC-SHA256) from ``cryptography``.

INTAKE_SECRET_KEY holds one key or several, comma-separated, newest first. The first key
encrypts; every key decrypts (``MultiFernet``), so a new key can be put in front and
``intake keys rotate`` re-encrypts everything with it before the old key is removed.

In development and test, when INTAKE_SECRET_KEY is unset, a key is generated once into
``<data dir>/secret.key`` (mode 0600) so that a demo survives restarts; there any string is
accepted and a key is derived from it. In production every key must be a real Fernet key
(see :func:`production_key_problem`) and the development key file is refused.

A value that no configured key can decrypt raises :class:`UnreadableError`: a wrong key is an
error an operator must see, never a silently unreadable transcript.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from collections.abc import Sequence
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from bot.config import ConfigError, Settings

DEV_KEY_FILE = "secret.key"
# Placeholders that documentation and examples use; never a key.
_PLACEHOLDER_WORDS = ("replace", "change", "example", "secret", "your", "xxxx", "placeholder")


class UnreadableError(RuntimeError):
    """A stored value does not decrypt with any configured key (the wrong INTAKE_SECRET_KEY)."""


class KeyMismatchError(RuntimeError):
    """The configured key does not read the stored data; the message is for operators."""


def split_keys(secret: str) -> list[str]:
    return [k.strip() for k in secret.replace("\n", ",").split(",") if k.strip()]


def _decoded_fernet_key(key: str) -> bytes | None:
    """The 32 raw bytes of a real Fernet key, or None when ``key`` is not one."""
    if len(key) != 44:
        return None
    try:
        raw = base64.urlsafe_b64decode(key.encode("ascii"))
    except (ValueError, binascii.Error, UnicodeEncodeError):
        return None
    return raw if len(raw) == 32 else None


def _fernet_key(secret: str) -> bytes:
    if _decoded_fernet_key(secret) is not None:
        return secret.encode("ascii")
    # Development and test only (production refuses these): derive a key from any string.
    return base64.urlsafe_b64encode(hashlib.sha256(secret.encode()).digest())


def production_key_problem(secret: str | None) -> str | None:
    """Why this INTAKE_SECRET_KEY value is not fit for production, or None when it is."""
    if not secret:
        return "INTAKE_SECRET_KEY must be set in production; make one with `intake keys generate`."
    for i, key in enumerate(split_keys(secret), start=1):
        which = "INTAKE_SECRET_KEY" if "," not in secret else f"key {i} in INTAKE_SECRET_KEY"
        lowered = key.lower()
        if any(word in lowered for word in _PLACEHOLDER_WORDS):
            return f"{which} is a placeholder, not a key; make one with `intake keys generate`."
        raw = _decoded_fernet_key(key)
        if raw is None:
            return (f"{which} is not a Fernet key (44 characters of URL-safe base64 for 32 random "
                    "bytes); make one with `intake keys generate`.")
        if len(set(raw)) < 12:
            return f"{which} is not random enough (too few distinct bytes); make one with `intake keys generate`."
    return None


def generate_key() -> str:
    return Fernet.generate_key().decode("ascii")


class Cipher:
    """Encrypts with the first key, decrypts with any; keyed hashes for look-ups."""

    def __init__(self, secret: str | Sequence[str]):
        keys = split_keys(secret) if isinstance(secret, str) else [k for k in secret if k]
        if not keys:
            raise ConfigError("no encryption key configured (INTAKE_SECRET_KEY is empty).")
        fernet_keys = [_fernet_key(k) for k in keys]
        self._multi = MultiFernet([Fernet(k) for k in fernet_keys])
        self._primary = Fernet(fernet_keys[0])
        # Look-up hashes (e.g. a Telegram chat id) use a key derived from each encryption key,
        # so a look-up finds rows hashed under any configured key while a rotation runs.
        self._hash_keys = [hmac.new(base64.urlsafe_b64decode(k), b"jeugdintake lookup v1", hashlib.sha256).digest()
                           for k in fernet_keys]
        self.fingerprint = hashlib.sha256(fernet_keys[0]).hexdigest()[:8]
        self.key_count = len(keys)

    # -- bytes columns ---------------------------------------------------------------------

    def encrypt(self, text: str) -> bytes:
        return self._primary.encrypt(text.encode("utf-8"))

    def decrypt(self, token: bytes) -> str:
        try:
            return self._multi.decrypt(bytes(token)).decode("utf-8")
        except InvalidToken:
            raise UnreadableError(
                "a stored value does not decrypt with any key in INTAKE_SECRET_KEY"
            ) from None

    def rotate(self, token: bytes) -> bytes:
        """The same plaintext, encrypted with the first key (MultiFernet.rotate)."""
        try:
            return self._multi.rotate(bytes(token))
        except InvalidToken:
            raise UnreadableError("a stored value does not decrypt with any key in INTAKE_SECRET_KEY") from None

    def is_current(self, token: bytes) -> bool:
        """Whether the first (newest) key reads this token, i.e. it needs no rotation."""
        try:
            self._primary.decrypt(bytes(token))
        except InvalidToken:
            return False
        return True

    # -- text columns (Rasa's tracker events are TEXT) -------------------------------------

    def encrypt_text(self, text: str) -> str:
        return self.encrypt(text).decode("ascii")

    def decrypt_text(self, token: str) -> str:
        return self.decrypt(token.encode("ascii"))

    # -- keyed hashes ----------------------------------------------------------------------

    def lookup_hash(self, value: str) -> str:
        """HMAC-SHA256 of ``value`` under the first key: stored for look-ups."""
        return hmac.new(self._hash_keys[0], value.encode("utf-8"), hashlib.sha256).hexdigest()

    def lookup_hashes(self, value: str) -> list[str]:
        """The hash under every configured key, newest first: what a look-up searches for."""
        return [hmac.new(k, value.encode("utf-8"), hashlib.sha256).hexdigest() for k in self._hash_keys]


def _dev_key_path(settings: Settings) -> Path:
    return Path(settings.data_dir) / DEV_KEY_FILE


def _dev_keys(path: Path) -> list[str]:
    try:
        return split_keys(path.read_text())
    except OSError:
        return []


def secret_for(settings: Settings) -> str:
    """INTAKE_SECRET_KEY, or in development the generated key file (created when missing)."""
    path = _dev_key_path(settings)
    if settings.environment == "production":
        problem = production_key_problem(settings.secret_key)
        if problem:
            raise ConfigError(problem)
        if path.exists() and set(split_keys(settings.secret_key)) & set(_dev_keys(path)):
            raise ConfigError(
                f"INTAKE_SECRET_KEY holds the development key from {path}; production needs its own "
                "key (`intake keys generate`), kept out of the data folder."
            )
        return settings.secret_key
    if settings.secret_key:
        return settings.secret_key
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Written aside and linked into place: a process starting at the same moment sees
        # either no file or a whole one, and only one key ever wins.
        tmp = path.with_name(f".{DEV_KEY_FILE}.{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(generate_key() + "\n")
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return ",".join(_dev_keys(path))


def cipher_for(settings: Settings) -> Cipher:
    return Cipher(secret_for(settings))
