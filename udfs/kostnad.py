"""Excel-funktioner för kostnadsutjämningen (förordning 2004:881 5–27 §§). Tunna omslag runt ``xlmodel.kostnadsutjamning``."""
from __future__ import annotations

import xlwings as xw

import xlmodel
from ._excel import excel_fel, nyckelvarden, tabell, till_excel, tom, valfri

KATEGORI = "xlmodel kostnadsutjämning"


def _indata(omrade, niva, lan_omrade, riket_omrade) -> dict:
    indata = {niva: tabell(omrade, niva)}
    if not tom(lan_omrade):
        indata["lan"] = tabell(lan_omrade, "lan")
    if not tom(riket_omrade):
        indata["riket"] = nyckelvarden(riket_omrade, "riket")
    return indata


@xw.func(category=KATEGORI)
@xw.arg("indata", ndim=2, doc="Område med rubrikrad: kommunkod (regioner: lanskod) och variablerna per delmodell (se README)")
@xw.arg("ar", doc="Utjämningsår (2020–2026)")
@xw.arg("lan_omrade", ndim=2, doc="Område med rubrikrad: lanskod och kollektivtrafikens länsvariabler (26 §)")
@xw.arg("riket_omrade", ndim=2, doc="Två kolumner: namn och värde för rikets uppgifter (t.ex. lararlon_manad)")
@xw.arg("niva", doc="\"kommun\" (standard) eller \"region\"")
@xw.arg("reform", doc="Tomt = gällande lag")
@excel_fel
def XLM_KOSTNAD_TABELL(indata, ar, lan_omrade=None, riket_omrade=None, niva=None, reform=None):
    """Kostnadsutjämning för alla kommuner: standardkostnad per delmodell, strukturkostnad, kr/inv och belopp."""
    niva = valfri(niva, "kommun")
    return till_excel(xlmodel.kostnadsutjamning(_indata(indata, niva, lan_omrade, riket_omrade), ar, niva=niva, reform=valfri(reform)))


@xw.func(category=KATEGORI)
@xw.arg("kommunrad", ndim=2, doc="Två rader: rubriker och kommunens variabler före ändringen")
@xw.arg("ar", doc="Utjämningsår")
@xw.arg("variabel", doc="Variabeln som ändras, t.ex. \"ohalsotal\"")
@xw.arg("nytt_varde", doc="Variabelns nya värde")
@xw.arg("publicerad", ndim=2, doc="Två kolumner: delmodell och SCB:s standardkostnad (kr/inv)")
@xw.arg("riket_omrade", ndim=2, doc="Två kolumner: rikets storheter (minst strukturkostnad_medel)")
@xw.arg("niva", doc="\"kommun\" (standard) eller \"region\"")
@excel_fel
def XLM_KOSTNAD_VADOM(kommunrad, ar, variabel, nytt_varde, publicerad, riket_omrade, niva=None):
    """Vad händer om en variabel ändras? Standardkostnad per delmodell och bidrag/avgift före och efter, rikets storheter fasta."""
    niva = valfri(niva, "kommun")
    res = xlmodel.kostnadsutjamning_vad_om(
        tabell(kommunrad, "kommunrad"), ar, {str(variabel).strip(): nytt_varde},
        nyckelvarden(publicerad, "publicerad"), nyckelvarden(riket_omrade, "riket"), niva=niva,
    )
    return till_excel(res)
