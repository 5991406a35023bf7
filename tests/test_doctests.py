"""The docstring examples of every thaireports module, run as doctests by `make test`.

They are imported by their installed names (``thaireports.normalize.dates``), the way a user
imports them, rather than by pytest's file path collection, which would load a second copy
of each module under its folder's name.
"""
from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest



STAGES = ("normalize", "ingest", "extractors", "corpora")


def _modules() -> list[str]:
    """Every module of every stage. Each stage is walked from its own folder: in an editable
    install the stages are mapped under ``thaireports`` rather than inside its folder."""
    names = ["thaireports"]
    for stage in STAGES:
        package = importlib.import_module(f"thaireports.{stage}")
        names.append(package.__name__)
        names += [info.name for info in
                  pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}.")]
    return sorted(names)


MODULES = _modules()


def test_every_stage_is_walked() -> None:
    walked = {name for name in MODULES if name.count(".") == 2}
    for module in ("normalize.dates", "ingest.pdf", "extractors.measures", "corpora.store"):
        assert f"thaireports.{module}" in walked


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in finder.find(module, name):
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
