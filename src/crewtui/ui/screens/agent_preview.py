"""The text under the agent list: the agent under the cursor and where it is used."""

from __future__ import annotations

from typing import Any

from rich.markup import escape

FLAGS = {"M": "memory", "R": "reasoning", "V": "multimodal", "C": "code execution"}


def preview_markup(summary: Any, usage: Any) -> str:
    """Console markup for an agent summary; ``usage`` None while it is being read. A crew's
    "#n" is the member's stored position (``sequence_order``, from 1)."""
    title = summary.name if summary.name == summary.role else f"{summary.name} · {summary.role}"
    lines = [
        f"[b]{escape(title)}[/]  [dim]{escape(summary.llm_model or '')}[/]",
        f"[dim]Goal:[/] {escape(' '.join(summary.goal.split()))}",
    ]
    if usage is None:
        lines.append("[dim]…[/]")
    else:
        crews = (
            ", ".join(
                f"{escape(c.crew_name)} ({escape(c.role_in_crew or 'member')}, #{c.position})"
                for c in usage.crews
            )
            or "none"
        )
        managed = (
            f"   [dim]Manages:[/] {escape(', '.join(usage.manager_of))}" if usage.manager_of else ""
        )
        last = usage.last_executed_at.strftime("%Y-%m-%d") if usage.last_executed_at else "never"
        lines.append(
            f"[dim]Crews:[/] {crews}{managed}   [dim]Tasks:[/] {usage.task_count}   [dim]Last "
            f"run:[/] {last}"
        )
    lines.append(flags_legend(summary.flags))
    return "\n".join(lines)


def flags_legend(flags: str) -> str:
    """The ⚑ column's legend, the agent's own flags bold: ``⚑ M memory  R reasoning ...``."""
    parts = [
        f"[b $text-accent]{c} {name}[/]" if c in flags else f"[dim]{c} {name}[/]"
        for c, name in FLAGS.items()
    ]
    return "[dim]⚑[/] " + "  ".join(parts)
