"""The one warning shape every stage adds to: ``{code, message, page}`` (ita-record/1).

Codes are stable kebab-case strings (``date-impossible``, ``foreign-script``), so that scripts
can filter on them; the message is for people and may change.
"""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class RecordWarning(BaseModel):
    """Something uncertain that a stage noticed and did not silently fix.

    Example:
        >>> RecordWarning(code="date-impossible", message="31 กุมภาพันธ์ 2565", page=2)
        RecordWarning(code='date-impossible', message='31 กุมภาพันธ์ 2565', page=2)
    """

    model_config = ConfigDict(extra="forbid")

    code: str
    message: str
    page: int | None = None
