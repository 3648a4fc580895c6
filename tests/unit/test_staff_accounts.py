"""Staff accounts: argon2 hashes, TOTP once per code, throttling, session expiry."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pyotp
import pytest

from bot.staff import accounts
from bot.store.models import utcnow
from bot.store.seed import seed_demo
from tests.support.staff_seed import PASSWORD, fast_hashing


@pytest.fixture(autouse=True)
def _fast_hashing(monkeypatch):
    fast_hashing(monkeypatch)


@pytest.fixture
def demo(store):
    with store.session() as s:
        seed_demo(s)
    return store


def _user(store, email="a@delinde.example", role="worker"):
    with store.session() as s:
        user, secret = accounts.create_user(s, cipher=store.cipher, email=email, password=PASSWORD,
                                            role=role, practice_codes=["LINDE"])
        return user.id, secret


def _login(store, *, email="a@delinde.example", password=PASSWORD, code="", client="10.0.0.1", now=None):
    with store.session() as s:
        result = accounts.authenticate(s, cipher=store.cipher, email=email, password=password, code=code,
                                       client=client, now=now)
        return (result.user.id if result.user else None), result.throttled


def test_password_is_stored_as_an_argon2_hash_and_the_totp_secret_encrypted(demo):
    from bot.store.models_staff import StaffUser

    uid, secret = _user(demo)
    with demo.session() as s:
        user = s.get(StaffUser, uid)
        assert user.password_hash.startswith("$argon2id$")
        assert PASSWORD not in user.password_hash
        assert secret.encode() not in bytes(user.totp_secret)
        assert demo.cipher.decrypt(user.totp_secret) == secret


def test_account_is_linked_to_the_worker_with_the_same_email(demo):
    from bot.store.models_staff import StaffUser

    uid, _ = _user(demo, email="Sanne.DeVries@delinde.example")
    with demo.session() as s:
        user = s.get(StaffUser, uid)
        assert user.email == "sanne.devries@delinde.example"
        assert user.worker_id is not None
        assert [p.code for p in user.practices] == ["LINDE"]


@pytest.mark.parametrize("kwargs, message", [
    ({"password": "kort"}, "at least"),
    ({"role": "god"}, "role"),
    ({"practice_codes": ["NOPE"]}, "does not exist"),
    ({"email": "geen-adres"}, "e-mail"),
])
def test_bad_account_requests_are_refused(demo, kwargs, message):
    args = {"email": "b@delinde.example", "password": PASSWORD, "role": "worker", "practice_codes": ["LINDE"]}
    args.update(kwargs)
    with demo.session() as s, pytest.raises(accounts.AccountError, match=message):
        accounts.create_user(s, cipher=demo.cipher, **args)


def test_duplicate_email_is_refused(demo):
    _user(demo)
    with demo.session() as s, pytest.raises(accounts.AccountError, match="already exists"):
        accounts.create_user(s, cipher=demo.cipher, email="A@delinde.example", password=PASSWORD,
                             role="worker", practice_codes=["LINDE"])


def test_login_needs_password_and_a_current_totp_code(demo):
    uid, secret = _user(demo)
    wrong = f"{(int(pyotp.TOTP(secret).now()) + 1) % 1_000_000:06d}"
    assert _login(demo, code=wrong)[0] is None
    assert _login(demo, code="")[0] is None
    assert _login(demo, password="verkeerd-wachtwoord", code=pyotp.TOTP(secret).now())[0] is None
    assert _login(demo, code=pyotp.TOTP(secret).now())[0] == uid


def test_a_totp_code_works_only_once(demo):
    uid, secret = _user(demo)
    code = pyotp.TOTP(secret).now()
    assert _login(demo, code=code)[0] == uid
    assert _login(demo, code=code)[0] is None


def test_an_old_totp_code_is_refused(demo):
    _uid, secret = _user(demo)
    ten_minutes_ago = pyotp.TOTP(secret).at(datetime.now(timezone.utc) - timedelta(minutes=10))
    assert _login(demo, code=ten_minutes_ago)[0] is None


def test_five_failures_lock_the_account_for_a_quarter_even_with_the_right_code(demo):
    _uid, secret = _user(demo)
    for _ in range(accounts.MAX_FAILURES):
        assert _login(demo, password="fout-fout-fout")[0] is None
    user, throttled = _login(demo, code=pyotp.TOTP(secret).now())
    assert user is None and throttled
    # After the window the right password and a code of that moment work again.
    later = utcnow() + accounts.FAILURE_WINDOW + timedelta(minutes=1)
    code = pyotp.TOTP(secret).at(later.replace(tzinfo=timezone.utc))
    user, throttled = _login(demo, code=code, now=later)
    assert user is not None and not throttled


def test_unknown_email_fails_like_a_wrong_password(demo):
    assert _login(demo, email="niemand@delinde.example", code="123456") == (None, False)


def test_session_ends_after_inactivity_and_after_a_working_day(demo):
    uid, _ = _user(demo)
    from bot.store.models_staff import StaffUser

    now = utcnow()
    with demo.session() as s:
        token, _row = accounts.start_session(s, user=s.get(StaffUser, uid), now=now)
    with demo.session() as s:
        assert accounts.resume_session(s, token=token, now=now + timedelta(minutes=14)) is not None
    with demo.session() as s:  # activity moved last_seen: 14 more minutes are fine
        assert accounts.resume_session(s, token=token, now=now + timedelta(minutes=28)) is not None
    with demo.session() as s:
        assert accounts.resume_session(s, token=token, now=now + timedelta(minutes=44)) is None
    with demo.session() as s:  # once ended, it stays ended
        assert accounts.resume_session(s, token=token, now=now + timedelta(minutes=45)) is None
    with demo.session() as s:
        token2, _ = accounts.start_session(s, user=s.get(StaffUser, uid), now=now)
    for minutes in range(10, 11 * 60, 10):
        with demo.session() as s:
            alive = accounts.resume_session(s, token=token2, now=now + timedelta(minutes=minutes))
        if alive is None:
            break
    assert timedelta(minutes=minutes) > accounts.MAX_SESSION_AGE - timedelta(minutes=10)


def test_only_the_hash_of_the_session_token_is_stored(demo):
    uid, _ = _user(demo)
    from bot.store.models_staff import StaffSession, StaffUser

    with demo.session() as s:
        token, row = accounts.start_session(s, user=s.get(StaffUser, uid))
        rows = s.query(StaffSession).all()
        assert all(token not in (r.token_hash, r.csrf_token) for r in rows)
        assert row.token_hash == accounts.token_hash(token)


def test_a_deactivated_account_loses_its_session(demo):
    uid, _ = _user(demo)
    from bot.store.models_staff import StaffUser

    with demo.session() as s:
        token, _ = accounts.start_session(s, user=s.get(StaffUser, uid))
    with demo.session() as s:
        s.get(StaffUser, uid).active = False
    with demo.session() as s:
        assert accounts.resume_session(s, token=token) is None
