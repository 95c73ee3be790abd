from crewai import LLM

question_writer_llm = LLM(model="openai/gpt-4o", temperature=0.9, max_tokens=1500)
