"""The data every pipeline step passes to the next: frozen dataclasses, no behaviour beyond lookups.

read  -> Block        (a piece of source text with style hints; no legal meaning yet)
parse -> Act          (metadata + a flat, document-ordered tuple of Provisions forming a tree via `parent`)
match -> MatchResult  (one MatchRow per reference provision, ranked Candidates with Evidence)
store -> Concordance  (what the project holds: human decisions where made, machine proposals elsewhere)

Everything is immutable so that a step can never alter what an earlier step produced; a later
step makes a new value instead (``dataclasses.replace``).
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterator, Mapping


# ---------------------------------------------------------------------------------------------
# read
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Block:
    """One paragraph-like piece of a source document, as a reader found it.

    ``number`` carries a number the format produced outside the text (Word automatic numbering,
    Formex NO.PARAG, an HTML list counter); the parser treats it as if it stood before ``text``.
    ``style`` is a hint (``heading``, ``title``, ``list``, ``table``, ``footnote``, a Word style
    name, ...). ``location`` says where in the source the block was (``line 12``, ``page 3``,
    ``paragraph 40``) so that errors can point at it.
    """

    text: str
    number: str | None = None
    style: str | None = None
    level: int | None = None
    location: str = ""
    # Formats with explicit structure (Formex, Akoma Ntoso, EUR-Lex XHTML) may say what the
    # block is, e.g. "article", "paragraph", "point", "recital", "annex", "heading".
    kind: str | None = None


# ---------------------------------------------------------------------------------------------
# parse
# ---------------------------------------------------------------------------------------------
PROVISION_KINDS = (
    "preamble",     # citations and the enacting formula of an EU act
    "recital",
    "part",
    "chapter",
    "section",
    "subsection",
    "article",
    "paragraph",
    "subparagraph",  # an unnumbered paragraph of an EU paragraph ("first subparagraph")
    "point",
    "subpoint",
    "indent",        # "–" / "-" indents (alineje)
    "annex",
    "annex_part",    # Part I / Section II of an annex
    "category",      # Category A/B/C/D of Annex I
    "table",
    "definition",    # one definition in a definitions article whose definitions are unnumbered
    "transitional",  # transitional provisions of an amending act that a consolidated text carries
                     # after the last article ("Přechodná ustanovení zavedena zákonem č. 484/2008 Sb.")
)


@dataclass(frozen=True)
class Provision:
    """One unit of an act with a stable id (Akoma Ntoso naming: ``art_5__para_2__point_a``).

    ``text`` is the provision's own text only (its children carry theirs), so that concatenating
    every provision's text and every recorded non-provision block gives back the source body.
    ``citation`` is the human form in the act's language ("Article 5(2)(a)", "član 5 stav 2").
    """

    id: str
    kind: str
    num: str | None
    heading: str | None
    text: str
    parent: str | None
    citation: str
    location: str = ""
    # The number exactly as printed ("Член 5", "(a)", "1)", "§ 1¹."), so that no character of the
    # source is lost; ``num`` is its bare value ("5", "a", "1", "1¹"). Empty for unnumbered units.
    label: str = ""
    # "repealed" for a provision a consolidated text keeps only as a place-holder ("(weggefallen)",
    # "[Kehtetu - RT I ...]", "Brisan"): it keeps its id and number, and is never a match candidate.
    # "" for a provision in force.
    status: str = ""


@dataclass(frozen=True)
class NonProvision:
    """Body text that belongs to no provision: title, promulgation decree, signature, footnote."""

    kind: str  # title | decree | signature | footnote | note | heading
    text: str
    location: str = ""


@dataclass(frozen=True)
class Coverage:
    """The "nothing lost, nothing invented" oracle for one parse.

    Characters are counted without white space: every non-blank character of the body must land in
    exactly one provision or non-provision block.
    """

    source_chars: int
    lost_chars: int
    invented_chars: int
    per_kind: Mapping[str, int] = field(default_factory=dict)
    lost_samples: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.lost_chars == 0 and self.invented_chars == 0


@dataclass(frozen=True)
class ActMeta:
    """What an act is, mostly from its ``act.toml``.

    ``key`` is the short stable name used in projects and outputs (``ME-zakon-o-oruzju-2015``,
    ``32021L0555``). ``complete`` is False for an act held only in part; ``missing`` then names
    the provisions known to be missing (ids or ranges as written in act.toml, e.g. ``art_2-art_6``).
    """

    key: str
    title: str
    language: str
    jurisdiction: str = ""          # ISO 3166 alpha-2 (ME, MK, RS, XK, AL, BA, EE, CZ, DE) or "EU" / "INT"
    kind: str = "law"               # law | bylaw | directive | regulation | treaty
    script: str = "latin"           # latin | cyrillic
    version_date: str = ""          # ISO date of the version the text reflects
    gazette: str = ""
    celex: str = ""
    eli: str = ""
    source: str = ""
    complete: bool = True
    missing: tuple[str, ...] = ()
    short_title: str = ""           # abbreviation used in ToC columns ("ZO", "ЗО")
    notes: str = ""
    # Provisions held only in part (the source excerpt was cut off inside them), same syntax as
    # ``missing``. Added by the act catalogue (concordance.catalogue.acts); see directives/README.md.
    partial: tuple[str, ...] = ()


@dataclass(frozen=True)
class Act:
    """A parsed act: metadata, provisions in document order, and what parsing covered."""

    meta: ActMeta
    provisions: tuple[Provision, ...]
    non_provisions: tuple[NonProvision, ...] = ()
    coverage: Coverage | None = None
    definitions: Mapping[str, str] = field(default_factory=dict)  # term -> provision id
    warnings: tuple[str, ...] = ()

    @cached_property
    def _by_id(self) -> dict[str, Provision]:
        return {p.id: p for p in self.provisions}

    @cached_property
    def _children(self) -> dict[str | None, list[Provision]]:
        out: dict[str | None, list[Provision]] = {}
        for p in self.provisions:
            out.setdefault(p.parent, []).append(p)
        return out

    def get(self, provision_id: str) -> Provision | None:
        return self._by_id.get(provision_id)

    def __contains__(self, provision_id: object) -> bool:
        return provision_id in self._by_id

    def children(self, provision_id: str | None) -> list[Provision]:
        """Direct children in document order (``None`` gives the top level)."""
        return list(self._children.get(provision_id, ()))

    def descendants(self, provision_id: str) -> Iterator[Provision]:
        for child in self._children.get(provision_id, ()):
            yield child
            yield from self.descendants(child.id)

    def full_text(self, provision_id: str, with_heading: bool = True) -> str:
        """The provision's own text followed by all its descendants' text: what a reader means by
        "the text of Article 5"."""
        p = self._by_id[provision_id]
        parts = [p.heading] if with_heading and p.heading else []
        parts.append(p.text)
        parts.extend(d.text for d in self.descendants(provision_id))
        return "\n".join(s for s in parts if s)

    def of_kind(self, *kinds: str) -> list[Provision]:
        return [p for p in self.provisions if p.kind in kinds]

    def article_of(self, provision_id: str) -> Provision | None:
        """The article (or annex) a provision belongs to."""
        p = self._by_id.get(provision_id)
        while p is not None and p.kind not in ("article", "annex", "recital"):
            p = self._by_id.get(p.parent) if p.parent else None
        return p


# ---------------------------------------------------------------------------------------------
# match
# ---------------------------------------------------------------------------------------------
class ProvisionClass(str, enum.Enum):
    """How a reference provision has to be transposed (so that non-transposable ones never count
    as gaps)."""

    DEFINITION = "definition"
    OBLIGATION = "obligation"
    OPTION = "option"                    # "Member States may ..."
    NON_TRANSPOSABLE = "non_transposable"  # addressees, entry into force, Commission powers, repeal


class RowStatus(str, enum.Enum):
    """What the matcher says of one reference row (an adviser's decision always wins over it).

    ``proposed``: the law very likely carries the rule, candidates follow; ``review``: uncertain —
    candidates follow, but whether the law carries the rule at all needs an adviser's look;
    ``gap``: the rule must be transposed and the law very likely has nothing for it (the note says
    why, in words); ``not_applicable``: nothing for a national law to transpose;
    ``missing_text``: the reference text is not held, so nothing can be said.
    """

    PROPOSED = "proposed"
    REVIEW = "review"
    GAP = "gap"
    NOT_APPLICABLE = "not_applicable"
    MISSING_TEXT = "missing_text"  # the reference text is not held (incomplete act): never a gap


@dataclass(frozen=True)
class Evidence:
    """One reason behind a score, in words an adviser can check (``detail``) and its share."""

    signal: str          # lexical | concepts | numbers | references | position | embedding
    detail: str
    score: float         # the signal's own score in [0, 1]


@dataclass(frozen=True)
class Candidate:
    national_provision: str
    citation: str
    score: float
    evidence: tuple[Evidence, ...] = ()
    act: str = ""        # ActMeta.key of the national act (several acts per project)


@dataclass(frozen=True)
class MatchRow:
    directive_provision: str
    citation: str
    klass: ProvisionClass
    status: RowStatus
    candidates: tuple[Candidate, ...] = ()
    note: str = ""
    # calibrated likelihood that the national law carries this rule (the gap model,
    # concordance/match/gap_model.py); None where it is not assessed (not applicable, text not held)
    likelihood: float | None = None

    @property
    def has_candidates_to_show(self) -> bool:
        """Proposed and uncertain rows put their candidates forward; gaps only name the nearest."""
        return self.status in (RowStatus.PROPOSED, RowStatus.REVIEW) and bool(self.candidates)


@dataclass(frozen=True)
class MatchResult:
    reference: ActMeta
    national: ActMeta
    rows: tuple[MatchRow, ...]
    national_only: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------------------
# review, render, status
# ---------------------------------------------------------------------------------------------
class Compatibility(str, enum.Enum):
    """The canonical compatibility scale; each jurisdiction's form maps its own labels onto it."""

    FULL = "full"
    PARTIAL = "partial"
    NONE = "none"
    NOT_TRANSPOSABLE = "not_transposable"   # not to be transposed before accession
    NOT_APPLICABLE = "not_applicable"       # not relevant (Commission powers, final provisions)
    DISCRETIONARY = "discretionary"         # an option the state need not use
    TO_REVIEW = "to_review"


@dataclass(frozen=True)
class NationalRef:
    """A national provision cited in a concordance row."""

    act: str             # ActMeta.key
    provision: str       # provision id
    citation: str = ""
    text: str = ""
    act_short: str = ""


@dataclass(frozen=True)
class ConcordanceRow:
    """One reference provision and what the project knows of its transposition.

    ``decided`` is True when a human set ``compatibility`` (then ``reviewer`` and ``decided_at``
    say who and when); otherwise the row shows the machine proposal (``score``) and
    ``compatibility`` is None or TO_REVIEW.
    """

    reference_provision: str
    citation: str
    text: str
    klass: ProvisionClass
    status: RowStatus
    national: tuple[NationalRef, ...] = ()
    compatibility: Compatibility | None = None
    decided: bool = False
    score: float | None = None
    reasons: str = ""
    comment: str = ""
    reviewer: str = ""
    decided_at: str = ""
    heading: str = ""
    article: str = ""
    completing_act: str = ""   # the reviewer's "which act will complete it" (MK form column 7)
    planned_date: str = ""     # the reviewer's planned deadline for full approximation (MK column 8)    # id of the article/annex the row belongs to (for grouping and heat maps)


#: The columns of a form's national->reference table that a reviewer fills in per NATIONAL
#: provision (not per reference row): a comment and the competent authority (MK-EU, RKS-EU tables).
NATIONAL_NOTE_FIELDS: tuple[str, ...] = ("comment", "authority")


@dataclass(frozen=True)
class NationalNote:
    """What a reviewer wrote about one national provision in one reference act's ToC: the
    per-national-provision columns of the national->reference table (:data:`NATIONAL_NOTE_FIELDS`).

    Why its own record: those columns belong to a national article, which answers many reference
    rows (or none), so they cannot live on a row's decision. ``row_version`` grows at every change,
    so that an import can tell that somebody else changed the note since its workbook was exported.
    """

    reference_key: str
    national_key: str
    national_provision: str
    comment: str = ""
    authority: str = ""
    reviewer: str = ""
    noted_at: str = ""
    row_version: int = 1
    source_file: str = ""
    export_id: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        """(reference act, national act, national provision): what a note is about."""
        return (self.reference_key, self.national_key, self.national_provision)

    def values(self) -> dict[str, str]:
        """What a reviewer can change, as plain JSON (for events and comparisons)."""
        return {k: getattr(self, k) for k in NATIONAL_NOTE_FIELDS}


@dataclass(frozen=True)
class Concordance:
    """A Table of Concordance's content: one reference act against one or more national acts.

    ``national_notes``: the reviewers' notes on national provisions (comment, competent
    authority) that the national->reference table prints beside each national provision."""

    reference: ActMeta
    national: tuple[ActMeta, ...]
    rows: tuple[ConcordanceRow, ...]
    jurisdiction: str = ""
    generated_at: str = ""
    national_notes: tuple[NationalNote, ...] = ()
