"""The catalogue of acts: what acts the tool knows and what is known about them, beside the texts.

``acts`` reads the ``act.toml`` of every bundled act (``directives/``, ``national_laws/`` and the
folders in ``CONCORDANCE_DATA``): key, title, kind, language, which provisions are held, and loads
the parsed act; ``identify`` tells from a file's own title what act it holds (``act_kinds.toml``);
``correlation`` carries the directive's correlation table (91/477/EEC numbers to 2021/555);
``missing_rows`` adds the rows of provisions whose text is not held; ``fetch`` downloads an EU act
from EUR-Lex into a folder with its ``act.toml`` (the one command that uses the network).
"""
