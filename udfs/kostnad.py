"""Excel-funktioner för kostnadsutjämningen (förordning 2004:881 5–27 §§). Tunna omslag runt ``xlmodel.kostnadsutjamning``."""
from __future__ import annotations

import xlwings as xw

import xlmodel
from xlmodel.fel import IndataFel
from xlmodel.kostnadsutjamning import DELMODELLER
from ._excel import excel_fel, kod, nyckelvarden, rad, tabell, till_excel, tom, tomt, valfri

KATEGORI = "xlmodel kostnadsutjämning"


def _indata(omrade, niva, lan_omrade, riket_omrade) -> dict:
    indata = {niva: tabell(omrade, niva)}
    if not tomt(lan_omrade):
        indata["lan"] = tabell(lan_omrade, "lan")
    if not tomt(riket_omrade):
        indata["riket"] = nyckelvarden(riket_omrade, "riket")
    return indata


def _kor(indata, ar, lan_omrade, riket_omrade, niva, reform):
    return xlmodel.kostnadsutjamning(_indata(indata, niva, lan_omrade, riket_omrade), ar, niva=niva, reform=valfri(reform))


def _delmodell(delmodell, niva) -> str:
    d = str(delmodell).strip().lower()
    if d not in DELMODELLER[niva]:
        raise IndataFel(f"Okänd delmodell {delmodell!r}. Välj bland {', '.join(DELMODELLER[niva])}.")
    return d


_DOC = dict(
    indata="Område med rubrikrad: kommunkod (regioner: lanskod) och variablerna per delmodell (se README)",
    ar="Utjämningsår (2020–2026)",
    lan_omrade="Område med rubrikrad: lanskod och kollektivtrafikens länsvariabler (26 §)",
    riket_omrade="Två kolumner: namn och värde för rikets uppgifter (t.ex. lararlon_manad)",
    niva="\"kommun\" (standard) eller \"region\"",
    reform="Tomt = gällande lag",
    kommunkod="Kommunkod (regioner: länskod), t.ex. 1880",
    delmodell="Delmodell, t.ex. \"forskola\" eller \"individ_och_familjeomsorg\"",
)


@xw.func(category=KATEGORI)
@xw.arg("indata", ndim=2, doc=_DOC["indata"])
@xw.arg("ar", doc=_DOC["ar"])
@xw.arg("lan_omrade", ndim=2, doc=_DOC["lan_omrade"])
@xw.arg("riket_omrade", ndim=2, doc=_DOC["riket_omrade"])
@xw.arg("niva", doc=_DOC["niva"])
@xw.arg("reform", doc=_DOC["reform"])
@xw.arg("delmodell", doc="Tomt = alla kolumner; en delmodell = bara dess standardkostnad (kr/inv)")
@excel_fel
def XLM_KOSTNAD_TABELL(indata, ar, lan_omrade=None, riket_omrade=None, niva=None, reform=None, delmodell=None):
    """Kostnadsutjämning för alla kommuner: standardkostnad per delmodell, strukturkostnad, kr/inv och belopp."""
    niva = valfri(niva, "kommun")
    res = _kor(indata, ar, lan_omrade, riket_omrade, niva, reform)
    return till_excel(res if tom(delmodell) else res[[_delmodell(delmodell, niva)]])


@xw.func(category=KATEGORI)
@xw.arg("indata", ndim=2, doc=_DOC["indata"])
@xw.arg("ar", doc=_DOC["ar"])
@xw.arg("kommunkod", doc=_DOC["kommunkod"])
@xw.arg("lan_omrade", ndim=2, doc=_DOC["lan_omrade"])
@xw.arg("riket_omrade", ndim=2, doc=_DOC["riket_omrade"])
@xw.arg("niva", doc=_DOC["niva"])
@xw.arg("reform", doc=_DOC["reform"])
@excel_fel
def XLM_KOSTNAD_KRINV(indata, ar, kommunkod, lan_omrade=None, riket_omrade=None, niva=None, reform=None):
    """Kostnadsutjämningsbidrag (+) eller -avgift (−) i kr/inv för en kommun ur hela tabellen (lag 2004:773 9–10 §§)."""
    niva = valfri(niva, "kommun")
    res = _kor(indata, ar, lan_omrade, riket_omrade, niva, reform)
    return float(rad(res, kod(kommunkod, niva), res.index.name)["kr_per_inv"])


@xw.func(category=KATEGORI)
@xw.arg("indata", ndim=2, doc=_DOC["indata"])
@xw.arg("ar", doc=_DOC["ar"])
@xw.arg("kommunkod", doc=_DOC["kommunkod"])
@xw.arg("delmodell", doc=_DOC["delmodell"])
@xw.arg("lan_omrade", ndim=2, doc=_DOC["lan_omrade"])
@xw.arg("riket_omrade", ndim=2, doc=_DOC["riket_omrade"])
@xw.arg("niva", doc=_DOC["niva"])
@xw.arg("reform", doc=_DOC["reform"])
@excel_fel
def XLM_KOSTNAD_STANDARDKOSTNAD(indata, ar, kommunkod, delmodell, lan_omrade=None, riket_omrade=None, niva=None, reform=None):
    """Standardkostnad (kr/inv, hela kronor) i en delmodell för en kommun ur hela tabellen (förordning 2004:881 5 §)."""
    niva = valfri(niva, "kommun")
    res = _kor(indata, ar, lan_omrade, riket_omrade, niva, reform)
    return float(rad(res, kod(kommunkod, niva), res.index.name)[_delmodell(delmodell, niva)])


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
