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
  PKV) ligger i versionerade filer ``xlmodel/budget/prognoser/<namn>.yaml``, namngivna efter cirkuläret.

Standarddata utan ``antaganden``: Örebro läns kommuner (SCB OE0115/OE0101, medföljer; åren ur tabellen, i dag
2005–2026); kommunens folkmängd 1 november året före = SCB:s summa i tkr × 1000 / summa kr/inv, avrundat;
rikets folkmängd 1 november är KALIBRERAD ur SCB-utfallet (``referensdata.riket_folkmangd_1nov``), inte
officiell. LSS-utjämning och kommunal fastighetsavgift ingår inte i SCB OE0115 och medföljer inte.
För andra kommuner måste folkmängd, skatteunderlag och de publicerade utjämningsdelarna anges.
"""
from __future__ import annotations

import copy
import dataclasses
import math
import re
import warnings
from typing import Mapping

import numpy as np
import pandas as pd

from ..fel import Anmarkning, IndataFel
from ..kallor.hamtat import tillstand
from ..minne import memo
from ..parametrar import kontrollera_reformar, om_reform, reform_antagande
from ..validering import avrunda_krontal, kontrollera_ar, tal
from .data import KALLA_SCB_UTFALL, _dataar, _orebro, kalla, kontrollera_kod, sista_utfallsar
from .kalkyl import Antaganden, _Kalkyl, _saknade_kravdata
from .prognos import HARLEDD, ar_pahittad, harledd, prognosnamn, sista_ar
from .rader import (_KR, _KR_PER_INV, BIDRAGSRADER, ENHETER, FASTIGHET, KOLUMNER, KOMMUNALSKATT, INKOMSTUTJ, LSS,
                    MAX_PLANAR, NOLLRADER, RADER, STANDARD_PLANAR, SCB_RADER, SCB_SUMMA, SKATTERADER, SLUTAVR_FG, SLUTAVR_INN, SUMMA,
                    SUMMA_BIDRAG, SUMMA_SKATT)


DETALJ = SKATTERADER + BIDRAGSRADER  # detaljraderna; summaraderna räknas ur dem (``_summer``)
_INFO = ("folkmangd", "skattesats", "upprakningsfaktor", "skattekraft", "medelskattekraft", "inkomstutjamning_kr_per_inv")


@dataclasses.dataclass(frozen=True)
class _Kr:
    """Blocket i kr: ``detalj`` (``DETALJ`` × ``ar``, NaN = ej angivet), kalkylen ``k``, värdena bakom
    (``info``: ``_INFO`` → ett tal per år) och de detaljrader som saknar värde något år (``ej_angivna``)."""
    detalj: np.ndarray
    ar: list
    k: _Kalkyl
    info: dict
    ej_angivna: list


@memo(64)  # blocket i kr delas av enheterna (mnkr, kr/inv, kr) för samma indata och samma hämtcache (``_cachen``)
def _block_kr(kod: str, ar_lista: list[int], budgetar: int, ant: Antaganden, reform: str | None,
              saknade: str = "utelamna", niva: str = "kommun", _cachen: tuple = ()) -> _Kr:
    k = _Kalkyl(kod, ant, reform, budgetar, niva)
    saknas = _saknade_kravdata(k, budgetar)
    if saknas:
        raise IndataFel(
            f"{'Kommun' if niva == 'kommun' else 'Region'} {kod} år {budgetar}: indata saknas: {'; '.join(saknas)}. "
            f"Medföljande data för alla kommuner täcker {_dataar()}; ange värdena i antaganden (se Antaganden)."
        )
    utan = [y for y in ar_lista if y < budgetar and _saknade_kravdata(k, y)]
    for y in utan:
        k._anmark(f"Kolumnen för {y} utelämnas: skatteunderlag eller folkmängd {y} medföljer inte.")
    kolumner, info = {}, {}
    for y in (y for y in ar_lista if y not in utan):
        ink, rad = k.inkomstutjamning(y)
        n = k.n_kommun(y)
        k.kallor[(INKOMSTUTJ, y)] = (f"beräknad (lag 2004:773 3–7 §§) ur skatteunderlag: {k.kallor.get(('skatteunderlag', y))}; "
                                     f"folkmängd: {k.kallor.get(('folkmangd', y))}")
        publicerad = k._data(kod, "inkomstutjamning", y) if niva == "kommun" else None
        if (publicerad is not None and reform is None and ant.inkomstutjamning_utfall  # samma underlag som SCB:s
                and n == k._data(kod, "folkmangd", y) and k.su_kommun(y) == k._data(kod, "skatteunderlag", y)):
            ink, k.kallor[(INKOMSTUTJ, y)] = publicerad * n, kalla(kod, "inkomstutjamning", y, k.hamtade) or KALLA_SCB_UTFALL
        varden = {KOMMUNALSKATT: k.kommunalskatt(y), SLUTAVR_FG: k.slutavrakning_aret_innan(y, budgetar),
                  SLUTAVR_INN: k.slutavrakning(y), INKOMSTUTJ: ink}
        kalla_skatt = (f"beräknad (lag 1965:269 4 §): skatteunderlag ({k.kallor.get(('skatteunderlag', y))}) × "
                       f"uppräkningsfaktor × {k.kallor.get(('skattesats', y), 'skattesats')}")
        k.kallor[(KOMMUNALSKATT, y)] = kalla_skatt if not math.isnan(varden[KOMMUNALSKATT]) else (
            f"ej angivet (skattesats {y} medföljer inte; ange den)")
        k.kallor[(SLUTAVR_INN, y)] = (f"beräknad (lag 1965:269 5 §) med rikets skatteunderlagsökning ur SCB:s utfall "
                                      f"och prognos {k.prognosnamn}")
        for namn, rubrik in _KR_PER_INV.items():
            v = k.kr_per_inv_del(namn, y)
            varden[rubrik] = np.nan if v is None else v * n
        for namn, rubrik in _KR.items():
            v = k.kr_del(namn, y)
            varden[rubrik] = np.nan if v is None else v
        kolumner[y] = varden
        info[y] = (n, k.skattesats(y), k.upprakning(y), rad["skattekraft"], rad["medelskattekraft"], rad["kr_per_inv"])
    ar_ut = list(kolumner)
    detalj = np.array([[kolumner[y][r] for y in ar_ut] for r in DETALJ], dtype=float).reshape(len(DETALJ), len(ar_ut))
    info = dict(zip(_INFO, np.array([info[y] for y in ar_ut], dtype=float).reshape(len(ar_ut), len(_INFO)).T))
    detalj.setflags(write=False)  # delas av alla som får blocket ur minnet
    return _Kr(detalj, ar_ut, k, info, _kontrollera_saknade(detalj, ar_ut, saknade))


def _etiketter(ar_lista: list[int], budgetar: int) -> dict[int, str]:
    """Kolumnrubriker med sin sort, som i kommunernas budgetar: "Bokslut 2024", "Budget 2025", "Budget 2026",
    "Plan 2027" … (bokslut = senast stängda året, budget = innevarande år och budgetåret)."""
    return {y: ("Bokslut" if y < budgetar - 1 else "Budget" if y <= budgetar else "Plan") + f" {y}" for y in ar_lista}


def _kallor(k: _Kalkyl, kolumner: list[int], etikett: dict[int, str]) -> dict[str, str]:
    """En källnot per rad: kolumnerna med samma källa slås ihop, t.ex. "Bokslut 2024–Budget 2025: SCB …"."""
    ut = {}
    for post in SKATTERADER + BIDRAGSRADER:
        grupper: list[list] = []
        for y in kolumner:
            text = k.kallor.get((post, y), "ej angivet")
            if grupper and grupper[-1][1] == text:
                grupper[-1][0].append(y)
            else:
                grupper.append([[y], text])
        ut[post] = "; ".join(
            (f"{etikett[ar[0]]}" if len(ar) == 1 else f"{etikett[ar[0]]}–{etikett[ar[-1]]}") + f": {text}"
            for ar, text in grupper)
    for post, delar in ((SUMMA_SKATT, SKATTERADER), (SUMMA_BIDRAG, BIDRAGSRADER), (SUMMA, "de två summorna"),
                        (SCB_SUMMA, SCB_RADER)):
        ut[post] = "summa av " + (delar if isinstance(delar, str) else ", ".join(delar)) + " (angivna rader)"
    return ut


SAKNADE = ("utelamna", "fel")
_EJ_ANGIVNA_HJALP = {LSS: "lss_utjamning (kr/inv)", FASTIGHET: "fastighetsavgift (kr)"}


def ej_angivna(block: pd.DataFrame) -> list[str]:
    """Detaljrader (``SKATTERADER`` + ``BIDRAGSRADER``) som saknar värde något år, i blockets ordning."""
    rader = [r for r in DETALJ if r in block.index]
    return _ej_angivna(_tomma(block, rader), rader)


def _tomma(block: pd.DataFrame, rader: list[str]) -> np.ndarray:
    """NaN där raden saknar värde (pandas ``isna``: också None), annars 0: för ``_ej_angivna``/``_summa_not``."""
    return np.where(block.loc[rader].isna().to_numpy(), np.nan, 0.0)


def _ej_angivna(detalj: np.ndarray, rader=DETALJ) -> list[str]:
    saknas = np.isnan(detalj).any(axis=1)  # en kontroll för alla rader
    return [r for r, s in zip(rader, saknas) if s]


def summa_not(block: pd.DataFrame) -> str:
    """Anmärkningen om vad summorna inte omfattar, t.ex. "Summorna omfattar inte: LSS-utjämning, kommunal
    fastighetsavgift (ej angivna; fyll i dem i Indata)."; tom sträng när alla delar är angivna."""
    rader = [r for r in DETALJ if r in block.index]
    return _summa_not(_tomma(block, rader), list(block.columns), rader)


def _summa_not(detalj: np.ndarray, kolumner: list, rader=DETALJ) -> str:
    delar = []
    for r, tomma in zip(rader, np.isnan(detalj)):
        if not tomma.any():
            continue
        namn = r[0].lower() + r[1:] if r[1:2].islower() else r
        ar = [str(a) for a, tom in zip(kolumner, tomma) if tom]
        delar.append(namn if len(ar) == len(kolumner) else f"{namn} {', '.join(ar)}")
    if not delar:
        return ""
    return f"Summorna omfattar inte: {', '.join(delar)} (ej angivna; fyll i dem i Indata)."


def _kontrollera_saknade(detalj: np.ndarray, kolumner: list, saknade: str) -> list[str]:
    """De ej angivna detaljraderna; med ``saknade="fel"`` ett ``IndataFel`` som räknar upp rader och år."""
    if saknade not in SAKNADE:
        raise IndataFel(f"saknade: ange {' eller '.join(repr(v) for v in SAKNADE)} (fick {saknade!r}).")
    tomma = _ej_angivna(detalj)
    if tomma and saknade == "fel":
        rad = dict(zip(DETALJ, np.isnan(detalj)))
        delar = [f"{r} ({', '.join(str(a) for a, tom in zip(kolumner, rad[r]) if tom)})"
                 + (f": ange {_EJ_ANGIVNA_HJALP[r]}" if r in _EJ_ANGIVNA_HJALP else "") for r in tomma]
        raise IndataFel(f"Budgetblocket: värde saknas för {'; '.join(delar)}.")
    return tomma


def _summa(rad: dict, delar: list[str]) -> np.ndarray:
    """Summan av raderna ``delar`` per kolumn som pandas ``sum(min_count=1)``: tomma (NaN) hoppas över, ingen
    angiven ger NaN; samma räkneordning (kolumn × rad, raderna i följd), så att talen blir identiska."""
    S = np.ascontiguousarray(np.array([rad[r] for r in delar], dtype=float).T)
    tom = np.isnan(S)
    summa = np.where(tom, 0.0, S).sum(axis=1)
    summa[tom.all(axis=1)] = np.nan
    return summa


def _summer(detalj: np.ndarray) -> np.ndarray:
    """Alla ``RADER`` × kolumner ur detaljraderna (``DETALJ`` × kolumner): summaraderna ur de angivna raderna."""
    rad = dict(zip(DETALJ, detalj))
    rad[SUMMA_SKATT] = _summa(rad, SKATTERADER)
    rad[SUMMA_BIDRAG] = _summa(rad, BIDRAGSRADER)
    rad[SUMMA] = _summa(rad, [SUMMA_SKATT, SUMMA_BIDRAG])
    rad[SCB_SUMMA] = _summa(rad, SCB_RADER)
    return np.array([rad[r] for r in RADER], dtype=float).reshape(len(RADER), detalj.shape[1])


def _tabell(detalj: np.ndarray, kolumner, tomma: list[str] | None = None) -> pd.DataFrame:
    """Blocket som tabell (``RADER`` × ``kolumner``) med ``attrs["ej_angivna"]`` och ``attrs["summa_not"]``."""
    ut = pd.DataFrame(_summer(detalj), index=RADER, columns=kolumner)
    ut.attrs["ej_angivna"] = _ej_angivna(detalj) if tomma is None else tomma
    ut.attrs["summa_not"] = _summa_not(detalj, list(ut.columns)) if ut.attrs["ej_angivna"] else ""
    return ut


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
    saknas = [r for r in DETALJ if r not in block.index]
    if saknas:
        raise IndataFel(f"summera: raden {saknas[0]!r} saknas (ange 0 om posten inte finns).")
    detalj = block.loc[DETALJ].to_numpy(dtype=float)
    tomma = _kontrollera_saknade(detalj, list(block.columns), saknade)
    ut = _tabell(detalj, block.columns, tomma)
    ut.index.name = block.index.name
    ut.attrs = {**copy.deepcopy(block.attrs), **ut.attrs}  # blockets egna attrs följer med, som förut
    return ut


def _avrunda(x, decimaler: int):
    f = 10.0 ** decimaler
    return avrunda_krontal(np.asarray(x, dtype=float) * f) / f


def _i_enhet(detalj_kr: np.ndarray, folkmangd: np.ndarray, enhet: str) -> np.ndarray:
    """Detaljraderna avrundade i vald enhet (summorna räknas sedan ur de avrundade raderna, så att tabellen går ihop)."""
    if enhet == "kr":
        return detalj_kr
    if enhet == "kr_per_inv":
        return _avrunda(detalj_kr / folkmangd, 0)
    delare, dec = {"mnkr": (1e6, 1), "tkr": (1e3, 0)}[enhet]
    return _avrunda(detalj_kr / delare, dec)


def skatter_och_bidrag(kommunkod, ar, antaganden=None, reform: str | None = None, enhet: str = "mnkr",
                       saknade: str = "utelamna", niva: str = "kommun", kolumner: str = "budget",
                       nollrader: str = "visa") -> pd.DataFrame:
    """Budgetblocket "Skatteintäkter, generella statsbidrag och utjämning" för en kommun eller region.

    Rader = budgetraderna i Sjöbos ordning (``RADER``). ``kolumner="budget"`` (standard): kolumnerna som i
    kommunernas budgetar, "Bokslut T−2", "Budget T−1", "Budget T", "Plan T+1" … (``planar`` planår, standard 3,
    högst 8); utfallsåren ur SCB:s publicerade utfall där det medföljer, annars beräknade ur medföljande data
    eller användarens bokförda värden. ``kolumner="ar"``: budgetåret och planåren med årtalen som rubrik
    (standard 0 planår), som arbetsbokens matrisformler.

    ``ar``: budgetåret (utjämningsår); kommun med kod eller namn (``"Sundsvall"``), region med länskod och
    ``niva="region"``. ``antaganden``: dict eller ``Antaganden``. ``reform``: ett reformöverlägg, t.ex.
    ``"sou_2024_50"`` (påverkar de beräknade delarna). ``enhet``: ``"mnkr"`` (en decimal, standard),
    ``"tkr"``, ``"kr"`` (oavrundat), ``"kr_per_inv"`` eller ``"mnkr_och_kr_per_inv"``. Detaljraderna avrundas
    och summorna är summan av de avrundade raderna. ``nollrader="dolj"`` tar bort detaljrader som är 0 i
    varje kolumn (t.ex. strukturbidrag för en kommun som inte får något), som kommunerna gör.

    Planåren: standardprognosen är HÄRLEDD ur medföljande SCB-utfall (``prognos.harledd``); ett år efter
    prognosens sista år är ett fel som namnger året och prognosen.

    Delar utan värde (t.ex. LSS-utjämning, fastighetsavgift, övriga generella statsbidrag) står tomma ("ej
    angivet", aldrig tyst 0). ``saknade="utelamna"``: summorna omfattar de angivna delarna och
    ``attrs["ej_angivna"]``/``attrs["summa_not"]`` säger vad som fattas; ``saknade="fel"``: ``IndataFel``.

    ``attrs``: ``kallor`` ({rad: källnot per kolumn}), ``anmarkningar`` (antaganden, approximationer, prognos),
    ``kolumntyp`` ({kolumn: "bokslut"/"budget"/"plan"}), ``ar`` ({kolumn: år}), ``prognos``, ``folkmangd``,
    ``skattesats``, ``upprakningsfaktor``, ``skattekraft``, ``medelskattekraft``,
    ``inkomstutjamning_kr_per_inv`` per kolumn, ``ej_angivna``, ``summa_not``, ``kommunkod``, ``niva``.

    Exempel: ``skatter_och_bidrag("1880", 2026, {"lss_utjamning": -250, "fastighetsavgift": 150e6})``.
    """
    kod, ar, ant, ar_lista = _forbered(kommunkod, ar, antaganden, reform, enhet, kolumner, nollrader, niva)
    kr = _block_kr(kod, ar_lista, ar, ant, reform, saknade, niva, tillstand())
    k, info, ar_ut = kr.k, kr.info, kr.ar
    etikett = _etiketter(ar_ut, ar) if kolumner == "budget" else {y: y for y in ar_ut}
    if enhet == "mnkr_och_kr_per_inv":
        ut = pd.concat({e: _tabell(_i_enhet(kr.detalj, info["folkmangd"], e), pd.Index(ar_ut), kr.ej_angivna)
                        for e in ("mnkr", "kr_per_inv")}, axis=1).rename(columns={"kr_per_inv": "kr/inv"}, level=0)
        ut = ut.swaplevel(axis=1).sort_index(axis=1, level=0, sort_remaining=False)
        ut = ut.rename(columns=etikett, level=0)
    else:
        ut = _tabell(_i_enhet(kr.detalj, info["folkmangd"], enhet), pd.Index([etikett[y] for y in ar_ut]), kr.ej_angivna)
    if nollrader == "dolj":
        noll = [r for r, rad in zip(DETALJ, kr.detalj) if np.all(np.where(np.isnan(rad), 1.0, rad) == 0)]
        ut = ut.drop(index=noll)
    ut.index.name = "post"
    ut.attrs.update({r: {etikett[y]: float(v) for y, v in zip(ar_ut, info[r])} for r in _INFO})
    ut.attrs.update({"kommunkod": kod, "niva": niva, "enhet": enhet, "reform": reform,
                     "kolumntyp": {etikett[y]: str(etikett[y]).split(" ")[0].lower() if kolumner == "budget"
                                   else ("budget" if y == ar else "plan") for y in ar_ut},
                     "ar": {etikett[y]: y for y in ar_ut}, "prognos": k.prognosnamn,
                     "kallor": _kallor(k, ar_ut, etikett)})
    ut.attrs["ej_angivna"] = list(kr.ej_angivna)
    if isinstance(ut.columns, pd.MultiIndex):  # annars är noten redan räknad på talen (``_tabell``; nollrader har inga tomma)
        ut.attrs["summa_not"] = summa_not(ut) if kr.ej_angivna else ""
    ut.attrs["anmarkningar"] = _anmarkningar(k, kod, ar_ut, ant)
    if ut.attrs["summa_not"]:  # aldrig tyst: en DataFrame visar inte attrs, så noten blir också en varning
        warnings.warn(f"{'kommun' if niva == 'kommun' else 'region'} {kod}: {ut.attrs['summa_not']}", Anmarkning,
                      stacklevel=2)
    return ut


def _forbered(kommunkod, ar, antaganden, reform, enhet, kolumner, nollrader, niva) -> tuple[str, int, Antaganden, list[int]]:
    """Kontrollerade argument till ``skatter_och_bidrag``/``budgetrad``: (kod, budgetår, antaganden med planår, åren)."""
    if enhet not in ENHETER:
        raise IndataFel(f"Okänd enhet {enhet!r}: ange {', '.join(ENHETER)}.")
    if kolumner not in KOLUMNER:
        raise IndataFel(f"kolumner: ange {' eller '.join(repr(v) for v in KOLUMNER)} (fick {kolumner!r}).")
    if nollrader not in NOLLRADER:
        raise IndataFel(f"nollrader: ange {' eller '.join(repr(v) for v in NOLLRADER)} (fick {nollrader!r}).")
    kod = kontrollera_kod(kommunkod, niva)
    ar = kontrollera_ar(ar)
    ant = Antaganden.fran(antaganden)
    planar = (STANDARD_PLANAR if kolumner == "budget" else 0) if ant.planar is None else ant.planar
    planar = tal(planar, "planår")
    if not planar.is_integer() or not 0 <= planar <= MAX_PLANAR:
        raise IndataFel(f"planår måste vara ett heltal 0–{MAX_PLANAR} (är {ant.planar!r}).")
    if ant is antaganden or type(ant.planar) is not int or ant.planar != planar:  # en egen kopia med planåren
        ant = dataclasses.replace(ant, planar=int(planar))
    if reform:  # inget av blockets år med reformvärden: lagen under reformens namn
        kontrollera_reformar(reform, ar, ar + int(planar))
    _kontrollera_tackning(ar, ar + ant.planar, ant)
    return kod, ar, ant, list(range(ar - 2 if kolumner == "budget" else ar, ar + ant.planar + 1))


def budgetrad(kommunkod, ar, post: str, antaganden=None, reform: str | None = None, enhet: str = "mnkr",
              niva: str = "kommun") -> float:
    """Raden ``post`` för budgetåret: samma tal som ``skatter_och_bidrag(..., kolumner="ar").loc[post].iloc[0]``
    (NaN = ej angivet; ``"mnkr_och_kr_per_inv"`` ger mnkr), utan tabellen, källnoterna och anmärkningarna:
    den snabba vägen för en cell (``XLM_SOB_RAD``). Okänd rad ger ``IndataFel`` som räknar upp raderna."""
    kod, ar, ant, ar_lista = _forbered(kommunkod, ar, antaganden, reform, enhet, "ar", "visa", niva)
    if not isinstance(post, str) or post not in RADER:  # före blocket: en okänd rad räknar inget
        raise IndataFel(f"Okänd rad {post!r}. Rader: {', '.join(RADER)}.")
    kr = _block_kr(kod, ar_lista, ar, ant, reform, "utelamna", niva, tillstand())
    detalj = _i_enhet(kr.detalj[:, :1], kr.info["folkmangd"][:1], "mnkr" if enhet == "mnkr_och_kr_per_inv" else enhet)
    if post in _DETALJNR:  # en detaljrad: inga summor att räkna
        return float(detalj[_DETALJNR[post], 0])
    return float(_summer(detalj)[RADER.index(post), 0])


_DETALJNR = {r: i for i, r in enumerate(DETALJ)}


def _kontrollera_tackning(ar: int, sista: int, ant: Antaganden) -> None:
    """Ett år efter sista utfallsåret och efter prognosens sista år är ett fel (ingen tyst framskrivning)."""
    namn = HARLEDD if ant.prognos is None else ant.prognos
    utfall = sista_utfallsar()
    if sista <= utfall:
        return
    slut = sista_ar(namn)
    if slut is None or sista > slut:
        forsta = max(utfall, slut or utfall) + 1
        raise IndataFel(
            f"År {forsta} ligger efter prognosen {prognosnamn(namn)}, som täcker utjämningsår t.o.m. "
            f"{slut if slut is not None else utfall} (utfall t.o.m. {utfall}). Välj färre planår, ett tidigare "
            "budgetår eller en prognos som täcker året (prognoser(); xlmodel prognos ny --fran-cirkular).")


def _anmarkningar(k: _Kalkyl, kod: str, ar_lista: list[int], ant: Antaganden) -> list[str]:
    """Blockets noter: prognosen (härledd eller PÅHITTAD), approximationerna i datat, antagandena i kalkylen."""
    namn = HARLEDD if ant.prognos is None else ant.prognos
    noter = []
    if any(y > sista_utfallsar() for y in ar_lista):
        noter += harledd()[1] if namn == HARLEDD else [f"Prognos: {prognosnamn(namn)}."]
    if ar_pahittad(namn):
        noter.append(f"OBS: prognosen {prognosnamn(namn)} är PÅHITTAD (ett exempel), inte en riktig prognos.")
    kallor = {k.kallor.get((n, y)) for n in ("skatteunderlag", "folkmangd") for y in ar_lista}
    noter += sorted(t for t in kallor if t and ("APPROX" in t.upper() or "HÄRLED" in t.upper() or "KALIBRER" in t.upper()))
    return noter + list(k.anmarkningar)


def skatter_och_bidrag_alla(ar, kommunkoder=None, antaganden=None, reform: str | None = None,
                            enhet: str = "mnkr", saknade: str = "utelamna", niva: str = "kommun",
                            kolumner: str = "budget") -> pd.DataFrame:
    """Blocket för flera kommuner under varandra: ``kommunkoder`` (standard: Örebro läns kommuner, som har SCB:s
    publicerade utfall), ``"alla"`` = alla 290 kommuner (med ``niva="region"``: länskoder, standard alla 21).

    ``antaganden``: samma för alla, eller {kommunkod: antaganden}. Index (kommunkod, post), kolumner som i
    ``skatter_och_bidrag``.
    """
    from ..kallor.referensdata import kommuner, lan

    if kommunkoder is None and niva == "kommun":
        kommunkoder = sorted({k for k, _ in _orebro()})
    elif kommunkoder is None or (isinstance(kommunkoder, str) and kommunkoder == "alla"):
        kommunkoder = list(kommuner()["kommunkod"] if niva == "kommun" else lan()["lanskod"])
    koder = [kontrollera_kod(k, niva) for k in kommunkoder]
    per_kommun = isinstance(antaganden, Mapping) and antaganden and all(
        isinstance(v, (Mapping, Antaganden)) for v in antaganden.values()) and set(antaganden) <= set(koder)
    delar = {}
    for kod in koder:
        ant = antaganden.get(kod) if per_kommun else antaganden
        delar[kod] = skatter_och_bidrag(kod, ar, ant, reform, enhet, saknade, niva=niva, kolumner=kolumner)
    ut = pd.concat(delar, names=["kommunkod" if niva == "kommun" else "lanskod", "post"])
    ut.attrs = {"enhet": enhet, "reform": reform, "niva": niva,
                **{n: {k: d.attrs[n] for k, d in delar.items()} for n in ("anmarkningar", "ej_angivna", "summa_not", "kallor")}}
    return ut


def jamfor(a: pd.DataFrame, b: pd.DataFrame, namn: tuple[str, str] = ("A", "B")) -> pd.DataFrame:
    """Två block sida vid sida per år med skillnaden b − a per rad: kolumner (år, [namn_a, namn_b, "Skillnad"])."""
    if list(a.index) != list(b.index) or list(a.columns) != list(b.columns):
        raise IndataFel("jamfor: blocken måste ha samma rader och år.")
    delar = {}
    for ar in a.columns:
        delar[ar] = pd.DataFrame({namn[0]: a[ar], namn[1]: b[ar], "Skillnad": b[ar] - a[ar]})
    return pd.concat(delar, axis=1)


def jamfor_reform(kommunkod, ar, reform: str, antaganden=None, enhet: str = "mnkr", **kw) -> pd.DataFrame:
    """Blocket enligt lag och enligt reformöverlägget sida vid sida, med skillnaden per rad (reform − lag).

    Reformen ändrar de delar som beräknas här (inkomstutjämningen); delar som tas som indata
    (kostnadsutjämning, regleringspost ...) är desamma om inte ``antaganden`` anger annat. Kolumner för år
    före reformens första år med värden visas inte (där gäller lagen: ingen tyst kopia); har inget av blockets
    år reformvärden är det ett ``ParameterFel`` som säger från vilket år reformen gäller.
    ``attrs``: ``reform``, ``antagande`` (överläggets namngivna antagande, att visa med tabellen),
    ``forsta_ar``, ``utelamnade`` (kolumner före reformen), ``lag`` och ``med_reform`` (de två blocken) samt
    ``anmarkningar`` (reformblockets och överläggets om regleringsposten). ``kw``: som ``skatter_och_bidrag``
    (``niva``, ``kolumner``; standard ``kolumner="ar"``). Båda blocken räknar inkomstutjämningen (inte SCB:s publicerade utfall), så
    att skillnaden är reformens.
    """
    ant = dataclasses.replace(Antaganden.fran(antaganden), inkomstutjamning_utfall=False)
    kw.setdefault("kolumner", "ar")  # budgetår och planår med årtal, som arbetsbokens blad Reform
    med = skatter_och_bidrag(kommunkod, ar, ant, reform, enhet, **kw)  # först: reformens år kontrolleras
    lag = skatter_och_bidrag(kommunkod, ar, ant, None, enhet, **kw)
    om = om_reform(reform)
    kolumner = [k for k in lag.columns if _kolumnar(k) >= om["forsta_ar"]]
    ut = jamfor(lag[kolumner], med[kolumner], ("Lag", reform))
    ut.attrs.update({"reform": reform, "antagande": reform_antagande(reform), "forsta_ar": om["forsta_ar"],
                     "utelamnade": [k for k in lag.columns if k not in kolumner], "enhet": enhet,
                     "lag": lag, "med_reform": med, "anmarkningar": [
                         *med.attrs.get("anmarkningar", []), *([" ".join(str(om["regleringspost"]).split())]
                                                               if om.get("regleringspost") else [])]})
    return ut


def _kolumnar(kolumn) -> int:
    """Året i en blockkolumn: 2026, "Budget 2026" eller ("Budget 2026", "mnkr")."""
    kolumn = kolumn[0] if isinstance(kolumn, tuple) else kolumn
    if isinstance(kolumn, (int, np.integer)):
        return int(kolumn)
    m = re.search(r"(\d{4})", str(kolumn))
    if not m:
        raise IndataFel(f"Blockets kolumn {kolumn!r} har inget årtal.")
    return int(m.group(1))
