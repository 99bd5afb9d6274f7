"""concordance fetch against a local HTTP server serving PLAINLY synthetic EUR-Lex/CELLAR answers.

No test touches the internet: the server listens on 127.0.0.1 and the offline cases use a closed
local port or a simulated DNS failure.
"""
from __future__ import annotations

import datetime as dt
import http.server
import io
import socket
import threading
import time
import tomllib
import urllib.error
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from concordance.catalogue.acts import meta_for
from concordance.cli import main
from concordance.errors import InputError
from concordance.catalogue.fetch import FetchError, fetch_act, normalise_celex, parse_languages
from concordance.read import read_blocks

FIX = Path(__file__).parent / "fixtures" / "read"
CELEX = "39999L0001"
EN_PAGE = (FIX / "eurlex_oj_synthetic.html").read_bytes()
HR_PAGE = EN_PAGE.replace(b"SYNTHETIC DIRECTIVE 9999/1 OF THE WIDGET COUNCIL", "SINTETIČKA DIREKTIVA 9999/1".encode())
NOT_AN_ACT = b"<html><body><p>Synthetic robot check: please enable JavaScript.</p></body></html>"


def _formex_zip() -> bytes:
    act = (FIX / "formex_synthetic_act.xml").read_bytes()
    annex = (FIX / "formex_synthetic_annex.xml").read_bytes()
    manifest = b"""<?xml version="1.0" encoding="UTF-8"?><DOC><FMX><DOC.MAIN.PUB>
<REF.PHYS FILE="L_9999001EN.01000101.xml" TYPE="DOC.XML"/></DOC.MAIN.PUB>
<DOC.SUB.PUB><REF.PHYS FILE="L_9999001EN.01000201.xml" TYPE="DOC.XML"/></DOC.SUB.PUB></FMX></DOC>"""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("L_9999001EN.01000201.xml", annex)       # archive order is NOT publication order
        zf.writestr("L_9999001EN.01000101.xml", act)
        zf.writestr("L_9999001EN.doc.fmx.xml", manifest)
    return buf.getvalue()


class _Handler(http.server.BaseHTTPRequestHandler):
    requests: list[tuple[str, dict]] = []

    def log_message(self, *args):
        pass

    def _send(self, status: int, body: bytes, ctype: str = "text/html; charset=UTF-8", headers=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout test)

    def do_GET(self):  # noqa: N802 - http.server API
        type(self).requests.append((self.path, dict(self.headers)))
        path = self.path
        if path == f"/legal-content/EN/TXT/HTML/?uri=CELEX:{CELEX}":
            return self._send(200, EN_PAGE)
        if path == f"/legal-content/HR/TXT/HTML/?uri=CELEX:{CELEX}":
            return self._send(200, HR_PAGE)
        if path == f"/legal-content/DE/TXT/HTML/?uri=CELEX:{CELEX}":
            return self._send(200, NOT_AN_ACT)
        if path == f"/legal-content/FR/TXT/HTML/?uri=CELEX:{CELEX}":
            time.sleep(1.0)
            return None  # never answers in time
        if path == f"/resource/celex/{CELEX}":
            if self.headers.get("Accept") == "application/zip;mtype=fmx4" and self.headers.get("Accept-Language") == "eng":
                return self._send(303, b"", headers={"Location": "/resource/cellar/synthetic-0001.02/DOC_1"})
            return self._send(406, b"not acceptable")
        if path == "/resource/cellar/synthetic-0001.02/DOC_1":
            return self._send(200, _formex_zip(), "application/zip")
        return self._send(404, b"<html><body>Synthetic 404</body></html>")


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def closed_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()   # nothing listens there now: connection refused
    return port


def test_fetch_xhtml_two_languages_with_act_toml(server, tmp_path):
    out = tmp_path / "dir"
    result = fetch_act(CELEX, "en,hr", out_dir=out, base_url=server, today=dt.date(2099, 1, 2))
    assert (out / f"{CELEX}.en.html").read_bytes() == EN_PAGE
    assert (out / f"{CELEX}.hr.html").read_bytes() == HR_PAGE
    data = tomllib.loads((out / "act.toml").read_text(encoding="utf-8"))
    assert data["key"] == CELEX and data["celex"] == CELEX
    assert data["title"] == "SYNTHETIC DIRECTIVE 9999/1 OF THE WIDGET COUNCIL of 9 September 9999 on widgets (synthetic text for tests)"
    assert data["language"] == "en" and data["kind"] == "directive" and data["complete"] is True
    assert data["source"]["url"] == f"{server}/legal-content/EN/TXT/HTML/?uri=CELEX:{CELEX}"
    assert data["source"]["retrieved"] == "2099-01-02"
    assert data["gazette"] == "OJ L 999, 9.9.9999"
    assert data["version_date"] == "9999-09-09"
    assert data["files"]["main"] == f"{CELEX}.en.html"
    alt = data["files"]["alternate"][0]
    assert (alt["id"], alt["role"], alt["language"]) == ("hr", "language", "hr")
    assert alt["title"].startswith("SINTETIČKA DIREKTIVA 9999/1")
    # the files are what the rest of the tool reads
    meta = meta_for(out / f"{CELEX}.en.html")
    assert meta is not None and meta.title == data["title"] and meta.jurisdiction == "EU"
    assert "Article 1" in [b.text for b in read_blocks(out / f"{CELEX}.en.html")]
    assert not list(out.glob(".*.tmp"))
    assert result.act_toml == out / "act.toml"


def test_fetch_formex_package_in_manifest_order(server, tmp_path):
    result = fetch_act(CELEX, "en", fmt="formex", out_dir=tmp_path, base_url=server)
    path = tmp_path / f"{CELEX}.en.fmx.xml"
    assert result.files["en"] == path
    blocks = read_blocks(path)
    texts = [b.text for b in blocks]
    assert texts.index("Article 1") < texts.index("ANNEX I")            # act first, then its annex
    assert result.titles["en"] == "Synthetic Directive 9999/1 of the Widget Council of 9 September 9999 on widgets"
    data = tomllib.loads((tmp_path / "act.toml").read_text(encoding="utf-8"))
    assert (data["gazette"], data["version_date"]) == ("OJ L 999, 9.9.9999", "9999-09-09")
    assert data["files"]["main"] == f"{CELEX}.en.fmx.xml"
    accepts = [h.get("Accept") for p, h in _Handler.requests if p.startswith("/resource/celex/")]
    assert "application/zip;mtype=fmx4" in accepts


def test_page_that_is_not_the_act_writes_nothing(server, tmp_path):
    with pytest.raises(FetchError) as exc:
        fetch_act(CELEX, "en,de", out_dir=tmp_path / "x", base_url=server)
    assert "not the text of" in exc.value.what
    assert not (tmp_path / "x").exists()          # en was fine, but nothing is written unless all are


def test_unknown_celex_is_a_404(server, tmp_path):
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_act("39999L0002", "en", out_dir=tmp_path, base_url=server)


def test_offline_connection_refused_says_what_to_download(closed_port, tmp_path):
    with pytest.raises(FetchError) as exc:
        fetch_act("32021L0555", "en", out_dir=tmp_path / "o", base_url=f"http://127.0.0.1:{closed_port}")
    err = exc.value
    assert "EUR-Lex cannot be reached" in err.what and "connection refused" in err.what
    assert "https://eur-lex.europa.eu/legal-content/EN/TXT/HTML/?uri=CELEX:32021L0555" in err.todo
    assert "Save as" in err.todo and "HTML only" in err.todo and "concordance parse 32021L0555.en.html" in err.todo
    assert not (tmp_path / "o").exists()


def test_timeout(server, tmp_path):
    with pytest.raises(FetchError, match="cannot be reached"):
        fetch_act(CELEX, "fr", out_dir=tmp_path, base_url=server, timeout=0.3)


def test_dns_failure_is_explained(monkeypatch, tmp_path):
    def no_dns(*args, **kwargs):
        raise urllib.error.URLError(socket.gaierror(-3, "Temporary failure in name resolution"))

    monkeypatch.setattr("urllib.request.urlopen", no_dns)
    with pytest.raises(FetchError, match="no internet connection or no DNS"):
        fetch_act("32021L0555", "en", out_dir=tmp_path)


def test_existing_act_toml_needs_force(server, tmp_path):
    (tmp_path / "act.toml").write_text('key = "mine"\n', encoding="utf-8")
    with pytest.raises(InputError, match="already holds an act.toml"):
        fetch_act(CELEX, "en", out_dir=tmp_path, base_url=server)
    assert (tmp_path / "act.toml").read_text() == 'key = "mine"\n'
    fetch_act(CELEX, "en", out_dir=tmp_path, base_url=server, force=True)
    assert "SYNTHETIC DIRECTIVE" in (tmp_path / "act.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize("given,expected", [("32021l0555", "32021L0555"), ("CELEX:32015R2403", "32015R2403"),
                                            ("02021L0555-20210504", "02021L0555-20210504")])
def test_celex_forms(given, expected):
    assert normalise_celex(given) == expected


@pytest.mark.parametrize("bad", ["2021/555", "32021L", "hello", ""])
def test_bad_celex(bad):
    with pytest.raises(InputError, match="not a CELEX number"):
        normalise_celex(bad)


def test_languages():
    assert parse_languages("en, HR,en") == ["en", "hr"]
    with pytest.raises(InputError, match="not one of the 24 languages"):
        parse_languages("en,mk")


def test_cli_fetch_and_offline_error(server, closed_port, tmp_path):
    runner = CliRunner()
    ok = runner.invoke(main, ["fetch", CELEX, "--lang", "en", "-o", str(tmp_path / "a"), "--base-url", server])
    assert ok.exit_code == 0, ok.output
    assert f"{CELEX}.en.html" in ok.output and "concordance parse" in ok.output
    bad = runner.invoke(main, ["fetch", "32021L0555", "-o", str(tmp_path / "b"),
                               "--base-url", f"http://127.0.0.1:{closed_port}"])
    assert bad.exit_code == 2
    assert "EUR-Lex cannot be reached" in bad.output and "Traceback" not in bad.output


@pytest.mark.parametrize("bad", ["127.0.0.1:8000", "ftp://mirror.invalid", "file:///etc"])
def test_base_url_must_be_http(bad, tmp_path):
    with pytest.raises(InputError, match="not an http"):
        fetch_act(CELEX, "en", out_dir=tmp_path, base_url=bad)


def test_answer_cut_off(monkeypatch, tmp_path):
    import http.client

    def broken(*args, **kwargs):
        raise http.client.IncompleteRead(b"partial")

    monkeypatch.setattr("urllib.request.urlopen", broken)
    with pytest.raises(FetchError, match="cut off"):
        fetch_act(CELEX, "en", out_dir=tmp_path)
