"""Machine proposals: the results of ``match``, kept as numbered runs apart from human decisions.

Why separate runs: re-running the matcher (new version of the matcher, an amended law) adds a run
and never touches what a reviewer decided; the newest run for a pair is what the ToC shows where
nobody decided, and older runs tell which proposals are stale.
"""
from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import (
    Candidate,
    Evidence,
    MatchResult,
    MatchRow,
    ProvisionClass,
    RowStatus,
)
from .base import StoreBase, now
from .problems import ProjectError


@dataclass(frozen=True)
class MatchRun:
    id: int
    reference_key: str
    national_key: str
    reference_version: int
    national_version: int
    created_at: str
    options: dict


#: A candidate is shown as proposed when it scores at least this share of the best candidate.
PROPOSAL_SHARE = 0.9
PROPOSAL_MAX = 3


def proposed_candidates(row: MatchRow | None) -> tuple[Candidate, ...]:
    """The candidates put forward as the proposal of a match row: the best one and any that score
    nearly as well (up to three). The others stay "also considered" evidence, not proposals."""
    if row is None or not row.has_candidates_to_show:
        return ()
    ranked = sorted(row.candidates, key=lambda c: -c.score)
    top = ranked[0].score
    return tuple(c for c in ranked[:PROPOSAL_MAX] if c.score >= top * PROPOSAL_SHARE)


def _candidate_to_dict(c: Candidate) -> dict:
    return {
        "national_provision": c.national_provision,
        "citation": c.citation,
        "score": c.score,
        "act": c.act,
        "evidence": [dataclasses.asdict(e) for e in c.evidence],
    }


def _candidate_from_dict(d: dict) -> Candidate:
    return Candidate(
        national_provision=d["national_provision"],
        citation=d.get("citation", ""),
        score=float(d.get("score", 0.0)),
        act=d.get("act", ""),
        evidence=tuple(Evidence(**e) for e in d.get("evidence", ())),
    )


class ProposalsMixin(StoreBase):
    """Running the matcher over the project's acts and storing and reading its proposal runs."""

    def run_match(self, reference_key: str | None = None, national_keys: Sequence[str] | None = None,
                  progress: Callable[[int, int, str], None] | None = None, *,
                  use_embeddings: bool | None = None, disabled: Iterable[str] = frozenset(),
                  who: str = "", embed_progress: Callable[[int, int], None] | None = None) -> list[MatchResult]:
        """Match every chosen reference act against every chosen national act and store the
        proposals as a new run. Decisions are never touched (humans outrank machines).

        ``progress(done, total, label)`` is called after each pair; ``embed_progress(done, total)``
        while texts not yet cached are embedded (the slow part of a first run).
        """
        from ..match import (
            match_acts,  # the matcher is a separate step; imported when needed
        )

        refs = [reference_key] if reference_key else [a.key for a in self.acts("reference")]
        nats = list(national_keys) if national_keys else [a.key for a in self.acts("national")]
        for k in refs + nats:
            self._act_row(k)
        if not refs:
            raise ProjectError(
                "the project holds no reference act, so there is nothing to match the national acts against",
                where=str(self.path),
                todo="Add the act to measure against, e.g. `concordance add PROJECT 32021L0555 --role reference`.")
        if not nats:
            raise ProjectError(
                "the project holds no national act, so there is nothing to match", where=str(self.path),
                todo="Add the national law, e.g. `concordance add PROJECT LAW.docx --role national`.")
        results: list[MatchResult] = []
        total = len(refs) * len(nats)
        for r in refs:
            for n in nats:
                result = match_acts(self.act(r), self.act(n), disabled=set(disabled),
                                    use_embeddings=use_embeddings, progress=embed_progress)
                self.store_match(r, n, result, options={"use_embeddings": use_embeddings,
                                                        "disabled": sorted(disabled)}, who=who)
                results.append(result)
                if progress:
                    progress(len(results), total, f"{r} × {n}")
        return results

    def store_match(self, reference_key: str, national_key: str, result: MatchResult,
                    options: Mapping[str, Any] | None = None, who: str = "") -> int:
        """Store a match result as a new proposal run (returns the run id)."""
        ref = self._act_row(reference_key)
        nat = self._act_row(national_key)
        with self.transaction():
            run_id = self._conn.insert(
                "INSERT INTO match_runs (reference_key, reference_version_id, national_key,"
                " national_version_id, created_at, options_json, warnings_json, national_only_json)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (reference_key, self._version_id(reference_key, ref["current_version"]), national_key,
                 self._version_id(national_key, nat["current_version"]), now(),
                 json.dumps(dict(options or {}), default=str), json.dumps(list(result.warnings)),
                 json.dumps(list(result.national_only))))
            # one proposal per reference provision: a row repeated in the result replaces the
            # earlier one, at its own position (as SQLite's INSERT OR REPLACE did)
            last = {row.directive_provision: (i, row) for i, row in enumerate(result.rows)}
            self._conn.executemany(
                "INSERT INTO proposals (run_id, position, reference_provision, citation, class,"
                " status, note, candidates_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(run_id, i, row.directive_provision, row.citation, row.klass.value, row.status.value,
                  row.note, json.dumps([_candidate_to_dict(c) for c in row.candidates], ensure_ascii=False))
                 for i, row in sorted(last.values(), key=lambda x: x[0])])
            self.record_event("match", f"{reference_key} × {national_key}", who=who,
                              new={"run": run_id, "rows": len(result.rows),
                                   "proposed": sum(1 for r in result.rows if r.status is RowStatus.PROPOSED),
                                   "review": sum(1 for r in result.rows if r.status is RowStatus.REVIEW),
                                   "gap": sum(1 for r in result.rows if r.status is RowStatus.GAP)})
        return run_id

    def match_runs(self) -> list[MatchRun]:
        """Every proposal run, oldest first, with the act versions it matched (to tell stale runs)."""
        rows = self._q(
            "SELECT m.*, rv.version AS rver, nv.version AS nver FROM match_runs m"
            " JOIN act_versions rv ON rv.id = m.reference_version_id"
            " JOIN act_versions nv ON nv.id = m.national_version_id ORDER BY m.id")
        return [MatchRun(r["id"], r["reference_key"], r["national_key"], r["rver"], r["nver"],
                         r["created_at"], json.loads(r["options_json"])) for r in rows]

    def latest_match(self, reference_key: str, national_key: str) -> MatchResult | None:
        """The newest proposal run for a pair, as a MatchResult (None if never matched)."""
        runs = self._q("SELECT * FROM match_runs WHERE reference_key = ? AND national_key = ?"
                       " ORDER BY id DESC LIMIT 1", (reference_key, national_key))
        if not runs:
            return None
        run = runs[0]
        rows = tuple(
            MatchRow(directive_provision=r["reference_provision"], citation=r["citation"],
                     klass=ProvisionClass(r["class"]), status=RowStatus(r["status"]),
                     candidates=tuple(_candidate_from_dict(d) for d in json.loads(r["candidates_json"])),
                     note=r["note"])
            for r in self._q("SELECT * FROM proposals WHERE run_id = ? ORDER BY position", (run["id"],)))
        return MatchResult(reference=self.act(reference_key).meta, national=self.act(national_key).meta,
                           rows=rows, national_only=tuple(json.loads(run["national_only_json"])),
                           warnings=tuple(json.loads(run["warnings_json"])))
