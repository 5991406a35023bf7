"""corpora: the corpus of records (SQLite), bulk import, Thai search, queries, exports."""

__all__ = ["Corpus"]


def __getattr__(name):
    if name == "Corpus":
        from thaireports.corpora.store import Corpus

        return Corpus
    raise AttributeError(name)
