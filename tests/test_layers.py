"""The scoring core imports in one direction: catalogue, tokens and compiled code -> matcher -> feature blocks -> model -> score.

Every import between credscore's own modules is read from the source (also
the ones inside functions, which a circular import hides in), and each module
of the core may import only modules earlier in :data:`ORDER`. A newcomer can
then read the path of the data top to bottom, and no lazy import papers over a
circle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "credscore"

#: The core, in layer order: a module may import only modules before it.
ORDER: tuple[str, ...] = (
    # utilities
    "_version",
    "_atomic",
    "_validation",
    # the body: what of a text is read at all (no repeated headline, no page furniture)
    "_body",
    # catalogue
    "_signals",
    # tokens: one encoded, normalised, classified byte batch
    "_tokens",
    # compiled code (numba, optional): loops over the batch, and when compiled code runs
    "_kernels",
    "_native",  # Hyperscan scans whose matches compiled handlers collect
    # matcher (bulk counts and spans) and the process-wide default matcher
    "_spaces",  # the whitespace-collapsed copy most patterns scan
    "_starts",  # where matches start, found from their ends
    "_engine",
    # feature blocks
    "_stylometry",
    "_language",
    "_ngrams",
    "_features",
    # model
    "_model",
    # score
    "_explain",
    "_api",
)

#: Known imports against the order, each with its reason. Empty is the goal.
EXCEPTIONS: dict[tuple[str, str], str] = {
    ("_model", "_api"): "CredibilityModel.score/score_many/explain are facades over the public functions "
    "(lazy imports inside the three methods); kept on purpose as the one documented exception",
}


def internal_imports(module: str) -> set[str]:
    """The credscore modules ``module`` imports, anywhere in its source."""
    tree = ast.parse((SRC / f"{module}.py").read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1 and node.module:
                found.add(node.module.split(".")[0])
            elif node.level == 1:
                found.update(a.name for a in node.names)
            elif node.module and node.module.startswith("credscore."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("credscore."))
    return found


def test_the_order_names_real_modules() -> None:
    for module in ORDER:
        assert (SRC / f"{module}.py").is_file(), module


@pytest.mark.parametrize("module", ORDER)
def test_a_core_module_imports_only_earlier_layers(module: str) -> None:
    rank = ORDER.index(module)
    for dep in sorted(internal_imports(module)):
        if (module, dep) in EXCEPTIONS:
            continue
        assert dep in ORDER, f"{module} imports {dep}, which is outside the scoring core"
        assert ORDER.index(dep) < rank, f"{module} imports {dep}, a later layer: {ORDER}"


def test_every_exception_is_still_needed() -> None:
    for module, dep in EXCEPTIONS:
        assert dep in internal_imports(module), f"{module} no longer imports {dep}: drop the exception"


def test_the_reader_sees_a_lazy_import() -> None:
    # the check must see imports inside functions (how circles hide)
    assert "_api" in internal_imports("_model")
    assert "_tokens" in internal_imports("_stylometry")
