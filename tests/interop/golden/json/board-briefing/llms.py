"""LLM objects of the agents (temperature, max_tokens and the model endpoint live on
the LLM); keys are read from the environment when the crew is built, never stored."""

from crewai import LLM

chief_of_staff_llm = LLM(model='openai/gpt-4o', temperature=0.7, max_tokens=4000)
financial_modeler_llm = LLM(model='openai/gpt-4o', temperature=0.1, max_tokens=8000)
risk_officer_llm = LLM(model='openai/gpt-4o', temperature=0.7, max_tokens=4000)
regulatory_counsel_llm = LLM(model='openai/gpt-4o', temperature=0.7, max_tokens=4000)
investor_relations_lead_llm = LLM(model='openai/gpt-4o', temperature=0.7, max_tokens=4000)
board_secretary_llm = LLM(model='openai/gpt-4o', temperature=0.3, max_tokens=4000)
