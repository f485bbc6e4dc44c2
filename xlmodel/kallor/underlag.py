"""Hela landets underlag för inkomstutjämningen per utjämningsår: ``underlag(ar)`` och ``riket(ar)``.

Lag (2004:773) 3 §: medelskattekraften räknas över hela landet, med skatteunderlaget med utjämningsårets
etikett (inkomstår t−2) och de folkbokförda 1 november t−1. Varje tal bär sin källa (kolumnerna
``kalla_*`` och ``attrs["approximationer"]``):

* skatteunderlag per kommun: HÄRLETT ur SCB:s skattekraft × folkmängd 31 dec t−2 (``scb.skatteunderlag``);
  rikets skatteunderlag: SCB OE0101 (officiellt);
* folkmängd 1 november t−1 per kommun: APPROXIMERAD som (2 × folkmängd 31 dec t−2 + 10 × folkmängd 31 dec
  t−1) / 12, skalad så att summan blir rikets folkmängd (``skala=True``); rikets: KALIBRERAD ur SCB:s utfall
  för Örebro län (``referensdata.riket_folkmangd_1nov``), bättre än summan av approximationerna;
* en hämtad officiell folkmängd 1 november (``xlmodel hamta``, cachetabellen ``folkmangd_1nov`` med ``ar`` =
  mätåret) ersätter approximationen och kalibreringen.

Mätt mot SCB:s publicerade inkomstutjämning för Örebro läns 12 kommuner 2013–2025 (se README): största fel
298 kr/inv, medelfel per år 40–84 kr/inv; felet kommer nästan helt från 1 november-approximationen.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from ..fel import IndataFel
from . import scb
from .referensdata import _scb_skatteunderlag, kommuner, lan, lanskod_for, riket_folkmangd_1nov

KALLA_FOLKMANGD_APPROX = ("APPROXIMATION: folkmängd 1 nov t−1 ≈ (2 × 31 dec t−2 + 10 × 31 dec t−1) / 12 "
                          "(SCB BE0101){skala}")
KALLA_RIKET_SU = "SCB OE0101 rikets skatteunderlag (officiellt)"
KALLA_RIKET_N = ("KALIBRERAD: rikets folkmängd 1 nov t−1 härledd ur SCB:s utfall för Örebro län (ej officiell; "
                 "ersätts av SCB BE0101 folkmängd 1 november när den hämtats)")
APPROX_SKATTEUNDERLAG = ("Skatteunderlaget per kommun är härlett (SCB:s skattekraft × folkmängd 31 dec t−2), "
                         "inte SCB:s egen siffra: högst ±0,5 kr/inv i skattekraft ifrån.")
APPROX_FOLKMANGD = ("Folkmängden 1 november året före är approximerad: (2 × folkmängd 31 dec t−2 + 10 × folkmängd "
                    "31 dec t−1) / 12{skala}. Inkomstutjämningen blir då högst ca 300 kr/inv (i medel 40–85) "
                    "fel mot SCB:s utfall; en officiell 1 november-siffra (xlmodel hamta) tar bort felet.")
APPROX_RIKET_N = ("Rikets folkmängd 1 november är kalibrerad ur SCB:s utfall för Örebro län, inte officiell.")


def _officiell_1nov(ar: int) -> pd.DataFrame | None:
    """Hämtad officiell folkmängd 1 november t−1 för alla kommuner, eller None."""
    hamtad = scb._hamtad("folkmangd_1nov")
    if hamtad is None:
        return None
    d = hamtad[hamtad["ar"] == int(ar) - 1]
    return d if set(d["kommunkod"]) >= set(kommuner()["kommunkod"]) else None


_PER_AR: dict[tuple[int, str], tuple[pd.DataFrame, dict]] = {}


def _per_ar(df: pd.DataFrame, kolumn: str = "ar") -> dict:
    """{år: tabellens rader det året} för en lång tabell: ett svep per tabell (så länge samma tabellobjekt
    används, t.ex. ``scb._skatteunderlag()`` tills cachen töms), i stället för ett filter per anrop."""
    post = _PER_AR.get((id(df), kolumn))
    if post is None or post[0] is not df:
        if len(_PER_AR) > 8:
            _PER_AR.clear()
        post = _PER_AR[(id(df), kolumn)] = (df, {int(a): g for a, g in df.groupby(kolumn, sort=False)})
    return post[1]


@lru_cache(maxsize=None)
def _dec_bred() -> pd.DataFrame:
    return scb._folkmangd_31dec().pivot(index="kommunkod", columns="ar", values="folkmangd")


@lru_cache(maxsize=None)
def _dec_hela() -> frozenset[int]:
    """Åren med folkmängd 31 december för varje kommun (alla 290, ingen saknas): de kolumner i ``_dec_bred`` som
    är hela, räknat i den långa tabellen (en rad per kommun och år med ett värde) utan att vända den."""
    d = scb._folkmangd_31dec()
    if d["kommunkod"].nunique() != len(kommuner()):
        return frozenset()
    antal = d.groupby("ar")["kommunkod"].nunique()
    return frozenset(int(a) for a, n in antal.items() if n == len(kommuner()))


def _har_approx(ar: int) -> bool:
    """Om ``_approx_1nov`` kan räknas: folkmängden 31 december t−2 och t−1 finns för alla kommuner."""
    return {int(ar) - 2, int(ar) - 1} <= _dec_hela()


@lru_cache(maxsize=None)  # som _dec_bred: en gång per process (anroparna läser serien, ändrar den inte)
def _approx_1nov(ar: int) -> pd.Series | None:
    """(2 × 31 dec t−2 + 10 × 31 dec t−1) / 12 per kommun, eller None om något av åren saknas."""
    if not _har_approx(ar):
        return None
    dec = _dec_bred()
    return (2 * dec[ar - 2] + 10 * dec[ar - 1]) / 12


def riket(ar: int) -> dict:
    """Rikets ``skatteunderlag`` (kr, ej uppräknat) och ``folkmangd`` (1 nov t−1) för utjämningsår ``ar``,
    med ``kalla`` (och ``kalla_skatteunderlag``, ``kalla_folkmangd``): vad varje tal kommer ifrån.

    Skatteunderlaget är SCB OE0101:s rikstal (1995–2026). Folkmängden är en hämtad officiell 1 november-siffra
    om den finns, annars den kalibrerade (2005–2026), annars summan av approximationerna i ``underlag``.
    År utan båda ger ``IndataFel`` som säger vad som ska anges.
    """
    ar = int(ar)
    su = _scb_skatteunderlag()  # läses, ändras inte
    rad = _per_ar(su).get(ar, su.iloc[:0])
    rad = rad[rad["kod"] == "00"]
    hamtad = _hamtat_riket_skatteunderlag(ar)
    if rad.empty and hamtad is None:
        raise IndataFel(f"Rikets skatteunderlag för utjämningsår {ar} medföljer inte (finns {su['ar'].min()}–"
                        f"{su['ar'].max()}); ange rikets skatteunderlag och folkmängd själv.")
    officiell = _officiell_1nov(ar)
    if officiell is not None:
        n, kalla_n = float(officiell["folkmangd"].sum()), str(officiell["kalla"].iloc[0])
    else:
        try:
            n, kalla_n = float(riket_folkmangd_1nov(ar)), KALLA_RIKET_N
        except IndataFel:
            approx = _approx_1nov(ar)
            if approx is None:
                raise IndataFel(f"Rikets folkmängd 1 november {ar - 1} medföljer inte; ange den själv.") from None
            n, kalla_n = float(approx.sum()), KALLA_FOLKMANGD_APPROX.format(skala=", summerad över kommunerna")
    su_riket, kalla_su = hamtad or (float(rad["skatteunderlag"].iloc[0]), KALLA_RIKET_SU)
    return {"skatteunderlag": su_riket, "folkmangd": n,
            "kalla": f"skatteunderlag: {kalla_su}; folkmängd: {kalla_n}",
            "kalla_skatteunderlag": kalla_su, "kalla_folkmangd": kalla_n}


def _hamtat_riket_skatteunderlag(ar: int) -> tuple[float, str] | None:
    """Rikets skatteunderlag ur en hämtning (``xlmodel hamta``, SCB TAB3600 region 00) med årgången, eller None."""
    from .hamtat import varden

    h = varden("scb_skatteunderlag", "skatteunderlag", ar)
    if h is None or "00" not in h[0].index:
        return None
    return float(h[0]["00"]), f"SCB OE0101 rikets skatteunderlag, hämtat: {h[1]}"


def folkmangd_1nov(ar: int, skala: bool = True) -> pd.DataFrame:
    """Folkmängd 1 november ``ar`` − 1 per kommun (för utjämningsår ``ar``): ``kommunkod``, ``folkmangd``,
    ``kalla_folkmangd``; ``attrs["approximationer"]``, ``attrs["riket"]``. En hämtad officiell siffra om den
    finns, annars (2 × 31 dec t−2 + 10 × 31 dec t−1) / 12, med ``skala=True`` skalad till rikets folkmängd.
    Täcker utjämningsår 2012–2026 (folkmängd 31 december 2010–2025)."""
    ar = int(ar)
    k = kommuner()["kommunkod"]
    officiell = _officiell_1nov(ar)
    if officiell is not None:
        o = officiell.set_index("kommunkod").loc[k]
        df = pd.DataFrame({"kommunkod": k, "folkmangd": o["folkmangd"].to_numpy(dtype=float),
                           "kalla_folkmangd": o["kalla"].to_numpy()})
        df.attrs.update(approximationer=[], riket=riket(ar))
        return df
    approx = _approx_1nov(ar)
    if approx is None:
        raise IndataFel(f"Folkmängd 1 november {ar - 1} per kommun medföljer inte (folkmängd 31 december finns "
                        "2010–2025); ange den själv eller hämta den (xlmodel hamta).")
    n = approx.loc[k].to_numpy(dtype=float)
    rik = riket(ar)
    skalad = skala and rik["kalla_folkmangd"] == KALLA_RIKET_N
    text = ", skalad så att summan blir rikets kalibrerade folkmängd" if skalad else ""
    df = pd.DataFrame({"kommunkod": k, "folkmangd": n * rik["folkmangd"] / n.sum() if skalad else n,
                       "kalla_folkmangd": KALLA_FOLKMANGD_APPROX.format(skala=text)})
    df.attrs.update(approximationer=[APPROX_FOLKMANGD.format(skala=text)] + ([APPROX_RIKET_N] if skalad else []),
                    riket=rik)
    return df


def tackta_ar() -> list[int]:
    """Utjämningsåren som ``underlag`` täcker (alla 290 kommuner med skatteunderlag och folkmängd)."""
    su = scb._skatteunderlag()
    antal = su.groupby("ar")["kommunkod"].nunique()
    return [int(a) for a in antal.index[antal == len(kommuner())]
            if _officiell_1nov(a) is not None or _har_approx(a)]


def underlag(ar: int, niva: str = "kommun", skala: bool = True) -> pd.DataFrame:
    """Hela landets underlag för utjämningsår ``ar``: en rad per kommun (290) eller region (21, ``niva="region"``,
    summerat per län; Gotland 09 är sin egen).

    Kolumner: ``kommunkod`` (``lanskod``), ``namn``, ``skatteunderlag`` (kr, ej uppräknat, inkomstår t−2),
    ``folkmangd`` (1 nov t−1), ``kalla_skatteunderlag``, ``kalla_folkmangd``. ``attrs["approximationer"]``:
    svenska noter om det som är approximerat; ``attrs["riket"]``: ``riket(ar)``.
    ``skala=True``: de approximerade folkmängderna skalas så att summan blir rikets folkmängd i ``riket(ar)``
    (då ger alla rader samma medelskattekraft som en delmängd med ``riket(ar)``); ``False``: bara formeln.
    """
    from ..niva import kontrollera_niva

    kontrollera_niva(niva)
    ar = int(ar)
    su = _per_ar(scb._skatteunderlag()).get(ar)
    su = su.set_index("kommunkod") if su is not None else None
    if su is None or len(su) < len(kommuner()) or (_officiell_1nov(ar) is None and _approx_1nov(ar) is None):
        ar_ = tackta_ar()
        raise IndataFel(
            f"Underlag för alla kommuner medföljer för utjämningsår {ar_[0]}–{ar_[-1]}, inte {ar}; ange eget underlag "
            "(kommunkod, skatteunderlag, folkmangd 1 nov året före) eller hämta nyare data (xlmodel hamta)."
        )
    k = kommuner().set_index("kommunkod")
    df = pd.DataFrame({"kommunkod": k.index, "namn": k["namn"].to_numpy()})
    su = su.loc[df["kommunkod"]]  # en okänd eller saknad kommun är ett fel, inte ett tomt värde
    df["skatteunderlag"] = su["skatteunderlag"].to_numpy(dtype=float)
    df["kalla_skatteunderlag"] = su["kalla"].to_numpy()
    noter = [APPROX_SKATTEUNDERLAG] if (df["kalla_skatteunderlag"] == scb.KALLA_SKATTEUNDERLAG).any() else []
    n = folkmangd_1nov(ar, skala)  # samma kommunordning som df (kommuner())
    if not np.array_equal(n["kommunkod"].to_numpy(), df["kommunkod"].to_numpy()):
        n = n.set_index("kommunkod").loc[df["kommunkod"]]
    df["folkmangd"] = n["folkmangd"].to_numpy()
    df["kalla_folkmangd"] = n["kalla_folkmangd"].to_numpy()
    noter += n.attrs["approximationer"]
    rik = n.attrs["riket"]
    if niva == "region":
        df["lanskod"] = lanskod_for(df["kommunkod"]).to_numpy()
        g = df.groupby("lanskod")
        df = g[["skatteunderlag", "folkmangd"]].sum().reset_index()
        df["kalla_skatteunderlag"] = "summa över länets kommuner: " + g["kalla_skatteunderlag"].first().to_numpy()
        df["kalla_folkmangd"] = "summa över länets kommuner: " + g["kalla_folkmangd"].first().to_numpy()
        df.insert(1, "namn", df["lanskod"].map(lan().set_index("lanskod")["namn"]))
    df = df[[df.columns[0], "namn", "skatteunderlag", "folkmangd", "kalla_skatteunderlag", "kalla_folkmangd"]]
    df.attrs["approximationer"] = noter
    df.attrs["riket"] = rik
    df.attrs["ar"] = ar
    return df
