"""Pydantic models of the things crewtui keeps, their field metadata and rules.

Nothing here imports SQLAlchemy or Textual.
"""
