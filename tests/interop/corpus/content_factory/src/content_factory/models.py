from typing import List, Optional

from pydantic import BaseModel, Field


class Source(BaseModel):
    title: str
    url: str


class ResearchBrief(BaseModel):
    summary: str = Field(..., description="Three sentences on the topic.")
    facts: List[str]
    sources: List[Source]
    confidence: Optional[float] = None


class FinalPost(BaseModel):
    title: str
    body: str
    word_count: int
