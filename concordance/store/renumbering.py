"""How provisions of an act's old version map onto its new version (for amendment carry-over).

Why it matters: amending laws renumber articles and insert paragraphs. A reviewer's decision must
follow its text to the new number when the text is unchanged, and be sent back for review, with
the old text beside the new, when it changed. Pure logic over two :class:`Act` versions; no SQL.
"""
from __future__ import annotations

from ..model import Act
from .decision import Decision
from .fingerprints import subtree_hashes


class Renumbering:
    """How the provisions of an act's old version map to its new one, for carrying decisions over
    an amendment: the same id with the same text (subtree hash), else the one id that now holds
    the text the reviewer judged (renumbering), else changed."""

    def __init__(self, old_act: Act, new_act: Act) -> None:
        self.old_act = old_act
        self.new_act = new_act
        self.old_h = subtree_hashes(old_act)
        self.new_h = subtree_hashes(new_act)
        self.moved: dict[str, list[str]] = {}
        for pid, h in self.new_h.items():
            self.moved.setdefault(h, []).append(pid)

    def follow(self, pid: str, judged_hash: str) -> tuple[str | None, bool]:
        """(the provision's id in the new version or None, is its text unchanged?)"""
        old_h, new_h, moved = self.old_h, self.new_h, self.moved
        h = judged_hash or old_h.get(pid, "")
        if pid in new_h and new_h[pid] == h:
            return pid, True
        targets = [t for t in moved.get(h, ()) if t not in old_h or old_h.get(t) != h] or moved.get(h, [])
        if h and len(targets) == 1:
            return targets[0], True
        return (pid if pid in new_h else None), False

    def old_text(self, pid: str) -> str:
        return self.old_act.full_text(pid) if pid in self.old_act else ""

    def old_citation(self, pid: str) -> str:
        p = self.old_act.get(pid)
        return p.citation if p is not None and p.citation else pid

    def successor(self, pid: str) -> str | None:
        """Where a changed provision whose id is gone most likely went: the new provision whose
        text is closest to the old one (at least half alike), so that the row sent back for review
        shows the new text beside the old rather than nothing."""
        import difflib

        old = self.old_text(pid)
        if not old:
            return None
        best, best_ratio = None, 0.5
        for new_pid in self.new_h:
            if new_pid in self.old_h and self.old_h[new_pid] == self.new_h[new_pid]:
                continue  # unchanged elsewhere: not where this text went
            text = self.new_act.full_text(new_pid)
            if not text:
                continue
            m = difflib.SequenceMatcher(None, old, text, autojunk=False)
            if m.real_quick_ratio() <= best_ratio or m.quick_ratio() <= best_ratio:
                continue
            ratio = m.ratio()
            if ratio > best_ratio:
                best, best_ratio = new_pid, ratio
        return best

    def follow_national(self, d: Decision) -> tuple[list[str], dict[str, str], dict[str, str]]:
        """A decision's national provisions in the new version: (ids, their judged hashes, old
        texts of those that changed)."""
        new_ids: list[str] = []
        new_hashes: dict[str, str] = {}
        changed_texts: dict[str, str] = {}
        for pid in d.national_provisions:
            target, same = self.follow(pid, d.national_sha256.get(pid, ""))
            if not same:
                changed_texts[pid] = self.old_text(pid)
                # the text changed: show the new provision closest to what was judged (the same id
                # unless the text moved, e.g. a paragraph inserted before it), never nothing
                target = self.successor(pid) or target
            if target and target not in new_ids:
                new_ids.append(target)
                new_hashes[target] = self.new_h[target] if same else d.national_sha256.get(pid, "")
        return new_ids, new_hashes, changed_texts

    def follow_reference(self, d: Decision) -> tuple[str, str, dict[str, str]]:
        """A decision's reference provision in the new version: (id, judged hash, old text if changed)."""
        target, same = self.follow(d.reference_provision, d.reference_sha256)
        ref_id = target or d.reference_provision
        ref_hash = self.new_h.get(ref_id, "") if same else d.reference_sha256
        changed_texts = {} if same else {d.reference_provision: self.old_text(d.reference_provision)}
        return ref_id, ref_hash, changed_texts
