"""Känslighetsanalys: många scenarier på en gång, vektoriserat över en scenarioaxel (issue 15).

``scenarier(underlag, ar, {"inkomstutjamning.garantiniva.kommun": np.linspace(1.10, 1.20, 10_000)})`` ger kr per
invånare per kommun (rad) och scenario (kolumn). Samma aritmetik som ``inkomstutjamning`` (``utjamna``), sänd ut
över scenarierna med numpy, så att varje kolumn är exakt lika med ``inkomstutjamning(underlag, ar,
reform={namn: värde})["kr_per_inv"]``. Ingen Python-loop per scenario; scenarierna räknas i block om
``BLOCK`` för att hålla minnet nere.

Det som kan varieras (flera samtidigt: lika långa fält, eller tal som gäller alla scenarier):

* ``inkomstutjamning.garantiniva.<niva>``: garantinivån (andel, 1.15 = 115 %; lag 2004:773 4 §);
* ``inkomstutjamning.skattesatsjustering.bidrag.<niva>`` / ``.avgift.<niva>``: procentenheter på de länsvisa
  bidrags- resp. avgiftssatserna (7 §); ``skattesatsjustering`` flyttar båda lika mycket;
* ``skatteunderlag_tillvaxt``: andel (0,02 = +2 %) som alla skatteunderlag, också rikets, ökar med;
* ``skattesats``: procentenheter (kr per 100 kr) på varje kommuns egen skattesats; påverkar bara skatteintäkterna
  (kolumnen ``skattesats`` i underlaget, annars medföljande skattesatser för året).

``matt``: ``"inkomstutjamning"`` (4–6 §§, hela kronor per invånare), ``"skatteintakter"`` (preliminär skatt,
lag 1965:269 4 §, kr/inv) eller ``"summa"`` (båda). Standard: ``"summa"`` när skattesatsen varieras, annars
``"inkomstutjamning"``. Regleringsposten ingår inte (den beror på statens anslag och övriga delar).
"""
from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from .fel import IndataFel
from .inkomstutjamning import RADERNA, hela_landet, kontrollera_satser, lagens_varden, rikstotaler, utjamna
from .kallor.referensdata import lanskod_for
from .niva import niva_tabell
from .parametrar import parametrar
from .validering import kontrollera_ar

BLOCK = 1024  # scenarier per block
MAX_CELLER = 50_000_000  # rader × scenarier (400 MB i resultatet)
MATT = ("inkomstutjamning", "skatteintakter", "summa")
_EGNA = ("skattesatsjustering", "skatteunderlag_tillvaxt", "skattesats")


def _parametrarna(niva: str) -> dict[str, str]:
    """Varierbara parametrar → intern nyckel."""
    return {f"inkomstutjamning.garantiniva.{niva}": "g",
            f"inkomstutjamning.skattesatsjustering.bidrag.{niva}": "jb",
            f"inkomstutjamning.skattesatsjustering.avgift.{niva}": "ja"}


def _varden(varieras: Mapping, niva: str) -> tuple[dict[str, np.ndarray], int]:
    """Varje varierad storhet som ett ändligt fält av längd S (antalet scenarier)."""
    if not isinstance(varieras, Mapping) or not varieras:
        raise IndataFel("scenarier: ange vad som varieras, t.ex. {'inkomstutjamning.garantiniva.kommun': "
                        "np.linspace(1.10, 1.20, 100)}.")
    kanda = [*_parametrarna(niva), *_EGNA]
    ut = {}
    for namn, v in varieras.items():
        if namn not in kanda:
            raise IndataFel(f"scenarier: {namn!r} kan inte varieras här. Välj bland: {', '.join(kanda)}.")
        try:
            a = np.asarray(v, dtype=float).reshape(-1)
        except (TypeError, ValueError):
            raise IndataFel(f"scenarier, {namn}: värdena måste vara tal.") from None
        if a.size == 0 or not np.all(np.isfinite(a)):
            raise IndataFel(f"scenarier, {namn}: värdena måste vara ändliga tal (minst ett).")
        ut[namn] = a
    langder = {a.size for a in ut.values()} - {1}
    if len(langder) > 1:
        raise IndataFel(f"scenarier: fälten har olika längd ({', '.join(f'{k}: {a.size}' for k, a in ut.items())}).")
    s = langder.pop() if langder else 1
    return {k: np.broadcast_to(a, (s,)) for k, a in ut.items()}, s


def _egen_skattesats(underlag, df: pd.DataFrame, ar: int) -> np.ndarray:
    """Kommunens skattesats (procent): kolumnen ``skattesats`` i underlaget, annars medföljande för året."""
    if isinstance(underlag, pd.DataFrame) and "skattesats" in underlag.columns:
        return niva_tabell(underlag, ["skattesats"], positiva=["skattesats"], namn="underlag")["skattesats"].reindex(df.index).to_numpy()
    from .kallor.referensdata import skattesatser

    tabell = skattesatser(ar).set_index("kommunkod")["kommun"]
    saknas = df.index.difference(tabell.index)
    if len(saknas):
        raise IndataFel(f"scenarier: skattesats saknas för kommun {saknas[0]} år {ar}; ange kolumnen skattesats i underlaget.")
    return tabell.reindex(df.index).to_numpy(dtype=float)


def scenarier(
    underlag: pd.DataFrame,
    ar: int,
    varieras: Mapping,
    *,
    niva: str = "kommun",
    riket: Mapping | pd.Series | str | None = None,
    reform: str | Mapping | None = None,
    matt: str | None = None,
) -> pd.DataFrame:
    """Kr per invånare per kommun (index ``kommunkod``/``lanskod``) och scenario (en kolumn per scenario).

    ``underlag`` och ``riket`` som i ``inkomstutjamning``; ``reform`` är grunden som scenarierna ändrar.
    Kolumnerna heter som de varierade värdena (ett ``MultiIndex`` när flera storheter varieras);
    ``attrs``: ``parametrar`` (namnen), ``varden`` (namn → fält), ``matt``, ``enhet``, ``ar``, ``niva``.
    """
    df = niva_tabell(underlag, ["skatteunderlag", "folkmangd"], niva, icke_negativa=["skatteunderlag"],
                     positiva=["folkmangd"], namn="underlag")
    ar = kontrollera_ar(ar)
    varden, antal = _varden(varieras, niva)
    matt = matt or ("summa" if "skattesats" in varden else "inkomstutjamning")
    if matt not in MATT:
        raise IndataFel(f"scenarier: okänt mått {matt!r}; välj bland {', '.join(MATT)}.")
    if antal * len(df) > MAX_CELLER:
        raise IndataFel(f"scenarier: {antal} scenarier × {len(df)} rader är för många (högst {MAX_CELLER:,} celler); "
                        "dela upp körningen.".replace(",", " "))
    p = parametrar(reform)
    lanskoder = (lanskod_for(df.index) if niva == "kommun" else df.index).to_numpy()
    lag = lagens_varden(p, niva, ar, lanskoder, df.index)
    totaler = rikstotaler(riket, df, ar, niva)
    su_riket, n_riket = totaler["skatteunderlag"], totaler["folkmangd"]
    F, sb_lan, sa_lan = lag["F"], lag["sb_lan"], lag["sa_lan"]
    N, SU = df["folkmangd"].to_numpy(), df["skatteunderlag"].to_numpy()
    s_kommun = _egen_skattesats(underlag, df, ar) if matt != "inkomstutjamning" else None
    namn = _parametrarna(niva)
    # rikets underlag är radernas summa (också när det växer) när raderna är hela landet
    summera_raderna = (isinstance(riket, str) and riket == RADERNA) or (riket is None and hela_landet(df.index, niva))

    ut = np.empty((len(N), antal))
    for start in range(0, antal, BLOCK):  # block om BLOCK scenarier, vektoriserat inom blocket
        d = {k: v[start:start + BLOCK, None] for k, v in varden.items()}  # (s, 1) mot raderna (n,)
        v = {k: d.get(n, lag[k]) for n, k in namn.items()}  # varierat (s, 1) eller lagens värde
        if "skatteunderlag_tillvaxt" in d:
            su = SU * (1 + d["skatteunderlag_tillvaxt"])
            su_r = su.sum(axis=1, keepdims=True) if summera_raderna else su_riket * (1 + d["skatteunderlag_tillvaxt"])
        else:
            su, su_r = SU, su_riket
        kr = 0.0
        if matt != "skatteintakter":
            just = d.get("skattesatsjustering", 0.0)
            s_b, s_a = sb_lan + (v["jb"] + just), sa_lan + (v["ja"] + just)
            msk = F * su_r / n_riket
            _, ar_b, ar_a, _, kr = utjamna(su * F, N, msk, v["g"], s_b, s_a, lag["grans"], lag["sankning"], lag["steg"])
            kontrollera_satser(p, niva, lanskoder, sb_lan, sa_lan, ar_b, ar_a, ar, df.index)
        if matt != "inkomstutjamning":
            s = s_kommun + d["skattesats"] if "skattesats" in d else s_kommun
            kr = kr + su * F * s / 100 / N
        ut[:, start:start + BLOCK] = np.broadcast_to(kr, (min(BLOCK, antal - start), len(N))).T
    if len(varden) == 1:
        kolumner = pd.Index(next(iter(varden.values())), name=next(iter(varden)))
    else:
        kolumner = pd.MultiIndex.from_arrays(list(varden.values()), names=list(varden))
    res = pd.DataFrame(ut, index=df.index, columns=kolumner)
    res.attrs = {"parametrar": list(varden), "varden": {k: np.array(v) for k, v in varden.items()}, "matt": matt,
                 "enhet": "kr/inv", "ar": ar, "niva": niva, "riket": totaler, "reform": reform if isinstance(reform, (str, type(None))) else dict(reform)}
    return res

