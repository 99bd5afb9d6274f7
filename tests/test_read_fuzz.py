"""Bad input never gives a traceback: whatever the bytes, a reader returns blocks or raises InputError."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from concordance.errors import InputError
from concordance.read import read_blocks

FIX = Path(__file__).parent / "fixtures" / "read"
PREFIXES = [b"", b"%PDF-1.4\n", b"PK\x03\x04", b"<?xml version='1.0'?><ACT>", b"<html><body><p>",
            b"<?xml version='1.0'?><akomaNtoso xmlns='http://docs.oasis-open.org/legaldocml/ns/akn/3.0'>",
            b"<?xml version='1.0'?><oigusakt xmlns='tyviseadus_1_10.02.2010'>", b"\xff\xfe", b"{\\rtf1"]
SUFFIXES = [".txt", ".md", ".pdf", ".docx", ".html", ".xml"]


def _read(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    try:
        blocks = read_blocks(path)
    except InputError as exc:
        assert exc.where and exc.what          # a message naming the file and the problem
        return
    assert blocks and all(isinstance(b.text, str) for b in blocks)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=600), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_never_crash(tmp_path, prefix, body, suffix):
    _read(tmp_path, "input" + suffix, prefix + body)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.floats(min_value=0.05, max_value=0.95),
       name=st.sampled_from(["eurlex_oj_synthetic.html", "formex_synthetic_act.xml", "akn_synthetic_act.xml",
                             "formex_synthetic_annex.xml", "gazette_synthetic_cp1250.html"]))
def test_truncated_real_fixtures_never_crash(tmp_path, cut, name):
    data = (FIX / name).read_bytes()
    _read(tmp_path, name, data[: int(len(data) * cut)])


@pytest.fixture(scope="module")
def docx_bytes(tmp_path_factory):
    import sys
    sys.path.insert(0, str(FIX))
    import make_docx
    return make_docx.synthetic_widgets_docx(tmp_path_factory.mktemp("d") / "w.docx").read_bytes()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(member=st.sampled_from(["word/document.xml", "word/numbering.xml", "word/styles.xml"]),
       cut=st.floats(min_value=0.0, max_value=0.99))
def test_docx_with_a_damaged_part_never_crashes(tmp_path, docx_bytes, member, cut):
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == member:
                data = data[: int(len(data) * cut)]
            dst.writestr(info, data)
    _read(tmp_path, "w.docx", out.getvalue())
