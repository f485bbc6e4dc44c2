"""Budgetblockets medföljande data per kommun och utjämningsår (via ``xlmodel.kallor``)."""
from __future__ import annotations

import math
from functools import lru_cache
from typing import Mapping

import pandas as pd

from ..fel import IndataFel, ParameterFel
from ..kallor.hamtat import datavarde as _hamtat  # hämtat (kommun, år) före medföljande
from ..kallor.hamtat import datavarden as hamtade
from ..kallor.hamtat import hamtade_ar as _hamtade_ar
from ..kallor.referensdata import (
    SKATTESATSAR,
    kommunkoder,
    kommuner,
    lanskoder,
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

KALLA_SCB_UTFALL = "SCB:s publicerade utfall (OE0115)"
KALLA_SCB_SU = "SCB OE0101 skatteunderlag (officiellt)"
KALLA_SCB_N = "folkmängd 1 nov året före ur SCB:s utfall (tkr / kr per inv)"


def kommundata(kommunkod, niva: str = "kommun") -> pd.DataFrame:
    """Medföljande data för en kommun (alla 290) eller region (``niva="region"``, länskod) per utjämningsår i
    ``DATAKOLUMNER`` (tomt där data saknas). Källorna per år och kolumn står i ``attrs["kallor"]``.

    Skatteunderlag och folkmängd 1 nov t−1: SCB:s egna siffror där de medföljer (Örebro län), annars
    ``xlmodel.kallor.underlag`` (härlett skatteunderlag, approximerad folkmängd; se dess källtexter).
    Kostnadsutjämning, struktur- och införandebidrag: SCB:s utfall (bara Örebro läns kommuner). Regleringsposten
    är en riksgemensam kr/inv för kommuner (15–16 §§) och läggs på varje kommun.
    """
    kod = kontrollera_kod(kommunkod, niva)
    # hela landets underlag har varje kommun (region) de år det täcker: åren utan att läsa tabellerna
    ar_lista = sorted({a for k, a in _orebro() if k == kod} | set(_tackta()))
    if not ar_lista:
        raise IndataFel(f"{'Kommun' if niva == 'kommun' else 'Region'} {kod}: medföljande data saknas; ange egna data.")
    rader, kallor, h = [], {}, hamtade()  # de hämtade värdena en gång, inte ett uppslag per värde
    for ar in ar_lista:
        rad = {"ar": ar, **{k: _data_kommun(kod, k, ar, h) for k in ("folkmangd", "skatteunderlag")}}
        rad["riket_folkmangd"] = _riket_folkmangd().get(ar)
        rad["riket_skatteunderlag"] = _skatteunderlag().get(("00", ar))
        rad["skattesats"] = skattesats_data(kod, ar, niva)
        for k in ("kostnadsutjamning", "strukturbidrag", "inforandebidrag"):
            rad[k] = _data_kommun(kod, k, ar, h)
        rad["regleringspost"] = _regleringspost_data(ar) if niva == "kommun" else None
        rader.append(rad)
        kallor[ar] = {k: kalla(kod, k, ar, h) for k in ("folkmangd", "skatteunderlag")}
    ut = pd.DataFrame(rader).reindex(columns=["ar", *DATAKOLUMNER])
    ut.attrs["kommunkod"] = kod
    ut.attrs["niva"] = niva
    ut.attrs["kallor"] = kallor
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
    for i, rad in enumerate(_rader(data), start=1):
        ar = kontrollera_ar(rad["ar"])
        if ar in sedda:
            raise IndataFel(f"data rad {i}: året {ar} förekommer två gånger (även på rad {sedda[ar]}); "
                            "ange ett år en gång.")
        sedda[ar] = i
        for k, v in rad.items():
            if k != "ar" and v is not None and not (isinstance(v, float) and v != v):  # NaN: tomt
                # ett ändligt flyttal är redan ett tal (``tal`` ger det oförändrat); annat prövas med ``tal``
                ut.setdefault(k, {})[ar] = v if type(v) is float and math.isfinite(v) else tal(v, f"data rad {i}, kolumn {k}")
    for k, v in dict(egna or {}).items():
        if isinstance(v, Mapping) and isinstance(ut.get(k), dict):
            ut[k] = {**ut[k], **v}
        else:
            ut[k] = v
    return ut


def _rader(data: pd.DataFrame) -> list[dict]:
    """``data.to_dict("records")`` ur tabellens fält som Python-objekt i ett svep (som pandas: numpy-tal som
    Python-tal, ``maybe_box_native``), utan pandas per cell; pandas egen väg om kolumnnamnen inte är unika."""
    if not data.columns.is_unique:
        return data.to_dict("records")
    from pandas.core.dtypes.cast import maybe_box_native

    namn = list(data.columns)
    return [dict(zip(namn, map(maybe_box_native, rad))) for rad in data.to_numpy(dtype=object).tolist()]


@lru_cache(maxsize=None)
def _orebro() -> dict[tuple[str, int], dict[str, float]]:
    df = scb_utjamning_orebro_lan()
    df["folkmangd"] = avrunda_krontal(df["summa_tkr"] * 1000 / df["summa_kr_per_inv"])
    return {(r["kommunkod"], int(r["ar"])): r for r in _rader(df)}


@lru_cache(maxsize=None)
def _skatteunderlag() -> dict[tuple[str, int], float]:
    df = scb_skatteunderlag()
    return {(k, int(a)): float(v) for k, a, v in zip(df["kod"], df["ar"], df["skatteunderlag"])}


@lru_cache(maxsize=None)
def _tackta() -> tuple[int, ...]:
    """Åren som hela landets underlag (``xlmodel.kallor.underlag``) täcker; tomt om modulen saknas."""
    try:
        from ..kallor.underlag import tackta_ar
    except ImportError:
        return ()
    return tuple(tackta_ar())


@lru_cache(maxsize=None)
def _alla_ar(niva: str, ar: int) -> dict[str, dict]:
    """Kommunkod (länskod) → skatteunderlag, folkmängd och deras källor ur hela landets underlag för ett år,
    läst första gången året och nivån behövs (en gång per process); tomt för ett år som inte täcks."""
    if ar not in _tackta():
        return {}
    from ..kallor.underlag import underlag

    df = underlag(ar, niva)
    return {r[df.columns[0]]: r for r in df.to_dict("records")}


def _alla(kod: str, ar: int) -> dict | None:
    """Raden för kommunen (eller regionen, länskod) år ``ar`` ur hela landets underlag, eller None."""
    if len(kod) == 4:
        return _alla_ar("kommun", int(ar)).get(kod)
    return _alla_ar("region", int(ar)).get(kod) if kod in lanskoder() else None  # riket ("00") finns i ingen


def _data_kommun(kod: str, kolumn: str, ar: int, hamtade: dict | None = None):
    """Ett värde ur data: hämtat (``xlmodel hamta``, för de kommuner och år hämtningen täcker) före medföljande
    (SCB:s egna siffror först, sedan hela landets underlag), eller None. ``hamtade``: ``hamtat.datavarden()``
    redan läst (annars slås värdet upp här)."""
    hamtat = _hamtat(kod, kolumn, ar) if hamtade is None else hamtade.get(kolumn, {}).get((kod, ar))
    if hamtat is not None:
        return hamtat[0]
    if kolumn == "skatteunderlag" and (kod, ar) in _skatteunderlag():
        return _skatteunderlag()[(kod, ar)]
    rad = _orebro().get((kod, ar))
    if rad is not None and kolumn in rad:
        return float(rad[kolumn])
    rad = _alla(kod, ar)
    if rad is not None and kolumn in ("skatteunderlag", "folkmangd"):
        return float(rad[kolumn])
    return None


def utfallsar(kod: str, kolumn: str) -> frozenset[int]:
    """De år som ``_data_kommun`` har ett värde för (``kod``, ``kolumn``) i SCB:s utfall (OE0115, medföljande eller
    hämtat); för utjämningsdelarna i kr/inv (inte skatteunderlag och folkmängd)."""
    return _orebro_ar(kod, kolumn) | _hamtade_ar(kod, kolumn)


@lru_cache(maxsize=4096)
def _orebro_ar(kod: str, kolumn: str) -> frozenset[int]:
    return frozenset(a for (k, a), rad in _orebro().items() if k == kod and kolumn in rad)


def kalla(kod: str, kolumn: str, ar: int, hamtade: dict | None = None) -> str | None:
    """Källtexten för ett värde ur ``_data_kommun`` (för ett hämtat värde dess årgång, "SCB TAB6471 (uppdaterad …,
    hämtad …)"), eller None om värdet saknas."""
    hamtat = _hamtat(kod, kolumn, ar) if hamtade is None else hamtade.get(kolumn, {}).get((kod, ar))
    if hamtat is not None:
        return hamtat[1]
    if kolumn == "skatteunderlag" and (kod, ar) in _skatteunderlag():
        return KALLA_SCB_SU
    if (kod, ar) in _orebro():
        return KALLA_SCB_N if kolumn == "folkmangd" else KALLA_SCB_UTFALL
    rad = _alla(kod, ar)
    if rad is not None and kolumn in ("skatteunderlag", "folkmangd"):
        return str(rad[f"kalla_{kolumn}"])
    return None


def skattesats_data(kod: str, ar: int, niva: str = "kommun"):
    """Medföljande skattesats (procent) för kommunen (kommunal del) eller regionen år ``ar``, eller None."""
    if ar not in _skattesatsar():
        return None
    return _skattesatser_ar(ar, niva).get(kod)


@lru_cache(maxsize=None)
def _skattesatser_ar(ar: int, niva: str) -> dict[str, float]:
    t = skattesatser(ar)
    if niva == "kommun":
        return dict(zip(t["kommunkod"], t["kommun"].astype(float)))
    per_lan = t.groupby(t["kommunkod"].map(_lanskod))["region"].first().astype(float)
    return {k: v for k, v in per_lan.items() if v > 0}  # Gotland (09): ingen regionskatt i tabellen


def _lanskod(kommunkod: str) -> str:
    return _lanskarta().get(kommunkod, kommunkod[:2])


@lru_cache(maxsize=None)
def _lanskarta() -> dict[str, str]:
    return dict(zip(kommuner()["kommunkod"], kommuner()["lanskod"]))


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
    """Årsintervallet i de medföljande tabellerna för alla kommuner, t.ex. "2012–2025"."""
    ar = list(_tackta()) or [a for _, a in _orebro()]
    return f"{min(ar)}–{max(ar)}"


@lru_cache(maxsize=None)
def sista_utfallsar() -> int:
    """Sista utjämningsåret med rikets skatteunderlag och folkmängd i medföljande data (utfall)."""
    return max(a for a in _riket_folkmangd() if ("00", a) in _skatteunderlag())


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
    """De år som ``referensdata.skattesatser`` har kommunala skattesatser för (i dag 2025 och 2026), inom de år som
    har skatteunderlag och året efter."""
    forsta, sista = min(a for _, a in _skatteunderlag()), max(a for _, a in _skatteunderlag())
    return tuple(a for a in sorted(SKATTESATSAR) if forsta <= a <= sista + 1)


def kontrollera_kod(kod, niva: str = "kommun") -> str:
    """Kommunkod (4 tecken) eller länskod (2 tecken, ``niva="region"``) ur en kod eller ett namn
    (``"Sundsvall"``, ``"Örebro län"``); okänd ger ``IndataFel``."""
    from ..kallor.referensdata import lan
    from ..niva import kontrollera_niva

    kontrollera_niva(niva)
    nyckel, langd = ("kommunkod", 4) if niva == "kommun" else ("lanskod", 2)
    if isinstance(kod, str) and kod.strip() and not kod.strip().isdigit():
        tabell = kommuner() if niva == "kommun" else lan()
        namn = kod.strip().casefold()
        for kol in [c for c in ("namn", "kortnamn") if c in tabell.columns]:
            traff = tabell[tabell[kol].str.casefold() == namn.removeprefix("region ")]
            if len(traff) == 1:
                return str(traff[nyckel].iloc[0])
        raise IndataFel(f"Okänd {'kommun' if niva == 'kommun' else 'region'} {kod!r}: ange kod eller namn "
                        f"({'t.ex. 2281 eller Sundsvall' if niva == 'kommun' else 't.ex. 18 eller Örebro län'}).")
    k = normalisera_kod(kod, langd, nyckel)
    if k not in (kommunkoder() if niva == "kommun" else lanskoder()):
        if niva == "kommun" and len(str(kod).strip()) <= 2 and str(kod).strip().zfill(2) in set(lan()["lanskod"]):
            raise IndataFel(f"Okänd kommunkod {k}: {str(kod).strip()} är en länskod; för en region ange "
                            f"niva='region' (kommandoraden: --region {str(kod).strip()}).")
        raise IndataFel(f"Okänd {'kommunkod' if niva == 'kommun' else 'länskod'} {k}.")
    return k


def _kontrollera_kommun(kommunkod) -> str:
    return kontrollera_kod(kommunkod, "kommun")
