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
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must be at least {MIN_PASSWORD_LENGTH} characters.")
    email, practices = _check_new_account(session, email=email, role=role, practice_codes=practice_codes)
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


def resume_session(session: Session, *, token: str, now: datetime | None = None,
                   touch: bool = True) -> StaffSession | None:
    """The live session for this cookie token, touched; None when unknown, ended or expired.

    ``touch=False`` for requests a page makes on its own (polling for new messages): they must
    not keep an unattended screen logged in.
    """
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
    if touch:
        row.last_seen_at = now
    return row


def end_session(session: Session, *, row: StaffSession, now: datetime | None = None) -> None:
    row.ended_at = now or utcnow()


def list_users(session: Session) -> list[StaffUser]:
    return list(session.execute(select(StaffUser).order_by(StaffUser.email)).scalars())


# -- enrolment links, password change, authenticator re-enrolment -----------------------------

ENROL_VALID = timedelta(hours=72)
# No argon2 hash looks like this: an account waiting for its enrolment cannot log in.
UNUSABLE_PASSWORD = "!enrolment-pending"


class EnrolmentError(AccountError):
    """A refused enrolment or change; ``code`` names the reason for the page."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _check_new_account(session: Session, *, email: str, role: str, practice_codes: list[str]):
    email = normalise_email(email)
    if "@" not in email or len(email) > 200:
        raise AccountError(f"{email!r} is not an e-mail address.")
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}.")
    if session.execute(select(StaffUser).where(StaffUser.email == email)).scalar_one_or_none():
        raise AccountError(f"an account for {email} already exists.")
    practices = []
    for code in practice_codes:
        practice = practice_by_code(session, code=code)
        if practice is None:
            raise AccountError(f"practice {code!r} does not exist (see `intake practices`).")
        practices.append(practice)
    return email, practices


def _new_enrolment(user: StaffUser, *, cipher: Cipher, now: datetime) -> str:
    token = secrets.token_urlsafe(32)
    user.enrol_token_hash = token_hash(token)
    user.enrol_expires_at = now + ENROL_VALID
    user.totp_pending = cipher.encrypt(pyotp.random_base32())
    return token


def invite_user(session: Session, *, cipher: Cipher, email: str, role: str, practice_codes: list[str],
                now: datetime | None = None) -> tuple[StaffUser, str]:
    """An account without a password: returns it with the one-time enrolment token.

    Whoever opens the link sets the password and enrols the authenticator; the person who
    invited never sees either."""
    now = now or utcnow()
    email, practices = _check_new_account(session, email=email, role=role, practice_codes=practice_codes)
    user = StaffUser(email=email, password_hash=UNUSABLE_PASSWORD, totp_secret=cipher.encrypt(pyotp.random_base32()),
                     totp_last_step=0, role=role, active=True, created_at=now)
    user.practices = practices
    worker = session.execute(select(Worker).where(func.lower(Worker.email) == email)).scalars().first()
    if worker is not None:
        user.worker_id = worker.id
    token = _new_enrolment(user, cipher=cipher, now=now)
    session.add(user)
    session.flush()
    return user, token


def reset_enrolment(session: Session, *, cipher: Cipher, user: StaffUser, now: datetime | None = None) -> str:
    """A lost phone or password: the old password and authenticator stop working, every session
    of the account ends, and a new enrolment link is made."""
    now = now or utcnow()
    user.password_hash = UNUSABLE_PASSWORD
    token = _new_enrolment(user, cipher=cipher, now=now)
    end_all_sessions(session, user=user, now=now)
    return token


def is_enrolled(user: StaffUser) -> bool:
    return user.password_hash != UNUSABLE_PASSWORD


def enrolment_for(session: Session, *, token: str, now: datetime | None = None) -> StaffUser | None:
    """The account this enrolment link belongs to, when the link is valid."""
    if not token:
        return None
    user = session.execute(select(StaffUser).where(StaffUser.enrol_token_hash == token_hash(token))
                           ).scalar_one_or_none()
    if user is None or not user.active or user.enrol_expires_at is None or user.enrol_expires_at < (now or utcnow()):
        return None
    return user


def pending_secret(user: StaffUser, *, cipher: Cipher) -> str | None:
    return cipher.decrypt(user.totp_pending) if user.totp_pending else None


def _confirm_pending_totp(user: StaffUser, *, cipher: Cipher, code: str, now: datetime) -> None:
    secret = pending_secret(user, cipher=cipher)
    code = "".join(ch for ch in code if ch.isdigit())
    if not secret or len(code) != 6:
        raise EnrolmentError("code")
    totp = pyotp.TOTP(secret)
    step_now = int(_utc_ts(now)) // totp.interval
    matched = [step for step in (step_now - 1, step_now, step_now + 1)
               if hmac.compare_digest(totp.generate_otp(step), code)]
    if not matched:
        raise EnrolmentError("code")
    user.totp_secret = user.totp_pending
    user.totp_pending = None
    user.totp_last_step = matched[0]  # this code cannot be used again to log in


def _check_new_password(password: str, repeat: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise EnrolmentError("short")
    if password != repeat:
        raise EnrolmentError("differ")


def complete_enrolment(session: Session, *, cipher: Cipher, user: StaffUser, password: str, repeat: str,
                       code: str, now: datetime | None = None) -> None:
    """Set the password and confirm the authenticator with a code from it; the link is used up."""
    now = now or utcnow()
    _check_new_password(password, repeat)
    _confirm_pending_totp(user, cipher=cipher, code=code, now=now)
    user.password_hash = hash_password(password)
    user.enrol_token_hash = None
    user.enrol_expires_at = None


def change_password(session: Session, *, user: StaffUser, current: str, new: str, repeat: str,
                    keep: StaffSession | None = None, now: datetime | None = None) -> None:
    """Change one's own password; every other session of the account ends."""
    if not verify_password(user.password_hash, current):
        raise EnrolmentError("current")
    _check_new_password(new, repeat)
    user.password_hash = hash_password(new)
    end_all_sessions(session, user=user, keep=keep, now=now)


def start_totp_change(session: Session, *, cipher: Cipher, user: StaffUser) -> str:
    """A new authenticator secret to scan; the old one works until the new one is confirmed."""
    if user.totp_pending is None:
        user.totp_pending = cipher.encrypt(pyotp.random_base32())
    return pending_secret(user, cipher=cipher)


def confirm_totp_change(session: Session, *, cipher: Cipher, user: StaffUser, password: str, code: str,
                        now: datetime | None = None) -> None:
    now = now or utcnow()
    if not verify_password(user.password_hash, password):
        raise EnrolmentError("current")
    _confirm_pending_totp(user, cipher=cipher, code=code, now=now)


def end_all_sessions(session: Session, *, user: StaffUser, keep: StaffSession | None = None,
                     now: datetime | None = None) -> None:
    now = now or utcnow()
    for row in session.execute(select(StaffSession).where(StaffSession.user_id == user.id,
                                                          StaffSession.ended_at.is_(None))).scalars():
        if keep is None or row.id != keep.id:
            row.ended_at = now


def users_sharing_practices(session: Session, *, practice_ids: set[int]) -> list[StaffUser]:
    """Accounts with at least one of these practices (what an admin of them may see)."""
    users = list_users(session)
    return [u for u in users if {p.id for p in u.practices} & practice_ids]


def manages(admin_practice_ids: set[int], user: StaffUser) -> bool:
    """An admin may change an account only when every practice of it is one of theirs."""
    own = {p.id for p in user.practices}
    return bool(own) and own <= admin_practice_ids
