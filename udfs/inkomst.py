"""Excel-funktioner för inkomstutjämningen (lag 2004:773 3–7 §§). Tunna omslag runt ``xlmodel.inkomstutjamning``."""
from __future__ import annotations

import pandas as pd
import xlwings as xw

import xlmodel
from ._excel import excel_fel, riket, tabell, till_excel, valfri

KATEGORI = "xlmodel inkomstutjämning"


@xw.func(category=KATEGORI)
@xw.arg("kommunkod", doc="Kommunkod, t.ex. 1880 eller \"0180\" (regionnivå: länskod, t.ex. 18)")
@xw.arg("ar", doc="Utjämningsår, t.ex. 2026")
@xw.arg("skatteunderlag", doc="Kommunens skatteunderlag i kr (SCB, inkomstår år-2, ej uppräknat)")
@xw.arg("folkmangd", doc="Folkmängd 1 november året före utjämningsåret")
@xw.arg("riket_skatteunderlag", doc="Rikets skatteunderlag i kr (samma år)")
@xw.arg("riket_folkmangd", doc="Rikets folkmängd 1 november året före")
@xw.arg("niva", doc="\"kommun\" (standard) eller \"region\"")
@xw.arg("reform", doc="Tomt = gällande lag, eller t.ex. \"sou_2024_50\"")
@excel_fel
def XLM_INKOMST_KRINV(kommunkod, ar, skatteunderlag, folkmangd, riket_skatteunderlag, riket_folkmangd, niva=None, reform=None):
    """Inkomstutjämningsbidrag (+) eller -avgift (−) i kr per invånare för en kommun (lag 2004:773 5–6 §§)."""
    niva = valfri(niva, "kommun")
    nyckel = "kommunkod" if niva == "kommun" else "lanskod"
    underlag = pd.DataFrame({nyckel: [kommunkod], "skatteunderlag": [skatteunderlag], "folkmangd": [folkmangd]}, dtype=object)
    res = xlmodel.inkomstutjamning(underlag, ar, niva=niva, riket=riket(riket_skatteunderlag, riket_folkmangd), reform=valfri(reform))
    return float(res["kr_per_inv"].iloc[0])


@xw.func(category=KATEGORI)
@xw.arg("indata", ndim=2, doc="Område med rubrikrad: kommunkod, skatteunderlag, folkmangd (en rad per kommun)")
@xw.arg("ar", doc="Utjämningsår")
@xw.arg("riket_skatteunderlag", doc="Rikets skatteunderlag (tomt = summan av raderna)")
@xw.arg("riket_folkmangd", doc="Rikets folkmängd 1 nov (tomt = summan av raderna)")
@xw.arg("niva", doc="\"kommun\" (standard) eller \"region\" (då kolumnen lanskod)")
@xw.arg("reform", doc="Tomt = gällande lag, eller t.ex. \"sou_2024_50\"")
@excel_fel
def XLM_INKOMST_TABELL(indata, ar, riket_skatteunderlag=None, riket_folkmangd=None, niva=None, reform=None):
    """Inkomstutjämning för alla kommuner i ett anrop; returnerar en tabell med rubrikrad (spiller)."""
    res = xlmodel.inkomstutjamning(
        tabell(indata), ar, niva=valfri(niva, "kommun"), riket=riket(riket_skatteunderlag, riket_folkmangd), reform=valfri(reform)
    )
    return till_excel(res)


@xw.func(category=KATEGORI)
@xw.arg("ar", doc="Utjämningsår")
@xw.arg("riket_skatteunderlag", doc="Rikets skatteunderlag i kr (ej uppräknat)")
@xw.arg("riket_folkmangd", doc="Rikets folkmängd 1 november året före")
@excel_fel
def XLM_MEDELSKATTEKRAFT(ar, riket_skatteunderlag, riket_folkmangd):
    """Uppräknad medelskattekraft i kr per invånare (lag 2004:773 3 §)."""
    return xlmodel.medelskattekraft(ar, riket_skatteunderlag, riket_folkmangd)


@xw.func(category=KATEGORI)
@xw.arg("ar", doc="Utjämningsår")
@excel_fel
def XLM_UPPRAKNINGSFAKTOR(ar):
    """Produkten av uppräkningsfaktorerna för utjämningsåret (lag 1965:269 4 §)."""
    return xlmodel.upprakningsfaktor(ar)
