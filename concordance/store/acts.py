"""Acts in the project: every version of every act, with its provisions, as parsed.

Why versions: a national law is amended while the working group reviews it. A new version gets the
same key and a higher version number; old versions stay, so decisions keep the text a reviewer
judged and the amendment carry-over (:mod:`.decisions`) can compare old and new.
"""
from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import Act, ActMeta, Coverage, NonProvision, Provision
from ..outputs import plain_identifier
from .base import StoreBase, now
from .fingerprints import file_sha256, subtree_hashes, text_hash
from .problems import ProjectError

ROLES = ("reference", "national")


@dataclass(frozen=True)
class ActRecord:
    key: str
    role: str
    meta: ActMeta
    version: int
    added_at: str
    source_path: str = ""
    file_sha256: str = ""
    provisions: int = 0


def _meta_to_json(meta: ActMeta) -> str:
    return json.dumps(dataclasses.asdict(meta), ensure_ascii=False)


def _meta_from_json(text: str) -> ActMeta:
    data = json.loads(text)
    names = {f.name for f in dataclasses.fields(ActMeta)}
    data = {k: (tuple(v) if isinstance(v, list) else v) for k, v in data.items() if k in names}
    return ActMeta(**data)


#: Provision fields with their own column; any other (later, additive) field goes to extra_json.
_PROVISION_COLUMNS = ("id", "kind", "num", "heading", "text", "parent", "citation", "location", "label")


def _provision_extra(p: Provision) -> str:
    extra = {f.name: getattr(p, f.name) for f in dataclasses.fields(p) if f.name not in _PROVISION_COLUMNS}
    return json.dumps(extra, ensure_ascii=False, default=str)


def _provision_from_row(r: Any) -> Provision:
    names = {f.name for f in dataclasses.fields(Provision)}
    data = {k: r[k] for k in _PROVISION_COLUMNS if k in names}
    data.update({k: v for k, v in json.loads(r["extra_json"] or "{}").items() if k in names})
    return Provision(**data)


class ActsMixin(StoreBase):
    """Adding acts and their new versions, and reading them back."""

    def add_act(self, act: Act, role: str, source_path: str | os.PathLike | None = None,
                amends: str | None = None, *, who: str = "") -> str:
        """Store a parsed act and return its key in the project.

        With ``amends`` the act becomes the next version of that act (same key). Decisions follow
        provisions whose text is unchanged (by id and text hash, following renumbering when the
        same text moved to another id); the rest are marked "to review" with the old text kept.
        """
        if role not in ROLES:
            raise ProjectError(f"unknown role {role!r}", todo="Use --role reference or --role national.")
        if not act.provisions:
            raise ProjectError("the act has no provisions", where=act.meta.key,
                               todo="Check that the file parses with `concordance parse`.")
        sha = file_sha256(source_path) if source_path and Path(source_path).is_file() else ""
        with self.transaction():
            if amends:
                old = self._act_row(amends)
                if old["role"] != role:
                    raise ProjectError(
                        f"{amends} is a {old['role']} act, not a {role} act", where=str(self.path),
                        todo=f"Use --role {old['role']} for a new version of {amends}.")
                key = amends
                version = old["current_version"] + 1
                old_version_id = self._version_id(key, old["current_version"])
                old_act = self.act(key)
            else:
                key = act.meta.key
                if not key:
                    raise ProjectError("the act has no key", todo="Give it a key in its act.toml.")
                if self._q("SELECT 1 FROM acts WHERE key = ?", (key,)):
                    raise ProjectError(
                        f"the project already holds an act {key}", where=str(self.path),
                        todo=f"To add a new version of it, use --amends {key}.")
                version = 1
                old_version_id = None
                old_act = None
            meta = dataclasses.replace(act.meta, key=key)
            # keys and codes become parts of output names: the last gate before they are stored
            plain_identifier(key, "the act key", str(source_path or key), ProjectError)
            if meta.jurisdiction:
                plain_identifier(meta.jurisdiction, "the jurisdiction", str(source_path or key), ProjectError)
            at = now()
            if amends:
                self._conn.execute(
                    "UPDATE acts SET current_version = ?, jurisdiction = ? WHERE key = ?",
                    (version, meta.jurisdiction, key))
            else:
                self._conn.execute(
                    "INSERT INTO acts (key, role, jurisdiction, current_version, added_at)"
                    " VALUES (?, ?, ?, ?, ?)", (key, role, meta.jurisdiction, version, at))
            self._insert_version(act, meta, version, role, str(source_path or ""), sha, old_version_id, at)
            new_act = dataclasses.replace(act, meta=meta)
            self._acts[(key, version)] = new_act
            self.record_event(
                "add_act" if not amends else "amend_act", key, who=who,
                source_file=str(source_path or ""), source_sha256=sha,
                old={"version": version - 1} if amends else None,
                new={"version": version, "role": role, "title": meta.title,
                     "provisions": len(act.provisions), "source_key": act.meta.key})
            if old_act is not None:
                self._carry_decisions(key, role, old_act, new_act, who=who,
                                      source_file=str(source_path or ""), source_sha256=sha)
        return key

    def _insert_version(self, act: Act, meta: ActMeta, version: int, role: str, source_path: str, sha: str,
                        amends_version_id: int | None, at: str) -> int:
        """Write one version of an act (its metadata, provisions and parse notes); returns its id."""
        extra = {
            "non_provisions": [dataclasses.asdict(n) for n in act.non_provisions],
            "coverage": dataclasses.asdict(act.coverage) if act.coverage else None,
            "definitions": dict(act.definitions),
            "warnings": list(act.warnings),
        }
        vid = self._conn.insert(
            "INSERT INTO act_versions (act_key, version, meta_json, source_key, source_path,"
            " file_sha256, role, jurisdiction, amends, extra_json, added_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (meta.key, version, _meta_to_json(meta), act.meta.key, source_path, sha, role,
             meta.jurisdiction, amends_version_id, json.dumps(extra, ensure_ascii=False, default=str), at))
        self._conn.executemany(
            "INSERT INTO provisions (version_id, position, id, kind, num, heading, text, parent,"
            " citation, location, label, text_sha256, extra_json)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(vid, i, p.id, p.kind, p.num, p.heading, p.text, p.parent, p.citation, p.location,
              getattr(p, "label", ""), text_hash(p.text), _provision_extra(p))
             for i, p in enumerate(act.provisions)])
        return vid

    def _act_row(self, key: str) -> Any:
        rows = self._q("SELECT * FROM acts WHERE key = ?", (key,))
        if not rows:
            known = ", ".join(r["key"] for r in self._q("SELECT key FROM acts ORDER BY key")) or "none"
            raise ProjectError(f"the project holds no act {key!r}; it holds: {known}", where=str(self.path),
                               todo="Add it with `concordance add`, or check the key with `concordance show`.")
        return rows[0]

    def _version_id(self, key: str, version: int) -> int:
        return self._q("SELECT id FROM act_versions WHERE act_key = ? AND version = ?",
                       (key, version))[0]["id"]

    def acts(self, role: str | None = None) -> list[ActRecord]:
        """The acts in the project (current versions), in the order they were added."""
        sql = ("SELECT a.key, a.role, a.current_version, a.added_at, v.meta_json, v.source_path,"
               " v.file_sha256, (SELECT COUNT(*) FROM provisions p WHERE p.version_id = v.id) AS n"
               " FROM acts a JOIN act_versions v ON v.act_key = a.key AND v.version = a.current_version")
        params: tuple = ()
        if role:
            sql += " WHERE a.role = ?"
            params = (role,)
        # in the order added: the first version's id grows with every act added (portable, where
        # SQLite's rowid is not)
        sql += " ORDER BY (SELECT MIN(f.id) FROM act_versions f WHERE f.act_key = a.key)"
        return [ActRecord(r["key"], r["role"], _meta_from_json(r["meta_json"]), r["current_version"],
                          r["added_at"], r["source_path"], r["file_sha256"], r["n"])
                for r in self._q(sql, params)]

    def act_record(self, key: str) -> ActRecord:
        """The record of one act (current version); a ProjectError naming the keys held if unknown."""
        for rec in self.acts():
            if rec.key == key:
                return rec
        self._act_row(key)  # raises the helpful error
        raise AssertionError  # pragma: no cover

    def act(self, key: str, version: int | None = None) -> Act:
        """The act as stored (the current version unless ``version`` is given)."""
        row = self._act_row(key)
        version = version or row["current_version"]
        cached = self._acts.get((key, version))
        if cached is not None:
            return cached
        vrows = self._q("SELECT * FROM act_versions WHERE act_key = ? AND version = ?", (key, version))
        if not vrows:
            raise ProjectError(f"{key} has no version {version}", where=str(self.path))
        v = vrows[0]
        provs = tuple(
            _provision_from_row(r)
            for r in self._q("SELECT * FROM provisions WHERE version_id = ? ORDER BY position", (v["id"],)))
        extra = json.loads(v["extra_json"] or "{}")
        cov = extra.get("coverage")
        act = Act(
            meta=_meta_from_json(v["meta_json"]),
            provisions=provs,
            non_provisions=tuple(NonProvision(**n) for n in extra.get("non_provisions", ())),
            coverage=Coverage(**{**cov, "lost_samples": tuple(cov.get("lost_samples", ()))}) if cov else None,
            definitions=extra.get("definitions", {}),
            warnings=tuple(extra.get("warnings", ())),
        )
        self._acts[(key, version)] = act
        return act

    def hashes(self, key: str) -> dict[str, str]:
        """Subtree text hashes of the current version of an act (cached per version)."""
        version = self._act_row(key)["current_version"]
        got = self._hash_cache.get((key, version))
        if got is None:
            got = self._hash_cache[(key, version)] = subtree_hashes(self.act(key))
        return got

    def jurisdictions(self) -> dict[str, list[str]]:
        """Jurisdiction -> the national act keys it has in the project (in the order added)."""
        out: dict[str, list[str]] = {}
        for rec in self.acts("national"):
            out.setdefault(rec.meta.jurisdiction or "", []).append(rec.key)
        return out
