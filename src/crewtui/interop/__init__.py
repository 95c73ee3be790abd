"""crewai projects in and out: export, import, code generation, and the crewai facts they share.

Nothing here imports Textual or crewai: crewai is a target, not a dependency.
"""
