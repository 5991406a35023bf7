"""extractors: from an ingest ``Document`` to one ita-record/1 ``Record``."""
from extractors.record import Record, json_schema, validate_record

__all__ = ["Record", "json_schema", "validate_record", "convert", "extract"]


def extract(document):
    """Document -> Record (see ``extractors.convert.extract``)."""
    from extractors.convert import extract as _extract

    return _extract(document)


def convert(path, **options):
    """File -> Record: ``ingest.read`` then ``extract``."""
    from extractors.convert import convert as _convert

    return _convert(path, **options)
