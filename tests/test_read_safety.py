"""Hostile and broken XML: entities are refused, never expanded; nothing is fetched."""
from __future__ import annotations

import http.server
import threading

import pytest

from concordance.errors import UnreadableFile, UnsafeXML
from concordance.read import read_blocks
from concordance.xmlsafe import parse_xml

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<ACT><TITLE><TI><P>&lol4;</P></TI></TITLE></ACT>"""


def test_billion_laughs_refused():
    with pytest.raises(UnsafeXML) as exc:
        parse_xml(BILLION_LAUGHS, "bomb.xml")
    assert "never expanded" in exc.value.what and exc.value.where == "bomb.xml"


@pytest.mark.parametrize("name,root", [("act.xml", "ACT"), ("act.xhtml", "html"), ("act.akn.xml", "akomaNtoso")])
def test_xxe_refused_in_every_xml_reader(tmp_path, name, root):
    secret = tmp_path / "secret.txt"
    secret.write_text("SYNTHETIC-SECRET")
    path = tmp_path / name
    ns = {"html": ' xmlns="http://www.w3.org/1999/xhtml"',
          "akomaNtoso": ' xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"'}.get(root, "")
    path.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
                    f"<{root}{ns}><p>&xxe;</p></{root}>", encoding="utf-8")
    with pytest.raises(UnsafeXML) as exc:
        read_blocks(path)
    assert "SYNTHETIC-SECRET" not in exc.value.message


def test_entity_declaration_in_utf16_is_refused():
    data = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE a [<!ENTITY b "c">]><a>&b;</a>'.encode("utf-16")
    with pytest.raises(UnsafeXML):
        parse_xml(data)


def test_parameter_entities_refused():
    data = b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]><a/>'
    with pytest.raises(UnsafeXML):
        parse_xml(data)


def test_external_dtd_is_never_fetched(tmp_path):
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server API
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'<!ENTITY w "widget">')

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        data = (f'<?xml version="1.0"?><!DOCTYPE ACT SYSTEM "http://127.0.0.1:{port}/formex.dtd">'
                "<ACT><TITLE><TI><P>Synthetic widgets</P></TI></TITLE></ACT>").encode()
        root = parse_xml(data)
        assert root.findtext("TITLE/TI/P") == "Synthetic widgets"
        assert hits == []
    finally:
        server.shutdown()
        server.server_close()


def test_undefined_entity_is_an_error_not_lost_text():
    with pytest.raises(UnreadableFile, match="undefined entity &synthetic;"):
        parse_xml(b'<?xml version="1.0"?><!DOCTYPE a SYSTEM "x.dtd"><a>widget &synthetic; text</a>')


def test_malformed_xml_names_the_line(tmp_path):
    path = tmp_path / "act.xml"
    path.write_text("<?xml version='1.0'?>\n<ACT>\n<TITLE>\n</ACT>", encoding="utf-8")
    with pytest.raises(UnreadableFile, match=r"not well-formed \(line \d\)"):
        read_blocks(path)
