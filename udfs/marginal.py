"""Excel-funktioner för marginalintäkt (``xlmodel.marginalintakt``): årlig intäktsändring av en invånare till.

Skalär form för en typperson (``XLM_MARGINALINTAKT``) och tabellform för flera (``XLM_MARGINALINTAKT_TABELL``).
Bara omvandling av celler; beräkningen görs i motorn.
"""
from __future__ import annotations

import xlmodel
from xlmodel.fel import IndataFel
from xlmodel.budget import antaganden_ur_data
from xlmodel.kallor.hamtat import tillstand
from xlmodel.minne import memo
from ._excel import Omrade, en_rad, excelfunktion, tabell, till_excel, tom, valfri
from .skatter import _DOC, antaganden

KATEGORI = "xlmodel Skatter och bidrag"
#: Valfria kolumner i persontabellen, i motorns namn (``xlmodel.marginalintakt``).
VALFRIA = ("aldersgrupp", "ar_sedan_inflytt", "standardkostnad", "medelstandardkostnad")

_funktion = excelfunktion(KATEGORI, dict(
    kommunkod="Kommunkod, t.ex. 1814",
    ar="Utjämningsår (budgetår)",
    inkomst="Personens beskattningsbara förvärvsinkomst, kr per år (utjämningsårets nivå)",
    aldersgrupp="Åldersgrupp, t.ex. \"0 år\" eller \"20–64 år\" (valfri; krävs inte utan kostnad)",
    ar_sedan_inflytt="År sedan första utjämningsåret i kommunen; 0–1 = ännu ingen skatt (tomt = på sikt)",
    standardkostnad="Personens standardkostnad i kostnadsutjämningen, kr (tomt = kostnadsutjämning 0)",
    medelstandardkostnad="Rikets genomsnittliga standardkostnad, kr per invånare (krävs med standardkostnad)",
    post="\"summa\" (standard), \"skatt\", \"inkomstutjamning\", \"regleringspost\", \"strukturbidrag\" eller \"kostnadsutjamning\"",
    personer_omrade=Omrade("Område med rubrikrad: inkomst och valfritt typperson, aldersgrupp, ar_sedan_inflytt, "
                           "standardkostnad, medelstandardkostnad; en rad per typperson"),
    prognos="Prognosfil för år utan data (tomt = ingen)",
    antaganden_omrade=_DOC["antaganden_omrade"],
    data_omrade=_DOC["data_omrade"],
))


def _berakna(kommunkod, ar, personer, prognos, antaganden_omrade, reform, data_omrade):
    egna = antaganden(antaganden_omrade, prognos)
    if not tom(data_omrade):
        egna = antaganden_ur_data(tabell(data_omrade, "data"), egna)
    return xlmodel.marginalintakt(kommunkod, ar, personer, egna, reform=valfri(reform))


@_funktion()
def XLM_MARGINALINTAKT(kommunkod, ar, inkomst, aldersgrupp=None, ar_sedan_inflytt=None, standardkostnad=None,
                       medelstandardkostnad=None, post=None, prognos=None, antaganden_omrade=None, reform=None,
                       data_omrade=None):
    """Årlig intäkt (kr) för kommunen av en invånare till (typperson): skatt, inkomstutjämning, regleringspost m.m."""
    return _en(kommunkod, ar, inkomst, aldersgrupp, ar_sedan_inflytt, standardkostnad, medelstandardkostnad, post, prognos,
               antaganden_omrade, reform, data_omrade, tillstand())


@memo(256)  # samma cell och samma hämtcache igen (omräkning utan ändring): talet direkt
def _en(kommunkod, ar, inkomst, aldersgrupp, ar_sedan_inflytt, standardkostnad, medelstandardkostnad, post, prognos,
        antaganden_omrade, reform, data_omrade, _cachen=()):
    valfria = dict(zip(VALFRIA, (aldersgrupp, ar_sedan_inflytt, standardkostnad, medelstandardkostnad)))
    personer = en_rad(inkomst=inkomst, **{k: v for k, v in valfria.items() if not tom(v)})
    ut = _berakna(kommunkod, ar, personer, prognos, antaganden_omrade, reform, data_omrade)
    namn = str(valfri(post, "summa")).strip().lower()
    poster = [k for k in ut.columns if k not in ("aldersgrupp", "inkomst")]
    if namn not in poster:
        raise IndataFel(f"Okänd post {post!r}; välj bland {', '.join(poster)}.")
    return float(ut[namn].iloc[0])


@_funktion()
def XLM_MARGINALINTAKT_TABELL(kommunkod, ar, personer_omrade, prognos=None, antaganden_omrade=None, reform=None,
                              data_omrade=None):
    """Marginalintäkten per typperson: en rad per person med skatt, inkomstutjämning, regleringspost ... och summa (kr)."""
    return _tabell_celler(kommunkod, ar, personer_omrade, prognos, antaganden_omrade, reform, data_omrade, tillstand())


@memo(64)  # samma område och samma hämtcache igen: cellerna direkt (får inte ändras av anroparen)
def _tabell_celler(kommunkod, ar, personer_omrade, prognos, antaganden_omrade, reform, data_omrade, _cachen=()):
    personer = tabell(personer_omrade, "personer")
    personer = personer[[k for k in personer.columns if not all(tom(v) for v in personer[k])]]  # oifyllda kolumner
    if "typperson" in personer.columns:
        personer = personer.set_index("typperson")
    else:
        personer.index = range(1, len(personer) + 1)
        personer.index.name = "rad"
    return till_excel(_berakna(kommunkod, ar, personer, prognos, antaganden_omrade, reform, data_omrade))
