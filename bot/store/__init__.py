"""Storage: SQLAlchemy models, the Store (engine + sessions + cipher), repositories, migrations."""
