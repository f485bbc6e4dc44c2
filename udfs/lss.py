"""Excel-funktioner för LSS-utjämningen (förordning 2008:776). Ds 1999:72:s modeller finns i ``udfs.ds1999``."""
from __future__ import annotations

import xlmodel
from xlmodel.fel import IndataFel
from xlmodel.lss_utjamning import lss_utjamning_kommun
from xlmodel.minne import Cellomrade, memo
from ._excel import Omrade, excelfunktion, kolumner, talkolumner, till_excel, tomt, valfri

KATEGORI = "xlmodel LSS"
_funktion = excelfunktion(KATEGORI, {})


@_funktion(indata=Omrade("Område med rubrikrad: kommunkod, folkmangd_1nov, antal per insats, RS-rader, fk, nettokostnad, pkix_a..pkix_j"),
           riket=Omrade("Tomt om indata är alla 290 kommuner; annars två rader med rikets värden (som i XLM_LSS_KRINV) eller texten \"raderna\" (raderna räknas som hela landet)"))
def XLM_LSS_TABELL(indata, ar, reform=None, riket=None):
    """LSS-utjämning enligt förordning 2008:776 för alla kommuner i ett anrop (kr/inv och kr)."""
    return _lss_celler(Cellomrade(indata), ar, reform, riket)


@memo(16)  # samma område igen (omräkning utan ändring, flera celler över samma område): ingen ny beräkning
def _lss_celler(indata, ar, reform, riket):
    return till_excel(xlmodel.lss_utjamning(talkolumner(indata, "indata"), ar, reform=valfri(reform), riket=_riket(riket)))


@_funktion(kommunrad=Omrade("Två rader: rubriker och kommunens värden (som i XLM_LSS_TABELL)"),
           riket=Omrade("Två rader: rubriker och rikets värden (summor av antal och RS-rader, korrigeringsfaktor, standardkostnad_riket, nivajustering)"),
           reform="Tomt = gällande lag")
def XLM_LSS_KRINV(kommunrad, ar, riket, reform=None):
    """LSS-utjämning i kr/inv för en kommun, med rikets värden givna (förordning 2008:776)."""
    return _lss(kommunrad, ar, reform, riket)


@memo(64)  # samma rad igen (omräkning utan ändring): ingen ny beräkning
def _lss(kommunrad, ar, reform, riket):
    """Den snabba vägen för en kommun (utan tabeller), samma kod som tabellen."""
    rad = lss_utjamning_kommun(kolumner(kommunrad, "kommunrad"), ar, riket=_riket(riket), reform=valfri(reform))
    return float(rad["kr_per_inv"])


def _riket(riket):
    """Rikets värden ur ett område (rubrikrad + en värderad), texten "raderna", eller None (tomt)."""
    if tomt(riket):
        return None
    if isinstance(riket, str):
        return riket.strip().lower()
    r = kolumner(riket, "riket")
    if any(len(v) != 1 for v in r.values()):
        raise IndataFel("riket: ange exakt en rad med värden under rubrikerna.")
    return {k: v[0] for k, v in r.items()}
