"""``crewtui history KIND KEY``: who changed a record, when, through which path, from what.

The same command diffs two states (``--diff REV [--against REV]``), restores a revision
(``--restore REV``), undoes the last change (``--undo``) and brings a deleted record back
(``--bring-back``). Every restore is a new recorded change; ``--if-version N`` refuses (exit
3) when the record changed since version N.
"""

from __future__ import annotations

from typing import Any

import click

from ..services.history_types import KIND_NAMES, Diff, RecordHistory, RestoreReport
from .common import db_option, echo_json, say
from .records import open_services

WIDTH = 60


def show_value(field: str, value: Any, names: dict[str, str]) -> str:
    """A stored value for people: ids by their key, long text cut."""
    if value is None:
        return "-"
    if field == "members":
        return (
            ", ".join(names.get(m[0], m[0]) + (f" ({m[1]})" if m[1] else "") for m in value) or "[]"
        )
    if isinstance(value, list):
        return "[" + ", ".join(names.get(str(v), str(v)) for v in value) + "]"
    text = names.get(value, str(value)) if isinstance(value, str) else str(value)
    text = text.replace("\n", " ")
    return text if len(text) <= WIDTH else text[: WIDTH - 1] + "…"


def _history_text(h: RecordHistory) -> None:
    state = f"version {h.version}" if h.version is not None else "no version column"
    if not h.exists:
        state = "deleted"
    say(f"{h.kind} {h.key} ({state}; {h.total} revisions, newest first)")
    for r in h.revisions:
        when = r.at.strftime("%Y-%m-%d %H:%M:%S")
        version = f"v{r.version}" if r.version is not None else ""
        say(f"#{r.id:<6} {when}  {r.actor:<12} {r.via:<8} {r.action:<7} {version}")
        if r.action == "delete":
            say("         (the last values are kept: --bring-back restores them)")
            continue
        for f, (old, new) in r.changes.items():
            say(f"         {f}: {show_value(f, old, h.names)} -> {show_value(f, new, h.names)}")
    if len(h.revisions) < h.total and h.revisions:
        say(f"(older revisions: --before {h.revisions[-1].id})")


def _diff_text(d: Diff) -> None:
    say(f"{d.kind} {d.key}: {d.left} -> {d.right}")
    if not d.fields:
        say("  no difference")
    for f in d.fields:
        say(
            f"  {f.field}: {show_value(f.field, f.left, d.names)} -> "
            f"{show_value(f.field, f.right, d.names)}"
        )


def _report_text(r: RestoreReport) -> None:
    version = f" (version {r.version})" if r.version is not None else ""
    say(f"{r.action} {r.kind.replace('_', ' ')} '{r.key}'{version}")
    for what in r.also:
        say(f"  also brought back: {what}")
    for field, why in r.skipped:
        say(f"  not restored: {field}: {why}")


@click.command("history")
@click.argument("kind", metavar="KIND", type=click.Choice([*KIND_NAMES, "memory-config"]))
@click.argument("key", metavar="KEY")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--before", type=int, default=None, metavar="REV", help="Revisions older than REV.")
@click.option(
    "--diff",
    "diff",
    type=int,
    default=None,
    metavar="REV",
    help="Compare revision REV with the current values (or --against).",
)
@click.option("--against", type=int, default=None, metavar="REV", help="The other revision.")
@click.option(
    "--restore",
    type=int,
    default=None,
    metavar="REV",
    help="Put the record back as it was right after revision REV.",
)
@click.option("--undo", is_flag=True, help="Undo the record's last saved change.")
@click.option("--bring-back", "bring_back", is_flag=True, help="Recreate a deleted record.")
@click.option(
    "--if-version", type=int, default=None, help="Refuse (exit 3) unless the stored version is N."
)
@db_option
def history(
    kind: str,
    key: str,
    as_json: bool,
    limit: int,
    before: int | None,
    diff: int | None,
    against: int | None,
    restore: int | None,
    undo: bool,
    bring_back: bool,
    if_version: int | None,
    db_url: str | None,
) -> None:
    """Every change to the record KIND KEY (a task is CREW/TASK), newest first.

    KIND is agent, crew, task, memory_config, tool, department or flow.
    """
    actions = [a for a in (diff is not None, restore is not None, undo, bring_back) if a]
    if len(actions) > 1:
        raise click.UsageError("give one of --diff, --restore, --undo, --bring-back")
    with open_services(db_url) as s:
        if diff is not None:
            d = s.history_diff(kind, key, diff, against)
            echo_json(d.as_json()) if as_json else _diff_text(d)
            return
        if restore is not None or undo or bring_back:
            if restore is not None:
                r = s.restore_revision(kind, key, restore, expected_version=if_version)
            elif undo:
                r = s.undo_last(kind, key, expected_version=if_version)
            else:
                r = s.bring_back(kind, key)
            echo_json(r.as_json()) if as_json else _report_text(r)
            return
        h = s.record_history(kind, key, limit=limit, before=before)
        echo_json(h.as_json()) if as_json else _history_text(h)
