"""Excel-funktioner för Skatter & bidrag (``xlmodel.skatter_och_bidrag``): budgetblocket och dess underlag."""
from __future__ import annotations

import math

import pandas as pd
import xlmodel
from xlmodel.fel import IndataFel
from xlmodel.budget import MAX_PLANAR, antaganden_ur_data
from xlmodel.budget.kalkyl import antaganden_ur_rutnat
from xlmodel.kallor.hamtat import tillstand
from xlmodel.minne import memo
from ._excel import Omrade, _rubrik, excelfunktion, koder as koder_ur, sant, som_2d, tabell, till_excel, tom, tomt, valfri

KATEGORI = "xlmodel Skatter och bidrag"
MAX_AR = len(range(MAX_PLANAR + 1))  # årskolumnerna: budgetåret och alla planår (utan rubriker fylls raderna hit)
VARDEN = ("folkmangd", "skattesats", "upprakningsfaktor", "skattekraft", "medelskattekraft", "inkomstutjamning_kr_per_inv")


def antaganden(omrade, prognos=None, planar=None) -> dict:
    """Ett område med rubrikraden (variabel, år, år, ...) och en rad per antagande → dict för ``Antaganden``.

    Tomma celler betyder "standard" och hoppas över. Variabelnamnen är fälten i ``xlmodel.Antaganden``; åren är
    budgetår (den bokförda slutavräkningen under år Y gäller inkomstår Y − 1, ``budget.kalkyl.RUTNATETS_AR``).
    Ett år två gånger i rubrikraden eller en variabel på två rader är ett fel (annars vinner den sista tyst).
    """
    ut: dict = {}
    if not tom(prognos):
        ut["prognos"] = str(prognos).strip()
    if not tom(planar):
        ut["planar"] = planar
    rader = [r for r in som_2d(omrade) if not all(tom(v) for v in r)]
    if not rader:
        return ut
    ar = [_rubrik(v) for v in rader[0][1:]]
    upprepade = [a for i, a in enumerate(ar) if not tom(a) and a in ar[:i]]
    if upprepade:
        raise IndataFel(f"antaganden: året {upprepade[0]} förekommer två gånger i rubrikraden.")
    sedda: dict = {}
    for radnr, rad in enumerate(rader[1:], start=2):
        if tom(rad[0]):
            continue
        variabel = str(rad[0]).strip()
        if variabel in sedda:
            raise IndataFel(f"antaganden rad {radnr}: variabeln {variabel} förekommer två gånger (även på rad {sedda[variabel]}).")
        sedda[variabel] = radnr
        varden = {a: v for a, v in zip(ar, rad[1:]) if not tom(v) and not tom(a)}
        if any(not isinstance(a, int) for a in varden):
            raise IndataFel("antaganden: rubrikraden ska innehålla årtal efter den första kolumnen.")
        if varden:
            ut[variabel] = varden
    return antaganden_ur_rutnat(ut)  # åren är budgetår (rutnätets kolumner)


_DOC = dict(
    kommunkod="Kommunkod, t.ex. 1880",
    ar="Budgetår (utjämningsår)",
    planar="Antal planår efter budgetåret, 0–8",
    prognos="Prognos, t.ex. \"harledd_ur_scb\" (tomt = härledd ur medföljande SCB-utfall) eller en prognosfil",
    antaganden_omrade=Omrade("Område: rubrikrad (variabel, år, år ...) och rader med egna värden; tomt = standard"),
    enhet="\"mnkr\" (standard), \"tkr\", \"kr\" eller \"kr_per_inv\"",
    data_omrade=Omrade("Område med rubrikrad: ar och data per utjämningsår (bladet Data); tomt = medföljande data"),
    rubriker="SANT/tomt = med rubrikrad och radnamn; FALSKT = bara talen (mallarna skriver rubrikerna som text)",
)
_funktion = excelfunktion(KATEGORI, _DOC)


@memo(64)  # mallens celler delar en beräkning per omräkning (samma indata); resultatet ändras inte här
def _block(kommunkod, ar, planar, prognos, antaganden_omrade, reform, enhet, data_omrade=None, _cachen=()):
    egna = antaganden(antaganden_omrade, prognos, planar)
    if not tom(data_omrade):
        egna = antaganden_ur_data(tabell(data_omrade, "data"), egna)
    return xlmodel.skatter_och_bidrag(kommunkod, ar, egna, reform=valfri(reform), enhet=enhet, kolumner="ar")


@_funktion()
def XLM_SOB_BLOCK(kommunkod, ar, planar=None, prognos=None, antaganden_omrade=None, reform=None, enhet=None, data_omrade=None,
                  rubriker=None):
    """Budgetblocket Skatteintäkter, generella statsbidrag och utjämning: rader × år (med rubrikrad)."""
    return _block_celler(kommunkod, ar, planar, prognos, antaganden_omrade, reform, valfri(enhet, "mnkr"), data_omrade,
                         sant(rubriker, True), tillstand())


@memo(64)  # samma indata och samma hämtcache igen (omräkning utan ändring): cellerna direkt
def _block_celler(kommunkod, ar, planar, prognos, antaganden_omrade, reform, enhet, data_omrade, rubriker=True, _cachen=()):
    return till_excel(_block(kommunkod, ar, planar, prognos, antaganden_omrade, reform, enhet, data_omrade, _cachen),
                      rubriker=rubriker, bredd=MAX_AR)


@_funktion()
def XLM_SOB_VARDEN(kommunkod, ar, planar=None, prognos=None, antaganden_omrade=None, reform=None, data_omrade=None,
                   rubriker=None):
    """Värdena blocket bygger på per år: folkmängd, skattesats, uppräkning, skattekraft, medelskattekraft, inkomstutjämning kr/inv."""
    return _varden_celler(kommunkod, ar, planar, prognos, antaganden_omrade, reform, data_omrade, sant(rubriker, True),
                          tillstand())


@memo(64)
def _varden_celler(kommunkod, ar, planar, prognos, antaganden_omrade, reform, data_omrade, rubriker=True, _cachen=()):
    # värdena är desamma i varje enhet: samma block som cellerna i mnkr (ingen egen tabell i kr)
    block = _block(kommunkod, ar, planar, prognos, antaganden_omrade, reform, "mnkr", data_omrade, _cachen)
    tabell = pd.DataFrame({v: block.attrs[v] for v in VARDEN}).T
    tabell.index.name = "variabel"
    return till_excel(tabell, rubriker=rubriker, bredd=MAX_AR)


@_funktion(kommunkoder=Omrade("Område med kommunkoder (en per cell; rubriken kommunkod får stå först); tomt = Örebro läns kommuner (medföljande data)"),
           antaganden_omrade=Omrade(_DOC["antaganden_omrade"] + " (samma för alla kommuner)"))
def XLM_SOB_ALLA(ar, kommunkoder=None, planar=None, prognos=None, antaganden_omrade=None, reform=None, enhet=None):
    """Budgetblocket för flera kommuner under varandra: kolumnerna kommunkod, post och ett år per kolumn."""
    koder = None if tomt(kommunkoder) else koder_ur(kommunkoder, "kommunkoder")
    res = xlmodel.skatter_och_bidrag_alla(ar, koder, antaganden(antaganden_omrade, prognos, planar),
                                          reform=valfri(reform), enhet=valfri(enhet, "mnkr"), kolumner="ar")
    return till_excel(res.reset_index(), index=False)


@_funktion(post="Budgetradens namn, t.ex. \"Inkomstutjämning\"")
def XLM_SOB_RAD(kommunkod, ar, post, enhet=None, prognos=None, antaganden_omrade=None, reform=None):
    """En rad i budgetblocket för budgetåret, t.ex. =XLM_SOB_RAD(1880,2026,"Inkomstutjämning")."""
    v = _rad(kommunkod, ar, post, valfri(enhet, "mnkr"), prognos, antaganden_omrade, reform, tillstand())
    return None if math.isnan(v) else v


@memo(256)  # samma cell och samma hämtcache igen (omräkning utan ändring): talet direkt
def _rad(kommunkod, ar, post, enhet, prognos, antaganden_omrade, reform, _cachen=()):
    return xlmodel.budget.budgetrad(kommunkod, ar, post, antaganden(antaganden_omrade, prognos, 0), valfri(reform), enhet)
