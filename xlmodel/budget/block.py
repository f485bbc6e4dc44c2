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

import dataclasses
import re
import warnings
from typing import Mapping

import numpy as np
import pandas as pd

from ..fel import Anmarkning, IndataFel
from ..minne import memo
from ..parametrar import kontrollera_reformar, om_reform, reform_antagande
from ..validering import avrunda_krontal, kontrollera_ar, tal
from .data import _dataar, _kontrollera_kommun, _orebro
from .kalkyl import Antaganden, _Kalkyl, _saknade_kravdata
from .rader import (_KR, _KR_PER_INV, BIDRAGSRADER, ENHETER, FASTIGHET, KOMMUNALSKATT, INKOMSTUTJ, LSS,
                    MAX_PLANAR, RADER, SCB_RADER, SCB_SUMMA, SKATTERADER, SLUTAVR_FG, SLUTAVR_INN, SUMMA,
                    SUMMA_BIDRAG, SUMMA_SKATT)


@memo(32)  # blocket i kr delas av enheterna (mnkr, kr/inv, kr) för samma indata; resultatet ändras inte
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
    rader = [r for r in SKATTERADER + BIDRAGSRADER if r in block.index]
    saknas = block.loc[rader].isna().to_numpy().any(axis=1)  # en kontroll för alla rader
    return [r for r, s in zip(rader, saknas) if s]


def summa_not(block: pd.DataFrame) -> str:
    """Anmärkningen om vad summorna inte omfattar, t.ex. "Summorna omfattar inte: LSS-utjämning, kommunal
    fastighetsavgift (ej angivna; fyll i dem i Indata)."; tom sträng när alla delar är angivna."""
    delar = []
    for r in ej_angivna(block):
        namn = r[0].lower() + r[1:] if r[1:2].islower() else r
        ar = [str(a) for a, tom in zip(block.columns, block.loc[r].isna().to_numpy()) if tom]
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
    if reform:  # inget av blockets år med reformvärden: lagen under reformens namn
        kontrollera_reformar(reform, ar, ar + int(planar))
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
    ut.attrs["ej_angivna"], ut.attrs["summa_not"] = list(block_kr.attrs["ej_angivna"]), block_kr.attrs["summa_not"]
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
    """Blocket enligt lag och enligt reformöverlägget sida vid sida, med skillnaden per rad (reform − lag).

    Reformen ändrar de delar som beräknas här (inkomstutjämningen); delar som tas som indata
    (kostnadsutjämning, regleringspost ...) är desamma om inte ``antaganden`` anger annat. Kolumner för år
    före reformens första år med värden visas inte (där gäller lagen: ingen tyst kopia); har inget av blockets
    år reformvärden är det ett ``ParameterFel`` som säger från vilket år reformen gäller.
    ``attrs``: ``reform``, ``antagande`` (överläggets namngivna antagande, att visa med tabellen),
    ``forsta_ar``, ``utelamnade`` (kolumner före reformen), ``lag`` och ``med_reform`` (de två blocken) samt
    ``anmarkningar`` (reformblockets och överläggets om regleringsposten).
    """
    med = skatter_och_bidrag(kommunkod, ar, antaganden, reform, enhet)  # först: reformens år kontrolleras
    lag = skatter_och_bidrag(kommunkod, ar, antaganden, None, enhet)
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
