"""The one warning shape every stage adds to: ``{code, message, page}`` (ita-record/1).

Codes are stable kebab-case strings (``date-impossible``, ``foreign-script``), so that scripts
can filter on them; the message is for people and may change. Every code is registered, with
its meaning, in :data:`~thaireports.normalize.warning_codes.WARNING_CODES`; an unknown code is
refused, so a typo fails where it is written rather than in a researcher's filter.
"""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, field_validator

from .warning_codes import WARNING_CODES, check_code

__all__ = ["RecordWarning", "WARNING_CODES"]


class RecordWarning(BaseModel):
    """Something uncertain that a stage noticed and did not silently fix.

    Example:
        >>> RecordWarning(code="date-impossible", message="31 กุมภาพันธ์ 2565", page=2)
        RecordWarning(code='date-impossible', message='31 กุมภาพันธ์ 2565', page=2)
        >>> RecordWarning(code="date-imposible", message="")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        pydantic_core._pydantic_core.ValidationError: 1 validation error for RecordWarning
        code
          Value error, unknown warning code 'date-imposible': register it in ...
    """

    model_config = ConfigDict(extra="forbid")

    code: str
    message: str
    page: int | None = None

    @field_validator("code")
    @classmethod
    def _registered(cls, code: str) -> str:
        return check_code(code)
