"""Budgetblockets medföljande data per kommun och utjämningsår (via ``xlmodel.kallor``)."""
from __future__ import annotations

from functools import lru_cache
from typing import Mapping

import numpy as np
import pandas as pd

from ..fel import IndataFel, ParameterFel
from ..kallor.referensdata import (
    kommuner,
    riket_folkmangd_1nov,
    scb_skatteunderlag,
    scb_utjamning_orebro_lan,
    skattesatser,
)
from ..validering import avrunda_krontal, kontrollera_ar, normalisera_kod, tal


# Kolumnerna i en datatabell per utjämningsår (bladet "Data" i arbetsboken), i Antaganden-namn.
DATAKOLUMNER = ("folkmangd", "skatteunderlag", "riket_folkmangd", "riket_skatteunderlag", "skattesats",
                "kostnadsutjamning", "strukturbidrag", "inforandebidrag", "regleringspost", "lss_utjamning",
                "fastighetsavgift", "ovriga_bidrag")


def kommundata(kommunkod) -> pd.DataFrame:
    """Medföljande data för en Örebro läns-kommun per utjämningsår (de år SCB-tabellen har, i dag 2005–2026) i
    ``DATAKOLUMNER`` (tomt där data saknas).

    Folkmängden 1 nov t−1 är implicit ur SCB:s tkr-total; rikets folkmängd är KALIBRERAD (se ``referensdata``).
    """
    kod = _kontrollera_kommun(kommunkod)
    ar_lista = sorted(a for k, a in _orebro() if k == kod)
    if not ar_lista:
        raise IndataFel(f"Kommun {kod} finns inte i medföljande data (Örebro läns kommuner); ange egna data.")
    rader = []
    for ar in ar_lista:
        rad = {"ar": ar, **{k: _data_kommun(kod, k, ar) for k in ("folkmangd", "skatteunderlag")}}
        rad["riket_folkmangd"] = _riket_folkmangd().get(ar)
        rad["riket_skatteunderlag"] = _skatteunderlag().get(("00", ar))
        for k in ("kostnadsutjamning", "strukturbidrag", "inforandebidrag", "regleringspost"):
            rad[k] = _data_kommun(kod, k, ar)
        rader.append(rad)
    ut = pd.DataFrame(rader).reindex(columns=["ar", *DATAKOLUMNER])
    ut.attrs["kommunkod"] = kod
    return ut


def antaganden_ur_data(data: pd.DataFrame, egna: Mapping | None = None) -> dict:
    """Antaganden ur en datatabell (kolumnen ``ar`` och någon av ``DATAKOLUMNER``, en rad per utjämningsår),
    med användarens egna antaganden ovanpå: för varje variabel och år går ett eget värde före datat.
    Ett år på två rader är ett fel (annars vinner den sista raden tyst)."""
    if "ar" not in data.columns:
        raise IndataFel("data: kolumnen 'ar' (utjämningsår) saknas.")
    okanda = [k for k in data.columns if k != "ar" and k not in DATAKOLUMNER]
    if okanda:
        raise IndataFel(f"data: okänd kolumn {okanda[0]!r}; kända är ar, {', '.join(DATAKOLUMNER)}.")
    ut: dict = {}
    sedda: dict[int, int] = {}
    for i, rad in enumerate(data.to_dict("records"), start=1):
        ar = kontrollera_ar(rad["ar"])
        if ar in sedda:
            raise IndataFel(f"data rad {i}: året {ar} förekommer två gånger (även på rad {sedda[ar]}); "
                            "ange ett år en gång.")
        sedda[ar] = i
        for k, v in rad.items():
            if k != "ar" and v is not None and not (isinstance(v, float) and np.isnan(v)):
                ut.setdefault(k, {})[ar] = tal(v, f"data rad {i}, kolumn {k}")
    for k, v in dict(egna or {}).items():
        if isinstance(v, Mapping) and isinstance(ut.get(k), dict):
            ut[k] = {**ut[k], **v}
        else:
            ut[k] = v
    return ut



@lru_cache(maxsize=None)
def _orebro() -> dict[tuple[str, int], dict[str, float]]:
    df = scb_utjamning_orebro_lan()
    df["folkmangd"] = avrunda_krontal(df["summa_tkr"] * 1000 / df["summa_kr_per_inv"])
    return {(r["kommunkod"], int(r["ar"])): r for r in df.to_dict("records")}


@lru_cache(maxsize=None)
def _skatteunderlag() -> dict[tuple[str, int], float]:
    df = scb_skatteunderlag()
    return {(k, int(a)): float(v) for k, a, v in zip(df["kod"], df["ar"], df["skatteunderlag"])}


def _data_kommun(kod: str, kolumn: str, ar: int):
    if kolumn == "skatteunderlag":
        return _skatteunderlag().get((kod, ar))
    rad = _orebro().get((kod, ar))
    return None if rad is None else float(rad[kolumn])


@lru_cache(maxsize=None)
def _regleringspost() -> dict[int, float]:
    """Regleringsposten i kr/inv per år ur SCB-tabellen. Den är lika för alla kommuner (lag 2004:773 15–16 §§);
    olika värden samma år i tabellen är ett datafel."""
    per_ar: dict[int, set] = {}
    for (_, ar), rad in _orebro().items():
        per_ar.setdefault(ar, set()).add(float(rad["regleringspost"]))
    fel = {ar: v for ar, v in per_ar.items() if len(v) != 1}
    if fel:
        ar = min(fel)
        raise ParameterFel(f"Medföljande SCB-data {ar}: regleringsposten skiljer sig mellan kommuner "
                           f"({', '.join(str(v) for v in sorted(fel[ar]))} kr/inv); den ska vara lika (15–16 §§).")
    return {ar: v.pop() for ar, v in per_ar.items()}


@lru_cache(maxsize=None)
def _golv() -> int:
    """Första året med medföljande skatteunderlag; serierna söks inte bakåt förbi det."""
    return min(a for _, a in _skatteunderlag())


def _dataar() -> str:
    """Årsintervallet i den medföljande SCB-tabellen, t.ex. "2005–2026"."""
    ar = [a for _, a in _orebro()]
    return f"{min(ar)}–{max(ar)}"


def _regleringspost_data(ar: int):
    return _regleringspost().get(ar)


@lru_cache(maxsize=None)
def _riket_folkmangd() -> dict[int, float]:
    """Rikets folkmängd 1 nov t−1 (KALIBRERAD) för de utjämningsår den medföljande tabellen har."""
    ut = {}
    for ar in sorted({a for _, a in _skatteunderlag()} | {a for _, a in _orebro()}):
        try:
            ut[ar] = float(riket_folkmangd_1nov(ar))
        except IndataFel:
            continue
    return ut


@lru_cache(maxsize=None)
def _skattesatsar() -> tuple[int, ...]:
    """De år som ``referensdata.skattesatser`` har kommunala skattesatser för (i dag 2025 och 2026)."""
    ut = []
    for ar in range(min(a for _, a in _skatteunderlag()), max(a for _, a in _skatteunderlag()) + 2):
        try:
            skattesatser(ar)
        except IndataFel:
            continue
        ut.append(ar)
    return tuple(ut)


def _kontrollera_kommun(kommunkod) -> str:
    kod = normalisera_kod(kommunkod)
    if kod not in set(kommuner()["kommunkod"]):
        raise IndataFel(f"Okänd kommunkod {kod}.")
    return kod
