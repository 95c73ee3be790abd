"""One command group per kind of record: ``list``, ``show``, ``create``, ``set`` and ``delete``.

An :class:`Entity` is a kind of the services' registry (:mod:`crewtui.services.kinds`: noun,
model, KEY, service calls) plus what only the command line needs (list columns, help texts,
what ``show`` adds); :func:`entity_group` builds the commands from it. A group adds its own
commands next to these, or instead of one it names in ``own``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import click

from ..domain.errors import ValidationFailed
from ..services.kinds import Key, RecordKind
from .common import CliContext, db_option, read_command, resolve_db
from .records import open_services, record_json, ref_names, show_text, table

if TYPE_CHECKING:
    from ..domain.base import Record
    from ..domain.fields import FieldSpec
    from ..services import Services

GENERIC_HELP = {
    "list": "List them all.",
    "show": "Every field, grouped by section.",
    "create": "Create one; fields not given take their defaults.",
    "set": "Change fields; `FIELD=` or `FIELD=null` clears an optional field; "
    "`crewai.NAME=VALUE` sets one crewai setting (JSON or text; `crewai.a.b=` nests).",
    "delete": "Delete one; refused (exit 5) while something still refers to it.",
}


def _ref_names(services: Services, _key: Key, _record: Any) -> dict[str, str]:
    return ref_names(services)


def _no_row(_record: Any) -> tuple[Any, ...]:
    return ()


def _nothing_more(_services: Services, _key: Key, _record: Any) -> list[str]:
    return []


@dataclass(frozen=True)
class Show:
    """What ``show`` prints besides the record's own fields."""

    json_help: str = "Print every column as JSON."
    #: display names of the ids the record holds
    names: Callable[[Services, Key, Any], dict[str, str]] = _ref_names
    #: lines printed after the fields
    more: Callable[[Services, Key, Any], list[str]] = _nothing_more
    #: the JSON printed by ``--json`` (else every column)
    as_json: Callable[[Services, Any], dict[str, Any]] | None = None
    #: ``--json`` read without the services: (url, KEY) -> the JSON, or None
    quick_json: Callable[[str, str], Any | None] | None = None


@dataclass(frozen=True)
class Entity:
    """One kind of record as its command group sees it."""

    kind: RecordKind[Any]
    help: str
    #: the ``list`` table
    headers: tuple[str, ...] = ()
    row: Callable[[Any], tuple[Any, ...]] = _no_row
    #: generic commands this group defines itself
    own: frozenset[str] = frozenset()
    #: help of the generic commands where it is not :data:`GENERIC_HELP`
    helps: Mapping[str, str] = field(default_factory=dict)
    #: assignable names that are not model fields
    extra_fields: Callable[[], Mapping[str, FieldSpec]] | None = None
    show: Show = Show()
    #: ``list --json`` read without the services: url -> the JSON, or None
    quick_list_json: Callable[[str], Any | None] | None = None
    #: ``set`` written without the services: (url, KEY, FIELD=VALUE items, --if-version,
    #: who) -> the saved version, or None to take the normal way
    quick_set: Callable[[str, str, tuple[str, ...], int | None, str], int | None] | None = None

    @property
    def group(self) -> str:
        """The command group: ``agents``, ``memory-configs``, ..."""
        return self.kind.plural.replace(" ", "-")

    @property
    def noun(self) -> str:
        return self.kind.noun

    @property
    def key(self) -> str:
        """How usage and errors name the KEY argument."""
        return self.kind.key_label

    @property
    def versioned(self) -> bool:
        return self.kind.versioned

    def done(self, verb: str, parents: Key, record: Record) -> str:
        return self.said(verb, (*parents, record.key), record.version)

    def said(self, verb: str, key: Key, version: int) -> str:
        """What a command that wrote the record ``key`` prints."""
        shown = f" (version {version})" if self.versioned else ""
        return f"{verb} {self.noun} '{'/'.join(key)}'{shown}"


def entity_group(e: Entity) -> click.Group:
    group = click.Group(e.group, help=e.help)
    for name, add in _GENERIC.items():
        if name not in e.own:
            add(group, e, e.helps.get(name, GENERIC_HELP[name]))
    return group


def _add_list(group: click.Group, e: Entity, help: str) -> None:
    def text(_s: Services, items: list[Record]) -> None:
        click.echo(table(e.headers, [e.row(i) for i in items]))

    read_command(
        group,
        "list",
        help=help,
        json_help="Print JSON.",
        open_=open_services,
        fetch=lambda s, _none: list(e.kind.list_all(s)),
        to_json=lambda _s, items: [record_json(i, versioned=e.versioned) for i in items],
        to_text=text,
        quick_json=_quick_list(e.quick_list_json),
    )


def _add_show(group: click.Group, e: Entity, help: str) -> None:
    def fetch(s: Services, key: str | None) -> tuple[Key, Record]:
        assert key is not None  # a required argument
        parts = e.kind.split_key(key)
        return parts, e.kind.get_(s, parts)

    def to_json(s: Services, found: tuple[Key, Record]) -> dict[str, Any]:
        _parts, record = found
        return (
            e.show.as_json(s, record)
            if e.show.as_json
            else record_json(record, versioned=e.versioned)
        )

    def to_text(s: Services, found: tuple[Key, Record]) -> None:
        parts, record = found
        click.echo(show_text(record, e.show.names(s, parts, record), versioned=e.versioned))
        for line in e.show.more(s, parts, record):
            click.echo(line)

    read_command(
        group,
        "show",
        argument=e.key,
        help=help,
        json_help=e.show.json_help,
        open_=open_services,
        fetch=fetch,
        to_json=to_json,
        to_text=to_text,
        quick_json=_quick_show(e.show.quick_json),
    )


def _quick_list(
    quick: Callable[[str], Any | None] | None,
) -> Callable[[str, str | None], Any | None] | None:
    return None if quick is None else lambda url, _none: quick(url)


def _quick_show(
    quick: Callable[[str, str], Any | None] | None,
) -> Callable[[str, str | None], Any | None] | None:
    return None if quick is None else lambda url, key: quick(url, key or "")


def _add_create(group: click.Group, e: Entity, help: str) -> None:
    @group.command("create", help=help)
    @click.argument("key", metavar=e.key)
    @click.argument("assignments", nargs=-1, metavar="FIELD=VALUE...")
    @db_option
    def create_cmd(key: str, assignments: tuple[str, ...], db_url: str | None) -> None:
        from ..services.values import parse_assignments

        with open_services(db_url) as s:
            *parents, own_key = e.kind.split_key(key)
            model = e.kind.model
            values = parse_assignments(
                model, assignments, extra=e.extra_fields() if e.extra_fields else None
            )
            values[model.key_field] = own_key
            record = e.kind.create(s, values, parents=tuple(parents))
            click.echo(e.done("created", tuple(parents), record))


def _add_set(group: click.Group, e: Entity, help: str) -> None:
    @group.command("set", help=help)
    @click.argument("key", metavar=e.key)
    @click.argument("assignments", nargs=-1, required=True, metavar="FIELD=VALUE...")
    @click.option(
        "--if-version",
        type=int,
        default=None,
        help="Refuse (exit 3) unless the stored version is N.",
    )
    @db_option
    def set_cmd(
        key: str, assignments: tuple[str, ...], if_version: int | None, db_url: str | None
    ) -> None:
        if e.quick_set is not None:
            from ..settings import current_user

            ctx = click.get_current_context()
            obj = ctx.find_object(CliContext)
            user = (obj.user if obj else None) or current_user()
            saved = e.quick_set(resolve_db(ctx, db_url), key, assignments, if_version, user)
            if saved is not None:
                click.echo(e.said("saved", (key,), saved))
                return
        from ..services.values import SETTING_PREFIX, merge_settings, parse_assignments

        settings = [a for a in assignments if a.startswith(SETTING_PREFIX)]
        plain = [a for a in assignments if not a.startswith(SETTING_PREFIX)]
        with open_services(db_url) as s:
            if if_version is not None and not e.versioned:
                raise ValidationFailed.single("--if-version", f"{e.noun}s have no version")
            parts = e.kind.split_key(key)
            changes = parse_assignments(
                e.kind.model, plain, extra=e.extra_fields() if e.extra_fields else None
            )
            if settings:
                if "crewai_settings" not in e.kind.model.model_fields:
                    raise ValidationFailed.single(settings[0], f"{e.noun}s have no crewai settings")
                current = e.kind.get_(s, parts).crewai_settings
                changes["crewai_settings"] = merge_settings(current, settings)
            record = e.kind.update_(s, parts, changes, if_version)
            click.echo(e.done("saved", parts[:-1], record))


def _add_delete(group: click.Group, e: Entity, help: str) -> None:
    @group.command("delete", help=help)
    @click.argument("key", metavar=e.key)
    @db_option
    def delete_cmd(key: str, db_url: str | None) -> None:
        with open_services(db_url) as s:
            e.kind.delete(s, key)
            click.echo(f"deleted {e.noun} '{key}'")


_GENERIC: dict[str, Callable[[click.Group, Entity, str], None]] = {
    "list": _add_list,
    "show": _add_show,
    "create": _add_create,
    "set": _add_set,
    "delete": _add_delete,
}
