"""``crewtui release CREW NAME`` freezes a crew; ``crewtui releases ...`` lists, shows,
diffs and deletes releases (``crewtui export CREW OUT --release NAME`` exports one)."""

from __future__ import annotations

from typing import Any

import click

from ..services.releases_diff import ReleaseDiff
from .common import db_option, echo_json, read_command, say
from .history import show_value
from .records import open_services, table


@click.command("release")
@click.argument("crew", metavar="CREW")
@click.argument("name", metavar="NAME")
@click.option("--note", default=None, help="What this release is for.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option
def release(crew: str, name: str, note: str | None, as_json: bool, db_url: str | None) -> None:
    """Freeze CREW as it is now: settings, members in order, tasks, and the exact agent,
    tool and memory config values they use."""
    with open_services(db_url) as s:
        info = s.create_release(crew, name, note=note)
        if as_json:
            echo_json(info.as_json())
        else:
            say(f"released crew '{crew}' as '{info.name}'")


@click.group("releases")
def releases() -> None:
    """Crew releases: list, show, diff, delete (export: crewtui export --release)."""


def _releases_table(_: Any, infos: list[Any]) -> None:
    rows = [(i.crew_name, i.name, i.created_by, i.created_at, i.note) for i in infos]
    say(table(("crew", "release", "by", "at", "note"), rows))


read_command(
    releases,
    "list",
    help="Every release (of CREW), newest first.",
    json_help="Print JSON.",
    open_=open_services,
    fetch=lambda s, crew: s.list_releases(crew),
    to_json=lambda _, infos: [i.as_json() for i in infos],
    to_text=_releases_table,
    argument="CREW",
    optional=True,
)


@releases.command("show")
@click.argument("crew", metavar="CREW")
@click.argument("name", metavar="NAME")
@click.option("--json", "as_json", is_flag=True, help="Print the frozen values as JSON.")
@db_option
def releases_show(crew: str, name: str, as_json: bool, db_url: str | None) -> None:
    """What release NAME of CREW froze."""
    with open_services(db_url) as s:
        r = s.get_release(crew, name)
        b = r.bundle
        if as_json:
            from ..services.releases_codec import freeze

            echo_json({**r.info.as_json(), "bundle": freeze(b)})
            return
        say(f"release '{r.info.name}' of crew '{r.info.crew_name}' by {r.info.created_by}")
        say(f"  process: {b.crew.process_type}")
        say("  members: " + ", ".join(a.agent_key for a in b.members))
        say("  tasks: " + ", ".join(t.name for t in b.tasks))
        say("  tools: " + (", ".join(b.tools) or "-"))
        say("  memory configs: " + (", ".join(m.name for m in b.memory_configs.values()) or "-"))


def diff_lines(d: ReleaseDiff) -> list[str]:
    lines = [f"crew {d.crew}: {d.left} -> {d.right}"]
    if not d.changes:
        lines.append("  no difference")
    for c in d.changes:
        lines.append(f"  {c.change:<8} {c.kind.replace('_', ' ')} {c.key}")
        lines += [
            f"             {f.field}: {show_value(f.field, f.left, {})} -> "
            f"{show_value(f.field, f.right, {})}"
            for f in c.fields
        ]
    return lines


@releases.command("diff")
@click.argument("crew", metavar="CREW")
@click.argument("left", metavar="RELEASE")
@click.argument("right", metavar="[OTHER]", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option
def releases_diff(
    crew: str, left: str, right: str | None, as_json: bool, db_url: str | None
) -> None:
    """Which agent fields, tasks, tools and settings changed from RELEASE to OTHER (or to
    the crew as it is now)."""
    with open_services(db_url) as s:
        d = s.release_diff(crew, left, right)
        if as_json:
            echo_json(d.as_json())
        else:
            say("\n".join(diff_lines(d)))


@releases.command("delete")
@click.argument("crew", metavar="CREW")
@click.argument("name", metavar="NAME")
@db_option
def releases_delete(crew: str, name: str, db_url: str | None) -> None:
    """Delete release NAME of CREW (the crew itself is untouched)."""
    with open_services(db_url) as s:
        s.delete_release(crew, name)
        say(f"deleted release '{name}' of crew '{crew}'")
