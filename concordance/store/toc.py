"""The Table of Concordance as the project holds it: decisions where humans made them, the newest
machine proposals elsewhere.

Why here and not in ``render``: which answer wins (a human's over a machine's; for a jurisdiction
with several laws, the best answer any of its acts gives) is a rule about the project's data, and
every output (ToC documents, review workbooks, status figures) must apply it the same way.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from ..model import (
    Act,
    Compatibility,
    Concordance,
    ConcordanceRow,
    MatchRow,
    NationalRef,
    Provision,
    ProvisionClass,
    RowStatus,
)
from .base import StoreBase, now
from .decision import Decision
from .proposals import proposed_candidates

#: Higher is better for a jurisdiction: when several national acts answer one reference provision
#: (BiH: entity, cantonal and Brčko laws), the row takes the best answer any act gives.
COMPATIBILITY_RANK: dict[Compatibility, int] = {
    Compatibility.FULL: 6,
    Compatibility.PARTIAL: 5,
    Compatibility.DISCRETIONARY: 4,
    Compatibility.NOT_TRANSPOSABLE: 3,
    Compatibility.NOT_APPLICABLE: 2,
    Compatibility.NONE: 1,
    Compatibility.TO_REVIEW: 0,
}


def best_compatibility(values: Iterable[Compatibility]) -> Compatibility | None:
    """The best of several acts' answers (:data:`COMPATIBILITY_RANK`); None when there are none."""
    vals = list(values)
    return max(vals, key=lambda c: COMPATIBILITY_RANK[c]) if vals else None


class TocMixin(StoreBase):
    """Assembling :class:`Concordance` rows from decisions and proposals."""

    def concordance(self, reference_key: str, national_keys: Sequence[str] | None = None) -> Concordance:
        """What the project holds for one reference act against one or more national acts.

        Rows follow ``match.reference_rows`` (reference order). Per national act, a human decision
        wins over the latest machine proposal. With several national acts (BiH: entity, cantonal
        and Brčko laws) each act contributes its own NationalRefs, and the row's compatibility is
        the BEST any act achieved (the jurisdiction transposes a provision when its acts together
        do); ``decided`` is True when at least one act's row was graded by a human, and then only
        human-chosen provisions are listed; otherwise the machine proposals of all acts are.
        ``national_notes`` holds the reviewers' notes on the national acts' provisions (the
        national->reference table's comment and competent authority) for this reference act.
        ``score`` is the best proposal score for the row. A decision reset to "to review" by an
        amendment is not decided: it shows TO_REVIEW with the provisions it carried over.
        """
        from ..match import classify, reference_rows

        ref = self.act(reference_key)
        nat_keys = list(dict.fromkeys(national_keys)) if national_keys else [a.key for a in self.acts("national")]
        nat_acts = {k: self.act(k) for k in nat_keys}
        proposals: dict[str, dict[str, MatchRow]] = {}
        for k in nat_keys:
            result = self.latest_match(reference_key, k)
            proposals[k] = {r.directive_provision: r for r in result.rows} if result else {}
        decided_map = {(d.reference_provision, d.national_key): d
                       for d in self.decisions(reference_key) if d.national_key in nat_acts}
        rows = [self._concordance_row(prov, ref, nat_acts, [proposals[k].get(prov.id) for k in nat_keys],
                                      decided_map, classify)
                for prov in reference_rows(ref)]
        jurs = {nat_acts[k].meta.jurisdiction for k in nat_keys}
        notes = tuple(n for n in self.national_notes(reference_key) if n.national_key in nat_acts)
        return Concordance(reference=ref.meta, national=tuple(nat_acts[k].meta for k in nat_keys),
                           rows=tuple(rows), jurisdiction=jurs.pop() if len(jurs) == 1 else "",
                           generated_at=now(), national_notes=notes)

    def _concordance_row(self, prov: Provision, ref: Act, nat_acts: dict[str, Act],
                         match_rows: list[MatchRow | None], decided_map: dict[tuple[str, str], Decision],
                         classify: Callable[[Provision, Act], ProvisionClass]) -> ConcordanceRow:
        """One row of :meth:`concordance`: the human decisions on ``prov`` where there are any
        (best compatibility over the acts), else the machine proposals (``match_rows``, one per
        national act, in the order of ``nat_acts``) and any decisions reset to "to review"."""
        nat_keys = list(nat_acts)
        first = (next((m for m in match_rows if m is not None and m.status is RowStatus.PROPOSED), None)
                 or next((m for m in match_rows if m is not None and m.status is RowStatus.REVIEW), None)
                 or next((m for m in match_rows if m is not None), None))
        klass = first.klass if first else classify(prov, ref)
        status = first.status if first else (
            RowStatus.NOT_APPLICABLE if klass is ProvisionClass.NON_TRANSPOSABLE else RowStatus.GAP)
        human: list[tuple[str, Decision]] = []
        pending: list[tuple[str, Decision]] = []
        for k in nat_keys:
            d = decided_map.get((prov.id, k))
            if d is None:
                continue
            (human if d.is_human_verdict else pending).append((k, d))
        refs: list[NationalRef] = []
        scores = [c.score for m in match_rows if m for c in m.candidates]
        score = max(scores) if scores else None
        compatibility: Compatibility | None = None
        decided = bool(human)
        reviewer = decided_at = reasons = comment = completing_act = planned_date = ""
        if human:
            for k, d in human:
                refs.extend(self._refs(nat_acts[k], k, d.national_provisions))
            best = best_compatibility(d.compatibility for _, d in human)
            chosen = max((d for _, d in human if d.compatibility is best), key=lambda d: d.decided_at)
            compatibility, reviewer, decided_at = best, chosen.reviewer, chosen.decided_at
            reasons = "\n".join(d.reasons for _, d in human if d.reasons)
            comment = "\n".join(d.comment for _, d in human if d.comment)
            completing_act = "\n".join(dict.fromkeys(d.completing_act for _, d in human if d.completing_act))
            planned_date = "\n".join(dict.fromkeys(d.planned_date for _, d in human if d.planned_date))
            status = (RowStatus.PROPOSED if refs else
                      RowStatus.GAP if best in (Compatibility.NONE, Compatibility.PARTIAL)
                      else RowStatus.NOT_APPLICABLE)
        else:
            pending_keys = {k for k, _ in pending}
            for k, d in pending:
                refs.extend(self._refs(nat_acts[k], k, d.national_provisions))
                reasons = "\n".join(x for x in (reasons, d.reasons) if x)
                comment = "\n".join(x for x in (comment, d.comment) if x)
            for k, m in zip(nat_keys, match_rows):
                if k in pending_keys:
                    continue
                refs.extend(self._refs(nat_acts[k], k, [c.national_provision for c in proposed_candidates(m)]))
            if pending:
                compatibility = Compatibility.TO_REVIEW
        article = ref.article_of(prov.id)
        return ConcordanceRow(
            reference_provision=prov.id, citation=prov.citation, text=ref.full_text(prov.id, False),
            klass=klass, status=status, national=tuple(refs), compatibility=compatibility,
            decided=decided, score=score, reasons=reasons, comment=comment, reviewer=reviewer,
            decided_at=decided_at, heading=prov.heading or (article.heading if article else "") or "",
            completing_act=completing_act, planned_date=planned_date,
            article=article.id if article else prov.id)

    @staticmethod
    def _refs(act: Act, key: str, ids: Iterable[str]) -> list[NationalRef]:
        out = []
        for pid in ids:
            p = act.get(pid)
            out.append(NationalRef(act=key, provision=pid, citation=p.citation if p else pid,
                                   text=act.full_text(pid, False) if p else "",
                                   act_short=act.meta.short_title or key))
        return out
