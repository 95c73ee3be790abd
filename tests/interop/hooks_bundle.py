"""A crew whose crewai settings are objects or code in crewai: the crew's knowledge sources and
embedder, kickoff hooks, a conditional task, a response model and a task's crewai name."""

from __future__ import annotations

from crewtui.domain.bundle import CrewBundle

from .bundles import agent, bundle, task

EMBEDDER = {"provider": "openai", "config": {"model_name": "text-embedding-3-small"}}


def hooks_bundle() -> CrewBundle:
    lead, writer = agent("lead"), agent("writer")
    research = task("research", lead, 0, context=[]).updated(
        {"crewai_settings": {"name": "Market research", "response_model": "Findings"}}
    )
    check = task("check", writer, 1, context=[research]).updated(
        {"crewai_settings": {"condition": "needs_check"}}
    )
    write = task("write", writer, 2, context=[research]).updated(
        {"crewai_settings": {"response_model": "Findings"}}
    )
    b = bundle([lead, writer], [research, check, write])
    b.crew = b.crew.updated(
        {
            "crewai_settings": {
                "knowledge_sources": [
                    {"type": "string", "content": "The market grew 4% last year."},
                    {"type": "string", "content": "Prices are set in euros."},
                ],
                "embedder": EMBEDDER,
                "before_kickoff_callbacks": ["prepare_inputs", "log_start"],
                "after_kickoff_callbacks": ["publish_result"],
            }
        }
    )
    return b
