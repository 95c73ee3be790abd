from crewai.tools import tool


@tool("Word counter")
def word_counter(text: str) -> str:
    """Counts the words of a text."""
    return str(len(text.split()))
