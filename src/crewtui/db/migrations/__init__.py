"""Alembic environment and revisions, shipped inside the package (no alembic.ini needed).

``crewtui.db.migrate`` builds the alembic ``Config`` in code with ``script_location``
pointing at this folder.
"""
