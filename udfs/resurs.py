"""Excel-funktioner för resursfördelningsmodellerna (``xlmodel.resurs``). Tunna omslag."""
from __future__ import annotations

import pandas as pd

import xlmodel
from xlmodel.minne import memo
from xlmodel.resurs import ram_per_ar
from xlmodel.resurs.modell import modellfiler
from xlmodel.validering import kontrollera_ar
from ._excel import Omrade, excelfunktion, nyckelvarden, som_2d, tabell, till_excel, tom, tomt, valfri

KATEGORI = "xlmodel resursfördelning"


def _modeller(modell) -> list[str] | str:
    """"a;b" eller ett område med namn → lista med modellnamn."""
    if isinstance(modell, list):
        return [str(v).strip() for r in modell for v in (r if isinstance(r, list) else [r]) if not tom(v)]
    delar = [d.strip() for d in str(modell).split(";") if d.strip()]
    return delar if len(delar) > 1 else delar[0]


def _ar(ar_fran, ar_till) -> list[int] | int:
    if tom(ar_till):
        return kontrollera_ar(ar_fran)
    return list(range(kontrollera_ar(ar_fran), kontrollera_ar(ar_till) + 1))


def _priser(omrade):
    """Två kolumner (komponent, pris: alla år) eller en tabell med rubrikerna komponent, ar, pris."""
    if tom(omrade):
        return None
    rader = som_2d(omrade)
    if rader and [str(v).strip().lower() for v in rader[0][:3]] == ["komponent", "ar", "pris"]:
        return tabell(rader, "priser")
    return nyckelvarden(rader, "priser", ("komponent", "pris"))


@memo(16)  # samma områden igen (omräkning utan ändring, Ramar och Detalj över samma indata): ingen ny beräkning
def _kor(modell, befolkning, ar_fran, ar_till, priser, pkv, filer=()):
    """``filer``: modellfilernas stämplar (``modellfiler``), så att en ändrad YAML-fil räknas om."""
    return xlmodel.resursfordelning(
        _modeller(modell), tabell(befolkning, "befolkning"), _ar(ar_fran, ar_till),
        priser=_priser(priser),
        prisupprakning=None if tom(pkv) else nyckelvarden(pkv, "pkv", ("ar", "pkv"), kontrollera_ar),
    )


_DOC = dict(
    modell="Modellens namn, t.ex. \"sjobo_aldreomsorg\", eller flera med ; emellan",
    befolkning=Omrade("Område med rubrikrad: grupp och en kolumn per år (antal 31 dec)"),
    ar_fran="Första budgetår",
    ar_till="Sista budgetår (tomt = bara första)",
    priser=Omrade("Område: komponent, pris (alla år) eller rubrikerna komponent, ar, pris (tomt = modellens priser)"),
    pkv=Omrade("Område med två kolumner: år, pris- och lönekompensation som andel (tomt = modellens)"),
    nettobudget="Nämndens nettobudget, kr",
    andel="Sparbetingets andel, t.ex. 0,025",
    rader="Minsta antal rader (med rubrikraden): raderna efter sista året fylls med tomma celler (tomt = inga)",
)
_funktion = excelfunktion(KATEGORI, _DOC)


@memo(16)
def _ramar(modell, befolkning, ar_fran, ar_till, priser, pkv, filer=()):
    return xlmodel.resursfordelning_ramar(_kor(modell, befolkning, ar_fran, ar_till, priser, pkv, filer))


#: Texten när varje förändring är uppdelad (ingen anmärkning).
INGA_ANMARKNINGAR = "Inga: varje förändring mot året före är uppdelad i volym-, pris- och påslagseffekt."


@memo(16)
def _anmarkningar(modell, befolkning, ar_fran, ar_till, priser, pkv, filer=()):
    anm = _kor(modell, befolkning, ar_fran, ar_till, priser, pkv, filer).attrs["anmarkningar"]
    return pd.DataFrame({"anmärkning": anm or [INGA_ANMARKNINGAR]})


@memo(16)
def _celler(tabell, modell, befolkning, ar_fran, ar_till, priser, pkv, rader, filer=()):
    """``tabell`` (``_kor``, ``_ramar`` eller ``_anmarkningar``) som celler, en gång per indata."""
    return till_excel(tabell(modell, befolkning, ar_fran, ar_till, priser, pkv, filer), index=False, hojd=valfri(rader))


@_funktion()
def XLM_RESURS_TABELL(modell, befolkning, ar_fran, ar_till=None, priser=None, pkv=None, rader=None):
    """Resursfördelning per komponent och år: volym, pris, belopp och förändringens delar (volym, pris, påslag)."""
    return _celler(_kor, modell, befolkning, ar_fran, ar_till, priser, pkv, rader, modellfiler(_modeller(modell)))


@_funktion()
def XLM_RESURS_RAMAR(modell, befolkning, ar_fran, ar_till=None, priser=None, pkv=None, rader=None):
    """Ram per nämnd och år (kr och mnkr) med förändringen uppdelad i volym-, pris- och påslagseffekt."""
    return _celler(_ramar, modell, befolkning, ar_fran, ar_till, priser, pkv, rader, modellfiler(_modeller(modell)))


@_funktion()
def XLM_RESURS_ANMARKNINGAR(modell, befolkning, ar_fran, ar_till=None, priser=None, pkv=None, rader=None):
    """Varför en förändring saknas (tomma celler i XLM_RESURS_TABELL och XLM_RESURS_RAMAR): en anmärkning per rad."""
    return _celler(_anmarkningar, modell, befolkning, ar_fran, ar_till, priser, pkv, rader, modellfiler(_modeller(modell)))


@_funktion(ar="Budgetår")
def XLM_RESURS_RAM(modell, befolkning, ar, priser=None, pkv=None):
    """Ramen (kr) enligt modellen för ett budgetår."""
    return float(ram_per_ar(_ramar(modell, befolkning, ar, None, priser, pkv, modellfiler(_modeller(modell)))).iloc[0])


@_funktion()
def XLM_SPARBETING(nettobudget, andel):
    """Generellt sparbeting i kr: andel × nettobudget (seed 000)."""
    res = xlmodel.sparbeting(nettobudget, andel)
    return float(res.loc[res["post"].str.startswith("Sparbeting"), "belopp"].iloc[0])


@_funktion(atgarder=Omrade("Två kolumner: åtgärd och besparing i kr (tomt = inga åtgärder)"))
def XLM_SPARBETING_TABELL(nettobudget, andel, atgarder=None):
    """Sparbetinget som tabell: nettobudget, sparbeting, åtgärderna, summa åtgärder och kvar att åtgärda (kr, mnkr)."""
    return till_excel(xlmodel.sparbeting(nettobudget, andel, None if tomt(atgarder) else nyckelvarden(atgarder, "atgarder", ("atgard", ("besparing", "belopp", "kr")))), index=False)


@_funktion(belopp="Nationellt generellt statsbidrag, kr", folkmangd="Rikets folkmängd")
def XLM_STATSBIDRAG_PER_INV(belopp, folkmangd):
    """Ett nationellt generellt statsbidrag fördelat per invånare (kr/inv)."""
    return xlmodel.statsbidrag_per_invanare(belopp, folkmangd=folkmangd)
