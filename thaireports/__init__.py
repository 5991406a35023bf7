"""thaireports: Thai local-government integrity (ITA) reports, from any file to comparable records.

The stages are subpackages, each importing only the ones before it::

    thaireports.normalize   Thai digits, dates, Unicode repair, vocabularies (pure functions)
    thaireports.ingest      any file -> Document (pages, tables, provenance, warnings)
    thaireports.extractors  Document -> one ita-record/1 Record
    thaireports.corpora     the SQLite corpus, bulk import, search, exports, the CLI

In a source checkout the four folders sit at the top of the repository; the installed
distribution maps them under this package (``package-dir`` in pyproject.toml), so nothing
named ``normalize`` or ``ingest`` lands in site-packages.

>>> import thaireports
>>> thaireports.__version__ != ""
True
"""
from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("thaireports")
except PackageNotFoundError:  # a source tree that was never installed
    __version__ = "unknown"

__all__ = ["__version__"]
