from pydantic import BaseModel, Field


class QuestionList(BaseModel):
    """Questions for the guest, in order."""

    questions: list[str] = Field(..., description="Twelve questions.")
    warm_up: str | None = None
