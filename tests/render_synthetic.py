"""PLAINLY synthetic concordances for render tests ("Synthetic Directive on Widgets"): no legal text
from any real act appears here."""
from __future__ import annotations

from concordance.model import (ActMeta, Compatibility, Concordance, ConcordanceRow, NationalRef,
                               ProvisionClass, RowStatus)

REF = ActMeta(key="SYN-DIR-WIDGETS", title="Synthetic Directive on Widgets", language="en", jurisdiction="EU",
              kind="directive", celex="3SYNL0001", complete=False, missing=("art_9",))
NAT_A = ActMeta(key="SYN-LAW-A", title="Synthetic Law A on Widgets", language="en", jurisdiction="MK",
                short_title="SLA", gazette="Synthetic Gazette 1/2001")
NAT_B = ActMeta(key="SYN-LAW-B", title="Synthetic Cantonal Law B on Widgets", language="en", jurisdiction="BA",
                short_title="SLB")


def rows(n_extra: int = 0) -> tuple[ConcordanceRow, ...]:
    base = [
        ConcordanceRow("art_1", "Article 1", "Synthetic Article 1. This Directive concerns widgets.",
                       ProvisionClass.DEFINITION, RowStatus.PROPOSED,
                       national=(NationalRef("SYN-LAW-A", "art_2", "Article 2", "Synthetic Article 2 <widget> & co."),),
                       compatibility=Compatibility.FULL, decided=True, reviewer="Reviewer One",
                       decided_at="2026-01-02", heading="Subject matter"),
        ConcordanceRow("art_2__para_1", "Article 2(1)", "Synthetic Article 2(1). Member States shall register widgets.",
                       ProvisionClass.OBLIGATION, RowStatus.PROPOSED,
                       national=(NationalRef("SYN-LAW-A", "art_5__para_1", "Article 5(1)", "Synthetic: widgets are registered."),
                                 NationalRef("SYN-LAW-B", "art_7", "Article 7", "Synthetic cantonal widget register.")),
                       score=0.72),
        ConcordanceRow("art_2__para_2", "Article 2(2)", "Synthetic Article 2(2). Member States shall mark widgets.",
                       ProvisionClass.OBLIGATION, RowStatus.GAP, score=None),
        ConcordanceRow("art_3", "Article 3", "Synthetic Article 3. Member States may exempt small widgets.",
                       ProvisionClass.OPTION, RowStatus.GAP),
        ConcordanceRow("art_4", "Article 4", "=SUM(A1:A9) synthetic text that looks like a formula",
                       ProvisionClass.OBLIGATION, RowStatus.PROPOSED,
                       national=(NationalRef("SYN-LAW-A", "art_6", "Article 6", "-synthetic text starting with a minus"),),
                       compatibility=Compatibility.PARTIAL, decided=True, reviewer="Reviewer Two",
                       decided_at="2026-02-03", reasons="Synthetic reason: half the widgets.",
                       comment="@synthetic comment"),
        ConcordanceRow("art_8", "Article 8", "Synthetic Article 8. This Directive is addressed to the Member States.",
                       ProvisionClass.NON_TRANSPOSABLE, RowStatus.NOT_APPLICABLE),
        ConcordanceRow("art_9", "Article 9", "", ProvisionClass.OBLIGATION, RowStatus.MISSING_TEXT),
    ]
    for i in range(n_extra):
        base.append(ConcordanceRow(
            f"art_{100 + i}", f"Article {100 + i}", f"Synthetic Article {100 + i}. Widgets of size {i} are regulated. " * 3,
            ProvisionClass.OBLIGATION, RowStatus.PROPOSED,
            national=(NationalRef("SYN-LAW-A", f"art_{200 + i}", f"Article {200 + i}",
                                  f"Synthetic national Article {200 + i} on widgets. " * 3),),
            score=0.5 + (i % 50) / 100))
    return tuple(base)


def concordance(n_extra: int = 0, national=(NAT_A, NAT_B)) -> Concordance:
    return Concordance(reference=REF, national=tuple(national), rows=rows(n_extra), jurisdiction="MK",
                       generated_at="2026-11-23")
