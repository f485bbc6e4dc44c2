"""Priser (ersättningsbelopp per volymenhet), påslag och prisuppräkning (PKV) per modell, komponent och år."""
from __future__ import annotations

from typing import Mapping

import pandas as pd

from ..fel import IndataFel, ParameterFel
from ..validering import kontrollera_ar, rimlig, tal
from .modell import Komponent, Modell


def _priser_som_dict(priser) -> Mapping | None:
    """``priser`` som dict; en tabell med kolumnerna ``komponent``, ``ar``, ``pris`` blir {komponent: {ar: pris}}."""
    if priser is None or isinstance(priser, Mapping):
        return priser
    if isinstance(priser, pd.DataFrame):
        saknas = {"komponent", "ar", "pris"} - set(priser.columns)
        if saknas:
            raise IndataFel(f"priser: kolumn saknas: {', '.join(sorted(saknas))}.")
        ut: dict = {}
        for radnr, (k, a, p) in enumerate(zip(priser["komponent"], priser["ar"], priser["pris"]), start=1):
            ut.setdefault(str(k), {})[kontrollera_ar(a)] = tal(p, f"priser rad {radnr} ({k}, år {a})")
        return ut
    raise IndataFel(f"priser: förväntade en dict eller tabell, fick {type(priser).__name__}.")


def _serie_for(arg, namn: str, var: str) -> dict[int, float] | float | None:
    """Ett värde ur ett överstyrningsargument: tal (alla år) eller {ar: tal}."""
    if arg is None or namn not in arg:
        return None
    v = arg[namn]
    if isinstance(v, Mapping):
        return {kontrollera_ar(a): tal(x, f"{var} år {a}") for a, x in v.items()}
    return tal(v, var)


def _prisserie(m: Modell, k: Komponent, priser) -> dict | float:
    """{år: pris} för komponenten, eller ett pris för alla år: användarens priser före modellens."""
    namn = f"{m.namn}.{k.namn}" if priser is not None and f"{m.namn}.{k.namn}" in priser else k.namn
    over = _serie_for(priser, namn, f"priser[{namn!r}]")
    if isinstance(over, float):
        if over < 0:
            raise IndataFel(f"Modellen {m.namn}, komponent {k.namn!r}: negativt pris {over:g} är inte tillåtet.")
        return over
    elif over is not None:
        serie = over
    elif k.pris_indata is not None:
        raise IndataFel(f"Modellen {m.namn}: pris för komponenten {k.namn!r} ska anges med "
                        f"priser={{{k.namn!r}: ...}} ({k.pris_indata}).")
    else:
        serie = k.priser
    for a, v in serie.items():
        if v < 0:
            raise IndataFel(f"Modellen {m.namn}, komponent {k.namn!r}: negativt pris {v:g} år {a} är inte tillåtet.")
    return serie


def _prisserier(m: Modell, priser):
    """``k → _prisserie(m, k, priser)``, räknad första gången den behövs (samma fel i samma ordning) och sedan ihågkommen."""
    minne: dict[str, dict | float] = {}

    def serie(k: Komponent) -> dict | float:
        if k.namn not in minne:
            minne[k.namn] = _prisserie(m, k, priser)
        return minne[k.namn]
    return serie


def _pris(m: Modell, k: Komponent, ar: int, serie: dict | float, pkv: dict[int, float]) -> float:
    """Priset (i modellens prisenhet) för ``ar`` ur komponentens prisserie (``_prisserie``); år utan pris räknas
    upp med prisuppräkningen (PKV)."""
    if isinstance(serie, float):
        return serie
    if ar in serie:
        return serie[ar]
    tidigare = [a for a in serie if a < ar]
    if not tidigare:
        raise ParameterFel(f"Modellen {m.namn}, komponent {k.namn!r}: pris saknas för år {ar} "
                           f"(pris finns för {', '.join(map(str, sorted(serie))) or 'inga år'}).")
    bas = max(tidigare)
    p = serie[bas]
    for y in range(bas + 1, ar + 1):
        if y not in pkv:
            raise ParameterFel(f"Modellen {m.namn}, komponent {k.namn!r}: pris saknas för år {ar} och "
                               f"prisuppräkning (PKV) saknas för år {y} (senaste pris år {bas}).")
        p *= 1 + pkv[y]
    return p


def _paslag(m: Modell, ar: int) -> float:
    if not m.paslag:
        return 0.0
    tidigare = [a for a in m.paslag if a <= ar]
    if not tidigare:
        raise ParameterFel(f"Modellen {m.namn}: påslag saknas för år {ar} (anges från {min(m.paslag)}).")
    return m.paslag[max(tidigare)]


def _pkv(m: Modell, prisupprakning) -> dict[int, float]:
    ut = dict(m.prisupprakning)
    if prisupprakning is not None:
        if not isinstance(prisupprakning, Mapping):
            raise IndataFel("prisupprakning: ange {ar: andel}, t.ex. {2025: 0.031}.")
        for a, v in prisupprakning.items():
            v = rimlig(tal(v, f"prisupprakning år {a}"), "pkv", f"prisupprakning år {a}")
            ut[kontrollera_ar(a)] = v
    return ut
