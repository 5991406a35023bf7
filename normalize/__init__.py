"""normalize: pure functions over Thai text (digits, Unicode repair, line-wrap spaces,
dates and fiscal years, monitoring cadence, controlled vocabularies).

Imports nothing else of thaireports; ingest/ and extractors/ both build on it.
"""
from thaireports.normalize.warning import RecordWarning

__all__ = ["RecordWarning"]
