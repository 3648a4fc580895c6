"""nothing readable at rest: channel ids hashed and encrypted, Rasa's tracker events encrypted,
trackers nobody can reach purged, and a key-check row

Revision ID: 0005_privacy_at_rest
Revises: 0004_staff
Create Date: 2026-11-24

Needs the app's key (bot.store.migrate passes Store's cipher as ``config.attributes["cipher"]``)
whenever there is data to convert. After this revision, ``bot.store.migrate.upgrade`` compacts
the database (VACUUM) so the plain text it replaced does not linger in free pages.
"""
import sqlalchemy as sa
from alembic import op

revision = "0005_privacy_at_rest"
down_revision = "0004_staff"
branch_labels = None
depends_on = None

FERNET_PREFIX = "gAAAAA"
CHECK_TEXT = "jeugdintake key check"


def _cipher():
    return op.get_context().config.attributes.get("cipher")


def _need_cipher(what: str):
    cipher = _cipher()
    if cipher is None:
        raise RuntimeError(f"migration {revision} must {what} and needs the key: run it with `intake db upgrade`.")
    return cipher


def _has_table(name: str) -> bool:
    return sa.inspect(op.get_bind()).has_table(name)


def upgrade() -> None:
    bind = op.get_bind()
    op.create_table(
        "key_check",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("token", sa.LargeBinary, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("rotated_at", sa.DateTime, nullable=True),
    )
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("external_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("external_id_enc", sa.LargeBinary, nullable=True))

    conversations = sa.table("conversations", sa.column("id", sa.Integer), sa.column("external_id", sa.String),
                             sa.column("external_hash", sa.String), sa.column("external_id_enc", sa.LargeBinary))
    rows = bind.execute(sa.select(conversations.c.id, conversations.c.external_id)).all()
    sample = bind.execute(sa.text("SELECT body FROM messages ORDER BY id LIMIT 1")).scalar()
    if rows or sample is not None:
        cipher = _need_cipher("encrypt the stored channel ids")
        if sample is not None:
            from bot.store.crypto import UnreadableError

            try:
                cipher.decrypt(sample)
            except UnreadableError:
                raise RuntimeError(
                    "INTAKE_SECRET_KEY does not decrypt the stored transcripts: it is not the key they were "
                    "written with. Start with the right key before upgrading."
                ) from None
        for conv_id, external_id in rows:
            bind.execute(conversations.update().where(conversations.c.id == conv_id).values(
                external_hash=cipher.lookup_hash(external_id), external_id_enc=cipher.encrypt(external_id)))

    with op.batch_alter_table("conversations") as batch:
        batch.drop_constraint("uq_conversation_channel_user", type_="unique")
        batch.drop_column("external_id")
        batch.alter_column("external_hash", existing_type=sa.String(64), nullable=False)
        batch.alter_column("external_id_enc", existing_type=sa.LargeBinary, nullable=False)
        batch.create_unique_constraint("uq_conversation_channel_user", ["channel", "external_hash"])

    if _has_table("events"):
        # Trackers of no current conversation (left behind by /stop, or by tools talking to Rasa
        # directly) can be reached by no one, so no one could have them erased: purge them.
        bind.execute(sa.text("DELETE FROM events WHERE sender_id NOT IN (SELECT sender_id FROM conversations)"))
        events = sa.table("events", sa.column("id", sa.Integer), sa.column("data", sa.Text))
        plain = bind.execute(sa.select(events.c.id, events.c.data).where(
            events.c.data.isnot(None), sa.not_(events.c.data.like(FERNET_PREFIX + "%")))).all()
        if plain:
            cipher = _need_cipher("encrypt Rasa's tracker events")
            for event_id, data in plain:
                bind.execute(events.update().where(events.c.id == event_id).values(data=cipher.encrypt_text(data)))

    cipher = _cipher()
    if cipher is not None:
        key_check = sa.table("key_check", sa.column("token", sa.LargeBinary), sa.column("created_at", sa.DateTime))
        from bot.store.models import utcnow

        bind.execute(key_check.insert().values(token=cipher.encrypt(CHECK_TEXT), created_at=utcnow()))


def downgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("external_id", sa.String(100), nullable=True))
    conversations = sa.table("conversations", sa.column("id", sa.Integer), sa.column("external_id", sa.String),
                             sa.column("external_id_enc", sa.LargeBinary))
    rows = bind.execute(sa.select(conversations.c.id, conversations.c.external_id_enc)).all()
    if rows:
        cipher = _need_cipher("decrypt the stored channel ids")
        for conv_id, token in rows:
            bind.execute(conversations.update().where(conversations.c.id == conv_id).values(
                external_id=cipher.decrypt(token)))
    with op.batch_alter_table("conversations") as batch:
        batch.drop_constraint("uq_conversation_channel_user", type_="unique")
        batch.drop_column("external_hash")
        batch.drop_column("external_id_enc")
        batch.alter_column("external_id", existing_type=sa.String(100), nullable=False)
        batch.create_unique_constraint("uq_conversation_channel_user", ["channel", "external_id"])
    # Rasa's tracker events stay encrypted: the stock tracker store of an older release cannot
    # read them, so a downgrade starts those conversations afresh.
    if _has_table("events"):
        bind.execute(sa.text("DELETE FROM events"))
    op.drop_table("key_check")
