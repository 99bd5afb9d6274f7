"""concordance: Tables of Concordance between reference acts (the EU Firearms Directive, its
implementing acts, international instruments) and national weapons laws.

The pipeline, one module per step: ``read`` (source file -> blocks), ``parse`` (blocks -> Act),
``match`` (Act x Act -> proposals), ``store`` (the project file), ``review`` (the adviser's Excel),
``render`` (ToC outputs), ``status`` (harmonisation figures).
"""
__version__ = "0.1.0"
