"""The house rules of the package layout (docs/architecture.md), read from the source itself.

Every import inside ``concordance`` — at the top of a module or inside a function — must go down
the pipeline: a step may use the steps before it and the shared modules, never a later step.
And no two modules may import each other, directly or round a longer loop, whether the import
sits at the top or is placed inside a function to dodge the loop at import time.

Why a test: a layout drifts one convenient import at a time; this fails on the first one, naming
the file and line, so the order stays as docs/architecture.md draws it.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "concordance"

#: Lowest first. A module belongs to the layer of its longest matching prefix. The catalogue's
#: metadata (act.toml, what a title names) is read by the parser, so it sits below it; the parsed
#: acts, the correlation table and the missing rows use the parser, so they sit above it.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("shared", ("concordance", "concordance.errors", "concordance.model", "concordance.outputs",
                "concordance.language", "concordance.xmlsafe")),
    ("catalogue metadata", ("concordance.catalogue", "concordance.catalogue.acts",
                            "concordance.catalogue.identify")),
    ("read", ("concordance.read",)),
    ("parse", ("concordance.parse",)),
    ("catalogue", ("concordance.catalogue.parsed", "concordance.catalogue.correlation",
                   "concordance.catalogue.missing_rows", "concordance.catalogue.fetch")),
    ("match", ("concordance.match",)),
    ("store", ("concordance.store",)),
    ("status", ("concordance.status",)),
    ("review", ("concordance.review",)),
    ("render", ("concordance.render",)),
    ("cli", ("concordance.cli",)),
]

#: Import circles known and left for later, with the reason. Each one listed must still exist
#: (so that the list shrinks when one is fixed) and no other may appear.
KNOWN_CIRCLES: dict[frozenset[str], str] = {}


def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> int:
    """Index of the layer a module belongs to (longest matching prefix)."""
    best, best_len = -1, -1
    for i, (_, prefixes) in enumerate(LAYERS):
        for p in prefixes:
            if (module == p or module.startswith(p + ".")) and len(p) > best_len:
                best, best_len = i, len(p)
    if best < 0:
        raise KeyError(f"{module} belongs to no layer: add it to LAYERS (and to docs/architecture.md)")
    return best


def imports_of(path: Path, modules: set[str], root: Path = PACKAGE) -> list[tuple[str, int, bool]]:
    """(imported concordance module, line, inside a function?) for every import in ``path``."""
    me = module_name(path, root)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name.split(".")[0] == "concordance":
                        found.append((alias.name, child.lineno, in_function))
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package
                    for _ in range(child.level - 1):
                        base = base.rpartition(".")[0]
                    base = f"{base}.{child.module}" if child.module else base
                else:
                    base = child.module or ""
                if base.split(".")[0] != "concordance":
                    continue
                for alias in child.names:
                    sub = f"{base}.{alias.name}"
                    found.append((sub if sub in modules else base, child.lineno, in_function))
            visit(child, inner)

    visit(tree, False)
    return found


def import_graph(root: Path = PACKAGE) -> dict[str, list[tuple[str, int, bool]]]:
    files = sorted(root.rglob("*.py"))
    modules = {module_name(f, root) for f in files}
    return {module_name(f, root): imports_of(f, modules, root) for f in files}


def upward_imports(graph: dict[str, list[tuple[str, int, bool]]]) -> list[str]:
    out = []
    for mod, imports in graph.items():
        for target, line, in_function in imports:
            if layer_of(target) > layer_of(mod):
                where = "inside a function" if in_function else "at module level"
                out.append(f"{mod} (line {line}, {where}) imports {target}: "
                           f"{LAYERS[layer_of(mod)][0]} -> {LAYERS[layer_of(target)][0]} goes back up the pipeline")
    return out


def circles(graph: dict[str, list[tuple[str, int, bool]]]) -> list[frozenset[str]]:
    """The strongly connected groups of more than one module (Tarjan), counting every import."""
    edges = {m: sorted({t for t, _, _ in imps if t in graph and t != m}) for m, imps in graph.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges[v]:
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(frozenset(group))

    for v in sorted(edges):
        if v not in index:
            strong(v)
    return found


@pytest.fixture(scope="module")
def graph():
    return import_graph()


def test_every_module_belongs_to_a_layer(graph):
    for mod in graph:
        layer_of(mod)


def test_no_import_goes_back_up_the_pipeline(graph):
    assert upward_imports(graph) == []


def test_no_import_circle_beyond_the_known_ones(graph):
    found = set(circles(graph))
    assert found - set(KNOWN_CIRCLES) == set(), "new import circle(s)"
    assert set(KNOWN_CIRCLES) - found == set(), "a known circle is gone: remove it from KNOWN_CIRCLES"


def test_the_checks_catch_a_synthetic_offender(tmp_path):
    """A plainly synthetic package: the parser imports the review step inside a function (back up
    the pipeline, to dodge a loop), and two store modules import each other."""
    root = tmp_path / "concordance"
    for rel, text in {
        "__init__.py": "",
        "parse/__init__.py": "def f():\n    from ..review import widgets\n",
        "review/__init__.py": "",
        "review/widgets.py": "from ..parse import f\n",
        "store/__init__.py": "",
        "store/a.py": "from .b import B\nA = 1\n",
        "store/b.py": "def g():\n    from .a import A\nB = 2\n",
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    g = import_graph(root)
    up = upward_imports(g)
    assert len(up) == 1 and up[0].startswith("concordance.parse (line 2, inside a function) imports "
                                            "concordance.review.widgets")
    assert set(circles(g)) == {frozenset({"concordance.store.a", "concordance.store.b"}),
                               frozenset({"concordance.parse", "concordance.review.widgets"})}
