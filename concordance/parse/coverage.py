"""The "nothing lost, nothing invented" oracle.

It does not trust the builder: it counts the non-blank characters of the blocks the reader gave
and the non-blank characters the parse put anywhere (a provision's label, heading and text, or a
recorded non-provision), as multisets, and reports the difference both ways. A parse that drops a
line, or doubles one, shows up here whatever the builder believed it did.
"""
from __future__ import annotations

from collections import Counter

from ..model import Block, Coverage, NonProvision, Provision


def _chars(text: str | None) -> Counter:
    # str.split() drops exactly the characters str.isspace() calls white space; counting the
    # joined string runs in C (a generator over a 5 MB text took seconds)
    return Counter("".join((text or "").split()))


def source_text(block: Block) -> str:
    """A block as the parser sees it: a format-produced number stands before the text."""
    return f"{block.number} {block.text}" if block.number else block.text


def compute(blocks: list[Block], provisions: list[Provision] | tuple[Provision, ...],
            non_provisions: list[NonProvision] | tuple[NonProvision, ...]) -> Coverage:
    source = Counter()
    for b in blocks:
        source.update(_chars(source_text(b)))
    out = Counter()
    per_kind: Counter = Counter()
    outputs: list[str] = []
    for p in provisions:
        per_kind[p.kind] += 1
        for part in (p.label, p.heading, p.text):
            if part:
                out.update(_chars(part))
                outputs.append(part)
    for n in non_provisions:
        out.update(_chars(n.text))
        outputs.append(n.text)
    lost = source - out
    invented = out - source
    samples: list[str] = []
    if lost:
        # Name the blocks whose text is nowhere in the output, so that a user can look at them.
        everything = "".join("".join(s.split()) for s in outputs)
        for b in blocks:
            compact = "".join(source_text(b).split())
            if compact and compact not in everything:
                samples.append(f"{b.location}: {source_text(b)[:120]}")
                if len(samples) >= 10:
                    break
    return Coverage(
        source_chars=sum(source.values()),
        lost_chars=sum(lost.values()),
        invented_chars=sum(invented.values()),
        per_kind=dict(per_kind),
        lost_samples=tuple(samples),
    )
