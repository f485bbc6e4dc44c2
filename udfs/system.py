"""Excel-funktioner för parametrar, strukturbidrag, införandebidrag och regleringspost (lag 2004:773 11–16 §§)."""
from __future__ import annotations

import pandas as pd
import xlwings as xw

import xlmodel
from xlmodel.fel import IndataFel
from ._excel import excel_fel, kod, tabell, till_excel, valfri

KATEGORI = "xlmodel system"


@xw.func(category=KATEGORI)
@xw.arg("namn", doc="Parameterns namn, t.ex. \"inkomstutjamning.garantiniva.kommun\"")
@xw.arg("ar", doc="Utjämningsår")
@xw.arg("nyckel", doc="För tabellparametrar: nyckeln, t.ex. länskod \"18\"")
@xw.arg("reform", doc="Tomt = gällande lag, eller t.ex. \"sou_2024_50\"")
@excel_fel
def XLM_PARAMETER(namn, ar, nyckel=None, reform=None):
    """Ett parametervärde för utjämningsåret (lag eller reform)."""
    v = xlmodel.parametrar(valfri(reform))[namn](ar)
    if isinstance(v, dict):
        if valfri(nyckel) is None:
            raise IndataFel(f"Parametern {namn} är en tabell: ange nyckel (t.ex. {next(iter(v))}).")
        k = str(int(nyckel)).zfill(2) if isinstance(nyckel, float) else str(nyckel)
        if k not in v:
            raise IndataFel(f"Nyckeln {k} finns inte i parametern {namn} år {int(ar)}.")
        return v[k]
    if isinstance(v, list):
        return [v]
    return v


@xw.func(category=KATEGORI)
@xw.arg("namn", doc="Parameterns namn")
@xw.arg("ar", doc="Utjämningsår")
@xw.arg("reform", doc="Tomt = gällande lag")
@excel_fel
def XLM_PARAMETER_KALLA(namn, ar, reform=None):
    """Källan (SFS-nummer och paragraf) för parameterns värde år ar."""
    return xlmodel.parametrar(valfri(reform))[namn].referens(ar)


_LAG_DOC = dict(
    ar="Utjämningsår",
    niva="\"kommun\" (standard, 11 §) eller \"region\" (12 §, då kolumnen lanskod)",
)
def _nyckel(niva) -> str:
    return "kommunkod" if niva == "kommun" else "lanskod"


_NIVA_DOC = "\"kommun\" (standard) eller \"region\" (då lanskod i stället för kommunkod)"


@xw.func(category=KATEGORI)
@xw.arg("anslag", doc="Anslaget för sektorn (kommuner eller regioner), kr")
@xw.arg("nettoutgift", doc="Statens nettoutgift: bidrag minus avgifter (inkomst, kostnad, struktur, införande), kr")
@xw.arg("folkmangd_riket", doc="Rikets folkmängd 1 november året före")
@excel_fel
def XLM_REGLERINGSPOST(anslag, nettoutgift, folkmangd_riket):
    """Regleringsbidrag (+) eller -avgift (−) i kr per invånare (lag 2004:773 15–16 §§)."""
    return xlmodel.regleringspost(anslag, nettoutgift, folkmangd_riket)


@xw.func(category=KATEGORI)
@xw.arg("indata", ndim=2, doc="Område med rubrikrad: kommunkod, folkmangd")
@xw.arg("kr_per_inv", doc="Regleringsbidrag (+) eller -avgift (−) i kr/inv, t.ex. från XLM_REGLERINGSPOST")
@xw.arg("niva", doc=_NIVA_DOC)
@excel_fel
def XLM_REGLERINGSBIDRAG_TABELL(indata, kr_per_inv, niva=None):
    """Regleringsbidrag/-avgift per kommun: samma kr/inv för alla, belopp i kr (lag 2004:773 15–16 §§)."""
    return till_excel(xlmodel.regleringsbidrag(tabell(indata), kr_per_inv, niva=valfri(niva, "kommun")))


@xw.func(category=KATEGORI)
@xw.arg("indata", ndim=2, doc="Område med rubrikrad: kommunkod, folkmangd, strukturbidrag_kr_per_inv")
@xw.arg("niva", doc=_NIVA_DOC)
@excel_fel
def XLM_STRUKTURBIDRAG_TABELL(indata, niva=None):
    """Strukturbidrag per kommun (kr/inv och kr), lag 2004:773 11 § (regioner 12 §)."""
    return till_excel(xlmodel.strukturbidrag(tabell(indata), niva=valfri(niva, "kommun")))


@xw.func(category=KATEGORI)
@xw.arg("kommunkod", doc="Kommunkod, t.ex. 1863")
@xw.arg("folkmangd", doc="Folkmängd 1 november året före utjämningsåret")
@xw.arg("kr_per_inv", doc="Kommunens strukturbidrag i kr/inv (SCB)")
@xw.arg("niva", doc=_NIVA_DOC)
@excel_fel
def XLM_STRUKTURBIDRAG_BELOPP(kommunkod, folkmangd, kr_per_inv, niva=None):
    """Strukturbidrag i kr för en kommun: kr/inv × folkmängd 1 november (lag 2004:773 11, 17 §§)."""
    niva = valfri(niva, "kommun")
    u = pd.DataFrame({_nyckel(niva): [kod(kommunkod, niva)], "folkmangd": [folkmangd], "strukturbidrag_kr_per_inv": [kr_per_inv]}, dtype=object)
    return float(xlmodel.strukturbidrag(u, niva=niva)["belopp"].iloc[0])


@xw.func(category=KATEGORI)
@xw.arg("indata", ndim=2, doc="Rubrikrad: kommunkod (regioner lanskod), standardkostnad_2004, strukturbidrag_2013, uppraknat_skatteunderlag_2014 (kr)")
@xw.arg("ar", doc=_LAG_DOC["ar"])
@xw.arg("niva", doc=_LAG_DOC["niva"])
@excel_fel
def XLM_STRUKTURBIDRAG_LAG_TABELL(indata, ar, niva=None):
    """Strukturbidragets belopp (kr) per kommun enligt lagtexten ur 2004 och 2013 års underlag (lag 2004:773 11–12 §§)."""
    return till_excel(xlmodel.strukturbidrag_enligt_lag(tabell(indata), ar, niva=valfri(niva, "kommun")))


@xw.func(category=KATEGORI)
@xw.arg("kommunkod", doc="Kommunkod (regioner: länskod)")
@xw.arg("ar", doc=_LAG_DOC["ar"])
@xw.arg("standardkostnad_2004", doc="Standardkostnad för svagt befolkningsunderlag (regioner: små regioner) år 2004, kr")
@xw.arg("strukturbidrag_2013", doc="Strukturbidrag år 2013 för näringslivs- och sysselsättningsåtgärder plus bidragsminskning, kr")
@xw.arg("skatteunderlag_2014", doc="Uppräknat skatteunderlag år 2014, kr")
@xw.arg("niva", doc=_LAG_DOC["niva"])
@excel_fel
def XLM_STRUKTURBIDRAG_LAG(kommunkod, ar, standardkostnad_2004, strukturbidrag_2013, skatteunderlag_2014, niva=None):
    """Strukturbidragets belopp (kr) för en kommun enligt lagtexten (lag 2004:773 11–12 §§)."""
    niva = valfri(niva, "kommun")
    u = pd.DataFrame({_nyckel(niva): [kod(kommunkod, niva)],
                      "standardkostnad_2004": [standardkostnad_2004], "strukturbidrag_2013": [strukturbidrag_2013],
                      "uppraknat_skatteunderlag_2014": [skatteunderlag_2014]}, dtype=object)
    return float(xlmodel.strukturbidrag_enligt_lag(u, ar, niva=niva)["belopp"].iloc[0])


@xw.func(category=KATEGORI)
@xw.arg("indata", ndim=2, doc="Område med rubrikrad: kommunkod, folkmangd, bidragsminskning (kr/inv)")
@xw.arg("ar", doc="Utjämningsår")
@xw.arg("las", doc="\"lagtext\" (standard) eller \"scb_utfall\"")
@xw.arg("niva", doc=_NIVA_DOC)
@excel_fel
def XLM_INFORANDEBIDRAG_TABELL(indata, ar, las=None, niva=None):
    """Införandebidrag per kommun (kr/inv och kr), lag 2004:773 13 §."""
    return till_excel(xlmodel.inforandebidrag(tabell(indata), ar, las=valfri(las, "lagtext"), niva=valfri(niva, "kommun")))


@xw.func(category=KATEGORI)
@xw.arg("kommunkod", doc="Kommunkod, t.ex. 1814")
@xw.arg("bidragsminskning", doc="Kommunens bidragsminskning i kr/inv (lag 3 §)")
@xw.arg("ar", doc="Utjämningsår")
@xw.arg("las", doc="\"lagtext\" (standard) eller \"scb_utfall\"")
@xw.arg("niva", doc=_NIVA_DOC)
@excel_fel
def XLM_INFORANDEBIDRAG_KRINV(kommunkod, bidragsminskning, ar, las=None, niva=None):
    """Införandebidrag i kr per invånare för en kommun (lag 2004:773 13 §)."""
    niva = valfri(niva, "kommun")
    u = pd.DataFrame({_nyckel(niva): [kod(kommunkod, niva)], "folkmangd": [1.0], "bidragsminskning": [bidragsminskning]}, dtype=object)
    return float(xlmodel.inforandebidrag(u, ar, las=valfri(las, "lagtext"), niva=niva)["kr_per_inv"].iloc[0])
