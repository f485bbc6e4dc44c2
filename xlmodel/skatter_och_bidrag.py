"""Gammal importväg: budgetblocket ligger i ``xlmodel.budget`` (block, kalkyl, prognos, marginalintäkt; samma
modulobjekt, så ``from xlmodel.skatter_och_bidrag import RADER`` fungerar som förut)."""
import sys

from . import budget as _b

sys.modules[__name__] = _b
