"""Excel-funktioner för kostnadsutjämningen (förordning 2004:881 5–27 §§). Tunna omslag runt ``xlmodel.kostnadsutjamning``."""
from __future__ import annotations

import pandas as pd
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


def _kor(indata, ar, lan_omrade, riket_omrade, niva, reform, delmangd=None):
    """Hela beräkningen. Färre rader än hela riket kräver rikets storheter i riket_omrade (motorn räknar upp
    dem som saknas) eller delmangd=SANT (raderna räknas då som hela riket)."""
    d = _indata(indata, niva, lan_omrade, riket_omrade)
    return xlmodel.kostnadsutjamning(d, ar, niva=niva, reform=valfri(reform), delmangd=bool(valfri(delmangd, False)))


def _delmodell(delmodell, niva) -> str:
    d = str(delmodell).strip().lower()
    if d not in DELMODELLER[niva]:
        raise IndataFel(f"Okänd delmodell {delmodell!r}. Välj bland {', '.join(DELMODELLER[niva])}.")
    return d


_DOC = dict(
    indata="Område med rubrikrad: kommunkod (regioner: lanskod) och variablerna per delmodell (se README)",
    indata_en="Hela tabellen (rubrikrad, en rad per kommun) eller bara kommunens rad; då ska riket_omrade ha alla rikets storheter (XLM_KOSTNAD_RIKET)",
    ar="Utjämningsår (2020–2026)",
    lan_omrade="Område med rubrikrad: lanskod och kollektivtrafikens länsvariabler (26 §)",
    riket_omrade="Två kolumner: namn och värde för rikets uppgifter (t.ex. lararlon_manad)",
    niva="\"kommun\" (standard) eller \"region\"",
    reform="Tomt = gällande lag",
    kommunkod="Kommunkod (regioner: länskod), t.ex. 1880",
    delmodell="Delmodell, t.ex. \"forskola\" eller \"individ_och_familjeomsorg\"",
    delmangd="SANT = raderna räknas som hela riket (t.ex. ett eget urval); tomt = alla 290 kommuner (21 regioner) krävs",
)
_OMRADEN = {"indata", "lan_omrade", "riket_omrade"}


def _argument(*namn, **texter):
    """``@xw.arg`` för varje argument med texten ur ``_DOC`` (eller ``texter``); områden får ndim=2."""
    def inner(f):
        for n in namn:
            doc = texter.get(n, _DOC.get(n))
            f = xw.arg(n, ndim=2, doc=doc)(f) if n in _OMRADEN else xw.arg(n, doc=doc)(f)
        return f
    return inner


@xw.func(category=KATEGORI)
@_argument("indata", "ar", "lan_omrade", "riket_omrade", "niva", "reform", "delmodell", "delmangd",
           delmodell="Tomt = alla kolumner; en delmodell = bara dess standardkostnad (kr/inv)")
@excel_fel
def XLM_KOSTNAD_TABELL(indata, ar, lan_omrade=None, riket_omrade=None, niva=None, reform=None, delmodell=None,
                       delmangd=None):
    """Kostnadsutjämning för alla kommuner: standardkostnad per delmodell, strukturkostnad, kr/inv och belopp."""
    niva = valfri(niva, "kommun")
    res = _kor(indata, ar, lan_omrade, riket_omrade, niva, reform, delmangd)
    return till_excel(res if tom(delmodell) else res[[_delmodell(delmodell, niva)]])


@xw.func(category=KATEGORI)
@_argument("indata", "ar", "lan_omrade", "riket_omrade", "niva", "reform")
@excel_fel
def XLM_KOSTNAD_RIKET(indata, ar, lan_omrade=None, riket_omrade=None, niva=None, reform=None):
    """Rikets uppgifter och storheter i hela beräkningen (namn, värde): riket_omrade för XLM_KOSTNAD_KRINV med en rad och XLM_KOSTNAD_VADOM."""
    niva = valfri(niva, "kommun")
    d = _indata(indata, niva, lan_omrade, riket_omrade)
    anvanda = xlmodel.kostnadsutjamning(d, ar, niva=niva, reform=valfri(reform)).attrs["riket"]
    return till_excel(pd.DataFrame({"varde": pd.Series({**d.get("riket", {}), **anvanda}, dtype=object)}).rename_axis("namn"))


@xw.func(category=KATEGORI)
@_argument("indata", "ar", "kommunkod", "lan_omrade", "riket_omrade", "niva", "reform", indata=_DOC["indata_en"])
@excel_fel
def XLM_KOSTNAD_KRINV(indata, ar, kommunkod, lan_omrade=None, riket_omrade=None, niva=None, reform=None):
    """Kostnadsutjämningsbidrag (+) eller -avgift (−) i kr/inv för en kommun (lag 2004:773 9–10 §§)."""
    niva = valfri(niva, "kommun")
    res = _kor(indata, ar, lan_omrade, riket_omrade, niva, reform)
    return float(rad(res, kod(kommunkod, niva), res.index.name)["kr_per_inv"])


@xw.func(category=KATEGORI)
@_argument("indata", "ar", "kommunkod", "delmodell", "lan_omrade", "riket_omrade", "niva", "reform", indata=_DOC["indata_en"])
@excel_fel
def XLM_KOSTNAD_STANDARDKOSTNAD(indata, ar, kommunkod, delmodell, lan_omrade=None, riket_omrade=None, niva=None, reform=None):
    """Standardkostnad (kr/inv, hela kronor) i en delmodell för en kommun (förordning 2004:881 5 §)."""
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
