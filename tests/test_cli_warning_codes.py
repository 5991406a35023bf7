"""The warning-code registry (normalize/warning_codes.py) against the sources and the docs.

Every literal code the sources (and tests) put in a warning is registered, every registered
code is used somewhere, an unknown code is refused (through the real CLI too), and the lists
in README.md and docs/record-spec.md are the registry's own table.
"""
from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from thaireports.ingest import tesseract
from thaireports.normalize.warning import RecordWarning
from thaireports.normalize.warning_codes import BEGIN, END, WARNING_CODES, markdown_table

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("normalize", "ingest", "extractors", "corpora")
THAIREPORTS = Path(sys.executable).parent / "thaireports"


def _str(node: ast.AST, constants: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    return None


def codes_in(path: Path) -> dict[str, int]:
    """The literal warning codes one file uses -> first line: ``code=...`` keywords, ``{"code":
    ...}`` dicts, ``add_warning(ws, "code", ...)``, and ``.code == / in`` comparisons."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    constants = {t.id: n.value.value for n in tree.body if isinstance(n, ast.Assign)
                 and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)
                 for t in n.targets if isinstance(t, ast.Name)}
    found: dict[str, int] = {}

    def add(node: ast.AST, line: int) -> None:
        nodes = node.elts if isinstance(node, (ast.Tuple, ast.List, ast.Set)) else [node]
        for item in nodes:
            value = _str(item, constants)
            if value is not None:
                found.setdefault(value, line)

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg == "code":
                    add(keyword.value, node.lineno)
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            if name == "add_warning" and len(node.args) >= 2:
                add(node.args[1], node.lineno)
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if key is not None and _str(key, {}) == "code" and "message" in {
                        _str(k, {}) for k in node.keys if k is not None}:
                    add(value, node.lineno)
        elif isinstance(node, ast.Compare):
            left = node.left
            is_code = (isinstance(left, ast.Attribute) and left.attr == "code") or (
                isinstance(left, ast.Call) and getattr(left.func, "attr", None) == "get"
                and left.args and _str(left.args[0], {}) == "code")
            if is_code:
                for comparator in node.comparators:
                    add(comparator, node.lineno)
    return found


def source_codes() -> dict[str, str]:
    """code -> where it is first used, over the package folders (the sources proper)."""
    used: dict[str, str] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            for code, line in codes_in(path).items():
                used.setdefault(code, f"{path.relative_to(ROOT)}:{line}")
    for _, code, _ in tesseract._STDERR_WARNINGS:  # Tesseract's stderr messages, a table
        used.setdefault(code, "ingest/tesseract.py (_STDERR_WARNINGS)")
    return used


def test_every_code_the_sources_use_is_registered():
    unregistered = {c: where for c, where in source_codes().items() if c not in WARNING_CODES}
    assert not unregistered, f"add these to normalize/warning_codes.py: {unregistered}"


def _test_files() -> list[Path]:
    """The test modules, but this one (it uses unknown codes on purpose)."""
    return [p for p in sorted((ROOT / "tests").glob("*.py")) if p != Path(__file__).resolve()]


def test_every_code_the_tests_use_is_registered():
    used = {}
    for path in _test_files():
        for code, line in codes_in(path).items():
            used.setdefault(code, f"{path.relative_to(ROOT)}:{line}")
    unregistered = {c: where for c, where in used.items() if c not in WARNING_CODES}
    assert not unregistered, f"add these to normalize/warning_codes.py: {unregistered}"


def test_every_registered_code_is_used_somewhere():
    used = set(source_codes())
    for path in _test_files():
        used |= set(codes_in(path))
    assert sorted(set(WARNING_CODES) - used) == []


def test_registry_is_kebab_case_with_one_line_meanings():
    for code, meaning in WARNING_CODES.items():
        assert code == code.lower() and " " not in code and "_" not in code, code
        assert meaning and "\n" not in meaning and not meaning.endswith("."), code


def test_record_warning_refuses_an_unknown_code():
    with pytest.raises(ValueError, match="unknown warning code 'date-imposible'"):
        RecordWarning(code="date-imposible", message="31 กุมภาพันธ์")
    assert RecordWarning(code="date-impossible", message="31 กุมภาพันธ์").code == "date-impossible"


@pytest.mark.parametrize("doc", ["README.md", "docs/record-spec.md"])
def test_docs_list_the_registry(doc):
    text = (ROOT / doc).read_text(encoding="utf-8")
    assert BEGIN in text and END in text, f"{doc} lacks the {BEGIN} ... {END} block"
    block = text.split(BEGIN, 1)[1].split(END, 1)[0]
    assert block.strip() == markdown_table().strip(), (
        f"{doc}'s warning-code list is stale: run "
        "`make docs`")


def test_import_refuses_a_record_with_an_unknown_code(tmp_path):
    """Through the real CLI: a hand-made record whose warning code is unknown fails to import,
    naming the code (and the import exits 6, some files failed)."""
    env = {**os.environ, "PYTHAINLP_OFFLINE": "1"}
    first = sorted((ROOT / "corpora" / "samples").glob("*.txt"))[0]
    done = subprocess.run([str(THAIREPORTS), "convert", str(first)], text=True,
                          capture_output=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    record["warnings"].append({"code": "no-such-code", "message": "x", "page": None})
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bad.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run([str(THAIREPORTS), "import", str(folder), "--db",
                           str(tmp_path / "c.db"), "--workers", "1", "-q"], text=True,
                          capture_output=True, env=env, timeout=300, check=False)
    assert done.returncode == 6, done.stderr
    assert "unknown warning code 'no-such-code'" in done.stdout + done.stderr
