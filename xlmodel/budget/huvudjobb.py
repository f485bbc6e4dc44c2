"""Huvudjobbet ``xlmodel skatter-och-bidrag``: kommandoradens värden till antaganden, blocket som text med
källnoter, och arbetsboken för en region (kommunernas arbetsbok är mallen i ``xlmodel.excel.mall_skatter``)."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..fel import IndataFel

# Flaggor i kr/inv och i kr (med enhet) och deras namn i Antaganden.
KR_PER_INV_FLAGGOR = ("kostnadsutjamning", "strukturbidrag", "inforandebidrag", "lss_utjamning", "regleringspost")
BELOPP_FLAGGOR = {"fastighetsavgift": "fastighetsavgift", "ovriga_statsbidrag": "ovriga_bidrag"}
_ENHET = {"mnkr": 1e6, "mkr": 1e6, "milj kr": 1e6, "tkr": 1e3, "kr": 1.0}
MINSTA_KR = 10_000  # ett belopp i kr utan enhet under detta är troligen mnkr eller tkr


def belopp(text, namn: str = "belopp") -> float:
    """Ett belopp i kr ur text med enhet: "150 mnkr", "150000000 kr", "150 000 tkr", "−12,5 mnkr".

    Ett tal utan enhet tas som kr, men under 10 000 (utom 0) avvisas det som ett troligt enhetsfel
    ("150" menar nästan alltid 150 mnkr)."""
    t = str(text).strip().replace("\u2212", "-").replace("\xa0", " ")
    m = re.fullmatch(r"([-+]?[\d ]*[\d](?:[.,]\d+)?)\s*([A-Za-zåäö .]*)", t)
    if not m:
        raise IndataFel(f"{namn}: {text!r} är inget belopp; skriv t.ex. '150 mnkr' eller '150000000 kr'.")
    tal = float(m.group(1).replace(" ", "").replace(",", "."))
    enhet = m.group(2).strip().lower().rstrip(".")
    if enhet and enhet not in _ENHET:
        raise IndataFel(f"{namn}: okänd enhet {m.group(2)!r}; skriv mnkr, tkr eller kr (t.ex. '150 mnkr').")
    if not enhet and tal != 0 and abs(tal) < MINSTA_KR:
        raise IndataFel(f"{namn}: {text!r} utan enhet tolkas som kronor, vilket är orimligt lite; skriv enheten, "
                        f"t.ex. '{m.group(1)} mnkr' eller '{m.group(1)} tkr'.")
    return round(tal * _ENHET.get(enhet, 1.0), 2)  # hela ören: 65,6 mnkr = 65 600 000 kr exakt


def egna_antaganden(ar: int, planar: int, *, skattesats=None, skatteunderlag=None, kr_per_inv=None, belopp_kr=None,
                    slutavrakning_foregaende=None) -> dict:
    """Antaganden ur kommandoradens värden: delarna (kr/inv, kr) gäller budgetåret och planåren (inte
    bokslutsåren); skattesatsen gäller budgetåret och ärvs av planåren; den bokförda slutavräkningen är
    beloppet för inkomstår ``ar`` − 1 i förra bokslutet."""
    ar_lista = range(ar, ar + planar + 1)
    egna: dict = {}
    for namn, v in {**(kr_per_inv or {}), **(belopp_kr or {})}.items():
        if v is not None:
            egna[namn] = {y: v for y in ar_lista}
    if skattesats is not None:
        egna["skattesats"] = {ar: skattesats}
    if skatteunderlag is not None:
        egna["skatteunderlag"] = {ar: skatteunderlag}
    if slutavrakning_foregaende is not None:
        egna["bokford_slutavrakning"] = {ar - 1: slutavrakning_foregaende}
    return egna


def _tal(v) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return "ej angivet"
    return f"{v:,.1f}".replace(",", " ").replace(".", ",")


def som_text(block: pd.DataFrame, enhet: str = "mnkr") -> str:
    """Blocket som text för terminalen: rubrik, enhet, siffror med decimalkomma, "ej angivet" för saknade
    delar, sedan källnot per rad, vad summorna saknar och noterna (prognos, approximationer)."""
    rader = [[str(i)] + [_tal(v) for v in block.loc[i]] for i in block.index]
    huvud = [f"post ({enhet})"] + [str(c) for c in block.columns]
    bredd = [max(len(r[j]) for r in rader + [huvud]) for j in range(len(huvud))]
    linje = lambda r: "  ".join(c.ljust(bredd[0]) if j == 0 else c.rjust(bredd[j]) for j, c in enumerate(r))  # noqa: E731
    ut = [linje(huvud)] + [linje(r) for r in rader]
    kallor = block.attrs.get("kallor") or {}
    if kallor:
        ut += ["", "Källa per rad:"] + [f"  {post}: {kallor[post]}" for post in block.index if post in kallor]
    if block.attrs.get("ej_angivna"):
        ut += ["", "SAKNAS: " + block.attrs["summa_not"] + " Ange dem med "
               "--kostnadsutjamning, --strukturbidrag, --inforandebidrag, --lss-utjamning, --regleringspost (kr/inv), "
               "--fastighetsavgift, --ovriga-statsbidrag, --slutavrakning-foregaende (belopp med enhet, t.ex. "
               "'65,6 mnkr') eller i de gula cellerna i Indata."]
    if block.attrs.get("anmarkningar"):
        ut += ["", "Noter:"] + [f"  - {t}" for t in block.attrs["anmarkningar"]]
    return "\n".join(ut)


def skriv_regionbok(block: pd.DataFrame, sokvag, rubrik_text: str) -> None:
    """Arbetsbok (värden) för en region: bladet Budget med blocket och källnoten per rad, och Om med noterna."""
    from ..excel.utskrift import skriv_arbetsbok, spara_atomiskt

    tabell = block.copy()
    tabell["Källa"] = [block.attrs.get("kallor", {}).get(p, "") for p in block.index]
    om = [[rubrik_text], ["Enhet", block.attrs.get("enhet", "mnkr")], ["Prognos", block.attrs.get("prognos", "")], [],
          ["Saknas (ej angivet):", ", ".join(block.attrs.get("ej_angivna") or []) or "inget"], [], ["Noter:"]]
    om += [["", t] for t in block.attrs.get("anmarkningar") or []]
    wb = skriv_arbetsbok({"Budget": tabell.reset_index()}, sokvag, {}, om)
    spara_atomiskt(wb, sokvag)
