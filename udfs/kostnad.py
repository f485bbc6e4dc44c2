"""Excel-funktioner för kostnadsutjämningen (förordning 2004:881 5–27 §§). Tunna omslag runt ``xlmodel.kostnadsutjamning``."""
from __future__ import annotations

import pandas as pd
import xlmodel
from xlmodel.fel import IndataFel
from xlmodel.kostnadsutjamning import DELMODELLER, kostnadsutjamning_resultat, lanstabell
from xlmodel.minne import Cellomrade, Nyckelobjekt, memo
from ._excel import (Omrade, excelfunktion, kod, kolumner, nyckelvarden, sant, tabell, talkolumner, till_excel, tom,
                     tomt, valfri)

KATEGORI = "xlmodel kostnadsutjämning"


class _Kontrollerat(Nyckelobjekt):
    """Ett kontrollerat område (länstabellen, rikets uppgifter; ``None`` för ett tomt) som ``_kor`` får i stället för
    cellerna: ``memo`` ger samma objekt för samma innehåll, och ``_kor``:s nyckel känner igen det på identiteten."""

    __slots__ = ("varde",)

    def __init__(self, varde):
        self.varde = varde


@memo(8)  # länstabellen och rikets uppgifter är desamma för alla celler i en arbetsbok: läses och kontrolleras en gång
def _lan(lan_omrade) -> _Kontrollerat:
    return _Kontrollerat(None if tomt(lan_omrade) else lanstabell(kolumner(lan_omrade, "lan")))


@memo(8)
def _riket(riket_omrade) -> _Kontrollerat:
    return _Kontrollerat(None if tomt(riket_omrade) else nyckelvarden(riket_omrade, "riket", ("namn", "varde")))


def _berakning(indata, ar, lan_omrade, riket_omrade, niva, reform, delmangd=None):
    """Hela beräkningen (``Resultat``, utan tabell). Färre rader än hela riket kräver rikets storheter i
    riket_omrade (motorn räknar upp dem som saknas) eller delmangd=SANT (raderna räknas då som hela riket)."""
    return _kor(Cellomrade(indata), ar, _lan(lan_omrade), _riket(riket_omrade), niva, reform, delmangd)


@memo(16)  # samma områden igen (omräkning utan ändring, flera celler över samma tabell): ingen ny beräkning
def _kor(indata, ar, lan: _Kontrollerat, riket: _Kontrollerat, niva, reform, delmangd):
    d = {niva: talkolumner(indata, niva)}
    for namn, kontrollerat in (("lan", lan.varde), ("riket", riket.varde)):
        if kontrollerat is not None:
            d[namn] = kontrollerat
    return kostnadsutjamning_resultat(d, ar, niva=niva, reform=valfri(reform), delmangd=sant(delmangd, False, "delmangd"))


def _delmodell(delmodell, niva) -> str:
    d = str(delmodell).strip().lower()
    if d not in DELMODELLER[niva]:
        raise IndataFel(f"Okänd delmodell {delmodell!r}. Välj bland {', '.join(DELMODELLER[niva])}.")
    return d


_DOC = dict(
    indata=Omrade("Område med rubrikrad: kommunkod (regioner: lanskod) och variablerna per delmodell (se README)"),
    ar="Utjämningsår (2020–2026)",
    lan_omrade=Omrade("Område med rubrikrad: lanskod och kollektivtrafikens länsvariabler (26 §)"),
    riket_omrade=Omrade("Två kolumner: namn och värde för rikets uppgifter (t.ex. lararlon_manad)"),
    reform="Tomt = gällande lag",
    kommunkod="Kommunkod (regioner: länskod), t.ex. 1880",
    delmodell="Delmodell, t.ex. \"forskola\" eller \"individ_och_familjeomsorg\"",
    delmangd="SANT = raderna räknas som hela riket (t.ex. ett eget urval); tomt = alla 290 kommuner (21 regioner) krävs",
)
#: En kommuns resultat: hela tabellen eller bara kommunens rad.
_INDATA_EN = Omrade("Hela tabellen (rubrikrad, en rad per kommun) eller bara kommunens rad; då ska riket_omrade ha alla rikets storheter (XLM_KOSTNAD_RIKET)")
_funktion = excelfunktion(KATEGORI, _DOC)


@_funktion(delmodell="Tomt = alla kolumner; en delmodell = bara dess standardkostnad (kr/inv)")
def XLM_KOSTNAD_TABELL(indata, ar, lan_omrade=None, riket_omrade=None, niva=None, reform=None, delmodell=None,
                       delmangd=None):
    """Kostnadsutjämning för alla kommuner: standardkostnad per delmodell, strukturkostnad, kr/inv och belopp."""
    niva = valfri(niva, "kommun")
    return _tabellceller(Cellomrade(indata), ar, _lan(lan_omrade), _riket(riket_omrade), niva, reform, delmangd, delmodell)


@memo(16)  # samma område igen (omräkning utan ändring): cellerna byggs inte om
def _tabellceller(indata, ar, lan: _Kontrollerat, riket: _Kontrollerat, niva, reform, delmangd, delmodell):
    res = _kor(indata, ar, lan, riket, niva, reform, delmangd).tabell()
    return till_excel(res if tom(delmodell) else res[[_delmodell(delmodell, niva)]])


@_funktion()
def XLM_KOSTNAD_RIKET(indata, ar, lan_omrade=None, riket_omrade=None, niva=None, reform=None):
    """Rikets uppgifter och storheter i hela beräkningen (namn, värde): riket_omrade för XLM_KOSTNAD_KRINV med en rad och XLM_KOSTNAD_VADOM."""
    niva = valfri(niva, "kommun")
    riket = _riket(riket_omrade).varde or {}
    anvanda = _berakning(indata, ar, lan_omrade, riket_omrade, niva, reform).attrs["riket"]
    return till_excel(pd.DataFrame({"varde": pd.Series({**riket, **anvanda}, dtype=object)}).rename_axis("namn"))


@_funktion(indata=_INDATA_EN)
def XLM_KOSTNAD_KRINV(indata, ar, kommunkod, lan_omrade=None, riket_omrade=None, niva=None, reform=None):
    """Kostnadsutjämningsbidrag (+) eller -avgift (−) i kr/inv för en kommun (lag 2004:773 9–10 §§)."""
    niva = valfri(niva, "kommun")
    return _berakning(indata, ar, lan_omrade, riket_omrade, niva, reform).varde(kod(kommunkod, niva), "kr_per_inv")


@_funktion(indata=_INDATA_EN)
def XLM_KOSTNAD_STANDARDKOSTNAD(indata, ar, kommunkod, delmodell, lan_omrade=None, riket_omrade=None, niva=None, reform=None):
    """Standardkostnad (kr/inv, hela kronor) i en delmodell för en kommun (förordning 2004:881 5 §)."""
    niva = valfri(niva, "kommun")
    return _berakning(indata, ar, lan_omrade, riket_omrade, niva, reform).varde(kod(kommunkod, niva), _delmodell(delmodell, niva))


@_funktion(kommunrad=Omrade("Två rader: rubriker och kommunens variabler före ändringen"), ar="Utjämningsår",
           variabel="Variabeln som ändras, t.ex. \"ohalsotal\"", nytt_varde="Variabelns nya värde",
           publicerad=Omrade("Två kolumner: delmodell och SCB:s standardkostnad (kr/inv)"),
           riket_omrade=Omrade("Två kolumner: rikets storheter (minst strukturkostnad_medel)"))
def XLM_KOSTNAD_VADOM(kommunrad, ar, variabel, nytt_varde, publicerad, riket_omrade, niva=None):
    """Vad händer om en variabel ändras? Standardkostnad per delmodell och bidrag/avgift före och efter, rikets storheter fasta."""
    niva = valfri(niva, "kommun")
    res = xlmodel.kostnadsutjamning_vad_om(
        tabell(kommunrad, "kommunrad"), ar, {str(variabel).strip(): nytt_varde},
        nyckelvarden(publicerad, "publicerad", ("delmodell", "standardkostnad")), nyckelvarden(riket_omrade, "riket", ("namn", "varde")), niva=niva,
    )
    return till_excel(res)
