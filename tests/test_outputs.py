"""concordance.outputs: atomic writes with ordinary permissions, nothing half-written on failure,
no output name escaping its folder. The contents written here are plainly synthetic bytes."""
from __future__ import annotations

import os
import stat

import pytest

from concordance.errors import InputError
from concordance.outputs import (
    atomic_path, atomic_write_bytes, atomic_write_text, inside, new_file_mode, output_target,
    refuse_overwriting_inputs, safe_name,
)


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_new_file_gets_ordinary_permissions(tmp_path, umask_022):
    out = atomic_write_bytes(tmp_path / "toc.docx", b"synthetic bytes")
    assert out.read_bytes() == b"synthetic bytes"
    assert _mode(out) == 0o644  # not mkstemp's 0600
    assert new_file_mode() == 0o644


def test_permissions_follow_the_umask(tmp_path):
    old = os.umask(0o077)
    try:
        out = atomic_write_text(tmp_path / "private.html", "<p>synthetic</p>")
    finally:
        os.umask(old)
    assert _mode(out) == 0o600


def test_replacing_keeps_the_old_files_permissions(tmp_path, umask_022):
    out = tmp_path / "shared.csv"
    out.write_text("old\n")
    os.chmod(out, 0o664)
    atomic_write_text(out, "new\n")
    assert out.read_text() == "new\n" and _mode(out) == 0o664


def test_atomic_path_for_writers_that_want_a_name(tmp_path, umask_022):
    out = tmp_path / "review.xlsx"
    with atomic_path(out) as tmp:
        assert tmp.parent == tmp_path and tmp != out and not out.exists()
        tmp.write_bytes(b"synthetic workbook")
    assert out.read_bytes() == b"synthetic workbook" and _mode(out) == 0o644
    assert _leftovers(tmp_path) == []


def test_text_is_written_exactly(tmp_path):
    out = atomic_write_text(tmp_path / "t.csv", "a,b\r\nč,ш\n")
    assert out.read_bytes() == "a,b\r\nč,ш\n".encode("utf-8")
    out = atomic_write_text(tmp_path / "t1251.txt", "Члан 1", encoding="cp1251")
    assert out.read_bytes() == "Члан 1".encode("cp1251")


def test_failure_keeps_the_old_file_and_leaves_no_partial_file(tmp_path):
    out = tmp_path / "toc.docx"
    out.write_bytes(b"the good old ToC")
    with pytest.raises(RuntimeError, match="synthetic crash"):
        with atomic_path(out) as tmp:
            tmp.write_bytes(b"half a ToC")
            raise RuntimeError("synthetic crash")
    assert out.read_bytes() == b"the good old ToC"
    assert _leftovers(tmp_path) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["toc.docx"]


def test_failure_without_an_old_file_leaves_nothing(tmp_path):
    with pytest.raises(KeyboardInterrupt):
        with atomic_path(tmp_path / "new.html") as tmp:
            tmp.write_text("partial")
            raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_text_that_cannot_be_encoded_changes_nothing(tmp_path):
    out = tmp_path / "t.txt"
    out.write_text("old")
    with pytest.raises(UnicodeEncodeError):
        atomic_write_text(out, "Ꙗ not in Latin-1", encoding="latin-1")
    assert out.read_text() == "old" and _leftovers(tmp_path) == []


def test_missing_folder_is_refused_not_created(tmp_path):
    target = tmp_path / "no-such-folder" / "toc.docx"
    with pytest.raises(InputError) as err:
        atomic_write_bytes(target, b"x")
    assert "does not exist" in err.value.message and "no-such-folder" in err.value.message
    assert not (tmp_path / "no-such-folder").exists()


def test_folder_as_target_and_file_as_folder_are_refused(tmp_path):
    with pytest.raises(InputError, match="folder, not a file"):
        output_target(tmp_path)
    (tmp_path / "plain.txt").write_text("x")
    with pytest.raises(InputError, match="is a file, not a folder"):
        output_target(tmp_path / "plain.txt" / "toc.docx")


def test_unwritable_folder_is_a_clear_error(tmp_path, monkeypatch):
    # chmod cannot stop root (CI may run as root), so the refusal the OS would give is simulated
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(InputError) as err:
        atomic_write_bytes(tmp_path / "toc.docx", b"x")
    assert "cannot be written to (Permission denied)" in err.value.message
    assert "toc.docx" in err.value.message


def test_inside_accepts_plain_names(tmp_path):
    assert inside(tmp_path, "toc.docx") == (tmp_path / "toc.docx").resolve()
    (tmp_path / "sub").mkdir()
    assert inside(tmp_path, "sub/toc.html") == (tmp_path / "sub" / "toc.html").resolve()


@pytest.mark.parametrize("name", ["../escape.docx", "sub/../../escape.docx", "/etc/passwd", "..", ".", "",
                                  "a\x00b"])
def test_inside_refuses_names_that_escape(tmp_path, name):
    with pytest.raises(InputError) as err:
        inside(tmp_path, name)
    assert str(tmp_path.resolve()) in err.value.message


def test_inside_refuses_a_link_pointing_out(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (folder / "toc.docx").symlink_to(elsewhere / "victim.docx")
    (folder / "linked").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(InputError, match="outside the output folder"):
        inside(folder, "toc.docx")
    with pytest.raises(InputError, match="outside the output folder"):
        inside(folder, "linked/toc.docx")


def test_safe_name():
    assert safe_name("ME-zakon-o-oruzju-2015") == "ME-zakon-o-oruzju-2015"
    assert safe_name("../../etc/passwd") == "etc-passwd"
    assert safe_name("32021L0555@hr") == "32021L0555-hr"
    assert safe_name("...") == "act"


def test_an_output_may_not_overwrite_an_input(tmp_path):
    project = tmp_path / "p.concordance"
    project.write_bytes(b"synthetic project")
    link = tmp_path / "same.docx"
    link.symlink_to(project)
    refuse_overwriting_inputs(tmp_path / "toc.docx", {"project file": project, "template": None})
    for out in (project, tmp_path / "." / "p.concordance", link):
        with pytest.raises(InputError, match="would overwrite the project file"):
            refuse_overwriting_inputs(out, {"project file": project})


# -- Excel cells (concordance.review.excel): what every workbook the tool writes puts in a cell -----------
def test_excel_cells_keep_text_as_text_and_drop_what_xlsx_cannot_hold(tmp_path):
    import openpyxl

    from concordance.review.excel import CELL_MAX, TRUNCATED, set_value

    wb = openpyxl.Workbook()
    ws = wb.active
    set_value(ws["A1"], "=HYPERLINK(\"http://example.invalid\")")
    set_value(ws["A2"], "- the synthetic dealer shall keep a register")
    set_value(ws["A3"], "Synthetic\x01 widget\x0b text\twith a tab\nand a line")
    set_value(ws["A4"], "x" * (CELL_MAX + 10))
    set_value(ws["A5"], 12)
    out = tmp_path / "cells.xlsx"
    wb.save(out)
    back = openpyxl.load_workbook(out).active
    assert back["A1"].data_type == "s" and back["A1"].value.startswith("=HYPERLINK")
    assert back["A2"].data_type == "s"
    assert back["A3"].value == "Synthetic widget text\twith a tab\nand a line"
    assert back["A4"].value == "x" * CELL_MAX + TRUNCATED
    assert back["A5"].value == 12


def test_a_full_disk_is_a_clear_error_and_keeps_the_old_file(tmp_path):
    import errno

    out = tmp_path / "toc.docx"
    out.write_bytes(b"the good old ToC")
    with pytest.raises(InputError) as err:
        with atomic_path(out) as tmp:
            tmp.write_bytes(b"half")
            raise OSError(errno.ENOSPC, "No space left on device")
    assert "disk is full" in err.value.message and "toc.docx" in err.value.message
    assert out.read_bytes() == b"the good old ToC" and _leftovers(tmp_path) == []


def test_a_locked_target_is_a_clear_error_and_keeps_the_old_file(tmp_path, monkeypatch):
    # Windows refuses to replace a file open in Excel; simulated, since Linux does not lock
    out = tmp_path / "review.xlsx"
    out.write_bytes(b"the adviser's workbook")

    def locked(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(InputError) as err:
        atomic_write_bytes(out, b"new")
    assert "open in Excel or Word" in err.value.message and "old one was kept" in err.value.message
    assert out.read_bytes() == b"the adviser's workbook" and _leftovers(tmp_path) == []


def test_other_errors_pass_through_unchanged(tmp_path):
    with pytest.raises(ValueError):
        with atomic_path(tmp_path / "t.html"):
            raise ValueError("a programming error stays a programming error")
    assert list(tmp_path.iterdir()) == []
