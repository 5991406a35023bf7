"""extractors: from an ingest ``Document`` to one ita-record/1 ``Record``."""
from extractors.record import Record, json_schema, validate_record

__all__ = ["EXTRACTOR_VERSION", "Record", "json_schema", "validate_record", "convert", "extract"]

# Bumped whenever extraction rules change, so that `thaireports import --reprocess` re-extracts
# the records an older version made.
EXTRACTOR_VERSION = "1.0.0"


def extract(document):
    """Document -> Record (see ``extractors.convert.extract``)."""
    from extractors.convert import extract as _extract

    return _extract(document)


def convert(path, **options):
    """File -> Record: ``ingest.read`` then ``extract``."""
    from extractors.convert import convert as _convert

    return _convert(path, **options)
