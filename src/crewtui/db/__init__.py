"""Persistence: SQLAlchemy models, engine, unit of work, repositories and migrations."""
