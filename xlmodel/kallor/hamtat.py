"""Hämtade tabeller med proveniens, för beräkningarna: ett hämtat värde ersätter ett medföljande bara för de
(kommun, år) som hämtningen täcker, och varje värde bär sin årgång ("SCB TAB6471 (uppdaterad …, hämtad …)").

Utan nät och utan cache returnerar funktionerna None och de medföljande data gäller (``referensdata``).
"""
from __future__ import annotations

import math
import os
import time

import pandas as pd

from . import cache

# Datakolumn (arbetsbokens blad Data) -> (cachetabell, kolumn, kod i tabellen: "kommun" eller "00" = riket), i
# prioritetsordning: SCB:s utfall före Koladas kopia av samma tal.
DATAKALLOR = {
    "folkmangd": [("scb_folkmangd_1nov", "folkmangd_1nov", "kommun")],
    "skatteunderlag": [("scb_skatteunderlag", "skatteunderlag", "kommun")],
    "riket_folkmangd": [("scb_folkmangd_1nov", "folkmangd_1nov", "00")],
    "riket_skatteunderlag": [("scb_skatteunderlag", "skatteunderlag", "00")],
    "skattesats": [("scb_skattesats", "skattesats_kommun", "kommun")],
    "kostnadsutjamning": [("scb_utjamning", "kostnadsutjamning", "kommun"), ("kolada_utjamning", "kostnadsutjamning", "kommun")],
    "strukturbidrag": [("scb_utjamning", "strukturbidrag", "kommun"), ("kolada_utjamning", "strukturbidrag", "kommun")],
    "inforandebidrag": [("scb_utjamning", "inforandebidrag", "kommun"), ("kolada_utjamning", "inforandebidrag", "kommun")],
    "regleringspost": [("scb_utjamning", "regleringspost", "kommun"), ("kolada_utjamning", "regleringspost", "kommun")],
    "lss_utjamning": [("kolada_utjamning", "lss_utjamning", "kommun")],
}


# Laddarnas namn (``kallor.scb``) -> (cachetabell, kolumn i cachen, kolumn hos laddaren, förskjutning av ``ar``).
# Laddarens folkmangd_1nov har ``ar`` = mätåret (utjämningsåret − 1).
LADDARTABELLER = {
    "skattekraft": ("scb_skatteunderlag", "skattekraft", "skattekraft", 0),
    "skatteunderlag": ("scb_skatteunderlag", "skatteunderlag", "skatteunderlag", 0),
    "folkmangd_1nov": ("scb_folkmangd_1nov", "folkmangd_1nov", "folkmangd", -1),
    "skattesats_total": ("scb_skattesats", "skattesats_total", "skattesats_total", 0),
}


def laddartabell(namn: str) -> pd.DataFrame | None:
    """En hämtad tabell i formen som ``kallor.scb`` läser (``kommunkod``, ``ar``, värdet, ``kalla`` med årgången),
    bara kommunrader; None om inget är hämtat. Se ``cache.tabell``."""
    if namn not in LADDARTABELLER:
        return None
    tabell, kol, ny_kol, skift = LADDARTABELLER[namn]
    h = hamtad(tabell)
    if h is None or kol not in h.data.columns:
        return None
    d = h.data[h.data["kommunkod"].str.len() == 4].dropna(subset=[kol])
    if d.empty:
        return None
    kalla = {int(a): h.beskriv(int(a)) for a in d["ar"].unique()}
    return pd.DataFrame({"kommunkod": d["kommunkod"].to_numpy(), "ar": (d["ar"] + skift).to_numpy(),
                         ny_kol: d[kol].astype(float).to_numpy(), "kalla": d["ar"].map(kalla).to_numpy()})


def hamtad(namn: str) -> cache.Hamtad | None:
    """Cachetabellen ``namn`` med proveniens (``cache.Hamtad``), eller None om inget är hämtat."""
    return cache.las(namn)


def varden(namn: str, kolumn: str, ar: int) -> tuple[pd.Series, str] | None:
    """Hämtade värden för ett år: (Series kommunkod → värde, årgångstext), eller None om året inte är hämtat.

    Koden ``00`` är riket. Så här föredrar en laddare hämtade tal framför medföljande::

        h = varden("scb_folkmangd_1nov", "folkmangd_1nov", 2026)
        if h is not None:
            serie, kalla = h   # officiell folkmängd 1 november 2025 i stället för approximationen
    """
    h = hamtad(namn)
    if h is None or kolumn not in h.data.columns or h.arsvintage(ar) is None:
        return None
    d = h.data[h.data["ar"] == int(ar)].dropna(subset=[kolumn])
    if d.empty:
        return None
    return d.set_index("kommunkod")[kolumn].astype(float), h.beskriv(ar)


# Budgetblockets datanamn -> cachetabeller i prioritetsordning (som DATAKALLOR, plus SCB:s publicerade
# inkomstutjämning); koden "00" är riket.
BLOCKKALLOR = {**{k: v for k, v in DATAKALLOR.items() if not k.startswith("riket_")},
               "inkomstutjamning": [("scb_utjamning", "inkomstutjamning", "kommun"),
                                    ("kolada_utjamning", "inkomstutjamning", "kommun")]}


def datavarde(kod: str, kolumn: str, ar: int) -> tuple[float, str] | None:
    """Ett hämtat värde för kommun (eller riket, ``"00"``) ``kod``, datanamnet ``kolumn`` (``folkmangd``,
    ``skatteunderlag``, ``kostnadsutjamning`` …) och år ``ar``, med årgångstexten; None om det inte är hämtat."""
    index = _index()
    return index.get(kolumn, {}).get((str(kod), int(ar))) if index else None


def datavarden() -> dict[str, dict[tuple[str, int], tuple[float, str]]]:
    """Alla hämtade värden som ``datavarde`` slår upp, ``{datanamn: {(kod, år): (värde, årgångstext)}}``, för den som
    slår upp många (budgetblockets kalkyl läser dem en gång); tomt utan hämtning. Får inte ändras."""
    return _index()


def hamtade_ar(kod: str, kolumn: str) -> frozenset[int]:
    """De år som ``datavarde`` har ett hämtat värde för (``kod``, ``kolumn``)."""
    _index()
    per_kod = _senaste_index[2]
    if kolumn not in per_kod:
        ar: dict = {}
        for k, a in _senaste_index[1].get(kolumn, {}):
            ar.setdefault(k, set()).add(a)
        per_kod[kolumn] = {k: frozenset(v) for k, v in ar.items()}
    return per_kod[kolumn].get(str(kod), frozenset())


_senaste_index: list = [None, {}, {}]  # (tillstand, index, år per kolumn och kod): bara det senaste, minnet växer inte


def _index() -> dict[str, dict[tuple[str, int], tuple[float, str]]]:
    """{datanamn: {(kod, år): (värde, årgångstext)}} ur cachetabellerna i ``BLOCKKALLOR`` med första källan i
    listan före de senare; tomt utan hämtade tabeller. Byggs en gång per cacheversion (``tillstand``)."""
    nyckel = tillstand()
    if _senaste_index[0] != nyckel:
        _senaste_index[:] = [nyckel, _bygg_index(), {}]
    return _senaste_index[1]


def _bygg_index() -> dict:
    ut: dict = {}
    for kolumn, lista in BLOCKKALLOR.items():
        varden: dict = {}
        for namn, kol, _ in lista:
            h = hamtad(namn)
            if h is None or kol not in h.data.columns:
                continue
            texter: dict[int, str] = {}
            for kod, ar, v in zip(h.data["kommunkod"], h.data["ar"], h.data[kol]):
                nyckel = (str(kod), int(ar))
                if nyckel not in varden and not pd.isna(v):
                    if nyckel[1] not in texter:
                        texter[nyckel[1]] = h.beskriv(nyckel[1])
                    varden[nyckel] = (float(v), texter[nyckel[1]])
        if varden:
            ut[kolumn] = varden
    return ut


#: Sekunder mellan kontrollerna av cachemappen (en hämtning i en annan process syns inom så lång tid).
KONTROLL_S = 1.0
NYSS_S = 2.0
_senast: dict = {"mapp": None, "version": None, "tid": -math.inf, "nyckel": ()}


def tillstand() -> tuple:
    """Hämtcachens version som nyckel för den som minns resultat räknade ur hämtade värden (budgetblocket):
    (mappen, antal hämtningar i processen, mappens ändringstid). Billig: mappen kontrolleras (en ``stat``) när
    mappen eller processens hämtningar ändrats, annars högst en gång per ``KONTROLL_S`` sekunder; cachefilerna
    skrivs atomiskt (namnbyte), så en ny hämtning ändrar mappens ändringstid. En mapp ändrad de senaste
    ``NYSS_S`` sekunderna litas inte ensam på (tidsstämpeln kan vara grövre än två skrivningar): då kontrolleras
    mappen vid varje anrop och filernas namn, storlek och ändringstid ingår i nyckeln."""
    m, s, nu = os.environ.get("XLMODEL_CACHE"), _senast, time.monotonic()
    if m != s["mapp"] or cache.version != s["version"] or nu - s["tid"] > KONTROLL_S:
        mappen = str(cache.mapp())
        try:
            andrad = os.stat(mappen).st_mtime_ns
        except OSError:
            andrad = None
        nyss = andrad is not None and time.time_ns() - andrad < NYSS_S * 1e9
        s.update(mapp=m, version=cache.version, tid=-math.inf if nyss else nu,
                 nyckel=(mappen, cache.version, andrad, _filer(mappen) if nyss else None))
    return s["nyckel"]


def _filer(mappen: str) -> tuple:
    try:
        return tuple(sorted((f.name, f.stat().st_size, f.stat().st_mtime_ns) for f in os.scandir(mappen)))
    except OSError:
        return ()


def ersatt(medfoljande: pd.Series, namn: str, kolumn: str, ar: int, kalla: str) -> tuple[pd.Series, pd.Series]:
    """``medfoljande`` (index kommunkod) med hämtade värden där de finns för år ``ar``; returnerar (värden,
    källa per kommun). Kommuner utan hämtat värde behåller det medföljande och ``kalla``."""
    ut, kallor = medfoljande.astype(float).copy(), pd.Series(kalla, index=medfoljande.index, dtype=object)
    h = varden(namn, kolumn, ar)
    if h is not None:
        serie, text = h
        gemensam = ut.index.intersection(serie.index)
        ut.loc[gemensam] = serie.loc[gemensam]
        kallor.loc[gemensam] = text
    return ut, kallor


def datablad(kommunkod: str, bas: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, dict[int, str]]]:
    """Bladet Data för ``kommunkod`` ur de nyaste data: ``bas`` (kolumnen ``ar`` och datakolumner, de medföljande
    data) med hämtade värden ovanpå för de år hämtningen täcker; hämtade år efter basens första läggs till.

    Returnerar (tabellen, {kolumn: {år: årgångstext}}) för de värden som kom från en hämtning."""
    ut = bas.copy().set_index("ar")
    ut.index = ut.index.astype(int)
    forsta = ut.index.min() if len(ut) else 0
    kallor: dict[str, dict[int, str]] = {}
    for kol, lista in DATAKALLOR.items():
        if kol not in ut.columns:
            continue
        for namn, kalla_kol, niva in reversed(lista):  # högst prioritet sist, så att den vinner
            h = hamtad(namn)
            if h is None or kalla_kol not in h.data.columns:
                continue
            kod = "00" if niva == "00" else str(kommunkod)
            d = h.data[(h.data["kommunkod"] == kod) & (h.data["ar"] >= forsta)].dropna(subset=[kalla_kol])
            d = d.set_index("ar")[kalla_kol]
            if d.empty:
                continue
            ut = ut.reindex(ut.index.union(d.index.astype(int)))
            ut.loc[d.index, kol] = d.astype(float)
            kallor.setdefault(kol, {}).update({int(a): h.beskriv(int(a)) for a in d.index})
    ut.index.name = "ar"
    return ut.reset_index(), kallor


def andringar(gammal: pd.DataFrame, ny: pd.DataFrame, kallor: dict[str, dict[int, str]], visa: int = 6) -> list[str]:
    """Svenska rader om vad som ändrats mellan två Data-tabeller: per kolumn och årgång vilka år, gammalt → nytt."""
    g = gammal.set_index("ar") if "ar" in gammal.columns else gammal
    n = ny.set_index("ar")
    rader = []
    for kol in n.columns:
        per_kalla: dict[str, list[str]] = {}
        for a, v in n[kol].items():
            fore = g[kol].get(a) if kol in g.columns else None
            if _tal(v) is not None and (_tal(fore) is None or not math.isclose(_tal(fore), _tal(v), rel_tol=1e-9, abs_tol=1e-9)):
                per_kalla.setdefault(kallor.get(kol, {}).get(int(a), "medföljande data"), []).append(
                    f"{a}: {_visa(fore)} → {_visa(v)}")
        for kalla, ar in per_kalla.items():
            fler = f" … och {len(ar) - visa} år till" if len(ar) > visa else ""
            rader.append(f"{kol}, {kalla}: " + ", ".join(ar[:visa]) + fler)
    return rader


def _tal(v):
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def _visa(v) -> str:
    f = _tal(v)
    return "tomt" if f is None else f"{f:,.0f}".replace(",", " ")
