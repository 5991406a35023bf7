"""ingest: any file of the archive (digital PDF, scanned PDF, image, OCR'd text/markdown)
into one typed ``Document``."""
from thaireports.ingest.document import Document, OcrInfo, Page, Source, Table

__all__ = ["Document", "OcrInfo", "Page", "Source", "Table", "read"]


def read(path, **options) -> Document:
    """Read one file into a Document (see ``ingest.read_file.read``)."""
    from thaireports.ingest.reader import read as _read

    return _read(path, **options)
