"""The database: models, engine and sessions, migrations and queries. No Textual here."""
