"""Generated agent code as the services store it, and the people who act on it."""

from __future__ import annotations

import uuid

from ..db.models import AgentRow, DeploymentRow
from ..domain.agent import Agent
from ..interop.codegen import GeneratedCode, TemplateSource, ToolRef, generate_code
from ..interop.releases import Release, resolve_target
from .base import Work

USER_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:crewtui:users")


def user_id(name: str) -> uuid.UUID:
    """The stored id of a user name (the same name gives the same id everywhere)."""
    return uuid.uuid5(USER_NAMESPACE, name.strip().lower())


def module_file_name(agent_key: str) -> str:
    return agent_key.replace("-", "_") + ".py"


def generate_for(
    w: Work, agent: Agent, template: TemplateSource | None, target: Release | None = None
) -> GeneratedCode:
    """Generate with the tool classes and knowledge texts the agent refers to, for the crewai
    release ``target`` (None: the run-time environment's, else the newest)."""
    tool_classes = {
        r.tool_key: ToolRef(r.tool_class, r.config or {})
        for r in w.tools.by_keys(agent.tools or []).values()
    }
    refs = [k for k in agent.knowledge_sources if isinstance(k, str)]
    knowledge = w.knowledge.texts() if refs else {}
    return generate_code(
        agent,
        template=template,
        tool_classes=tool_classes,
        knowledge=knowledge,
        target=target or resolve_target(),
    )


def record_generated(
    w: Work,
    agent: AgentRow,
    result: GeneratedCode,
    generated_by: uuid.UUID,
    *,
    comment: str | None = None,
) -> DeploymentRow:
    """Store generated code: pending, then review_required when it passed, else failed."""
    return w.deployments.add_generated(
        agent.id,
        agent.agent_key,
        code=result.code,
        template_version=result.template_version,
        ast_errors=result.ast_errors,
        security_issues=result.security_issues,
        generated_by=generated_by,
        comment=comment,
    )
