"""De namngivna modellerna: Sjöbo, Vara, socialnämnden (seed 001) och LSS-modellens priser ur LSS-utjämningen."""
from __future__ import annotations

from typing import Iterable, Mapping

import pandas as pd

from ..fel import IndataFel, ParameterFel
from ..lss_utjamning import lss_genomsnittskostnader, lss_prislappar
from .modell import _bundlade, _modeller_ur
from .motor import resursfordelning


def sjobo_aldreomsorg(befolkning, ar, **kw) -> pd.DataFrame:
    """Sjöbos äldreomsorgsmodell (full nivå, anchors.md §3.1): tkr per invånare × befolkning per åldersklass."""
    return resursfordelning("sjobo_aldreomsorg", befolkning, ar, **kw)


def vara(befolkning, ar, *, namnd: str = "socialnamnden", priser, prisupprakning, ram_foregaende) -> pd.DataFrame:
    """Varas inkrementella modell (anchors.md §3.2) för ``namnd`` 'socialnamnden' eller 'bildningsnamnden'."""
    namn = f"vara_{namnd}"
    if namn not in _bundlade():
        raise IndataFel(f"Okänd nämnd {namnd!r} för Vara: ange 'socialnamnden' eller 'bildningsnamnden'.")
    return resursfordelning(namn, befolkning, ar, priser=priser, prisupprakning=prisupprakning,
                            ram_foregaende=ram_foregaende)


SOCIALNAMNDEN = ("socialnamnden_ifo", "socialnamnden_aldreomsorg", "socialnamnden_aldreomsorg_standardkostnad",
                 "socialnamnden_lss", "socialnamnden_hsl")


def socialnamnden(befolkning, ar, *, priser, delmodeller: Iterable[str] = SOCIALNAMNDEN, **kw) -> pd.DataFrame:
    """Socialnämndens modeller från seed 001 (IFO, två äldreomsorgsmodeller, LSS, hälso- och sjukvård) i en tabell.

    IFO = kommunens standardkostnad för IFO (kr/inv, SCB) × (1 + påslag: 10 % före 2023, 5 % från 2023) ×
    befolkning; äldreomsorg = kostnad per person × befolkning per åldersgrupp, och kommunens standardkostnad
    för äldreomsorg × befolkning; LSS = Σ insatser × genomsnittskostnad per insats (LSS-utjämningen, se
    ``lss_priser``). ``priser`` ger ersättningsbeloppen per komponent (t.ex. ``{"ifo": 4_700,
    "daglig_verksamhet": 280_000, ...}``).
    """
    return resursfordelning(list(delmodeller), befolkning, ar, priser=priser, **kw)


def lss_priser(ar: int, *, riktvarden: Mapping | None = None, indata: pd.DataFrame | None = None,
               riket: Mapping | None = None, reform: str | None = None,
               modell="socialnamnden_lss") -> dict[str, float]:
    """LSS-modellens elva ersättningsbelopp (kr per person) ur LSS-utjämningens regler, som ``priser=``.

    Antingen ur riktvärdena ``{"bv":, "pak":, "dv":, "kv":}`` (kr, t.ex. SKR:s cirkulär, Tabell 5) med
    förordningens (2008:776) 5 § vikter (``lss_utjamning.lss_prislappar``), eller ur ett helt
    LSS-utjämningsunderlag ``indata`` (och ``riket``) som ``lss_utjamning.lss_genomsnittskostnader``.
    Komponenterna knyts till insatserna med nyckeln ``lss_insats`` i modellen. Returnerar {komponent: pris}.
    """
    if (riktvarden is None) == (indata is None):
        raise IndataFel("lss_priser: ange antingen riktvarden (bv, pak, dv, kv) eller indata (LSS-utjämningens tabell).")
    if riktvarden is not None:
        pris = lss_prislappar(riktvarden, ar, reform)
    else:
        pris = lss_genomsnittskostnader(indata, ar, reform=reform, riket=riket)
    ut = {}
    for m in _modeller_ur(modell):
        for k in m.komponenter:
            if k.lss_insats is None:
                raise ParameterFel(f"Modellen {m.namn}, komponent {k.namn!r}: lss_insats saknas (t.ex. bv).")
            ut[k.namn] = float(pris[k.lss_insats])
    return ut
