"""Construct an exported crewai project the way ``crewai run`` does, and describe it as JSON.

Run by the crewai virtualenv's Python (never by crewtui's)::

    python construct_project.py PROJECT_DIR [--kickoff INPUTS_JSON | --settings]

It imports ``src/<package>/crew.py``, instantiates the ``@CrewBase`` class, calls its
``@crew`` method and prints one line ``CONSTRUCTED {json}``: process, agents, manager, tasks
with their agent and context, crew flags and every agent's LLM. The caller sets the offline
environment (see ``crewai_env.offline_env``). With ``--settings`` the line also holds every
plain setting of the crew, its agents, their LLMs and its tasks.

With ``--kickoff`` the crew is then kicked off with the inputs, as the project's ``main.py``
does, against the model server the environment names (``OPENAI_BASE_URL``: a stand-in on
127.0.0.1), and one more line ``KICKOFF {json}`` follows: every task's output, the seconds
construction and kickoff took, and every DeprecationWarning raised meanwhile, next to those
crewai raises for a bare crew built and kicked off the same way (``baseline``).

crewai 1.3.0 embeds the word "test" while building crew memory with an explicit embedder (a
check that the embedder works): that one call is answered locally here, as the only network
access construction makes. The crew's own knowledge sources are embedded when the crew is
built (with its embedder): that step is skipped here, the sources are described as given.
"""

from __future__ import annotations

import importlib
import json
import sys
import time
import warnings
from pathlib import Path
from typing import Any


def _offline_embeddings() -> None:
    from chromadb.utils.embedding_functions import openai_embedding_function as oef

    def fake_call(self: Any, input: Any) -> Any:
        import numpy as np

        return [np.zeros(8, dtype=np.float32) for _ in input]

    oef.OpenAIEmbeddingFunction.__call__ = fake_call
    from crewai.knowledge.knowledge import Knowledge

    Knowledge.add_sources = lambda self: None  # type: ignore[method-assign]


def _llm(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return {"model": value}
    provider = getattr(value, "provider", None)
    model = getattr(value, "model", None)
    if provider and model and "/" not in model:
        model = f"{provider}/{model}"
    return {
        "model": model,
        "temperature": getattr(value, "temperature", None),
        "max_tokens": getattr(value, "max_tokens", None),
    }


def _agent(agent: Any) -> dict[str, Any]:
    return {
        "role": agent.role,
        "llm": _llm(agent.llm),
        "function_calling_llm": _llm(agent.function_calling_llm),
        "tools": [type(t).__name__ for t in agent.tools or []],
        "max_iter": agent.max_iter,
        "allow_delegation": agent.allow_delegation,
        "cache": agent.cache,
        "reasoning": agent.reasoning,
        "multimodal": agent.multimodal,
        "date_format": agent.date_format,
        "max_execution_time": agent.max_execution_time,
        "knowledge_sources": [type(k).__name__ for k in agent.knowledge_sources or []],
        "step_callback": agent.step_callback is not None,
        # crewai 1.15 and newer: the skills found in the agent's skill folders
        "skills": sorted(
            getattr(sk, "name", str(sk)) for sk in getattr(agent, "skills", None) or []
        ),
    }


def describe(crew: Any) -> dict[str, Any]:
    tasks = []
    for task in crew.tasks:
        context = [c.name for c in task.context] if isinstance(task.context, list) else None
        tasks.append(
            {
                "name": task.name,
                "agent": task.agent.role if task.agent else None,
                "context": context,
                "async_execution": task.async_execution,
                "markdown": task.markdown,
                "output_file": task.output_file,
                "output_json": task.output_json.__name__ if task.output_json else None,
                "output_pydantic": task.output_pydantic.__name__ if task.output_pydantic else None,
                "guardrail": None
                if task.guardrail is None
                else ("text" if isinstance(task.guardrail, str) else "function"),
                "tools": [type(t).__name__ for t in task.tools or []],
                "callback": task.callback is not None,
                "type": type(task).__name__,
                "condition": getattr(getattr(task, "condition", None), "__name__", None),
                "response_model": task.response_model.__name__ if task.response_model else None,
            }
        )
    return {
        "name": crew.name,
        "process": crew.process.value,
        "agents": [_agent(a) for a in crew.agents],
        "manager": _agent(crew.manager_agent) if crew.manager_agent else None,
        "manager_llm": _llm(crew.manager_llm),
        "tasks": tasks,
        "memory": crew.memory,
        "embedder": crew.embedder if isinstance(crew.embedder, dict) else None,
        "planning": crew.planning,
        "planning_llm": _llm(crew.planning_llm),
        "cache": crew.cache,
        "max_rpm": crew.max_rpm,
        "verbose": crew.verbose,
        "share_crew": crew.share_crew,
        "output_log_file": crew.output_log_file,
        "backstories": [a.backstory for a in crew.agents],
        "knowledge_sources": [
            {"type": type(k).__name__, "content": getattr(k, "content", None)}
            for k in crew.knowledge_sources or []
        ],
        "before_kickoff": [_hook_name(h) for h in crew.before_kickoff_callbacks],
        "after_kickoff": [_hook_name(h) for h in crew.after_kickoff_callbacks],
    }


_PLAIN = (bool, int, float, str, type(None))


def _plain_value(value: Any) -> bool:
    if isinstance(value, (list, tuple)):
        return all(_plain_value(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain_value(v) for k, v in value.items())
    return isinstance(value, _PLAIN) or hasattr(value, "value")  # an enum: its value


def settings(obj: Any) -> dict[str, Any]:
    """Every field of a built crewai object whose value is plain data (objects left out)."""
    out: dict[str, Any] = {}
    names = getattr(type(obj), "model_fields", None) or vars(obj)  # an LLM may be a plain class
    for name in names:
        if name.startswith("_"):
            continue
        value = getattr(obj, name, None)
        if _plain_value(value):
            out[name] = getattr(value, "value", value)
    return out


def describe_settings(crew: Any) -> dict[str, Any]:
    """The plain settings of the crew, each agent (and its LLM) and each task, by role/name."""
    agents = [*crew.agents, *([crew.manager_agent] if crew.manager_agent else [])]
    return {
        "crew": settings(crew),
        "agents": {
            a.role: {**settings(a), "llm": settings(a.llm) if a.llm is not None else None}
            for a in agents
        },
        "tasks": {t.name: settings(t) for t in crew.tasks},
    }


def _hook_name(hook: Any) -> str:
    """A kickoff hook's name: the crew class wraps its methods in closures."""
    for cell in getattr(hook, "__closure__", None) or ():
        value = cell.cell_contents
        if callable(value) and getattr(value, "__name__", None):
            return str(value.__name__)
    return str(getattr(hook, "__name__", type(hook).__name__))


def _stop_timers(crew: Any) -> None:
    # An agent or crew with max_rpm re-arms a non-daemon timer forever.
    for owner in [crew, *crew.agents, crew.manager_agent]:
        controller = getattr(owner, "_rpm_controller", None) if owner is not None else None
        if controller is not None:
            controller.stop_rpm_counter()


def _deprecations(caught: list[warnings.WarningMessage]) -> list[dict[str, str]]:
    return [
        {"message": str(w.message), "file": w.filename.rsplit("site-packages/", 1)[-1]}
        for w in caught
        if issubclass(w.category, (DeprecationWarning, PendingDeprecationWarning))
    ]


def _outputs(crew: Any) -> list[dict[str, Any]]:
    """Every task's own output (crewai 1.3.0's CrewOutput.tasks_output drops the outputs of
    synchronous tasks that come before an asynchronous one)."""
    return [
        {
            "name": task.name,
            "agent": task.output.agent if task.output else None,
            "raw": task.output.raw if task.output else None,
            "structured": bool(task.output and (task.output.json_dict or task.output.pydantic)),
        }
        for task in crew.tasks
    ]


def _baseline() -> list[dict[str, str]]:
    """What crewai raises for a crew of nothing but role, goal, backstory and llm, kicked off."""
    with warnings.catch_warnings(record=True) as bare:
        warnings.simplefilter("always")
        from crewai import Agent, Crew, Task

        agent = Agent(role="r", goal="g", backstory="b", llm="openai/gpt-4.1-mini")
        Crew(
            agents=[agent], tasks=[Task(description="d", expected_output="e", agent=agent)]
        ).kickoff()
    return _deprecations(bare)


def load(project: Path) -> Any:
    src = project / "src"
    package = next(p.name for p in sorted(src.iterdir()) if (p / "crew.py").is_file())
    sys.path.insert(0, str(src))
    module = importlib.import_module(f"{package}.crew")
    classes = [
        v
        for v in vars(module).values()
        if isinstance(v, type) and getattr(v, "is_crew_class", False)
    ]
    if len(classes) != 1:
        raise SystemExit(f"expected one @CrewBase class in {package}.crew, found {len(classes)}")
    return classes[0]().crew()


def main(project: Path, inputs: dict[str, Any] | None) -> None:
    if inputs is None:
        _offline_embeddings()
    report: dict[str, Any] = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        started = time.monotonic()
        crew = load(project)
        report["construct_seconds"] = round(time.monotonic() - started, 2)
        try:
            out = describe(crew)
            if "--settings" in sys.argv:
                out["settings"] = describe_settings(crew)
            if crew.embedder and isinstance(out["embedder"], dict):
                out["embedder"] = json.loads(json.dumps(out["embedder"], default=str))
                out["embedder"].get("config", {}).pop("api_key", None)
            print("CONSTRUCTED " + json.dumps(out, default=str))
            sys.stdout.flush()
            if inputs is not None:
                started = time.monotonic()
                result = crew.kickoff(inputs=inputs)
                if not hasattr(result, "tasks_output"):  # stream=True: chunks, then the result
                    report["chunks"] = sum(1 for _ in result)
                    result = result.result
                report["kickoff_seconds"] = round(time.monotonic() - started, 2)
                report["tasks"] = [t.name for t in crew.tasks]
                report["outputs"] = _outputs(crew)
                report["result_tasks"] = [out.name for out in result.tasks_output]
        finally:
            _stop_timers(crew)
    if inputs is None:
        return
    report["deprecations"] = _deprecations(caught)
    report["baseline"] = _baseline()
    print("KICKOFF " + json.dumps(report, default=str))
    sys.stdout.flush()


if __name__ == "__main__":
    given = json.loads(sys.argv[3]) if sys.argv[2:3] == ["--kickoff"] else None
    main(Path(sys.argv[1]), given)
