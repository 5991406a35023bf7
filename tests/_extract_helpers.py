"""Build a Document from page texts (and tables) for extractor tests, without ingest."""
from thaireports.ingest.document import Document, Page, Source, Table


def document_of(*texts: str, tables: list[Table] | None = None) -> Document:
    pages = [Page(number=i + 1, text_source="text", text=t) for i, t in enumerate(texts)]
    source = Source(file="test.txt", sha256="0" * 64, media_type="text/plain",
                    pages=len(pages), text_source="text")
    return Document(source=source, pages=pages, tables=tables or [])
