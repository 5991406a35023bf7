"""extractors: from an ingest ``Document`` to one ita-record/1 ``Record``."""
from extractors.record import Record, json_schema, validate_record

# Bumped whenever extraction rules change, so that `thaireports import --reprocess` re-extracts
# the records an older version made.
EXTRACTOR_VERSION = "1.0.0"

# Imported eagerly (the module is light: its stages import their own dependencies lazily) and
# bound after the submodule, so that `extractors.convert` stays the function for good: a lazy
# `from extractors.convert import ...` inside a wrapper would rebind the package attribute to
# the submodule on first use.
from extractors.convert import convert, extract  # noqa: E402

__all__ = ["EXTRACTOR_VERSION", "Record", "json_schema", "validate_record", "convert", "extract"]
