"""Flows to and from crewai: ``crewai.flow/v1`` definitions and Python ``Flow`` classes."""
