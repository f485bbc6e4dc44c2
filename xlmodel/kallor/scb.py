"""Medföljande SCB-tabeller för alla 290 kommuner, som långa tabeller (en rad per kommun och år).

Källor och licens i ``xlmodel/data/KALLOR.md``. Årskolumnen ``ar`` betyder olika saker per tabell och står i
varje funktions text: utjämningsår (skatteunderlag, skattekraft), mätdag 31 december (folkmängd) eller
inkomstår (uppräkningsfaktorer).

Hämtade tabeller (``xlmodel hamta``) ersätter de medföljande för de år de täcker: om modulen
``xlmodel.kallor.cache`` finns och har ``tabell(namn) -> DataFrame | None`` (samma kolumner som här, plus
``kalla``), används dess rader för de år den har (namnen: ``skattekraft``, ``folkmangd_31dec``,
``skatteunderlag``, ``folkmangd_1nov``, ``skattesats_total``, ``folkmangd_alder``).
"""
from __future__ import annotations

import importlib
import importlib.util
from functools import lru_cache

import numpy as np
import pandas as pd

from ..fel import IndataFel
from .referensdata import _csv, scb_utjamning_orebro_lan
from .tolkat import tolkad

KALLA_SKATTEKRAFT = "SCB OE0101 TAB3600 skattekraft kr/inv (CC0)"
KALLA_FOLKMANGD = "SCB BE0101 folkmängd 31 december (CC0)"
KALLA_SKATTEUNDERLAG = ("HÄRLEDD (approximation): SCB:s skattekraft år t × folkmängd 31 dec t−2 (skattekraften är "
                        "avrundad till hela kronor: ±0,5 kr/inv)")


def _bred_till_lang(df: pd.DataFrame, varde: str, prefix: str = "") -> pd.DataFrame:
    """SCB-tabell med en kolumn per år (``prefix`` + år) till en rad per kommun och år."""
    ar = {c: int(c[len(prefix):]) for c in df.columns if c.startswith(prefix) and c[len(prefix):].isdigit()}
    varden = df[list(ar)].to_numpy()  # rader × år, samma gemensamma dtype som melt ger
    kol, rad = np.divmod(np.arange(varden.size), len(df))  # kolumnvis som melt: alla kommuner år för år
    ar_v, v = np.array(list(ar.values()), dtype=np.int64)[kol], varden.ravel(order="F")
    rang = np.unique(df["kommunkod"].to_numpy(), return_inverse=True)[1]  # kodens plats i sorteringen
    behall = ~pd.isna(v)
    ordning = np.flatnonzero(behall)[np.lexsort((ar_v[behall], rang[rad][behall]))]  # som sort_values (stabil)
    return pd.DataFrame({"kommunkod": df["kommunkod"].array.take(rad[ordning]), "ar": ar_v[ordning], varde: v[ordning]})


def _hamtad(namn: str) -> pd.DataFrame | None:
    """En hämtad tabell ur cachen (``xlmodel.kallor.cache.tabell``) om sådan finns, annars None."""
    if importlib.util.find_spec(f"{__package__}.cache") is None:
        return None
    funktion = getattr(importlib.import_module(f"{__package__}.cache"), "tabell", None)
    return funktion(namn) if funktion is not None else None


def _med_hamtade(namn: str, medfoljande: pd.DataFrame, kalla: str) -> pd.DataFrame:
    """Medföljande rader med ``kalla``; en hämtad tabell ersätter dem för de år den täcker."""
    ut = medfoljande.assign(kalla=kalla)
    hamtad = _hamtad(namn)
    if hamtad is None or len(hamtad) == 0:
        return ut
    hamtad = hamtad.assign(kalla=hamtad["kalla"] if "kalla" in hamtad.columns else f"hämtad: {namn}")
    nyckel = [c for c in ("kommunkod", "ar", "alder") if c in ut.columns]  # bara de (kommun, år) som hämtats
    ut = ut[~pd.MultiIndex.from_frame(ut[nyckel]).isin(pd.MultiIndex.from_frame(hamtad[nyckel]))]
    return pd.concat([ut, hamtad[list(ut.columns)]], ignore_index=True).sort_values(["kommunkod", "ar"], ignore_index=True)


@tolkad("data/{0}")
def _kommuntabell(fil: str, varde: str, prefix: str = "") -> pd.DataFrame:
    """En medföljande kommuntabell med en kolumn per år som lång tabell (tolkad en gång, ``tolkat.tolkad``)."""
    return _bred_till_lang(_csv(fil, dtype={"kommunkod": str}), varde, prefix)


@lru_cache(maxsize=None)
def _skattekraft() -> pd.DataFrame:
    return _med_hamtade("skattekraft", _kommuntabell("scb_tab3600_skattekraft_kommun_1995_2025.csv", "skattekraft"),
                        KALLA_SKATTEKRAFT)


def skattekraft() -> pd.DataFrame:
    """SCB:s skattekraft (kr/inv, ej uppräknad) per kommun, ``ar`` = utjämningsåret 1995–2025.

    Skattekraft år t = skatteunderlag med etikett t (inkomstår t−2) / folkmängd 31 december t−2 (SCB:s not).
    Inte för utjämningen direkt (se ``skatteunderlag``). Nykvarn saknas 1995–98 och Knivsta 1995–2002.
    """
    return _skattekraft().copy()


@lru_cache(maxsize=None)
def _folkmangd_31dec() -> pd.DataFrame:
    return _med_hamtade("folkmangd_31dec", _kommuntabell("scb_folkmangd_31dec_kommun_2010_2025.csv", "folkmangd"),
                        KALLA_FOLKMANGD)


def folkmangd_31dec() -> pd.DataFrame:
    """Folkmängd 31 december per kommun 2010–2025 (``ar`` = mätåret). 2025 bär SCB:s slumpbrus (CKM, ±0–3)."""
    return _folkmangd_31dec().copy()


@lru_cache(maxsize=None)
def _skatteunderlag() -> pd.DataFrame:
    return _med_hamtade("skatteunderlag", _kommuntabell("derived_skatteunderlag_approx_kommun_2012_2025.csv",
                                                        "skatteunderlag", "skatteunderlag_approx_"), KALLA_SKATTEUNDERLAG)


def skatteunderlag() -> pd.DataFrame:
    """Skatteunderlag (kr, ej uppräknat) per kommun, ``ar`` = utjämningsåret (inkomstår ``ar`` − 2), 2012–2025.

    HÄRLETT, inte SCB:s egen siffra: skattekraft[t] × folkmängd 31 dec[t−2]; rikssumman ligger inom 1e-6 av
    SCB:s rikets skatteunderlag. Kolumnen ``kalla`` säger vilket (ett hämtat SCB-värde ersätter det).
    """
    return _skatteunderlag().copy()


@lru_cache(maxsize=None)
def _folkmangd_alder() -> pd.DataFrame:
    df = _csv("folkmangd_alder_kommun.csv", dtype={"kommunkod": str, "alder": str})
    df["alder"] = df["alder"].str.rstrip("+").astype(int)
    return _med_hamtade("folkmangd_alder", df, "SCB BE0101 TAB5557 folkmängd 31 december efter ålder (CC0)")


def folkmangd_alder(ar: int = 2025, kommunkod=None) -> pd.DataFrame:
    """Folkmängd 31 december efter ettårsklass: ``kommunkod``, ``ar``, ``alder`` (0–100, där 100 = 100 år och
    äldre), ``folkmangd``, ``kalla``. Medföljer för 2025 (SCB TAB5557; CKM-brus ±0–3 per cell).

    OBS: mätdagen är 31 december, inte 1 november (kostnadsutjämningens mätdag).
    """
    df = _folkmangd_alder()
    ut = df[df["ar"] == int(ar)]
    if ut.empty:
        finns = ", ".join(str(a) for a in sorted(df["ar"].unique()))
        raise IndataFel(f"Folkmängd efter ålder medföljer för {finns}, inte {ar}.")
    if kommunkod is not None:
        from ..validering import normalisera_kod
        kod = normalisera_kod(kommunkod)
        ut = ut[ut["kommunkod"] == kod]
        if ut.empty:
            raise IndataFel(f"Okänd kommunkod {kod}.")
    return ut.reset_index(drop=True)


def folkmangd_aldersgrupper(grupper: dict, ar: int = 2025) -> pd.DataFrame:
    """Folkmängd per kommun summerad i åldersgrupper, t.ex. ``{"65-79": (65, 79), "90-": (90, 100)}``
    (gränserna ingår; 100 = 100 år och äldre). En rad per kommun, en kolumn per grupp."""
    df = folkmangd_alder(ar)
    ut = pd.DataFrame(index=sorted(df["kommunkod"].unique()))
    ut.index.name = "kommunkod"
    for namn, (fran, till) in grupper.items():
        d = df[(df["alder"] >= int(fran)) & (df["alder"] <= int(till))]
        ut[namn] = d.groupby("kommunkod")["folkmangd"].sum()
    return ut.reset_index()


@lru_cache(maxsize=None)
def _skattesats_total() -> pd.DataFrame:
    df = _csv("skattesats_kommun_ar.csv", dtype={"kommunkod": str}).dropna(subset=["skattesats_total"])
    return _med_hamtade("skattesats_total", df.reset_index(drop=True),
                        "SCB OE0101 TAB2017 total kommunal skattesats, beslutad i december året före (CC0)")


def skattesats_total(ar: int | None = None) -> pd.DataFrame:
    """Total kommunal skattesats (kommun + region, procent) per kommun och år 2000–2026: ``kommunkod``, ``ar``,
    ``skattesats_total``, ``kalla``. Uppdelningen kommun/region finns för 2025–2026 i ``skattesatser(ar)``."""
    df = _skattesats_total()
    if ar is None:
        return df.copy()
    ut = df[df["ar"] == int(ar)]
    if ut.empty:
        raise IndataFel(f"Total skattesats medföljer för {df['ar'].min()}–{df['ar'].max()}, inte {ar}.")
    return ut.reset_index(drop=True)


def upprakningsfaktorer_sfs() -> pd.DataFrame:
    """Regeringens uppräkningsfaktorer ur förordningarna: ``sfs``, ``for_ar`` (utjämningsåret), ``inkomstar``,
    ``uppraknningsfaktor``, ``utfardad``, ``kalla_url`` (9 förordningar; parametrarna i
    ``parametrar/lag/upprakningsfaktorer.yaml`` är de som räknar)."""
    return _csv("uppraknningsfaktorer_sfs.csv", dtype={"sfs": str, "utfardad": str})


@lru_cache(maxsize=None)
def _regleringspost() -> pd.DataFrame:
    u = scb_utjamning_orebro_lan()
    per_ar = u.groupby("ar")["regleringspost"].agg(["min", "max"])
    olika = per_ar[per_ar["min"] != per_ar["max"]]
    if len(olika):  # ett belopp per invånare för hela landet (lag 2004:773 15–16 §§)
        raise IndataFel(f"Regleringsposten skiljer mellan kommunerna år {olika.index[0]} i medföljande data.")
    return pd.DataFrame({"ar": per_ar.index.astype(int), "kr_per_inv": per_ar["min"].astype(float).to_numpy(),
                         "kalla": "SCB OE0115 regleringsbidrag/-avgift kr/inv (samma för alla kommuner; "
                                  "avläst i Örebro läns serie)"})


def regleringspost_kr_per_inv(ar: int | None = None):
    """Regleringsbidrag (+) / -avgift (−) i kr per invånare, ett belopp för alla kommuner (lag 2004:773 15–16 §§),
    utjämningsår 2005–2026 ur SCB OE0115. Utan ``ar``: tabellen ``ar``, ``kr_per_inv``, ``kalla``.
    Gäller kommunerna; regionernas regleringspost är ett annat belopp och medföljer inte."""
    df = _regleringspost()
    if ar is None:
        return df.copy()
    rad = df[df["ar"] == int(ar)]
    if rad.empty:
        raise IndataFel(f"Regleringsposten medföljer för utjämningsår {df['ar'].min()}–{df['ar'].max()}, inte {ar}; "
                        "ange den (kr/inv).")
    return float(rad["kr_per_inv"].iloc[0])
