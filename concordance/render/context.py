"""Concordance + header -> the ONE template context every ToC template (DOCX, HTML) and the XLSX
writer read. Documented field by field in ``docs/template-context.md``; templates never reach into
model objects, so a ministry editing its Word template only needs that page.

What a row shows is decided here, once, for all outputs:
- a human decision (``decided``) shows its label and who decided when;
- anything else is a MACHINE PROPOSAL and says so, with its score;
- provisions the act does not ask to transpose (addressees, entry into force, Commission powers) are
  proposed as "not relevant", never as gaps;
- rows whose reference text the project does not hold (an incomplete act) say the text is not held.
"""
from __future__ import annotations

import datetime as _dt
from typing import Any, Mapping

from ..catalogue.acts import provision_status
from ..errors import InputError
from ..model import (Act, Compatibility, Concordance, ConcordanceRow, NationalNote, NationalRef, ProvisionClass,
                     RowStatus)
from ..outputs import xml_safe
from ..store.reverse import ReverseEntry, article_id, reverse_entries
from .excerpt import definition_excerpt
from .labels import CANONICAL_EN, FormatSpec, Labels
from .legal_text import tidy
from ..catalogue.missing_rows import cite_entry, describe_entries, with_missing_rows

#: Header keys a caller may set (CLI: --title, --title-en, --drafter, --code, --version, --date, --responsible).
HEADER_KEYS = ("title", "title_en", "drafter", "code", "version", "date", "responsible")

#: Cell shading per canonical value (hex RGB, no '#'): the same in DOCX, HTML and XLSX.
COLOURS: dict[str, str] = {
    "full": "D9EAD3",
    "partial": "FCE5CD",
    "none": "F4CCCC",
    "not_transposable": "E7E6E6",
    "not_applicable": "E7E6E6",
    "discretionary": "E4DFEC",
    "to_review": "DDEBF7",
    "missing_text": "FFF2CC",
}

def clean(value: Any) -> str:
    """A string safe for XML (DOCX, XLSX) and HTML: control characters that XML forbids removed."""
    if value is None:
        return ""
    return xml_safe(str(value))


def _score_text(score: float | None) -> str:
    return "" if score is None else f"{score:.2f}"


def effective_compatibility(row: ConcordanceRow, listed_missing: bool = False) -> tuple[Compatibility | None, str]:
    """(compatibility to show, state) for a row; state is ``decided``, ``proposal`` or ``missing_text``.

    Undecided rows get the machine's reading: non-transposable provisions -> not relevant; a gap on
    an option ("Member States may") -> discretionary; a gap elsewhere -> none; candidates -> to review.
    Only a provision with NO text held is "text not held"; one held in part for which the part held
    gave no counterpart is to review (never a gap), whatever the law, so that one reference act
    counts the same for every law. Any other status (the matcher's ``review``) is to review.
    ``listed_missing``: the reference act's act.toml lists the provision as not held.
    """
    comp = row.compatibility
    if row.decided and comp is not None and comp is not Compatibility.TO_REVIEW:
        return comp, "decided"
    if row.status is RowStatus.MISSING_TEXT and (listed_missing or not (row.text or "").strip()):
        return None, "missing_text"
    if comp is not None and comp is not Compatibility.TO_REVIEW:
        return comp, "proposal"
    if row.klass is ProvisionClass.NON_TRANSPOSABLE or row.status is RowStatus.NOT_APPLICABLE:
        return Compatibility.NOT_APPLICABLE, "proposal"
    if row.status is RowStatus.GAP:
        if row.klass is ProvisionClass.OPTION:
            return Compatibility.DISCRETIONARY, "proposal"
        return Compatibility.NONE, "proposal"
    return Compatibility.TO_REVIEW, "proposal"


def _fmt(template: str, **values: Any) -> str:
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template


class _Builder:
    def __init__(self, conc: Concordance, spec: FormatSpec, labels: Labels, header: Mapping[str, Any],
                 acts: Mapping[str, Act] | None, generated_at: str) -> None:
        self.conc = conc
        self.spec = spec
        self.labels = labels
        self.header_in = header
        self.acts = dict(acts or {})
        self.generated_at = generated_at
        self.marks = labels.section("marks")
        self.meta_by_key = {m.key: m for m in conc.national}
        self.used_unconfirmed = False
        self.last_article = ""
        self.printed: dict[tuple[str, str], int] = {}   # national provision -> row that printed its text
        self.cut_words = self.marks.get("cut_in_source", "")
        self.status_words = labels.section("status")
        # reference citations in the form's language ("член 1 став 1 точка 1)"), never an id
        self.cite_lang = labels.lang
        self.cite_jurisdiction = spec.jurisdiction or None
        self.cite_script = labels.script

    def cite(self, pid: str, own: str = "") -> str:
        """A reference provision (or a missing-list entry) cited in the form's language; an English
        form keeps the act's own citation when it has one."""
        if self.cite_lang == "en" and own:
            return clean(own)
        return clean(cite_entry(pid, self.cite_lang, self.cite_jurisdiction, self.cite_script,
                                self.marks.get("range_open", "{first} ff.")))

    def text(self, value: str) -> str:
        """A legal text as the document prints it (:func:`legal_text.tidy`)."""
        return clean(tidy(value or "", self.cut_words))

    # --- national references ------------------------------------------------------------------
    def act_short(self, key: str) -> str:
        """The short name of a national act as the form shows it (its key when it has none)."""
        meta = self.meta_by_key.get(key)
        return clean((meta.short_title or meta.key) if meta else key)

    def ref(self, r: NationalRef) -> dict[str, str]:
        """A national reference as template data, text and citation filled from the act if missing."""
        meta = self.meta_by_key.get(r.act)
        act = self.acts.get(r.act)
        text = r.text
        if not text and act is not None and r.provision in act:
            text = act.full_text(r.provision)
        citation = r.citation
        if not citation and act is not None and r.provision in act:
            citation = act.get(r.provision).citation
        return {
            "act": clean(r.act),
            "act_short": clean(r.act_short) or self.act_short(r.act),
            "act_title": clean(meta.title if meta else r.act),
            "provision": clean(r.provision),
            "citation": clean(citation or r.provision),
            "text": self.text(text),
        }

    # --- rows ---------------------------------------------------------------------------------
    def row(self, n: int, row: ConcordanceRow) -> dict[str, Any]:
        """One reference row of the context (docs/template-context.md, ``rows``)."""
        held = provision_status(self.conc.reference, row.reference_provision)
        comp, state = effective_compatibility(row, held == "missing")
        lab = self.labels.compat.get(comp) if comp is not None else None
        marks = self.marks
        national = [self.ref(r) for r in row.national]
        if row.klass is ProvisionClass.DEFINITION and row.text:
            self.only_the_definition(row, national)
        self.shown_once(n, national)
        is_missing = state == "missing_text"
        is_gap = comp is Compatibility.NONE
        is_not_relevant = comp in (Compatibility.NOT_APPLICABLE, Compatibility.NOT_TRANSPOSABLE)
        held_in_part = not is_missing and (held == "partial" or row.status is RowStatus.MISSING_TEXT)
        marker = self.marker(row, state, is_gap and not national)
        if held_in_part and state != "decided":
            part = marks.get("held_in_part_no_match" if row.status is RowStatus.MISSING_TEXT else "held_in_part", "")
            marker = f"{part}\n{marker}" if part else marker

        text_held = bool(row.text) and not is_missing
        eu_text = marks["missing_text"] if is_missing else self.text(row.text)
        article = row.article or article_id(row.reference_provision)
        if row.heading and text_held and article != self.last_article:
            eu_text = f"{self.text(row.heading)}\n{eu_text}"  # the heading once, on an article's first row
        self.last_article = article
        nat = self.national_columns(national, is_missing)
        nat_acts, nat_refs, nat_texts, nat_grouped, by_act = (
            nat["nat_acts"], nat["nat_refs"], nat["nat_texts"], nat["nat_grouped"], nat["by_act"])

        label = lab.label if lab else ""
        label_full = lab.full if lab else ""
        if lab is not None and not lab.confirmed:
            label_full += " †"
            self.used_unconfirmed = True
        planned = clean(row.planned_date) or (marks["upon_accession"] if comp is Compatibility.NOT_TRANSPOSABLE else "")
        comment_cell = "\n".join(s for s in (clean(row.reasons), clean(row.comment)) if s)
        colour = COLOURS["missing_text"] if is_missing else COLOURS[comp.value] if comp else "FFFFFF"
        css = [f"state-{state}", f"compat-{comp.value}" if comp else "compat-none-shown"]
        if is_gap:
            css.append("gap")
        if is_not_relevant:
            css.append("not-relevant")

        out: dict[str, Any] = {
            "n": n,
            "id": clean(row.reference_provision),
            "article": clean(article),
            "citation": self.cite(row.reference_provision, row.citation),
            "heading": self.text(row.heading),
            "text": self.text(row.text),
            "eu_text": eu_text,
            "text_held": text_held,
            "held_in_part": held_in_part,
            "klass": row.klass.value,
            "status": row.status.value,
            "status_label": self.status_words.get("held_in_part" if held_in_part and not row.decided else
                                                  row.status.value, row.status.value),
            "national": national,
            "by_act": by_act,
            "nat_acts": nat_acts,
            "nat_refs": nat_refs,
            "nat_texts": nat_texts,
            "nat_grouped": nat_grouped,
            "compatibility": comp.value if comp else "",
            "compatibility_en": CANONICAL_EN[comp] if comp else "",
            "label": label,
            "code": lab.code if lab else "",
            "label_full": label_full,
            "label_confirmed": bool(lab.confirmed) if lab else True,
            "decided": state == "decided",
            "state": state,
            "is_gap": is_gap,
            "is_missing": is_missing,
            "is_not_relevant": is_not_relevant,
            "score": row.score,
            "score_text": _score_text(row.score),
            "marker": marker,
            "reviewer": clean(row.reviewer),
            "decided_at": clean(row.decided_at),
            "reasons": clean(row.reasons),
            "comment": clean(row.comment),
            "comment_cell": comment_cell,
            "completing_act": clean(row.completing_act),
            "planned_date": planned,
            "colour": colour,
            "css": " ".join(css),
        }
        out["cells"] = {
            "eu_ref": out["citation"],
            "eu_text": eu_text,
            "nat_act": nat_acts,
            "nat_ref": nat_refs,
            "nat_text": nat_texts,
            "nat_grouped": nat_grouped,
            "compat": label_full,
            "reasons": out["reasons"],
            "comment": comment_cell if "reasons" not in self.spec.columns else out["comment"],
            "completing_act": clean(row.completing_act),
            "planned_date": planned,
        }
        return out

    def marker(self, row: ConcordanceRow, state: str, gap_without_counterpart: bool) -> str:
        """The review state in words: who decided when, text not held, or a machine proposal."""
        marks = self.marks
        if state == "decided":
            marker = _fmt(marks["decided"], reviewer=row.reviewer or "?", date=row.decided_at or "?")
        elif state == "missing_text":
            marker = marks["missing_text"]
        elif row.score is not None:
            marker = _fmt(marks["proposal"], score=_score_text(row.score))
        else:
            marker = marks["proposal_no_score"]
        if state != "decided" and row.status is RowStatus.REVIEW and self.status_words.get("review"):
            # the matcher is unsure the law carries the rule at all: say so beside the proposal
            marker = f"{self.status_words['review']}\n{marker}"
        return f"{marks['gap']}\n{marker}" if gap_without_counterpart else marker

    def only_the_definition(self, row: ConcordanceRow, national: list[dict[str, str]]) -> None:
        """A definition row prints, of a national list of definitions, the definitions of the same
        notion (:mod:`.excerpt`), not the whole list."""
        ref_lang = self.conc.reference.language or "en"
        for r in national:
            meta = self.meta_by_key.get(r["act"])
            if meta is not None and r["text"]:
                r["text"] = definition_excerpt(r["text"], meta.language or "", row.text, ref_lang)

    def shown_once(self, n: int, national: list[dict[str, str]]) -> None:
        """Set each reference's ``text_shown``: its text the first time a national provision is
        printed, "Text as in row N" after that (a definitions article cited by ten rows is
        printed once, not ten times; an excerpt of it, once per excerpt)."""
        for r in national:
            key = (r["act"], r["provision"], r["text"])
            first = self.printed.setdefault(key, n)
            r["text_shown"] = r["text"] if first == n else _fmt(self.marks.get("same_text_as", "{n}"), n=first)

    def national_columns(self, national: list[dict[str, str]], is_missing: bool) -> dict[str, Any]:
        """The national side of a row as the formats' columns want it: acts, citations, texts, and
        the same grouped per act (BiH: several laws answer one provision)."""
        marks = self.marks
        several_acts = len({r["act"] for r in national}) > 1

        def ref_line(r: dict[str, str]) -> str:
            return f"{r['act_short']} {r['citation']}" if several_acts else r["citation"]

        nat_refs = "\n".join(ref_line(r) for r in national) or (marks["no_counterpart"] if not is_missing else "")
        nat_texts = "\n\n".join(
            (f"{ref_line(r)}: {r['text_shown']}" if len(national) > 1 else r["text_shown"])
            for r in national if r["text_shown"]
        )
        nat_acts = "\n".join(dict.fromkeys(r["act_short"] for r in national))
        by_act = []
        for key in dict.fromkeys([m.key for m in self.conc.national] + [r["act"] for r in national]):
            refs = [r for r in national if r["act"] == key]
            if not refs:
                continue
            by_act.append({
                "act": key,
                "act_short": refs[0]["act_short"],
                "act_title": refs[0]["act_title"],
                "refs": refs,
                "citations": "; ".join(r["citation"] for r in refs),
                "text": "\n".join(f"{r['citation']}: {r['text_shown']}" if len(refs) > 1 else r["text_shown"]
                                  for r in refs if r["text_shown"]),
            })
        nat_grouped = "\n\n".join(
            f"{g['act_short']}: {g['citations']}" + (f"\n{g['text']}" if g["text"] else "") for g in by_act
        ) or (marks["no_counterpart"] if not is_missing else "")
        return {"nat_acts": nat_acts, "nat_refs": nat_refs, "nat_texts": nat_texts, "nat_grouped": nat_grouped,
                "by_act": by_act}

    # --- national -> reference direction --------------------------------------------------------
    def reverse_rows(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The national -> reference table (docs/template-context.md, ``reverse_rows``): one row per
        national provision (or article, for forms that count articles), in the act's order; which
        provisions, in which order, is :func:`store.reverse.reverse_entries` (the review workbook
        lists the same), with the reviewers' notes on each (comment, competent authority)."""
        notes = {(n.national_key, n.national_provision): n for n in self.conc.national_notes}
        return [self.reverse_row(n, e, [rows[i] for i in e.rows], notes.get((e.act, e.provision)))
                for n, e in enumerate(reverse_entries(self.conc, self.acts, self.spec.reverse_level), 1)]

    def reverse_row(self, n: int, e: ReverseEntry, mapped: list[dict[str, Any]],
                    note: NationalNote | None) -> dict[str, Any]:
        """One national provision and the reference provisions it transposes (``mapped``: their
        rows), rated as a whole, with the reviewer's note on the national provision."""
        celex = designation(self.conc.reference)
        comps = [Compatibility(r["compatibility"]) for r in mapped if r["compatibility"]]
        comp = _aggregate(comps) if mapped else None
        lab = self.labels.compat.get(comp) if comp else None
        decided = bool(mapped) and all(r["decided"] for r in mapped)
        if not mapped or decided:
            marker = ""
        else:
            best = max((r["score"] for r in mapped if r["score"] is not None), default=None)
            marker = (_fmt(self.marks["proposal"], score=_score_text(best)) if best is not None
                      else self.marks["proposal_no_score"])
        eu_refs = "\n".join(dict.fromkeys(r["citation"] for r in mapped)).replace("\n", "; ")
        eu_refs = f"{celex}: {eu_refs}" if mapped else self.marks["national_only"]
        label_full = (lab.full + ("" if lab.confirmed else " †")) if lab else ""
        act_short, own = clean(e.act_short), clean(e.citation)
        citation = f"{act_short} {own}" if len(self.conc.national) > 1 else own
        comment = clean(note.comment) if note else ""
        authority = clean(note.authority) if note else ""
        return {
            "n": n,
            "act": clean(e.act),
            "act_short": act_short,
            "provision": clean(e.provision),
            "citation": citation,
            "eu_refs": eu_refs,
            "eu_ids": [r["id"] for r in mapped],
            "compatibility": comp.value if comp else "",
            "label": lab.label if lab else "",
            "label_full": label_full,
            "decided": decided,
            "marker": marker,
            "comment": comment,
            "authority": authority,
            "colour": COLOURS[comp.value] if comp else "FFFFFF",
            "css": ("state-decided" if decided else "state-proposal" if mapped else "national-only")
                   + (f" compat-{comp.value}" if comp else ""),
            "cells": {"nat_article": citation, "eu_refs": eu_refs, "compat": label_full, "comment": comment,
                      "authority": authority},
        }


def _aggregate(comps: list[Compatibility]) -> Compatibility | None:
    """One rating for a national article from the rows it serves (MK-EU "full/partial/not")."""
    if not comps:
        return None
    if Compatibility.TO_REVIEW in comps:
        return Compatibility.TO_REVIEW
    if all(c is Compatibility.FULL for c in comps):
        return Compatibility.FULL
    if any(c in (Compatibility.FULL, Compatibility.PARTIAL) for c in comps):
        return Compatibility.PARTIAL
    if all(c in (Compatibility.NOT_APPLICABLE, Compatibility.NOT_TRANSPOSABLE, Compatibility.DISCRETIONARY)
           for c in comps):
        return comps[0]
    return Compatibility.NONE


def designation(ref) -> str:
    """How the form names the reference act in its CELEX field and the national->reference table:
    the CELEX number of an EU act, else its short title ("UN Firearms Protocol"); never the key."""
    return clean(ref.celex or ref.short_title or ref.title or ref.key)


_NOT_RELEVANT = ("not_applicable", "not_transposable", "discretionary")


def _counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Rows per canonical value (machine proposals included), and the review figures: ``decided``
    (a human graded the row), ``proposals`` (not reviewed), ``missing`` (no text held),
    ``held_in_part``, ``gaps``; ``reviewed`` holds the same per-value counts over decided rows
    only (the Statement's verdict reads those, see :func:`_rating`)."""
    counts: dict[str, Any] = {c.value: 0 for c in Compatibility}
    counts.update(total=len(rows), gaps=0, proposals=0, decided=0, missing=0, held_in_part=0)
    reviewed = {c.value: 0 for c in Compatibility}
    for r in rows:
        if r["compatibility"]:
            counts[r["compatibility"]] += 1
            if r["decided"]:
                reviewed[r["compatibility"]] += 1
        counts["gaps"] += r["is_gap"]
        counts["missing"] += r["is_missing"]
        counts["decided"] += r["decided"]
        counts["held_in_part"] += r.get("held_in_part", False)
        counts["proposals"] += (not r["decided"] and not r["is_missing"])
    reviewed["not_relevant"] = sum(reviewed[k] for k in _NOT_RELEVANT)
    counts["reviewed"] = reviewed
    return counts


def _rating(counts: dict[str, Any]) -> str:
    """The Statement's verdict for one reference act, from the REVIEWED rows only (the rule is in
    docs/template-context.md, "Statement"):

    * no row reviewed: ``not_assessed``;
    * every reviewed row that must be transposed is full: ``full``;
    * none of them is full or partial: ``none``;
    * otherwise ``partial``.

    Rows reviewed as not relevant, not to be transposed or discretionary count for nothing, and a
    machine proposal never counts: a verdict must follow from the reviewed counts printed beside it.
    """
    reviewed = counts["reviewed"]
    if counts["decided"] == 0:
        return "not_assessed"
    graded = reviewed["full"] + reviewed["partial"] + reviewed["none"]
    if graded == 0:
        return "not_assessed"
    if reviewed["full"] == graded:
        return "full"
    if reviewed["full"] + reviewed["partial"] == 0:
        return "none"
    return "partial"


def _header_values(header: Mapping[str, Any], national_acts: list[dict[str, Any]], ref, generated_at: str
                   ) -> dict[str, str]:
    """The form's header fields: what the caller gave, else what the acts say."""
    return {
        "title": clean(header.get("title") or "; ".join(a["title"] for a in national_acts)),
        "title_en": clean(header.get("title_en", "")),
        "reference": clean(ref.title),
        "celex": designation(ref),
        "national_acts": "\n".join(
            a["title"] + (f" ({a['short']})" if a["short"] and a["short"] != a["key"] else "")
            + (f", {a['gazette']}" if a["gazette"] else "") for a in national_acts),
        "drafter": clean(header.get("drafter", "")),
        "code": clean(header.get("code", "")),
        "version": clean(header.get("version") or "1"),
        "date": clean(header.get("date") or generated_at[:10]),
        "responsible": clean(header.get("responsible", "")),
    }


def _legend(labels: Labels) -> list[dict[str, Any]]:
    """One legend entry per label the form shows (values sharing a label share an entry)."""
    legend, seen = [], {}
    for c in Compatibility:
        lab = labels.compat[c]
        k = (lab.code, lab.label)
        if k in seen:
            seen[k]["canonical_en"] += " / " + CANONICAL_EN[c]
            continue
        item = {"canonical": c.value, "canonical_en": CANONICAL_EN[c], "code": lab.code, "label": lab.label,
                "confirmed": lab.confirmed, "tool": lab.tool, "colour": COLOURS[c.value],
                "mark": "" if lab.confirmed else "†",
                "label_full": lab.full + ("" if lab.confirmed else " †")}
        seen[k] = item
        legend.append(item)
    return legend


def _footnotes(labels: Labels, legend: list[dict[str, Any]], ref, generated_at: str, b: "_Builder") -> list[str]:
    """Notes under the table: unconfirmed labels, the reference text's language, text not held
    (named by citation in the form's language, never by id)."""
    marks = labels.section("marks")
    footnotes = []
    if any(not i["confirmed"] for i in legend):
        footnotes.append(marks["unconfirmed_note"])
    if (labels.unconfirmed.get("columns") or labels.unconfirmed.get("header")) and marks.get("columns_unconfirmed"):
        footnotes.append(marks["columns_unconfirmed"])
    if ref.language and ref.language != labels.lang:
        footnotes.append(_fmt(marks["reference_text_lang"], lang=ref.language))
    if not ref.complete or ref.missing:
        named = describe_entries(ref.missing, b.cite_lang, b.cite_jurisdiction, b.cite_script,
                                 marks.get("range_open", "{first} ff."), with_recitals=False)
        footnotes.append(marks["missing_text"] + (f" ({clean(named)})" if named else ""))
    if ref.partial and marks.get("held_in_part"):
        named = describe_entries(ref.partial, b.cite_lang, b.cite_jurisdiction, b.cite_script,
                                 marks.get("range_open", "{first} ff."), with_recitals=False)
        if named:
            footnotes.append(f"{marks['held_in_part']} ({clean(named)})")
    footnotes.append(_fmt(marks["generated"], date=generated_at))
    return footnotes


def _statement(labels: Labels, counts: dict[str, Any], values: dict[str, str]) -> dict[str, Any]:
    """The MK Statement of compliance: one verdict per reference act, from the reviewed rows
    (:func:`_rating`), said to be provisional while machine proposals remain."""
    st = labels.section("statement")
    rating = _rating(counts)
    provisional = counts["proposals"] > 0
    label = st.get(f"rating_{rating}", rating)
    if provisional and rating != "not_assessed":
        label += f" ({_fmt(st.get('rating_provisional', '{proposals}'), **_flat(counts))})"
    return {
        "acts": [{"celex": values["celex"], "title": values["reference"], "rating": rating,
                  "rating_label": label, "provisional": provisional,
                  "summary": _fmt(st.get("rows_summary", ""), **{**_flat(counts), **counts["reviewed"]})}],
        "table_attached": st.get("yes", "YES"),
    }


def _flat(counts: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in counts.items() if not isinstance(v, dict)}


def build_context(conc: Concordance, spec: FormatSpec, labels: Labels, header: Mapping[str, Any] | None = None,
                  acts: Mapping[str, Act] | None = None, generated_at: str | None = None) -> dict[str, Any]:
    """The template context for ``conc`` in format ``spec`` with ``labels`` (see docs/template-context.md).

    ``header`` holds the form's header fields (:data:`HEADER_KEYS`); ``acts`` (national act key ->
    Act) lets the national->EU table list national articles that transpose nothing and fill texts
    the concordance does not carry.
    """
    header = dict(header or {})
    unknown = sorted(set(header) - set(HEADER_KEYS))
    if unknown:
        raise InputError(f"unknown header field(s): {', '.join(unknown)}.",
                         todo=f"Use only: {', '.join(HEADER_KEYS)}.")
    generated_at = generated_at or conc.generated_at or _dt.date.today().isoformat()
    conc = with_missing_rows(conc)
    b = _Builder(conc, spec, labels, header, acts, generated_at)
    rows = [b.row(n, r) for n, r in enumerate(conc.rows, 1)]
    reverse = b.reverse_rows(rows) if "national_eu" in spec.directions else []
    ref = conc.reference
    national_acts = [
        {"key": m.key, "title": clean(m.title), "short": b.act_short(m.key), "gazette": clean(m.gazette),
         "version_date": clean(m.version_date), "jurisdiction": m.jurisdiction, "language": m.language}
        for m in conc.national
    ]
    values = _header_values(header, national_acts, ref, generated_at)
    hl = labels.section("header")
    header_fields = [{"key": k, "label": hl.get(k, k), "value": values.get(k, "")} for k in spec.header_fields]
    cl = labels.section("columns")
    rcl = labels.section("reverse_columns")
    counts = _counts(rows)
    legend = _legend(labels)
    footnotes = _footnotes(labels, legend, ref, generated_at, b)
    statement = _statement(labels, counts, values) if spec.statement else None

    return {
        "format": spec.key,
        "format_name": spec.name,
        "lang": labels.lang,
        "script": labels.script,
        "generated_at": generated_at,
        "L": {name: labels.section(name) for name in ("titles", "header", "columns", "reverse_columns",
                                                        "statement", "marks", "status")},
        "header": values,
        "header_fields": header_fields,
        "reference": {"key": ref.key, "title": clean(ref.title), "celex": clean(ref.celex),
                      "designation": designation(ref), "kind": ref.kind,
                      "language": ref.language, "complete": ref.complete, "missing": list(ref.missing),
                      "missing_cited": [b.cite(e) for e in ref.missing
                                        if not e.startswith(("recital", "preamble"))]},
        "national_acts": national_acts,
        "directions": list(spec.directions),
        "has_reverse": "national_eu" in spec.directions,
        "columns": [{"key": k, "label": cl.get(k, k)} for k in spec.columns],
        "reverse_columns": [{"key": k, "label": rcl.get(k, k)} for k in spec.reverse_columns],
        "rows": rows,
        "reverse_rows": reverse,
        "statement": statement,
        "legend": legend,
        "footnotes": footnotes,
        "counts": counts,
        "unconfirmed_labels": any(not i["confirmed"] for i in legend),
    }
