"""Excel-funktioner för LSS-utjämningen (förordning 2008:776). Ds 1999:72:s modeller finns i ``udfs.ds1999``."""
from __future__ import annotations

import xlmodel
from xlmodel.fel import IndataFel
from xlmodel.minne import memo
from ._excel import Omrade, excelfunktion, tabell, till_excel, tomt, valfri

KATEGORI = "xlmodel LSS"
_funktion = excelfunktion(KATEGORI, {})


@_funktion(indata=Omrade("Område med rubrikrad: kommunkod, folkmangd_1nov, antal per insats, RS-rader, fk, nettokostnad, pkix_a..pkix_j"),
           riket=Omrade("Tomt om indata är alla 290 kommuner; annars två rader med rikets värden (som i XLM_LSS_KRINV) eller texten \"raderna\" (raderna räknas som hela landet)"))
def XLM_LSS_TABELL(indata, ar, reform=None, riket=None):
    """LSS-utjämning enligt förordning 2008:776 för alla kommuner i ett anrop (kr/inv och kr)."""
    return _lss_celler(indata, ar, reform, riket)


@memo(16)
def _lss_celler(indata, ar, reform, riket):
    return till_excel(_lss(indata, "indata", ar, reform, riket))


@_funktion(kommunrad=Omrade("Två rader: rubriker och kommunens värden (som i XLM_LSS_TABELL)"),
           riket=Omrade("Två rader: rubriker och rikets värden (summor av antal och RS-rader, korrigeringsfaktor, standardkostnad_riket, nivajustering)"),
           reform="Tomt = gällande lag")
def XLM_LSS_KRINV(kommunrad, ar, riket, reform=None):
    """LSS-utjämning i kr/inv för en kommun, med rikets värden givna (förordning 2008:776)."""
    res = _lss(kommunrad, "kommunrad", ar, reform, riket)
    return float(res["kr_per_inv"].iloc[0])


@memo(16)  # samma område igen (omräkning utan ändring, flera celler över samma område): ingen ny beräkning
def _lss(omrade, namn, ar, reform, riket):
    return xlmodel.lss_utjamning(tabell(omrade, namn), ar, reform=valfri(reform), riket=_riket(riket))


def _riket(riket):
    """Rikets värden ur ett område (rubrikrad + en värderad), texten "raderna", eller None (tomt)."""
    if tomt(riket):
        return None
    if isinstance(riket, str):
        return riket.strip().lower()
    r = tabell(riket, "riket")
    if len(r) != 1:
        raise IndataFel("riket: ange exakt en rad med värden under rubrikerna.")
    return r.iloc[0].to_dict()
