"""Gammal importväg: modulen ligger i ``xlmodel.excel.mallar`` (samma modulobjekt, så även monkeypatch fungerar)."""
import sys

from .excel import mallar as _m

sys.modules[__name__] = _m
