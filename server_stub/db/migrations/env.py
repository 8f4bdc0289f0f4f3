"""Alembic environment: always run by `server_stub.db.schema` with an open connection.

The caller holds the migration lock (PostgreSQL advisory lock / SQLite BEGIN IMMEDIATE) on
that connection and commits; nothing here opens a connection of its own.
"""

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:  # e.g. the plain `alembic` command without our runner
    raise SystemExit("run migrations with `notice-server migrate` (see docs/deploy.md)")

context.configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
