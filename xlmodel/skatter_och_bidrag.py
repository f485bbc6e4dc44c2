"""Skatter & bidrag: budgetblocket "Skatteintäkter, generella statsbidrag och utjämning" för en kommun,
för budgetåret och upp till åtta planår (motorn bakom SKR:s modell *Skatter & bidrag*, anchors.md §1).

Rader, tecken och enheter som i kommunernas budgetar (Sjöbo 2025, Upplands-Bro 2020–23, Göteborg
2017–18): intäkt +, avgift −, mnkr med en decimal (``enhet="kr_per_inv"`` ger kr per invånare).

* **Kommunalskatt** (preliminär) och **slutavräkning** året innan och innevarande år: ``skatteintakter.py``
  (lag 1965:269 4–6 §§).
* **Inkomstutjämning** beräknas med ``inkomstutjamning`` (lag 2004:773 3–7 §§). Övriga delar
  (kostnadsutjämning, LSS-utjämning, struktur- och införandebidrag, regleringspost i kr/inv; kommunal
  fastighetsavgift och övriga generella bidrag i kr) tas som publicerade eller användarens värden.
* **Projektion** (SKR:s metod för *Prognosunderlag*): kommunens skatteunderlag och folkmängd ändras i rikets
  takt och skattesatsen hålls. Användarens befolkningsprognos, skattesatser och rikets
  skatteunderlagsprognos går före. Med egen befolkningsprognos hålls kommunens skattekraft i förhållande
  till riket (modellval som SKR:s: fler invånare ger lika mycket mer underlag per invånare samma år; med
  ``skatteunderlag_efterslapning=2`` två år senare), och rikets summor justeras med kommunens avvikelse
  (medelskattekraften i 3 § räknas över hela landet; stäng av med ``justera_riket=False`` för SKR:s
  förenkling). Slutavräkningen per invånare räknas alltid på rikets summor utan kommunens avvikelse (5 §).
* Prognosantaganden (rikets skatteunderlagsökning, befolkningsökning, uppräkningsfaktorer, regleringspost,
  PKV) ligger i versionerade filer ``xlmodel/prognoser/<namn>.yaml``, namngivna efter cirkuläret.

Standarddata utan ``antaganden``: Örebro läns kommuner (SCB OE0115/OE0101, medföljer; åren ur tabellen, i dag
2005–2026); kommunens folkmängd 1 november året före = SCB:s summa i tkr × 1000 / summa kr/inv, avrundat;
rikets folkmängd 1 november är KALIBRERAD ur SCB-utfallet (``referensdata.riket_folkmangd_1nov``), inte
officiell. LSS-utjämning och kommunal fastighetsavgift ingår inte i SCB OE0115 och medföljer inte.
För andra kommuner måste folkmängd, skatteunderlag och de publicerade utjämningsdelarna anges.
"""
from __future__ import annotations

import dataclasses
import warnings
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping

import numpy as np
import pandas as pd
import yaml

from .fel import Anmarkning, IndataFel, ParameterFel
from .inkomstutjamning import inkomstutjamning, upprakningsfaktor
from .parametrar import parametrar
from .kallor.referensdata import (
    kommuner,
    riket_folkmangd_1nov,
    scb_skatteunderlag,
    scb_utjamning_orebro_lan,
    skattesatser,
)
from .skatteintakter import preliminar_skatt, slutavrakning_per_invanare
from .validering import GRANSER, avrunda_krontal, kontrollera_ar, normalisera_kod, rimlig, tal

# Budgetradernas namn (index i blocket).
KOMMUNALSKATT = "Kommunalskatt"
SLUTAVR_FG = "Slutavräkning året innan"
SLUTAVR_INN = "Slutavräkning innevarande år"
SUMMA_SKATT = "Summa skatteintäkter"
INKOMSTUTJ = "Inkomstutjämning"
KOSTNADSUTJ = "Kostnadsutjämning"
STRUKTUR = "Strukturbidrag"
INFORANDE = "Införandebidrag"
REGLERING = "Regleringsbidrag/-avgift"
LSS = "LSS-utjämning"
FASTIGHET = "Kommunal fastighetsavgift"
OVRIGA = "Övriga generella statsbidrag"
SUMMA_BIDRAG = "Summa generella statsbidrag och utjämning"
SUMMA = "Summa skatteintäkter, generella statsbidrag och utjämning"
SCB_SUMMA = "varav kommunalekonomisk utjämning (SCB:s summa)"

SKATTERADER = [KOMMUNALSKATT, SLUTAVR_FG, SLUTAVR_INN]
BIDRAGSRADER = [INKOMSTUTJ, KOSTNADSUTJ, STRUKTUR, INFORANDE, REGLERING, LSS, FASTIGHET, OVRIGA]
SCB_RADER = [INKOMSTUTJ, KOSTNADSUTJ, STRUKTUR, INFORANDE, REGLERING]  # lag 2004:773, SCB OE0115
RADER = SKATTERADER + [SUMMA_SKATT] + BIDRAGSRADER + [SUMMA_BIDRAG, SUMMA, SCB_SUMMA]

ENHETER = ("mnkr", "tkr", "kr", "kr_per_inv", "mnkr_och_kr_per_inv")
MAX_PLANAR = 8

# Delar i kr/inv (fältnamn i Antaganden) och deras budgetrad.
_KR_PER_INV = {
    "kostnadsutjamning": KOSTNADSUTJ,
    "strukturbidrag": STRUKTUR,
    "inforandebidrag": INFORANDE,
    "regleringspost": REGLERING,
    "lss_utjamning": LSS,
}
_KR = {"fastighetsavgift": FASTIGHET, "ovriga_bidrag": OVRIGA}
_NIVAER = ("folkmangd", "skatteunderlag", "riket_folkmangd", "riket_skatteunderlag")


@dataclass
class Antaganden:
    """Användarens antaganden. Allt är valfritt; ett värde är ett tal (gäller alla år) eller {år: tal}.

    * ``prognos``: namnet på en prognosfil i ``xlmodel/prognoser`` (se ``prognoser()``) eller en dict med
      samma nycklar (``skatteunderlag_okning``, ``befolkning_riket_okning``, ``upprakningsfaktorer``,
      ``regleringspost``, ``pkv``; varje värde {år: tal}).
    * ``planar``: antal planår efter budgetåret, 0–8 (standard 0).
    * ``skattesats``: kommunens skattesats i procent (standard: 2025/2026 medföljer; senare år hålls).
    * ``folkmangd``: kommunens invånare 1 november året före, per utjämningsår (befolkningsprognos).
    * ``skatteunderlag``: kommunens skatteunderlag (kr, ej uppräknat, SCB:s etikett = utjämningsåret).
    * ``riket_skatteunderlag``, ``riket_folkmangd``: samma för riket (standard: SCB, medföljer t.o.m. 2026).
      För dessa fyra gäller ett ensamt tal budgetåret (senare år skrivs fram).
    * ``skatteunderlag_okning``: rikets skatteunderlagsökning i procent per **inkomstår** (går före prognos och utfall).
    * ``befolkning_riket_okning``: rikets befolkningsökning i procent per utjämningsår.
    * ``upprakningsfaktorer``: {utjämningsår: [f(t−1), f(t)]} (går före förordningen).
    * ``kostnadsutjamning``, ``lss_utjamning``, ``strukturbidrag``, ``inforandebidrag``, ``regleringspost``:
      kr per invånare (+ bidrag, − avgift), t.ex. SCB:s utfall eller SKR:s preliminära beräkning.
    * ``fastighetsavgift``, ``ovriga_bidrag``: belopp i kr.
    * ``bokford_slutavrakning``: {inkomstår: kr} bokförd slutavräkning i förra bokslutet; ger raden
      "Slutavräkning året innan" = ny beräkning − bokfört (utan värde: noll).
    * ``justera_riket``: lägg kommunens avvikelse från rikets takt till rikets summor (standard ``True``).
    * ``skatteunderlag_efterslapning``: 0 (standard, SKR:s förenkling) = kommunens skatteunderlag med etikett t
      följer folkmängden för år t (skattekraften hålls när folkmängden ändras); 2 = följer folkmängden för
      t−2, eftersom underlaget är inkomstår t−2 och skatten går till kommunen där man bodde 1 nov t−3.
    """

    prognos: str | Mapping | None = None
    planar: int = 0
    skattesats: Any = None
    folkmangd: Any = None
    skatteunderlag: Any = None
    riket_skatteunderlag: Any = None
    riket_folkmangd: Any = None
    skatteunderlag_okning: Any = None
    befolkning_riket_okning: Any = None
    upprakningsfaktorer: Any = None
    kostnadsutjamning: Any = None
    lss_utjamning: Any = None
    strukturbidrag: Any = None
    inforandebidrag: Any = None
    regleringspost: Any = None
    fastighetsavgift: Any = None
    ovriga_bidrag: Any = None
    bokford_slutavrakning: Any = None
    justera_riket: bool = True
    skatteunderlag_efterslapning: int = 0

    @classmethod
    def fran(cls, antaganden) -> "Antaganden":
        """Ett ``Antaganden`` ur en dict (okänd nyckel ger ``IndataFel``), ett ``Antaganden`` eller ``None``."""
        if antaganden is None:
            return cls()
        if isinstance(antaganden, cls):
            return antaganden
        if not isinstance(antaganden, Mapping):
            raise IndataFel("antaganden: ange en dict eller ett Antaganden-objekt.")
        kanda = {f.name for f in dataclasses.fields(cls)}
        okanda = [k for k in antaganden if k not in kanda]
        if okanda:
            raise IndataFel(f"antaganden: okänd nyckel {okanda[0]!r}. Kända: {', '.join(sorted(kanda))}.")
        return cls(**antaganden)


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


def _arsvarden(varde, namn: str) -> dict[int, Any] | Any:
    """{år: tal} med kontrollerade tal; ett ensamt tal returneras som tal (gäller alla år); None som {}.
    En storhet med rimliga gränser (``validering.GRANSER``, t.ex. skattesats i procent) prövas mot dem."""
    if varde is None:
        return {}
    if isinstance(varde, Mapping):
        ut = {}
        for ar, v in varde.items():
            ar = kontrollera_ar(ar)
            ut[ar] = ([_tal(x, namn, f"{namn} {ar}") for x in v] if isinstance(v, (list, tuple))
                      else _tal(v, namn, f"{namn} {ar}"))
        return ut
    return _tal(varde, namn, namn)


def _tal(v, namn: str, var: str) -> float:
    return rimlig(tal(v, var), namn, var) if namn in GRANSER else tal(v, var)


def _hamta(varden, ar: int):
    """Värdet för ``ar`` ur ``_arsvarden``-resultat, eller None."""
    if isinstance(varden, dict):
        return varden.get(ar)
    return varden


# ---------------------------------------------------------------- prognosfiler

_PROGNOSNYCKLAR = ("skatteunderlag_okning", "befolkning_riket_okning", "upprakningsfaktorer", "regleringspost", "pkv")


def prognoser() -> list[str]:
    """Namnen på de medföljande prognosårgångarna (filer i ``xlmodel/prognoser``)."""
    katalog = resources.files(__package__) / "prognoser"
    return sorted(p.name[:-5] for p in katalog.iterdir() if p.name.endswith(".yaml"))


@lru_cache(maxsize=None)
def _las_prognos(namn: str) -> dict:
    if namn not in prognoser():
        raise ParameterFel(f"Okänd prognos {namn!r}. Tillgängliga: {', '.join(prognoser())}.")
    with (resources.files(__package__) / "prognoser" / f"{namn}.yaml").open(encoding="utf-8") as f:
        data = yaml.safe_load(f) or {}
    okanda = [k for k in data if k not in _PROGNOSNYCKLAR and k != "om_prognosen"]
    if okanda:
        raise ParameterFel(f"Prognosfilen {namn}: okänd nyckel {okanda[0]!r}.")
    return {k: _arsvarden((data.get(k) or {}).get("varden"), f"prognos {namn}, {k}") for k in _PROGNOSNYCKLAR}


def prognos(namn: str | Mapping | None) -> dict[str, dict[int, Any]]:
    """En prognosårgång som {nyckel: {år: värde}} (nycklar: se ``Antaganden.prognos``)."""
    if namn is None:
        return {k: {} for k in _PROGNOSNYCKLAR}
    if isinstance(namn, str):
        return _las_prognos(namn)
    okanda = [k for k in namn if k not in _PROGNOSNYCKLAR]
    if okanda:
        raise IndataFel(f"prognos: okänd nyckel {okanda[0]!r}. Kända: {', '.join(_PROGNOSNYCKLAR)}.")
    ut = {}
    for k in _PROGNOSNYCKLAR:
        v = _arsvarden(namn.get(k), f"prognos, {k}")
        if not isinstance(v, dict):
            raise IndataFel(f"prognos, {k}: ange {{år: värde}}.")
        ut[k] = v
    return ut


def prisupprakning_ur_prognos(namn: str | Mapping) -> dict[int, float]:
    """Prognosårgångens PKV (kommunal verksamhet, sammanvägt prisindex, procent) som andel per år, i den form
    som resursfördelningens ``prisupprakning`` tar (0,03 = 3 %). PKV används inte i budgetblocket."""
    return {ar: v / 100 for ar, v in prognos(namn)["pkv"].items()}


def jamfor_prognoser(a: str | Mapping, b: str | Mapping) -> pd.DataFrame:
    """Två prognosårgångar rad för rad: en rad per (antagande, år) med värdena och skillnaden b − a."""
    pa, pb = prognos(a), prognos(b)
    rader = []
    for k in _PROGNOSNYCKLAR:
        for ar in sorted(set(pa[k]) | set(pb[k])):
            va, vb = pa[k].get(ar), pb[k].get(ar)
            va = float(np.prod(va)) if isinstance(va, list) else va
            vb = float(np.prod(vb)) if isinstance(vb, list) else vb
            skillnad = vb - va if va is not None and vb is not None else np.nan
            rader.append({"antagande": k, "ar": ar, "a": va, "b": vb, "skillnad": skillnad})
    return pd.DataFrame(rader).set_index(["antagande", "ar"])


# ---------------------------------------------------------------- medföljande data

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


# ---------------------------------------------------------------- kalkylen

class _Kalkyl:
    """Serierna för en kommun, år för år, med företrädesordningen användare > prognos > data > framskrivning."""

    def __init__(self, kod: str, ant: Antaganden, reform: str | None, ar: int):
        self.kod, self.ant, self.reform = kod, ant, reform
        self.p = parametrar(reform)
        self.prognos = prognos(ant.prognos)
        self.u = {f.name: _arsvarden(getattr(ant, f.name), f.name) for f in dataclasses.fields(Antaganden)
                  if f.name not in ("prognos", "planar", "justera_riket", "skatteunderlag_efterslapning")}
        if ant.skatteunderlag_efterslapning not in (0, 2):
            raise IndataFel(f"skatteunderlag_efterslapning: ange 0 (samma år som folkmängden) eller 2 (två år "
                            f"efter), fick {ant.skatteunderlag_efterslapning!r}.")
        self.L = int(ant.skatteunderlag_efterslapning)
        for namn in _NIVAER:  # ett ensamt tal för en nivå (folkmängd, underlag) gäller budgetåret
            if not isinstance(self.u[namn], dict):
                self.u[namn] = {ar: self.u[namn]}
        self.anmarkningar: list[str] = []
        self._cache: dict = {}

    def _minne(self, nyckel, berakna):
        if nyckel not in self._cache:
            self._cache[nyckel] = berakna()
        return self._cache[nyckel]

    # --- riket
    def okning(self, inkomstar: int):
        """Rikets skatteunderlagsökning (andel) för ett inkomstår, eller None om okänd."""
        v = _hamta(self.u["skatteunderlag_okning"], inkomstar)
        if v is not None:
            return v / 100
        a, b = _data_kommun("00", "skatteunderlag", inkomstar + 2), _data_kommun("00", "skatteunderlag", inkomstar + 1)
        if a is not None and b is not None:
            return a / b - 1
        v = self.prognos["skatteunderlag_okning"].get(inkomstar)
        return None if v is None else v / 100

    def _okning_krav(self, inkomstar: int, varfor: str) -> float:
        g = self.okning(inkomstar)
        if g is None:
            raise IndataFel(
                f"Rikets skatteunderlagsökning för inkomstår {inkomstar} saknas ({varfor}). Ange en prognos "
                f"(antaganden={{'prognos': ...}}, se prognoser()) eller 'skatteunderlag_okning'."
            )
        return g

    def su_riket_bas(self, ar: int) -> float:
        def berakna():
            v = _hamta(self.u["riket_skatteunderlag"], ar)
            if v is None:
                v = _data_kommun("00", "skatteunderlag", ar)
            if v is None:
                v = self.su_riket_bas(ar - 1) * (1 + self._okning_krav(ar - 2, f"rikets skatteunderlag {ar}"))
            return v
        return self._minne(("su_r", ar), berakna)

    def n_riket_bas(self, ar: int) -> float:
        def berakna():
            v = _hamta(self.u["riket_folkmangd"], ar)
            if v is None:
                v = _riket_folkmangd().get(ar)
            if v is None:
                g = _hamta(self.u["befolkning_riket_okning"], ar)
                g = self.prognos["befolkning_riket_okning"].get(ar) if g is None else g
                if g is None:
                    raise IndataFel(
                        f"Rikets folkmängd 1 november {ar - 1} saknas. Ange 'riket_folkmangd' eller en prognos med "
                        f"'befolkning_riket_okning' för {ar}."
                    )
                v = self.n_riket_bas(ar - 1) * (1 + g / 100)
            return v
        return self._minne(("n_r", ar), berakna)

    def su_riket(self, ar: int) -> float:
        d = self.su_kommun(ar) - self.su_kommun_bas(ar) if self.ant.justera_riket else 0.0
        return self.su_riket_bas(ar) + d

    def n_riket(self, ar: int) -> float:
        d = self.n_kommun(ar) - self.n_kommun_bas(ar) if self.ant.justera_riket else 0.0
        return self.n_riket_bas(ar) + d

    def upprakning(self, ar: int) -> float:
        """F_t: användarens/prognosens faktorer, annars förordningens, annars prognosens ökningstakt."""
        def berakna():
            for kalla in (_hamta(self.u["upprakningsfaktorer"], ar), self.prognos["upprakningsfaktorer"].get(ar)):
                if kalla is not None:
                    return float(np.prod(kalla))
            if self.p["upprakningsfaktorer.faktorer"].har(ar):
                return upprakningsfaktor(ar, self.reform)
            return (1 + self._okning_krav(ar - 1, f"uppräkningsfaktor {ar}")) * (1 + self._okning_krav(ar, f"uppräkningsfaktor {ar}"))
        return self._minne(("F", ar), berakna)

    # --- kommunen: bas (utan användarens egna befolknings-/underlagsvärden) och slutlig
    def _kommunserie(self, namn: str, ar: int, bas: bool) -> float:
        def berakna():
            anvandare, data = _hamta(self.u[namn], ar), _data_kommun(self.kod, namn, ar)
            foreg = self._kommunserie(namn, ar - 1, bas) if ar > _golv() else None
            if bas:  # det som rikets summor redan innehåller: data, annars användarens första värde
                kand = data if data is not None else (anvandare if foreg is None else None)
            else:
                kand = anvandare if anvandare is not None else data
            if kand is not None or foreg is None:
                return kand
            if namn == "folkmangd":  # rikets takt
                return foreg * self.n_riket_bas(ar) / self.n_riket_bas(ar - 1)
            # skatteunderlag: kommunens skattekraft i förhållande till riket hålls; underlaget följer
            # folkmängden samma år (SKR) eller två år tidigare (``skatteunderlag_efterslapning``)
            n = self._kommunserie("folkmangd", ar - self.L, bas)
            n_foreg = self._kommunserie("folkmangd", ar - 1 - self.L, bas)
            if n is None or n_foreg is None:
                raise IndataFel(
                    f"Kommun {self.kod}: skatteunderlaget {ar} skrivs fram med folkmängden {ar - 1 - self.L} och "
                    f"{ar - self.L} (skatteunderlag_efterslapning={self.L}); ange 'folkmangd' för de åren."
                )
            sk_riket = (self.su_riket_bas(ar) / self.n_riket_bas(ar)) / (self.su_riket_bas(ar - 1) / self.n_riket_bas(ar - 1))
            return foreg / n_foreg * sk_riket * n
        return self._minne((namn, ar, bas), berakna)

    def _kommun_krav(self, namn: str, ar: int, bas: bool) -> float:
        v = self._kommunserie(namn, ar, bas)
        if v is None:
            raise IndataFel(
                f"Kommun {self.kod}: {'folkmängd 1 november ' + str(ar - 1) if namn == 'folkmangd' else 'skatteunderlag (SCB, etikett ' + str(ar) + ')'} "
                f"saknas. Medföljande data finns bara för Örebro läns kommuner {_dataar()}; ange "
                f"antaganden={{'{namn}': {{{ar}: ...}}}}."
            )
        return v

    def n_kommun(self, ar): return self._kommun_krav("folkmangd", ar, False)
    def n_kommun_bas(self, ar): return self._kommun_krav("folkmangd", ar, True)
    def su_kommun(self, ar): return self._kommun_krav("skatteunderlag", ar, False)
    def su_kommun_bas(self, ar): return self._kommun_krav("skatteunderlag", ar, True)

    def skattesats(self, ar: int) -> float:
        def berakna():
            v = _hamta(self.u["skattesats"], ar)
            if v is not None:
                return v
            kanda = [a for a in _skattesatsar() if a <= ar]  # senast kända år ≤ ar hålls framåt
            if kanda:
                a = kanda[-1]
                rad = skattesatser(a).set_index("kommunkod")
                if ar != a:
                    self._anmark(f"Skattesatsen {a} hålls för {ar} (SKR:s antagande).")
                return float(rad.loc[self.kod, "kommun"])
            raise IndataFel(
                f"Kommun {self.kod}: skattesatsen för {ar} medföljer inte (finns för "
                f"{', '.join(map(str, _skattesatsar()))}); ange antaganden={{'skattesats': {{{ar}: ...}}}}."
            )
        return self._minne(("s", ar), berakna)

    def _anmark(self, text: str) -> None:
        if text not in self.anmarkningar:
            self.anmarkningar.append(text)

    # --- raderna (kr)
    def kommunalskatt(self, ar: int) -> float:
        return float(preliminar_skatt(self.su_kommun(ar), self.upprakning(ar), self.skattesats(ar)))

    def slutavrakning(self, inkomstar: int) -> float:
        """Slutavräkningen (kr) för inkomståret enligt senaste utfall/prognos; noll om ökningen är okänd.

        Kronor per invånare räknas på rikets summor utan kommunens egen avvikelse (``su_riket_bas``,
        ``n_riket_bas``): beloppet per skattekrona är detsamma för alla kommuner (5 §), även med
        ``justera_riket``.
        """
        t = inkomstar
        g1, g2 = self.okning(t - 1), self.okning(t)
        if g1 is None or g2 is None:
            self._anmark(f"Slutavräkning {t}: rikets skatteunderlagsökning okänd, utfallet antas bli som uppräkningsfaktorerna (0).")
            return 0.0
        kr_inv = slutavrakning_per_invanare(self.su_riket_bas(t), self.n_riket_bas(t), self.upprakning(t), g1, g2,
                                            self.skattesats(t))
        return float(kr_inv) * self.n_kommun(t)

    def slutavrakning_aret_innan(self, ar: int, budgetar: int) -> float:
        """Ny beräkning av slutavräkningen för inkomstår ``ar`` − 1 minus det bokförda (6 §).

        Utan ``bokford_slutavrakning``: planår ger 0 (planen bokför sin egen beräkning året innan); budgetåret
        ger 0 med en anmärkning, eftersom förra bokslutets belopp inte är känt.
        """
        bokford = _hamta(self.u["bokford_slutavrakning"], ar - 1)
        if bokford is None:
            if ar == budgetar:
                self._anmark(f"{SLUTAVR_FG} {ar}: bokförd slutavräkning för inkomstår {ar - 1} är inte angiven "
                             "('bokford_slutavrakning'); raden sätts till 0.")
            return 0.0
        return self.slutavrakning(ar - 1) - bokford

    def inkomstutjamning(self, ar: int, extra_underlag: float = 0.0, extra_invanare: int = 0) -> tuple[float, pd.Series]:
        """Beloppet (kr) och hela raden ur ``inkomstutjamning``; ``extra_*`` läggs till kommunen och riket
        (``extra_underlag`` i uppräknat skatteunderlag, kr), för marginalintäkten.

        Efter sista året med beslutade parametrar används det årets regler (oförändrad lag) och den
        uppräkning som prognosen ger: underlaget skalas med F_t / F_lag, vilket är exakt eftersom F
        multiplicerar både kommunens och rikets underlag.
        """
        faktorer = self.p["upprakningsfaktorer.faktorer"]
        ar_lag = ar if faktorer.har(ar) else max(a for a in faktorer.varden if a <= ar)
        skala = self.upprakning(ar) / upprakningsfaktor(ar_lag, self.reform)
        extra = extra_underlag / self.upprakning(ar)
        underlag = pd.DataFrame({"kommunkod": [self.kod], "skatteunderlag": [(self.su_kommun(ar) + extra) * skala],
                                 "folkmangd": [self.n_kommun(ar) + extra_invanare]})
        riket = {"skatteunderlag": (self.su_riket(ar) + extra) * skala, "folkmangd": self.n_riket(ar) + extra_invanare}
        rad = inkomstutjamning(underlag, ar_lag, riket=riket, reform=self.reform).iloc[0]
        if ar_lag != ar:
            self._anmark(f"Inkomstutjämning {ar}: reglerna för {ar_lag} (senast beslutade) används.")
        return float(rad["belopp"]), rad

    def kr_per_inv_del(self, namn: str, ar: int):
        """En del i kr/inv: användare > (regleringspost: prognos) > SCB-data > senast kända år hålls."""
        return self._minne(("kr/inv", namn, ar), lambda: self._kr_per_inv_del(namn, ar))

    def _kr_per_inv_del(self, namn: str, ar: int):
        v = _hamta(self.u[namn], ar)
        if v is not None:
            return v
        if namn == "regleringspost":
            v = self.prognos["regleringspost"].get(ar)
            if v is None:
                v = _regleringspost_data(ar)
        elif namn != "lss_utjamning":
            v = _data_kommun(self.kod, namn, ar)
        if v is not None or ar <= _golv():
            return v
        foreg = self.kr_per_inv_del(namn, ar - 1)
        if foreg is None:
            return None
        if namn == "inforandebidrag":
            if foreg:
                self._anmark(f"Införandebidrag {ar}: inget värde angivet, antas 0 (bidraget trappas ned och upphör).")
            return 0.0
        self._anmark(f"{_KR_PER_INV[namn]} {ar}: kr/inv från {ar - 1} hålls.")
        return foreg

    def kr_del(self, namn: str, ar: int):
        """Ett belopp i kr: användarens värde, annars senast angivna år hålls (övriga bidrag: annars 0)."""
        return self._minne(("kr", namn, ar), lambda: self._kr_del(namn, ar))

    def _kr_del(self, namn: str, ar: int):
        v = _hamta(self.u[namn], ar)
        if v is not None:
            return v
        if ar <= _golv():
            return 0.0 if namn == "ovriga_bidrag" else None
        foreg = self.kr_del(namn, ar - 1)
        if foreg is not None and namn == "fastighetsavgift":
            self._anmark(f"Kommunal fastighetsavgift {ar}: beloppet från {ar - 1} hålls.")
        return foreg


def _kontrollera_kommun(kommunkod) -> str:
    kod = normalisera_kod(kommunkod)
    if kod not in set(kommuner()["kommunkod"]):
        raise IndataFel(f"Okänd kommunkod {kod}.")
    return kod


def _saknade_kravdata(k: _Kalkyl, ar: int) -> list[str]:
    saknas = []
    if k._kommunserie("folkmangd", ar, False) is None:
        saknas.append(f"folkmangd (invånare 1 november {ar - 1})")
    if k._kommunserie("skatteunderlag", ar, False) is None:
        saknas.append(f"skatteunderlag (SCB, etikett {ar}, kr)")
    for namn in ("kostnadsutjamning", "strukturbidrag", "inforandebidrag"):
        if k.kr_per_inv_del(namn, ar) is None:
            saknas.append(f"{namn} (kr/inv)")
    return saknas


def _block_kr(kod: str, ar: int, ant: Antaganden, reform: str | None,
              saknade: str = "utelamna") -> tuple[pd.DataFrame, _Kalkyl, pd.DataFrame]:
    k = _Kalkyl(kod, ant, reform, ar)
    saknas = _saknade_kravdata(k, ar)
    if saknas:
        raise IndataFel(
            f"Kommun {kod} år {ar}: indata saknas: {'; '.join(saknas)}. Medföljande data täcker bara Örebro läns "
            f"kommuner {_dataar()}; ange värdena i antaganden (se Antaganden)."
        )
    ar_lista = list(range(ar, ar + ant.planar + 1))
    kolumner, info = {}, {}
    for y in ar_lista:
        ink, rad = k.inkomstutjamning(y)
        n = k.n_kommun(y)
        varden = {KOMMUNALSKATT: k.kommunalskatt(y), SLUTAVR_FG: k.slutavrakning_aret_innan(y, ar),
                  SLUTAVR_INN: k.slutavrakning(y), INKOMSTUTJ: ink}
        for namn, rubrik in _KR_PER_INV.items():
            v = k.kr_per_inv_del(namn, y)
            varden[rubrik] = np.nan if v is None else v * n
        for namn, rubrik in _KR.items():
            v = k.kr_del(namn, y)
            varden[rubrik] = np.nan if v is None else v
        kolumner[y] = varden
        info[y] = {"folkmangd": n, "skattesats": k.skattesats(y), "upprakningsfaktor": k.upprakning(y),
                   "skattekraft": rad["skattekraft"], "medelskattekraft": rad["medelskattekraft"],
                   "inkomstutjamning_kr_per_inv": rad["kr_per_inv"]}
    block, info = pd.DataFrame(kolumner, dtype=float), pd.DataFrame(info, dtype=float)
    return summera(block, saknade), k, info


SAKNADE = ("utelamna", "fel")
_EJ_ANGIVNA_HJALP = {LSS: "lss_utjamning (kr/inv)", FASTIGHET: "fastighetsavgift (kr)"}


def ej_angivna(block: pd.DataFrame) -> list[str]:
    """Detaljrader (``SKATTERADER`` + ``BIDRAGSRADER``) som saknar värde något år, i blockets ordning."""
    return [r for r in SKATTERADER + BIDRAGSRADER if r in block.index and block.loc[r].isna().any()]


def summa_not(block: pd.DataFrame) -> str:
    """Anmärkningen om vad summorna inte omfattar, t.ex. "Summorna omfattar inte: LSS-utjämning, kommunal
    fastighetsavgift (ej angivna; fyll i dem i Indata)."; tom sträng när alla delar är angivna."""
    delar = []
    for r in ej_angivna(block):
        namn = r[0].lower() + r[1:] if r[1:2].islower() else r
        ar = [str(a) for a in block.columns if np.isnan(block.loc[r, a])]
        delar.append(namn if len(ar) == len(block.columns) else f"{namn} {', '.join(ar)}")
    if not delar:
        return ""
    return f"Summorna omfattar inte: {', '.join(delar)} (ej angivna; fyll i dem i Indata)."


def summera(block: pd.DataFrame, saknade: str = "utelamna") -> pd.DataFrame:
    """Lägg till summaraderna till ett block med detaljraderna (``SKATTERADER`` och ``BIDRAGSRADER``).

    ``saknade="utelamna"`` (standard): en summa omfattar de rader som har värde; en rad utan värde (NaN) står
    tom och listas i ``attrs["ej_angivna"]`` med anmärkningen ``attrs["summa_not"]`` (se ``summa_not``).
    En summa där ingen rad har värde blir tom. ``saknade="fel"``: ``IndataFel`` som räknar upp de rader och år
    som saknar värde. Returnerar raderna i ordningen ``RADER``.
    """
    if not isinstance(block, pd.DataFrame):
        raise IndataFel("summera: förväntade en tabell (DataFrame) med budgetraderna som index.")
    if saknade not in SAKNADE:
        raise IndataFel(f"saknade: ange {' eller '.join(repr(v) for v in SAKNADE)} (fick {saknade!r}).")
    saknas = [r for r in SKATTERADER + BIDRAGSRADER if r not in block.index]
    if saknas:
        raise IndataFel(f"summera: raden {saknas[0]!r} saknas (ange 0 om posten inte finns).")
    ut = block.reindex(RADER).astype(float)
    tomma = ej_angivna(ut)
    if tomma and saknade == "fel":
        delar = [f"{r} ({', '.join(str(a) for a in ut.columns if np.isnan(ut.loc[r, a]))})"
                 + (f": ange {_EJ_ANGIVNA_HJALP[r]}" if r in _EJ_ANGIVNA_HJALP else "") for r in tomma]
        raise IndataFel(f"Budgetblocket: värde saknas för {'; '.join(delar)}.")
    ut.loc[SUMMA_SKATT] = ut.loc[SKATTERADER].sum(min_count=1)
    ut.loc[SUMMA_BIDRAG] = ut.loc[BIDRAGSRADER].sum(min_count=1)
    ut.loc[SUMMA] = ut.loc[[SUMMA_SKATT, SUMMA_BIDRAG]].sum(min_count=1)
    ut.loc[SCB_SUMMA] = ut.loc[SCB_RADER].sum(min_count=1)
    ut.attrs["ej_angivna"] = tomma
    ut.attrs["summa_not"] = summa_not(ut)
    return ut


def _avrunda(x, decimaler: int):
    f = 10.0 ** decimaler
    return avrunda_krontal(np.asarray(x, dtype=float) * f) / f


def _i_enhet(block_kr: pd.DataFrame, folkmangd: pd.Series, enhet: str) -> pd.DataFrame:
    """Avrunda detaljraderna i vald enhet och summera de avrundade raderna (så att tabellen går ihop)."""
    detalj = block_kr.loc[SKATTERADER + BIDRAGSRADER]
    if enhet == "kr":
        return summera(detalj)
    if enhet == "kr_per_inv":
        return summera(detalj.apply(lambda kol: pd.Series(_avrunda(kol / folkmangd[kol.name], 0), index=kol.index)))
    delare, dec = {"mnkr": (1e6, 1), "tkr": (1e3, 0)}[enhet]
    return summera(detalj.apply(lambda kol: pd.Series(_avrunda(kol / delare, dec), index=kol.index)))


def skatter_och_bidrag(kommunkod, ar, antaganden=None, reform: str | None = None, enhet: str = "mnkr",
                       saknade: str = "utelamna") -> pd.DataFrame:
    """Budgetblocket för kommunen: rader = budgetraderna (``RADER``), kolumner = budgetår och planår.

    ``ar``: budgetåret (utjämningsår). ``antaganden``: dict eller ``Antaganden`` (planår, prognos,
    befolkningsprognos, skattesats, publicerade delar ...). ``reform``: ett reformöverlägg, t.ex.
    ``"sou_2024_50"`` (påverkar de beräknade delarna). ``enhet``: ``"mnkr"`` (en decimal, standard),
    ``"tkr"``, ``"kr"`` (oavrundat), ``"kr_per_inv"`` eller ``"mnkr_och_kr_per_inv"`` (kolumner (år, enhet)).
    Detaljraderna avrundas och summorna är summan av de avrundade raderna.

    Delar utan värde (utan medföljande data: LSS-utjämning och kommunal fastighetsavgift, som SCB OE0115
    inte har) står tomma. ``saknade="utelamna"`` (standard): summorna omfattar de angivna delarna, och
    ``attrs["ej_angivna"]`` (radnamnen) och ``attrs["summa_not"]`` (en svensk mening att visa vid summorna,
    tom om allt är angivet) säger vad som fattas. ``saknade="fel"``: ``IndataFel`` som namnger delarna.

    ``attrs``: ``folkmangd``, ``skattesats``, ``upprakningsfaktor``, ``skattekraft``,
    ``medelskattekraft``, ``inkomstutjamning_kr_per_inv`` per år, ``ej_angivna``, ``summa_not`` och
    ``anmarkningar`` (antaganden som gjorts, t.ex. hållna värden).

    Exempel: ``skatter_och_bidrag("1880", 2026, {"lss_utjamning": -250, "fastighetsavgift": 150e6})``.
    """
    if enhet not in ENHETER:
        raise IndataFel(f"Okänd enhet {enhet!r}: ange {', '.join(ENHETER)}.")
    kod = _kontrollera_kommun(kommunkod)
    ar = kontrollera_ar(ar)
    ant = Antaganden.fran(antaganden)
    planar = tal(ant.planar, "planår")
    if not planar.is_integer() or not 0 <= planar <= MAX_PLANAR:
        raise IndataFel(f"planår måste vara ett heltal 0–{MAX_PLANAR} (är {ant.planar!r}).")
    ant = dataclasses.replace(ant, planar=int(planar))
    block_kr, k, info = _block_kr(kod, ar, ant, reform, saknade)
    if enhet == "mnkr_och_kr_per_inv":
        ut = pd.concat({"mnkr": _i_enhet(block_kr, info.loc["folkmangd"], "mnkr"),
                        "kr/inv": _i_enhet(block_kr, info.loc["folkmangd"], "kr_per_inv")}, axis=1)
        ut = ut.swaplevel(axis=1).sort_index(axis=1, level=0, sort_remaining=False)
    else:
        ut = _i_enhet(block_kr, info.loc["folkmangd"], enhet)
    ut.index.name = "post"
    ut.attrs.update({r: info.loc[r].to_dict() for r in info.index})
    ut.attrs["kommunkod"], ut.attrs["enhet"], ut.attrs["reform"] = kod, enhet, reform
    ut.attrs["ej_angivna"], ut.attrs["summa_not"] = block_kr.attrs["ej_angivna"], block_kr.attrs["summa_not"]
    ut.attrs["anmarkningar"] = list(k.anmarkningar)
    if ut.attrs["summa_not"]:  # aldrig tyst: en DataFrame visar inte attrs, så noten blir också en varning
        warnings.warn(f"kommun {kod}: {ut.attrs['summa_not']}", Anmarkning, stacklevel=2)
    return ut


def skatter_och_bidrag_alla(ar, kommunkoder=None, antaganden=None, reform: str | None = None,
                            enhet: str = "mnkr", saknade: str = "utelamna") -> pd.DataFrame:
    """Blocket för flera kommuner (standard: Örebro läns kommuner, som har medföljande data), under varandra.

    ``antaganden``: samma för alla, eller {kommunkod: antaganden}. Index (kommunkod, post), kolumner år.
    """
    if kommunkoder is None:
        kommunkoder = sorted({k for k, _ in _orebro()})
    koder = [_kontrollera_kommun(k) for k in kommunkoder]
    per_kommun = isinstance(antaganden, Mapping) and antaganden and all(
        isinstance(v, (Mapping, Antaganden)) for v in antaganden.values()) and set(antaganden) <= set(koder)
    delar = {}
    for kod in koder:
        ant = antaganden.get(kod) if per_kommun else antaganden
        delar[kod] = skatter_och_bidrag(kod, ar, ant, reform, enhet, saknade)
    ut = pd.concat(delar, names=["kommunkod", "post"])
    ut.attrs = {"enhet": enhet, "reform": reform,
                **{n: {k: d.attrs[n] for k, d in delar.items()} for n in ("anmarkningar", "ej_angivna", "summa_not")}}
    return ut


def jamfor(a: pd.DataFrame, b: pd.DataFrame, namn: tuple[str, str] = ("A", "B")) -> pd.DataFrame:
    """Två block sida vid sida per år med skillnaden b − a per rad: kolumner (år, [namn_a, namn_b, "Skillnad"])."""
    if list(a.index) != list(b.index) or list(a.columns) != list(b.columns):
        raise IndataFel("jamfor: blocken måste ha samma rader och år.")
    delar = {}
    for ar in a.columns:
        delar[ar] = pd.DataFrame({namn[0]: a[ar], namn[1]: b[ar], "Skillnad": b[ar] - a[ar]})
    return pd.concat(delar, axis=1)


def jamfor_reform(kommunkod, ar, reform: str, antaganden=None, enhet: str = "mnkr") -> pd.DataFrame:
    """Blocket enligt lag och enligt reformöverlägget sida vid sida, med skillnaden per rad.

    Reformen ändrar de delar som beräknas här (inkomstutjämningen); delar som tas som indata
    (kostnadsutjämning, regleringspost ...) är desamma om inte ``antaganden`` anger annat.
    """
    lag = skatter_och_bidrag(kommunkod, ar, antaganden, None, enhet)
    med = skatter_och_bidrag(kommunkod, ar, antaganden, reform, enhet)
    return jamfor(lag, med, ("Lag", reform))


# ---------------------------------------------------------------- marginalintäkt

MARGINALKOLUMNER = ["skatt", "inkomstutjamning", "regleringspost", "strukturbidrag", "kostnadsutjamning", "summa"]

# Åldersgrupper och de variabler i kostnadsutjämningens delmodeller (förordning 2004:881) som en person i
# gruppen ökar med ett, utöver folkmängden (31 dec t−2, 5 §) och folkmängden 1 nov t−1 (bidragets multiplikator):
# förskola 6 a § (barn 1–5, 6–12 år), grundskola 7 a § (6 år, 7–15 år), gymnasieskola 8 a § (16–18 år),
# vuxenutbildning 10–13 a §§ (20–64 år), äldreomsorg 14 a § (sex grupper efter ålder och boende).
ALDERSGRUPPER = {
    "0 år": (),
    "1–5 år": ("barn_1_5",),
    "6 år": ("barn_6_12", "barn_6"),
    "7–12 år": ("barn_6_12", "barn_7_15"),
    "13–15 år": ("barn_7_15",),
    "16–18 år": ("ungdomar_16_18",),
    "19 år": (),
    "20–64 år": ("befolkning_20_64",),
    "65–79 år, sammanboende": ("sammanboende_65_79",),
    "65–79 år, ensamboende": ("ensamboende_65_79",),
    "80–89 år, sammanboende": ("sammanboende_80_89",),
    "80–89 år, ensamboende": ("ensamboende_80_89",),
    "90– år, sammanboende": ("sammanboende_90_w",),
    "90– år, ensamboende": ("ensamboende_90_w",),
}


def standardkostnad_per_aldersgrupp(rad, ar: int, riket: Mapping, publicerad: Mapping,
                                    reform: str | None = None) -> pd.DataFrame:
    """Kostnadsutjämningens ändring (kr per år) för kommunen av en invånare till i varje åldersgrupp.

    Räknas med lagens parametrar (``kostnadsutjamning_vad_om``, rikets storheter fasta): personen läggs till
    folkmängden och till gruppens variabler (``ALDERSGRUPPER``). Med P = invånare 1 nov t−1, SK = kommunens
    strukturkostnad (Σ publicerad standardkostnad) och b = egen beräkning per delmodell (oavrundad, kr/inv):
    ändringen i bidraget (lag 2004:773 9–10 §§) är (SK' − SK̄)(P+1) − (SK − SK̄)P = ``standardkostnad`` −
    ``medelstandardkostnad``, där ``standardkostnad`` = Σ_d [publicerad_d + (P+1)(b'_d − b_d)] (personens
    tillskott till kommunens standardkostnad i kr, per delmodell i kolumnerna) och ``medelstandardkostnad`` = SK̄.

    ``rad``, ``riket``, ``publicerad``: som i ``kostnadsutjamning_vad_om`` (en full rad med alla delmodellers
    variabler, eftersom folkmängden ingår i alla; ``riket`` med ``strukturkostnad_medel`` och övriga storheter
    ur ``attrs["riket"]`` i en fullständig beräkning samt rikets indata). Oavrundat, för marginalanalys.
    Åldersgruppernas datum (31 dec t−2) och flyttdatum hanteras inte: personen räknas i alla mått samma år.
    """
    from .kostnadsutjamning import DELMODELLER, kostnadsutjamning_vad_om

    fore = pd.DataFrame([dict(rad)]) if isinstance(rad, Mapping) else rad.reset_index(drop=True)
    if len(fore) != 1:
        raise IndataFel(f"kostnad, rad: en rad (en kommun) krävs, fick {len(fore)}.")
    delmodeller = list(DELMODELLER["kommun"])
    saknas = [c for c in ("folkmangd", "folkmangd_1nov") + tuple(v for g in ALDERSGRUPPER.values() for v in g)
              if c not in fore.columns]
    if saknas:
        raise IndataFel(f"kostnad, rad: kolumnen {saknas[0]!r} saknas.")
    sk_medel = tal(riket.get("strukturkostnad_medel"), "kostnad, riket, strukturkostnad_medel")
    pub = {d: tal(publicerad.get(d), f"kostnad, publicerad, {d}") for d in delmodeller}
    P = tal(fore["folkmangd_1nov"].iloc[0], "kostnad, rad, folkmangd_1nov")
    rader = {}
    for grupp, variabler in ALDERSGRUPPER.items():
        andring = {c: tal(fore[c].iloc[0], f"kostnad, rad, {c}") + 1 for c in ("folkmangd", "folkmangd_1nov", *variabler)}
        beraknad = kostnadsutjamning_vad_om(fore, ar, andring, pub, riket, reform=reform).attrs["beraknad"]
        per_del = {d: pub[d] + (P + 1) * (beraknad[d][1] - beraknad[d][0]) for d in delmodeller}
        sk = sum(per_del.values())
        rader[grupp] = {**per_del, "standardkostnad": sk, "medelstandardkostnad": sk_medel,
                        "kostnadsutjamning": sk - sk_medel}
    ut = pd.DataFrame.from_dict(rader, orient="index")
    ut.index.name = "aldersgrupp"
    ut.attrs.update({"ar": ar, "reform": reform})
    return ut


def _syntetisk_kostnad(kod: str, ar: int, reform: str | None) -> dict:
    """SYNTETISKA indata (``xlmodel.exempeldata``) för kostnadsutjämningen: kommunens rad, rikets storheter och
    den beräknade standardkostnaden. Påhittade tal, bara som märkt reserv."""
    from . import exempeldata
    from .kostnadsutjamning import DELMODELLER, kostnadsutjamning

    indata = exempeldata.kostnadsutjamning(ar)
    hel = kostnadsutjamning(indata, ar, reform=reform)
    rad = indata["kommun"].set_index("kommunkod").loc[[kod]].reset_index()
    return {"rad": rad, "riket": {**indata["riket"], **hel.attrs["riket"]},
            "publicerad": hel.loc[kod, list(DELMODELLER["kommun"])].to_dict(), "kalla": exempeldata.KALLA}


def marginalintakt(kommunkod, ar, personer: pd.DataFrame, antaganden=None, reform: str | None = None,
                   kostnad=None, kostnadsar: int | None = None) -> pd.DataFrame:
    """Årlig intäktsändring (kr) för kommunen av en invånare till, per person i ``personer``.

    SKL:s PM "Marginalintäkter vid befolkningsförändring" (2014): föreställningen att en ny invånare ger
    "drygt 40 000 kronor" stämmer inte; intäkten beror på kommun, ålder och inkomst.

    ``personer``: en rad per typperson med ``inkomst`` (personens beskattningsbara förvärvsinkomst i
    utjämningsårets nivå, kr, dvs. bidraget till det uppräknade skatteunderlaget), valfritt ``aldersgrupp``,
    valfritt ``ar_sedan_inflytt`` och valfritt ``standardkostnad`` med ``medelstandardkostnad`` (kr; användarens
    egna, t.ex. ur kommunens publicerade kostnadsutjämning). Varje rad ger:

    * ``skatt`` = inkomst × skattesats/100;
    * ``inkomstutjamning`` = ändringen i inkomstutjämningen (3–7 §§) när kommunen och riket får en invånare
      och ``inkomst`` mer i uppräknat skatteunderlag, exakt (oavrundad kr/inv × folkmängd);
      för en bidragskommun ≈ bidragssats × (1,15 × medelskattekraft − inkomst);
    * ``regleringspost``, ``strukturbidrag`` = årets kr/inv (samma för varje invånare);
    * ``kostnadsutjamning``: (1) ``standardkostnad`` − ``medelstandardkostnad`` ur kolumnerna, om de finns;
      annars (2) beräknad med lagens parametrar per ``aldersgrupp`` (``ALDERSGRUPPER``,
      ``standardkostnad_per_aldersgrupp``) när ``kostnad`` anges: en dict med kommunens ``rad``, ``riket`` och
      ``publicerad`` (se ``kostnadsutjamning_vad_om``), eller ``"syntetisk"`` = SYNTETISKA exempeldata
      (``xlmodel.exempeldata``, påhittade; märks i ``attrs["kostnadsutjamning_kalla"]``); ``kostnadsar``:
      utjämningsåret för kostnadsutjämningen (standard ``ar``; bilagans värden finns för 2021 och 2024);
      annars (3) 0, med en anmärkning;
    * ``summa``.

    **Eftersläpning.** Kommunalskatten för inkomstår t går till kommunen där personen var folkbokförd 1 november
    t−1, och skatteunderlaget med etikett t (preliminär skatt och inkomstutjämning år t) är inkomstår t−2. En
    person som räknas i folkmängden första gången utjämningsår t (folkbokförd 1 nov t−1) bidrar därför till
    kommunens skatteunderlag först år t+2. ``ar_sedan_inflytt`` = år efter det första utjämningsåret: 0 och 1
    ger skatt 0 och inkomstutjämning som för inkomst 0 (personen räknas i folkmängden utan inkomst i
    underlaget); 2 och mer, eller utan kolumnen (på sikt), ger hela inkomsten.

    Räknat exempel (hand, testas): Lekeberg 2026, bidragskommun i Örebro län (bidragssats 19,00 %), skattesats
    21,43 %, medelskattekraft 1,08569 × rikets skatteunderlag / rikets folkmängd ≈ 293 568 kr. En person med
    inkomst 0 kr: skatt 0; inkomstutjämning ≈ 0,19 × 1,15 × 293 568 ≈ 64 145 kr (modellen ≈ 52 kr mindre,
    eftersom personen själv sänker medelskattekraften). Med inkomst 300 000 kr: skatt 64 290 kr och
    inkomstutjämning ≈ 0,19 × (337 603 − 300 000) ≈ 7 145 kr; med regleringsbidraget 2 799 kr (strukturbidrag 0)
    tillsammans ≈ 74 234 kr. En 90-åring ger dessutom kostnadsutjämningens skillnad (ofta stor och positiv),
    en person i arbetsför ålder ofta en negativ.
    """
    if not isinstance(personer, pd.DataFrame) or personer.empty:
        raise IndataFel("personer: ange en tabell med minst en rad och kolumnen 'inkomst'.")
    if "inkomst" not in personer.columns:
        raise IndataFel("personer: kolumnen 'inkomst' saknas.")
    har_kostnad = "standardkostnad" in personer.columns
    if har_kostnad and "medelstandardkostnad" not in personer.columns:
        raise IndataFel("personer: 'standardkostnad' kräver kolumnen 'medelstandardkostnad'.")
    kod = _kontrollera_kommun(kommunkod)
    ar = kontrollera_ar(ar)
    k = _Kalkyl(kod, Antaganden.fran(antaganden), reform, ar)
    saknas = _saknade_kravdata(k, ar)
    if saknas:
        raise IndataFel(f"Kommun {kod} år {ar}: indata saknas: {'; '.join(saknas)}; ange värdena i antaganden.")
    s = k.skattesats(ar)
    _, bas = k.inkomstutjamning(ar)
    n = k.n_kommun(ar)
    bas_belopp = float(bas["kr_per_inv_exakt"]) * n
    reglering = k.kr_per_inv_del("regleringspost", ar)
    struktur = k.kr_per_inv_del("strukturbidrag", ar)
    if reglering is None:
        raise IndataFel(f"Regleringsposten för {ar} saknas: ange 'regleringspost' (kr/inv) eller en prognos.")
    per_grupp, kalla = None, "angiven" if har_kostnad else None
    if not har_kostnad and kostnad is not None:
        if "aldersgrupp" not in personer.columns:
            raise IndataFel(f"personer: kolumnen 'aldersgrupp' krävs med 'kostnad' ({', '.join(ALDERSGRUPPER)}).")
        kar = ar if kostnadsar is None else kontrollera_ar(kostnadsar)
        if isinstance(kostnad, str):
            if kostnad != "syntetisk":
                raise IndataFel(f"kostnad: ange 'syntetisk' eller en dict med rad, riket och publicerad (fick {kostnad!r}).")
            kostnad = _syntetisk_kostnad(kod, kar, reform)
            k._anmark(f"Kostnadsutjämningen är beräknad på SYNTETISKA exempeldata ({kar}), inte kommunens verkliga "
                      "data: ange kostnad={'rad': ..., 'riket': ..., 'publicerad': ...} med egna uppgifter.")
        if not isinstance(kostnad, Mapping) or not {"rad", "riket", "publicerad"} <= set(kostnad):
            raise IndataFel("kostnad: ange en dict med 'rad', 'riket' och 'publicerad' (se kostnadsutjamning_vad_om).")
        per_grupp = standardkostnad_per_aldersgrupp(kostnad["rad"], kar, kostnad["riket"], kostnad["publicerad"], reform)
        kalla = kostnad.get("kalla", f"beräknad med lagens parametrar {kar} (egna indata)")
    elif not har_kostnad:
        k._anmark("Kostnadsutjämningen är satt till 0: ange 'standardkostnad' och 'medelstandardkostnad' eller 'kostnad'.")
    rader = []
    for i, (_, p) in enumerate(personer.iterrows(), start=1):
        inkomst = tal(p["inkomst"], f"personer rad {i}, inkomst")
        if inkomst < 0:
            raise IndataFel(f"personer rad {i}, inkomst: negativt värde är inte tillåtet.")
        if "ar_sedan_inflytt" in personer.columns:
            ar_inne = tal(p["ar_sedan_inflytt"], f"personer rad {i}, ar_sedan_inflytt")
            if ar_inne < 0 or not ar_inne.is_integer():
                raise IndataFel(f"personer rad {i}, ar_sedan_inflytt: ange ett heltal 0 eller större.")
            if ar_inne < 2:
                inkomst = 0.0
        _, ny = k.inkomstutjamning(ar, inkomst, 1)
        if har_kostnad:
            kostnadsutj = (tal(p["standardkostnad"], f"personer rad {i}, standardkostnad")
                           - tal(p["medelstandardkostnad"], f"personer rad {i}, medelstandardkostnad"))
        elif per_grupp is not None:
            if p["aldersgrupp"] not in per_grupp.index:
                raise IndataFel(f"personer rad {i}, aldersgrupp: okänd grupp {p['aldersgrupp']!r}; "
                                f"ange en av {', '.join(ALDERSGRUPPER)}.")
            kostnadsutj = float(per_grupp.loc[p["aldersgrupp"], "kostnadsutjamning"])
        else:
            kostnadsutj = 0.0
        rad = {"skatt": inkomst * s / 100,
               "inkomstutjamning": float(ny["kr_per_inv_exakt"]) * (n + 1) - bas_belopp,
               "regleringspost": reglering, "strukturbidrag": struktur, "kostnadsutjamning": kostnadsutj}
        rad["summa"] = sum(rad.values())
        rader.append(rad)
    ut = pd.DataFrame(rader, index=personer.index, columns=MARGINALKOLUMNER)
    if "aldersgrupp" in personer.columns:
        ut.insert(0, "aldersgrupp", personer["aldersgrupp"].to_numpy())
    ut.insert(int("aldersgrupp" in ut.columns), "inkomst", personer["inkomst"].to_numpy(dtype=float))
    ut.attrs.update({"kommunkod": kod, "ar": ar, "skattesats": s, "medelskattekraft": float(bas["medelskattekraft"]),
                     "kostnadsutjamning_kalla": kalla, "anmarkningar": list(k.anmarkningar)})
    if per_grupp is not None:
        ut.attrs["standardkostnad_per_aldersgrupp"] = per_grupp
    return ut
