"""extractors: from an ingest ``Document`` to one ita-record/1 ``Record``."""
import hashlib
from pathlib import Path

from thaireports.extractors.record import Record, json_schema, validate_record

# The record's rules live in the sources and data tables of normalize/, ingest/ and extractors/:
# the version carries a digest of them, so that any change to a rule changes it and
# `thaireports import --reprocess` re-extracts the records an older version made (a release
# number alone stayed 1.0.0 through every rule change).
RULES_RELEASE = "2.0.0"
RULE_PACKAGES = ("normalize", "ingest", "extractors")
RULE_SUFFIXES = (".py", ".txt", ".json", ".tsv")


def rules_digest(root: Path | None = None) -> str:
    """sha256 (first 12 hex) over the rule sources, in a fixed order, paths included.

    Example:
        >>> len(rules_digest())
        12
    """
    root = root or Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for package in RULE_PACKAGES:
        for path in sorted((root / package).rglob("*")):
            if path.suffix in RULE_SUFFIXES and "__pycache__" not in path.parts and path.is_file():
                h.update(path.relative_to(root).as_posix().encode())
                h.update(b"\0")
                h.update(path.read_bytes())
    return h.hexdigest()[:12]


EXTRACTOR_VERSION = f"{RULES_RELEASE}+{rules_digest()}"

# Imported eagerly (the module is light: its stages import their own dependencies lazily) and
# bound after the submodule, so that `extractors.convert` stays the function for good: a lazy
# `from extractors.convert import ...` inside a wrapper would rebind the package attribute to
# the submodule on first use.
from thaireports.extractors.convert import convert, extract  # noqa: E402

__all__ = ["EXTRACTOR_VERSION", "Record", "json_schema", "validate_record", "convert", "extract"]
