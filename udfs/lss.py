"""Excel-funktioner för LSS-utjämningen (förordning 2008:776). Ds 1999:72:s modeller finns i ``udfs.ds1999``."""
from __future__ import annotations

import xlwings as xw

import xlmodel
from xlmodel.fel import IndataFel
from ._excel import excel_fel, tabell, till_excel, valfri

KATEGORI = "xlmodel LSS"


@xw.func(category=KATEGORI)
@xw.arg("indata", ndim=2, doc="Område med rubrikrad: kommunkod, folkmangd_1nov, antal per insats, RS-rader, fk, nettokostnad, pkix_a..pkix_j")
@xw.arg("ar", doc="Utjämningsår")
@xw.arg("reform", doc="Tomt = gällande lag, eller t.ex. \"sou_2024_50\"")
@excel_fel
def XLM_LSS_TABELL(indata, ar, reform=None):
    """LSS-utjämning enligt förordning 2008:776 för alla kommuner i ett anrop (kr/inv och kr)."""
    return till_excel(xlmodel.lss_utjamning(tabell(indata), ar, reform=valfri(reform)))


@xw.func(category=KATEGORI)
@xw.arg("kommunrad", ndim=2, doc="Två rader: rubriker och kommunens värden (som i XLM_LSS_TABELL)")
@xw.arg("ar", doc="Utjämningsår")
@xw.arg("riket", ndim=2, doc="Två rader: rubriker och rikets värden (summor av antal och RS-rader, korrigeringsfaktor, standardkostnad_riket, nivajustering)")
@xw.arg("reform", doc="Tomt = gällande lag")
@excel_fel
def XLM_LSS_KRINV(kommunrad, ar, riket, reform=None):
    """LSS-utjämning i kr/inv för en kommun, med rikets värden givna (förordning 2008:776)."""
    r = tabell(riket, "riket")
    if len(r) != 1:
        raise IndataFel("riket: ange exakt en rad med värden under rubrikerna.")
    res = xlmodel.lss_utjamning(tabell(kommunrad, "kommunrad"), ar, reform=valfri(reform), riket=r.iloc[0].to_dict())
    return float(res["kr_per_inv"].iloc[0])
