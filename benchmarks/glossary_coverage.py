"""Concept glossary and language layer: coverage against the bundled laws, and speed.

Prints, per glossary language, how many terms occur in the bundled texts of that language (the rest
are marked `unverified` in concordance/match/concepts.toml), how many concepts are found at least
once per bundled act, and the time to tokenise and concept-tag every paragraph of each act.

Run (from the repository root, in the project's venv): python benchmarks/glossary_coverage.py [--unattested LANG]
(--unattested lists that language's terms not found in its bundled texts, and whether each is marked
`unverified` as tests/test_concepts.py requires.)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from concordance import language  # noqa: E402
from concordance.match import concepts as cm  # noqa: E402

ACTS = [
    ("national_laws/MK/zakon-za-oruzjeto-2005/MK-zakon-za-oruzjeto-2005.mk.txt", "mk"),
    ("national_laws/ME/zakon-o-oruzju-2015/ME-zakon-o-oruzju-10-2015.cnr.txt", "cnr"),
    ("national_laws/CZ/119-2002/CZ-119-2002-v2017.cs.txt", "cs"),
    ("national_laws/EE/relvaseadus-2020/EE-relvaseadus-2020.et.txt", "et"),
    ("national_laws/DE/waffg-2002/DE-waffg-2002.de.md", "de"),
    ("directives/UN-firearms-protocol-2001/UN-firearms-protocol-2001.en.md", "en"),
]


def list_unattested(lang: str) -> None:
    rep = cm.attestation(REPO)[lang]
    for cid, term in rep.unattested():
        mark = "unverified" if not cm.concept(cid).is_verified(lang, term) else "NOT MARKED"
        print(f"{cid:28} {term:40} {mark}")


def main() -> None:
    if "--unattested" in sys.argv:
        list_unattested(sys.argv[sys.argv.index("--unattested") + 1])
        return
    print(f"glossary: {len(cm.CONCEPTS)} concepts, {len(cm.themes())} themes, "
          f"{sum(len(t) for c in cm.CONCEPTS for t in c.terms.values())} terms in {len(cm.GLOSSARY_LANGUAGES)} languages")
    print("\nterms attested in the bundled texts of their language")
    print(f"{'lang':5} {'attested':>8} {'terms':>6} {'share':>6}  corpus")
    for lang, rep in cm.attestation(REPO).items():
        corpus = ", ".join(Path(f).name for f in rep.corpus_files) or "(none bundled)"
        print(f"{lang:5} {len(rep.attested):8} {len(rep.terms):6} {rep.share:6.0%}  {corpus[:90]}")

    print("\nper act: paragraphs, concepts found, time for tokens() and find_concepts() (cold / warm)")
    for rel, lang in ACTS:
        paras = [p for p in (REPO / rel).read_text(encoding="utf-8").split("\n") if p.strip()]
        language._token_form.cache_clear()
        cm._norm_word.cache_clear()
        t0 = time.perf_counter()
        for p in paras:
            language.tokens(p, lang)
        t_tok = time.perf_counter() - t0
        t0 = time.perf_counter()
        found: set[str] = set()
        for p in paras:
            found.update(cm.find_concepts(p, lang))
        t_con = time.perf_counter() - t0
        t0 = time.perf_counter()
        for p in paras:
            language.tokens(p, lang)
            cm.find_concepts(p, lang)
        t_warm = time.perf_counter() - t0
        print(f"{Path(rel).name:42} {lang:3} {len(paras):5} paras  {len(found):3} concepts  "
              f"tokens {t_tok:5.2f}s  concepts {t_con:5.2f}s  warm both {t_warm:5.2f}s")


if __name__ == "__main__":
    main()
