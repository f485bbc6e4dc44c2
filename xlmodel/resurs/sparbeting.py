"""Ett generellt sparbeting mot en nämnds nettobudget (seed 000)."""
from __future__ import annotations

from typing import Mapping

import pandas as pd

from ..fel import IndataFel
from ..validering import andliga, tal
from .motor import _mnkr


def sparbeting(nettobudget: float, andel: float, atgarder: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Ett generellt sparbeting: ``andel`` av nämndens nettobudget (kr), och valda åtgärder mot det.

    Seed 000: 2,5 procent av socialnämndens nettobudget 2024, 1 419,4 mnkr. Returnerar rader ``post``
    med ``belopp`` (kr) och ``belopp_mnkr``: nettobudget, sparbeting, varje åtgärd, summa åtgärder och
    kvar att åtgärda (sparbeting − summa åtgärder; negativt = åtgärderna räcker med marginal).
    """
    nb = tal(nettobudget, "nettobudget")
    a = tal(andel, "andel")
    if nb < 0:
        raise IndataFel(f"nettobudget: negativt belopp {nb:g} är inte tillåtet.")
    if not 0 <= a <= 1:
        raise IndataFel(f"andel: {a:g} ska vara en andel mellan 0 och 1 (2,5 procent = 0.025).")
    krav = nb * a
    poster = [("Nettobudget", nb), (f"Sparbeting ({a * 100:.4g} %)".replace(".", ","), krav)]
    summa = 0.0
    for namn, belopp in (atgarder or {}).items():
        b = tal(belopp, f"åtgärden {namn!r}")
        if b < 0:
            raise IndataFel(f"åtgärden {namn!r}: negativt belopp {b:g}; ange besparingen som ett positivt belopp.")
        poster.append((str(namn), b))
        summa += b
    poster += [("Summa åtgärder", summa), ("Kvar att åtgärda", krav - summa)]
    ut = pd.DataFrame(poster, columns=["post", "belopp"])
    ut["belopp_mnkr"] = _mnkr(ut["belopp"])
    return andliga(ut, "sparbeting")
