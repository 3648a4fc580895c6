"""Staff accounts: argon2 password hashes, TOTP second factor, login throttling, sessions.

Pure functions over a SQLAlchemy session; the web layer (:mod:`bot.staff.app`) and the CLI
(:mod:`bot.staff.cli`) both use them. Times are naive UTC, as everywhere in the store.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.store.crypto import Cipher
from bot.store.models import Worker, utcnow
from bot.store.models_staff import LoginAttempt, StaffSession, StaffUser
from bot.store.repo import practice_by_code

ROLES = ("worker", "admin")
MIN_PASSWORD_LENGTH = 12
# Throttling: this many failed attempts for one e-mail (or from one client) within the window
# locks further attempts until the window has passed.
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
# Sessions end after this long without a request, and in any case after a working day.
IDLE_TIMEOUT = timedelta(minutes=15)
MAX_SESSION_AGE = timedelta(hours=10)

# argon2id with the library's defaults (RFC 9106 "low memory": t=3, 64 MiB, p=4).
_hasher = PasswordHasher()
_dummy_hash: str | None = None


class AccountError(ValueError):
    """A bad request to create or change an account; the message is for the operator."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def create_user(
    session: Session,
    *,
    cipher: Cipher,
    email: str,
    password: str,
    role: str,
    practice_codes: list[str],
) -> tuple[StaffUser, str]:
    """Create an account; returns it with the TOTP secret in clear (shown once, for enrolling)."""
    email = normalise_email(email)
    if "@" not in email or len(email) > 200:
        raise AccountError(f"{email!r} is not an e-mail address.")
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must be at least {MIN_PASSWORD_LENGTH} characters.")
    if session.execute(select(StaffUser).where(StaffUser.email == email)).scalar_one_or_none():
        raise AccountError(f"an account for {email} already exists.")
    practices = []
    for code in practice_codes:
        practice = practice_by_code(session, code=code)
        if practice is None:
            raise AccountError(f"practice {code!r} does not exist (see `intake practices`).")
        practices.append(practice)
    secret = pyotp.random_base32()
    user = StaffUser(
        email=email,
        password_hash=hash_password(password),
        totp_secret=cipher.encrypt(secret),
        totp_last_step=0,
        role=role,
        active=True,
    )
    user.practices = practices
    # Link the account to the support worker with the same e-mail, for the calendar.
    worker = session.execute(select(Worker).where(func.lower(Worker.email) == email)).scalars().first()
    if worker is not None:
        user.worker_id = worker.id
    session.add(user)
    session.flush()
    return user, secret


def totp_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name="Jeugdintake")


def verify_totp(user: StaffUser, *, cipher: Cipher, code: str, now: datetime | None = None) -> bool:
    """Accept the current code (and the neighbouring steps, for clock drift) exactly once."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return False
    totp = pyotp.TOTP(cipher.decrypt(user.totp_secret))
    moment = now or utcnow()
    step_now = int(moment.timestamp() if moment.tzinfo else _utc_ts(moment)) // totp.interval
    for step in (step_now - 1, step_now, step_now + 1):
        if step <= (user.totp_last_step or 0):
            continue
        if hmac.compare_digest(totp.generate_otp(step), code):
            user.totp_last_step = step
            return True
    return False


def _utc_ts(naive_utc: datetime) -> float:
    return naive_utc.replace(tzinfo=timezone.utc).timestamp()


def is_throttled(session: Session, *, email: str, client: str, now: datetime | None = None) -> bool:
    since = (now or utcnow()) - FAILURE_WINDOW
    email = normalise_email(email)
    by_email = session.execute(
        select(func.count()).select_from(LoginAttempt).where(
            LoginAttempt.email == email, LoginAttempt.ok.is_(False), LoginAttempt.created_at >= since
        )
    ).scalar_one()
    by_client = session.execute(
        select(func.count()).select_from(LoginAttempt).where(
            LoginAttempt.client == client, LoginAttempt.ok.is_(False), LoginAttempt.created_at >= since
        )
    ).scalar_one()
    # A client (one address at the practice) may mistype for several colleagues.
    return by_email >= MAX_FAILURES or by_client >= MAX_FAILURES * 3


@dataclass(frozen=True)
class LoginResult:
    user: StaffUser | None
    throttled: bool = False


def authenticate(
    session: Session,
    *,
    cipher: Cipher,
    email: str,
    password: str,
    code: str,
    client: str,
    now: datetime | None = None,
) -> LoginResult:
    """Check e-mail, password and TOTP code together; one failure message for all three."""
    now = now or utcnow()
    email = normalise_email(email)[:200]
    if is_throttled(session, email=email, client=client, now=now):
        session.add(LoginAttempt(email=email, client=client, ok=False, created_at=now))
        return LoginResult(None, throttled=True)
    user = session.execute(select(StaffUser).where(StaffUser.email == email)).scalar_one_or_none()
    ok = False
    if user is None:
        # Verifying against a dummy hash keeps "unknown e-mail" as slow as "wrong password".
        global _dummy_hash
        if _dummy_hash is None:
            _dummy_hash = hash_password(secrets.token_hex(16))
        verify_password(_dummy_hash, password)
    elif user.active and verify_password(user.password_hash, password):
        ok = verify_totp(user, cipher=cipher, code=code, now=now)
    session.add(LoginAttempt(email=email, client=client, ok=ok, created_at=now))
    if not ok:
        return LoginResult(None)
    user.last_login_at = now
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return LoginResult(user)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, *, user: StaffUser, now: datetime | None = None) -> tuple[str, StaffSession]:
    """Returns the cookie token (never stored) and the session row."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    row = StaffSession(
        token_hash=token_hash(token), user_id=user.id, csrf_token=secrets.token_urlsafe(32),
        created_at=now, last_seen_at=now,
    )
    session.add(row)
    session.flush()
    return token, row


def resume_session(session: Session, *, token: str, now: datetime | None = None) -> StaffSession | None:
    """The live session for this cookie token, touched; None when unknown, ended or expired."""
    if not token:
        return None
    now = now or utcnow()
    row = session.execute(
        select(StaffSession).where(StaffSession.token_hash == token_hash(token))
    ).scalar_one_or_none()
    if row is None or row.ended_at is not None:
        return None
    if now - row.last_seen_at > IDLE_TIMEOUT or now - row.created_at > MAX_SESSION_AGE:
        row.ended_at = now
        return None
    if not row.user.active:
        row.ended_at = now
        return None
    row.last_seen_at = now
    return row


def end_session(session: Session, *, row: StaffSession, now: datetime | None = None) -> None:
    row.ended_at = now or utcnow()


def list_users(session: Session) -> list[StaffUser]:
    return list(session.execute(select(StaffUser).order_by(StaffUser.email)).scalars())
