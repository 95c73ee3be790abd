"""Repositories: they take a Session, return domain records and never commit."""

from __future__ import annotations

from .agents import AgentRepo
from .base import Repository, to_record
from .catalog import DepartmentRepo, KnowledgeRepo, MemoryConfigRepo, ToolRepo, VentureRepo
from .crews import CrewRepo, TaskRepo
from .deployments import DeploymentRepo
from .references import department_references, memory_config_references, tool_references

__all__ = [
    "AgentRepo",
    "CrewRepo",
    "DepartmentRepo",
    "DeploymentRepo",
    "KnowledgeRepo",
    "MemoryConfigRepo",
    "Repository",
    "TaskRepo",
    "ToolRepo",
    "VentureRepo",
    "department_references",
    "memory_config_references",
    "to_record",
    "tool_references",
]
