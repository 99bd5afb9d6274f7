"""The catalogue of bundled acts (concordance.catalogue.acts) on the real bundled texts, plus plainly
synthetic act.toml files for the error paths."""
from __future__ import annotations

import hashlib
import subprocess
import tomllib
from pathlib import Path

import pytest
from shared_data import CORPUS

from concordance.catalogue import acts, parsed
from concordance.errors import InputError, UnreadableFile
from concordance.model import ActMeta

REPO = Path(__file__).resolve().parent.parent
#: Acts catalogued by their metadata only: the text that could be obtained may not be copied (issue 14).
NOT_HELD = ("32021L0555", "31991L0477", "32019L0068", "32019L0069")
TOMLS = sorted([*(REPO / "directives").rglob("act.toml"), *(REPO / "national_laws").rglob("act.toml")])


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    monkeypatch.delenv(acts.ENV_VAR, raising=False)
    parsed.clear_cache()
    yield
    parsed.clear_cache()


def _parser_ready() -> bool:
    try:
        from concordance.parse import parse_file  # noqa: F401
    except ImportError:
        return False
    return True


# ---------------------------------------------------------------------------------------------
# every act.toml
# ---------------------------------------------------------------------------------------------
def test_every_act_toml_is_catalogued():
    assert len(TOMLS) >= 17
    mains = acts.bundled()
    assert sorted(a.folder for a in mains) == sorted(t.parent for t in TOMLS)
    keys = [a.key for a in acts.bundled(include_alternates=True)]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("toml_path", TOMLS, ids=lambda p: str(p.parent.relative_to(REPO)))
def test_act_toml_names_existing_files_and_all_of_them(toml_path: Path):
    data = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    folder = toml_path.parent
    files = data.get("files", {})
    named = {*([files["main"]] if "main" in files else []), *files.get("data", []),
             *(alt["path"] for alt in files.get("alternate", []))}
    for name in named:
        assert (folder / name).is_file(), f"{toml_path}: {name} does not exist"
    present = {p.name for p in folder.iterdir() if p.is_file()} - {"act.toml", "SOURCES.md", "CORRELATION.md"}
    assert present == named, f"{toml_path}: files not listed in act.toml: {present - named}"
    assert (folder / "SOURCES.md").is_file()
    if data.get("text_held", True) is False:
        meta = acts.find(data["key"]).meta
        assert not acts.find(data["key"]).text_held
    else:
        meta = acts.meta_for(folder / files["main"])
    assert meta is not None and meta.key == data["key"]
    assert meta.title and meta.language and meta.jurisdiction
    assert meta.kind in ("directive", "regulation", "treaty", "law")
    assert meta.source, "every act says where its text came from"
    assert str(data.get("source", {}).get("reuse", "")).strip(), \
        f"{toml_path}: [source] reuse must say on what terms the text may be copied"


def test_the_directives_are_catalogued_by_metadata_only():
    """Issue 14: no text of 2021/555, 91/477, 2019/68 or 2019/69 is bundled; only their metadata, facts
    about their structure and the correlation links with their evidence."""
    for key in NOT_HELD:
        entry = acts.find(key)
        assert not entry.text_held and entry.path is None and not entry.alternates
        assert entry.meta.celex == key and entry.meta.kind == "directive" and entry.meta.complete is False
        folder = entry.folder
        texts = {p.name for p in folder.iterdir()} - {"act.toml", "SOURCES.md", "CORRELATION.md", "correlation.csv",
                                                       "32021L0555.correlation.partial-evidence.csv"}
        assert texts == set(), f"{folder} holds more than metadata: {texts}"
        with pytest.raises(acts.TextNotHeld) as err:
            parsed.load(key)
        assert "not held" in err.value.what and f"concordance fetch {key}" in err.value.todo
        assert "--reference" in err.value.todo


def test_no_tracked_file_carries_the_removed_directive_texts():
    """A sentence each of the removed excerpt files held verbatim (their headers and first recitals) must
    not come back into the tree, in a fixture or anywhere else."""
    files = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True).stdout.split()
    assert files, "not a git checkout"
    names = [f for f in files if "fragments" in f or f.endswith(("32021L0555.en.txt", "31991L0477-20201231.en.txt"))]
    assert names == []


def test_no_tracked_file_names_a_path_of_one_machine():
    """Provenance cites the original source (repository, path, commit) and commands are relative to the
    repository: no /work/... or /tmp/venv/... path in any tracked text file."""
    out = subprocess.run(["git", "grep", "-n", "-I", "-E", r"/work/(shared|main)|/tmp/venv", "--", ".",
                          ":!tests/test_acts.py"], cwd=REPO, capture_output=True, text=True).stdout
    assert out == ""


def test_facts_about_the_directive_name_their_source():
    data = tomllib.loads((REPO / "directives" / "32021L0555" / "act.toml").read_text(encoding="utf-8"))
    assert len(data["facts"]) >= 5
    for fact in data["facts"]:
        assert fact["provision"] and fact["fact"] and fact["source"]


def test_sources_md_rows_name_the_files_they_describe():
    for t in TOMLS:
        text = (t.parent / "SOURCES.md").read_text(encoding="utf-8")
        data = tomllib.loads(t.read_text(encoding="utf-8"))
        files = data.get("files", {})
        for name in [*([files["main"]] if "main" in files else []),
                     *(alt["path"] for alt in files.get("alternate", []))]:
            assert f"`{name}`" in text, f"{t.parent / 'SOURCES.md'} has no provenance row for {name}"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not on this machine")
def test_bundled_texts_are_byte_copies_of_the_corpus():
    corpus = {p.name: p for p in CORPUS.rglob("*") if p.is_file() and p.name != "SOURCES.md"}
    checked = 0
    for a in acts.bundled(include_alternates=True):
        files = [f for f in (a.path, *a.data_files) if f is not None]
        for f in files:
            if f.name in corpus:
                assert hashlib.sha256(f.read_bytes()).digest() == hashlib.sha256(corpus[f.name].read_bytes()).digest(), f
                checked += 1
    # every corpus text is bundled somewhere
    bundled_names = {f.name for a in acts.bundled(include_alternates=True) for f in (a.path, *a.data_files)
                     if f is not None}
    assert set(corpus) <= bundled_names, set(corpus) - bundled_names
    assert checked >= len(corpus)


def test_roles_follow_the_folder():
    for a in acts.bundled(include_alternates=True):
        top = a.folder.relative_to(REPO).parts[0]
        assert a.role == {"directives": "reference", "national_laws": "national"}[top]


def test_known_metadata_of_the_main_acts():
    me = acts.find("ME-zakon-o-oruzju-2015").meta
    assert (me.jurisdiction, me.language, me.script, me.kind) == ("ME", "cnr", "latin", "law")
    assert "10/2015" in me.gazette
    mk = acts.find("MK-zakon-za-oruzjeto-2005").meta
    assert (mk.jurisdiction, mk.language, mk.script) == ("MK", "mk", "cyrillic")
    assert mk.gazette == ""  # not verified in the sources, so not recorded
    un = acts.find("UN-firearms-protocol-2001").meta
    assert (un.jurisdiction, un.kind, un.complete) == ("INT", "treaty", True)
    d = acts.find("32021L0555").meta
    assert (d.jurisdiction, d.kind, d.celex) == ("EU", "directive", "32021L0555")


# ---------------------------------------------------------------------------------------------
# incomplete acts
# ---------------------------------------------------------------------------------------------
def test_incomplete_acts_list_what_is_missing():
    incomplete = [a for a in acts.bundled(include_alternates=True) if not a.meta.complete]
    assert {a.act_key for a in incomplete} >= {"32018R0337", *NOT_HELD}
    for a in incomplete:
        assert a.meta.missing or not a.text_held, f"{a.key} is incomplete but lists nothing missing"
    for a in acts.bundled(include_alternates=True):
        if a.meta.complete:
            assert not a.meta.missing, a.key


def test_alternates_carry_their_own_language_and_completeness():
    pdf = acts.find("ME-zakon-o-oruzju-2015@pdf")
    assert pdf.meta.key == "ME-zakon-o-oruzju-2015" and pdf.format == "pdf"  # same text, same key
    xml = acts.find("EE-relvaseadus-2020@xml")
    assert xml.meta.language == "et" and xml.format == "xml"


def test_a_partly_held_regulation_lists_what_is_missing():
    meta = acts.find("32018R0337").meta
    assert meta.complete is False and meta.missing
    assert acts.provision_status(meta, "art_1") == "held"


def test_range_semantics_on_a_synthetic_act():
    meta = ActMeta(key="synthetic-widgets", title="Synthetic Act on Widgets", language="en", complete=False,
                   missing=("art_2-art_6", "art_9__para_3-", "annex_1__part_2__cat_B-annex_1__part_2__cat_C"),
                   partial=("art_8__para_1",))
    assert acts.is_missing(meta, "art_4a")          # lettered articles inside the range
    assert acts.is_missing(meta, "art_6__para_2")   # descendants
    assert not acts.is_missing(meta, "art_6a")      # after the end of the range
    assert not acts.is_missing(meta, "art_1")
    assert acts.is_missing(meta, "art_9__para_12")  # open range, numeric (not text) order
    assert not acts.is_missing(meta, "art_9__para_2")
    assert acts.provision_status(meta, "art_9") == "partial"
    assert acts.is_missing(meta, "annex_1__part_2__cat_C__point_3")
    assert not acts.is_missing(meta, "annex_1__part_2__cat_A")
    assert acts.provision_status(meta, "art_8__para_1__point_a") == "partial"
    assert acts.provision_status(meta, "art_8") == "partial"
    assert acts.provision_status(meta, "art_10") == "held"
    assert acts.expand(["art_2-art_4", "art_9__para_3-", "recital_1"]) == [
        "art_2", "art_3", "art_4", "art_9__para_3-", "recital_1"]


# ---------------------------------------------------------------------------------------------
# meta_for, find, data folders
# ---------------------------------------------------------------------------------------------
def test_meta_for_main_alternate_and_unlisted_files(tmp_path):
    folder = REPO / "national_laws" / "MK" / "zakon-za-oruzjeto-2005"
    assert acts.meta_for(folder / "MK-zakon-za-oruzjeto-2005.mk.txt").key == "MK-zakon-za-oruzjeto-2005"
    assert acts.meta_for(folder / "MK-zakon-za-oruzjeto-2005.mk.txt").script == "cyrillic"
    corr = REPO / "directives" / "32021L0555" / "correlation.csv"
    assert acts.meta_for(corr) is None          # a data file, not a text of the act
    assert acts.meta_for(REPO / "README.md") is None                  # no act.toml there
    (tmp_path / "synthetic.txt").write_text("Synthetic Act on Widgets\nArticle 1\nWidgets exist.\n")
    assert acts.meta_for(tmp_path / "synthetic.txt") is None


def _synthetic_act(folder: Path, key: str = "XX-synthetic-widgets", extra: str = "") -> Path:
    folder.mkdir(parents=True)
    (folder / "widgets.en.txt").write_text("Synthetic Act on Widgets\n\nArticle 1\nWidgets shall be blue.\n",
                                           encoding="utf-8")
    (folder / "act.toml").write_text(
        f'key = "{key}"\ntitle = "Synthetic Act on Widgets"\njurisdiction = "XX"\nkind = "law"\n'
        f'language = "en"\n{extra}\n[files]\nmain = "widgets.en.txt"\n', encoding="utf-8")
    return folder / "widgets.en.txt"


@pytest.mark.parametrize("extra, fragment", [
    ('kind = "poem"', "kind 'poem'"),
    ('complete = true\nmissing = ["art_2"]', "complete = true"),
    ('complete = false\nmissing = ["Article 2"]', "not provision ids"),
    ('complete = "no"', "true or false"),
])
def test_broken_act_toml_says_what_and_where(tmp_path, extra, fragment):
    text = _synthetic_act(tmp_path / "act", extra=extra.replace('kind = "poem"', ""))
    toml = tmp_path / "act" / "act.toml"
    if "poem" in extra:
        toml.write_text(toml.read_text().replace('kind = "law"', 'kind = "poem"'))
    with pytest.raises(acts.ActTomlError) as err:
        acts.meta_for(text)
    assert fragment in str(err.value) and "act.toml" in str(err.value)


def test_act_toml_that_is_not_toml(tmp_path):
    text = _synthetic_act(tmp_path / "act")
    (tmp_path / "act" / "act.toml").write_text("key = \n", encoding="utf-8")
    with pytest.raises(acts.ActTomlError, match="not valid TOML"):
        acts.meta_for(text)


def test_find_by_key_alternate_and_path():
    assert acts.find("32021l0555").key == "32021L0555"  # case-insensitive
    assert acts.find("MK-zakon-za-oruzjeto-2005@pdf").path.suffix == ".pdf"
    p = REPO / "national_laws" / "EE" / "relvaseadus-2020" / "EE-relvaseadus-2020.rt.xml"
    assert acts.find(p).key == "EE-relvaseadus-2020@xml"
    assert acts.find(str(p)).key == "EE-relvaseadus-2020@xml"


def test_find_unknown_key_lists_the_keys():
    with pytest.raises(InputError) as err:
        acts.find("Directive 2099/1")
    e = err.value
    assert "2099/1" in e.what
    for key in ("32021L0555", "ME-zakon-o-oruzju-2015", "UN-firearms-protocol-2001", "ME-zakon-o-oruzju-2015@pdf"):
        assert key in e.todo
    assert acts.ENV_VAR in e.todo


def test_find_a_file_that_is_not_bundled(tmp_path):
    f = tmp_path / "law.txt"
    f.write_text("Synthetic Act on Widgets\n")
    with pytest.raises(InputError, match="not one of the bundled acts"):
        acts.find(f)


def test_data_env_var_adds_a_folder(tmp_path, monkeypatch):
    _synthetic_act(tmp_path / "national_laws" / "XX" / "widgets")
    monkeypatch.setenv(acts.ENV_VAR, str(tmp_path))
    keys = {a.key: a for a in acts.bundled()}
    assert "XX-synthetic-widgets" in keys and "32021L0555" in keys  # the repository's acts stay available
    assert keys["XX-synthetic-widgets"].role == "national"
    assert acts.data_roots()[0] == tmp_path.resolve()


def test_duplicate_keys_in_one_folder_are_refused(tmp_path, monkeypatch):
    _synthetic_act(tmp_path / "national_laws" / "XX" / "a")
    _synthetic_act(tmp_path / "national_laws" / "XX" / "b")
    monkeypatch.setenv(acts.ENV_VAR, str(tmp_path))
    with pytest.raises(acts.ActTomlError, match="also used by"):
        acts.bundled()


# ---------------------------------------------------------------------------------------------
# load (needs the parser)
# ---------------------------------------------------------------------------------------------
needs_parser = pytest.mark.skipif(not _parser_ready(), reason="concordance.parse.parse_file not available")


@needs_parser
@pytest.mark.parametrize("key, articles", [("ME-zakon-o-oruzju-2015", 123), ("MK-zakon-za-oruzjeto-2005", 90)])
def test_load_gives_the_article_count(key, articles):
    act = parsed.load(key)
    nums = [p.num for p in act.of_kind("article")]
    assert nums == [str(n) for n in range(1, articles + 1)]
    assert act.meta.key == key and act.meta.title == acts.find(key).meta.title
    assert parsed.load(key) is act  # cached in the process


@needs_parser
def test_load_partly_held_regulation_keeps_its_missing_list():
    act = parsed.load("32018R0337")
    assert act.meta.complete is False and act.meta.missing
    assert act.get("art_1") is not None


@needs_parser
def test_the_old_word_file_is_refused_clearly():
    with pytest.raises(UnreadableFile) as err:
        parsed.load("CZ-119-2002@doc")
    assert ".docx" in str(err.value) and "CZ-119-2002.en.orig.doc" in str(err.value)


def test_the_old_word_file_is_refused_by_the_reader():
    from concordance.read import read_blocks

    with pytest.raises(UnreadableFile, match=r"\.doc"):
        read_blocks(acts.find("CZ-119-2002@doc").path)


@needs_parser
def test_load_an_unbundled_file_parses_it_as_given(tmp_path):
    f = tmp_path / "widgets.en.txt"
    f.write_text("Synthetic Act on Widgets\n\nArticle 1\nWidgets shall be blue.\n\nArticle 2\nWidgets shall be round.\n",
                 encoding="utf-8")
    act = parsed.load(f)
    assert [p.num for p in act.of_kind("article")] == ["1", "2"]


@needs_parser
@pytest.mark.slow
@pytest.mark.parametrize("key", ["ME-zakon-o-oruzju-2015", "MK-zakon-za-oruzjeto-2005"])
def test_pdf_original_gives_the_same_articles_as_the_text(key):
    text, pdf = parsed.load(key), parsed.load(f"{key}@pdf")
    assert pdf.meta.key == text.meta.key
    assert [p.id for p in pdf.of_kind("article")] == [p.id for p in text.of_kind("article")]


@needs_parser
@pytest.mark.slow
@pytest.mark.parametrize("key", [a.key for a in acts.bundled() if a.text_held])
def test_every_bundled_main_text_parses_without_loss(key):
    act = parsed.load(key)
    assert act.provisions, f"{key}: nothing parsed"
    assert act.coverage is not None and act.coverage.lost_chars == 0, act.coverage


@pytest.mark.parametrize("key, jurisdiction", [("../../etc/widgets", "XX"), ("XX/widgets", "XX"),
                                               ("XX-widgets", "../XX"), ("XX\\\\widgets", "XX")])
def test_act_keys_and_jurisdictions_with_path_parts_are_refused(tmp_path, key, jurisdiction):
    """Issue 11: keys and codes become parts of output names, so act.toml cannot smuggle a path in."""
    text = _synthetic_act(tmp_path / "act", key=key)
    toml = tmp_path / "act" / "act.toml"
    toml.write_text(toml.read_text().replace('jurisdiction = "XX"', f'jurisdiction = "{jurisdiction}"'))
    with pytest.raises(acts.ActTomlError) as err:
        acts.meta_for(text)
    assert "not usable" in str(err.value) and "act.toml" in str(err.value)
