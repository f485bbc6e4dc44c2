"""Gammal importväg: modulen ligger i ``xlmodel.excel.arbetsbok`` (samma modulobjekt, så även monkeypatch fungerar)."""
import sys

from .excel import arbetsbok as _m

sys.modules[__name__] = _m
