"""The tree builder's former home, kept so that ``from concordance.parse.structure import Builder``
(and ``structure.Builder`` in tests) goes on working. The builder lives in :mod:`.tree`, the steps
it calls in :mod:`.lines`, :mod:`.paragraphs`, :mod:`.annexes` and :mod:`.front_matter`."""
from .node import Node
from .tree import Builder

__all__ = ["Builder", "Node"]
