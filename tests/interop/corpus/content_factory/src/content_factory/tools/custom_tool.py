from typing import Type

from crewai.tools import BaseTool
from pydantic import BaseModel, Field


class KeywordDensityInput(BaseModel):
    """Input schema for KeywordDensityTool."""

    text: str = Field(..., description="The text to analyse.")
    keyword: str = Field(..., description="The keyword to count.")


class KeywordDensityTool(BaseTool):
    name: str = "Keyword density"
    description: str = (
        "Counts how often a keyword appears in a text, as a share of all words."
    )
    args_schema: Type[BaseModel] = KeywordDensityInput

    def _run(self, text: str, keyword: str) -> str:
        words = text.lower().split()
        hits = words.count(keyword.lower())
        return f"{hits / max(len(words), 1):.2%}"
