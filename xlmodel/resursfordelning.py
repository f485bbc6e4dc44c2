"""Gammal importväg: resursfördelningen ligger i ``xlmodel.resurs`` (modell, volymer, priser, motor, namngivna,
sparbeting, statsbidrag, självfinansiering; samma modulobjekt, så ``xlmodel.resursfordelning.ramar`` fungerar som förut)."""
import sys

from . import resurs as _r

sys.modules[__name__] = _r
