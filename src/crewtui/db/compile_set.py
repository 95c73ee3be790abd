"""Compile what ``crewtui agents set`` needs to write without the models into
:mod:`crewtui.db.compiled_set`.

From the agent model: the fields whose every rule is a plain bound (length, range, digits,
pattern, choice), with the rules; fields with a check of their own (keys, tools, URLs, JSON,
references) are left to the models. From the tables: the UPDATE with its version check and
the history INSERT, per dialect. ``python -m crewtui.db.compile`` rewrites the module; a test
fails when it no longer equals what this derives.
"""

from __future__ import annotations

import types
import typing
from decimal import Decimal
from typing import Any

#: the field kinds the quick writer parses (services.values.parse_text) and checks
_KINDS = {"str", "text", "choice", "int", "bool", "decimal"}
_BASES: dict[type, str] = {str: "str", int: "int", bool: "bool", Decimal: "decimal"}
#: the validator every record field has; the quick writer runs the same check
_SHARED_VALIDATORS = {"_storable"}


def _rules_of(annotation: Any, metadata: list[Any]) -> tuple[str, dict[str, Any]] | None:
    """The base type and rules of a field, or None when a rule is not a plain bound."""
    import annotated_types as at
    from pydantic.fields import FieldInfo

    rules: dict[str, Any] = {}
    items = list(metadata)
    base = annotation
    if typing.get_origin(base) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(base) if a is not type(None)]
        if len(args) != 1:
            return None
        base = args[0]
    if typing.get_origin(base) is typing.Annotated:
        base, *extra = typing.get_args(base)
        items.extend(extra)
    if typing.get_origin(base) is typing.Literal:
        rules["choices"] = tuple(typing.get_args(base))
        if not all(isinstance(c, str) for c in rules["choices"]):
            return None
        name = "str"
    elif base in _BASES:
        name = _BASES[base]
    else:
        return None
    while items:
        item = items.pop(0)
        if isinstance(item, FieldInfo):
            items.extend(item.metadata)
        elif isinstance(item, at.MinLen):
            rules["min_length"] = item.min_length
        elif isinstance(item, at.MaxLen):
            rules["max_length"] = item.max_length
        elif isinstance(item, (at.Ge, at.Gt, at.Le, at.Lt)):
            attr = type(item).__name__.lower()
            rules[attr] = str(getattr(item, attr))
        elif type(item).__name__ == "_PydanticGeneralMetadata":
            known = {"pattern", "max_digits", "decimal_places"}
            found = dict(vars(item))
            if set(found) - known:
                return None
            rules.update(found)
        else:
            return None  # a check of its own: the models run it
    return name, rules


def quick_fields() -> dict[str, tuple[str, bool, tuple[tuple[str, Any], ...]]]:
    """Agent fields the quick writer may set: name -> (kind, optional, rules)."""
    from ..domain.agent import Agent
    from ..domain.fields import field_map
    from .models import AgentRow

    columns = set(AgentRow.__table__.c.keys())
    decorators = Agent.__pydantic_decorators__.field_validators
    checked = {
        f for name, d in decorators.items() if name not in _SHARED_VALIDATORS for f in d.info.fields
    }
    out: dict[str, tuple[str, bool, tuple[tuple[str, Any], ...]]] = {}
    for name, spec in field_map(Agent).items():
        info = Agent.model_fields.get(name)
        if (
            info is None
            or spec.readonly
            or spec.kind not in _KINDS
            or name == Agent.key_field
            or name not in columns
            or name in checked
            or "*" in checked
        ):
            continue
        found = _rules_of(info.annotation, list(info.metadata))
        if found is None:
            continue
        base, rules = found
        expected = {"str": {"str", "text", "choice"}}.get(base, {base})
        if spec.kind not in expected:
            continue
        out[name] = (spec.kind, spec.optional, tuple(sorted(rules.items())))
    return out


def statements() -> dict[str, dict[str, Any]]:
    """Per dialect: the UPDATE cut where the changed columns go, each column's assignment,
    and the history INSERT."""
    from sqlalchemy import Table, bindparam, insert, update

    from .compile import dialects
    from .history_model import HistoryRow
    from .models import AgentRow

    table: Table = AgentRow.__table__  # type: ignore[assignment]
    history: Table = HistoryRow.__table__  # type: ignore[assignment]
    names = list(quick_fields())
    history_columns = (
        "record_kind",
        "record_id",
        "record_key",
        "parent_id",
        "action",
        "version",
        "actor",
        "via",
        "change_set",
        "changed_at",
        "changes",
    )
    out: dict[str, dict[str, Any]] = {}
    for dialect_name, dialect in dialects().items():
        stmt = (
            update(table)
            .where(table.c.id == bindparam("id"), table.c.version == bindparam("old_version"))
            .values(version=bindparam("new_version"))
        )
        text = str(stmt.compile(dialect=dialect))
        head, sep, tail = text.partition("version=")
        assert sep and head.endswith(", "), text
        columns = {
            n: dialect.identifier_preparer.quote(n)
            + "="
            + str(bindparam(n, type_=table.c[n].type).compile(dialect=dialect))
            for n in names
        }
        add = insert(history).values({c: bindparam(c) for c in history_columns})
        out[dialect_name] = {
            "update_head": head,
            "update_tail": sep + tail,
            "columns": columns,
            "history": str(add.compile(dialect=dialect)),
        }
    return out


def render_module() -> str:
    from .compile import module_head

    lines = module_head(
        "What ``crewtui agents set`` writes without the models: the fields it may set with",
        "their rules, and the statements per dialect.",
        "",
        "Generated by ``python -m crewtui.db.compile`` from the agent model and the tables; a",
        "test checks that it still equals them. Do not edit by hand.",
    )
    lines += [
        "#: name -> (kind, optional, rules)",
        "AGENT_FIELDS: dict[str, tuple[str, bool, tuple[tuple[str, Any], ...]]] = {",
    ]
    lines.extend(f"    {name!r}: {entry!r}," for name, entry in quick_fields().items())
    lines += ["}", "", "STATEMENTS: dict[str, dict[str, Any]] = {"]
    for dialect_name, parts in statements().items():
        lines.append(f"    {dialect_name!r}: {{")
        for key, value in parts.items():
            if isinstance(value, dict):
                lines.append(f"        {key!r}: {{")
                lines.extend(f"            {k!r}: {v!r}," for k, v in value.items())
                lines.append("        },")
            else:
                lines.append(f"        {key!r}: {value!r},")
        lines.append("    },")
    lines += ["}", ""]
    return "\n".join(lines)
