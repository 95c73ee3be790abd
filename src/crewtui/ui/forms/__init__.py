"""Forms built from the field metadata on the domain models."""

from __future__ import annotations

from .editors import FieldEditor, make_editor
from .field_row import FieldRow
from .help import FieldHelp
from .record_form import RecordForm
from .tags import TagEditor

__all__ = ["FieldEditor", "FieldHelp", "FieldRow", "RecordForm", "TagEditor", "make_editor"]
