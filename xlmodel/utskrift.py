"""Gammal importväg: modulen ligger i ``xlmodel.excel.utskrift`` (samma modulobjekt, så även monkeypatch fungerar)."""
import sys

from .excel import utskrift as _m

sys.modules[__name__] = _m
