"""The floor for command-line speed: a click command that opens the same database with the
bare driver (``sqlite3``; psycopg for PostgreSQL) and prints one agent row as JSON.

    python bench/cli_floor.py --db URL AGENT_KEY
"""

from __future__ import annotations

import json
from urllib.parse import unquote

import click


@click.command()
@click.argument("key")
@click.option("--db", "url", required=True)
def main(key: str, url: str) -> None:
    sql = "SELECT * FROM crewai_agents WHERE agent_key = {}"
    if url.startswith("sqlite"):
        import sqlite3

        conn = sqlite3.connect(unquote(url.split("///", 1)[1]))
        cursor = conn.execute(sql.format("?"), (key,))
    else:
        import psycopg

        conn = psycopg.connect("postgresql://" + url.split("://", 1)[1])  # type: ignore[assignment]
        cursor = conn.execute(sql.format("%s"), (key,))
    names = [d[0] for d in cursor.description or ()]
    row = cursor.fetchone()
    conn.close()
    click.echo(json.dumps(dict(zip(names, row or (), strict=False)), indent=2, default=str))


if __name__ == "__main__":
    main()
