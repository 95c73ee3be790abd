"""LLM objects of the agents (temperature, max_tokens and the model endpoint live on
the LLM); keys are read from the environment when the crew is built, never stored."""

from crewai import LLM

senior_market_analyst_llm = LLM(model='openai/gpt-4o', temperature=0.2, max_tokens=4000)
pain_point_researcher_llm = LLM(model='openai/gpt-4o-mini', temperature=0.7, max_tokens=4000)
competitive_intelligence_lead_llm = LLM(model='openai/gpt-4o', temperature=0.7, max_tokens=4000)
strategic_fit_assessor_llm = LLM(model='openai/gpt-4o', temperature=0.7, max_tokens=4000)
executive_summarizer_llm = LLM(model='openai/gpt-4o-mini', temperature=0.4, max_tokens=4000)
