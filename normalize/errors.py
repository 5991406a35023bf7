"""The base of every error thaireports raises on purpose. Each knows its exit code, and its
message names the file and says what to do (as OCRmyPDF's exceptions do)."""
from __future__ import annotations


class ThaiReportsError(Exception):
    """Misuse, a broken environment or unreadable input: the CLI prints it on one line."""

    exit_code = 5
