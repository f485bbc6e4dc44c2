"""Excel-funktioner för LSS-utjämningen (förordning 2008:776). Ds 1999:72:s modeller finns i ``udfs.ds1999``."""
from __future__ import annotations

import xlmodel
from xlmodel.fel import IndataFel
from ._excel import Omrade, excelfunktion, tabell, till_excel, valfri

KATEGORI = "xlmodel LSS"
_funktion = excelfunktion(KATEGORI, {})


@_funktion(indata=Omrade("Område med rubrikrad: kommunkod, folkmangd_1nov, antal per insats, RS-rader, fk, nettokostnad, pkix_a..pkix_j"))
def XLM_LSS_TABELL(indata, ar, reform=None):
    """LSS-utjämning enligt förordning 2008:776 för alla kommuner i ett anrop (kr/inv och kr)."""
    return till_excel(xlmodel.lss_utjamning(tabell(indata), ar, reform=valfri(reform)))


@_funktion(kommunrad=Omrade("Två rader: rubriker och kommunens värden (som i XLM_LSS_TABELL)"),
           riket=Omrade("Två rader: rubriker och rikets värden (summor av antal och RS-rader, korrigeringsfaktor, standardkostnad_riket, nivajustering)"),
           reform="Tomt = gällande lag")
def XLM_LSS_KRINV(kommunrad, ar, riket, reform=None):
    """LSS-utjämning i kr/inv för en kommun, med rikets värden givna (förordning 2008:776)."""
    r = tabell(riket, "riket")
    if len(r) != 1:
        raise IndataFel("riket: ange exakt en rad med värden under rubrikerna.")
    res = xlmodel.lss_utjamning(tabell(kommunrad, "kommunrad"), ar, reform=valfri(reform), riket=r.iloc[0].to_dict())
    return float(res["kr_per_inv"].iloc[0])
