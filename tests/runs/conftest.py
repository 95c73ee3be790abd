"""Runs kick off crews against the stand-in model server."""

from ..standin.conftest import standin  # noqa: F401
