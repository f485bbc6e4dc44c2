"""Kommandoradens xlwings: de tomma UDF-dekoratorerna utan att läsa in xlwings (issue 15).

Kommandoraden räknar arbetsbokens sparade värden genom att anropa UDF:erna i ``udfs`` direkt
(``excel.sparade``), och ``udfs._excel`` läser in xlwings för dekoratorerna ``@xw.func`` och ``@xw.arg``.
Utanför Windows (och utan ``XLWINGS_ON_SERVER``) är de i xlwings själv tomma: de returnerar funktionen
oförändrad. Att läsa in xlwings för dem kostade huvudjobbet ~15 ms. ``tomma_dekoratorer`` ger i stället en modul
``xlwings`` med samma tomma ``func``, ``arg``, ``ret``, ``sub`` och ``script``; allt annat hämtas ur det riktiga
xlwings vid första användningen. Bara i programmet (``cli.program``), aldrig när xlmodel används som bibliotek
eller i Excel (där dekoratorerna på Windows lägger på metadata).
"""
from __future__ import annotations

import importlib
import os
import sys
import types


def _dekorator(f=None, *args, **kwargs):
    """Som xlwings ``func``/``sub``/``script`` utanför Windows: ``@func`` och ``@func(...)`` ger funktionen oförändrad."""
    return f if callable(f) else (lambda g: g)


def _inre(*args, **kwargs):
    """Som xlwings ``arg``/``ret`` utanför Windows: ``@arg(...)`` ger funktionen oförändrad."""
    return lambda g: g


class _Xlwings(types.ModuleType):
    """Modulen ``xlwings`` med de tomma dekoratorerna; allt annat ur det riktiga xlwings (som då läses in)."""

    func = sub = script = staticmethod(_dekorator)
    arg = ret = staticmethod(_inre)

    def __getattr__(self, namn: str):
        if sys.modules.get("xlwings") is self:
            del sys.modules["xlwings"]
        return getattr(importlib.import_module("xlwings"), namn)


def tomma_dekoratorer() -> bool:
    """Lägg ``_Xlwings`` som ``xlwings`` om dekoratorerna ändå är tomma och xlwings inte redan är inläst;
    sant om den lades."""
    if "xlwings" in sys.modules or sys.platform.startswith("win") or os.environ.get("XLWINGS_ON_SERVER") == "true":
        return False
    sys.modules["xlwings"] = _Xlwings("xlwings", __doc__)
    return True
