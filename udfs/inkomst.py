"""Excel-funktioner för inkomstutjämningen (lag 2004:773 3–7 §§). Tunna omslag runt ``xlmodel.inkomstutjamning``."""
from __future__ import annotations

import xlmodel
from xlmodel.inkomstutjamning import inkomstutjamning_kommun
from xlmodel.kallor.hamtat import tillstand
from xlmodel.minne import memo
from ._excel import Omrade, excelfunktion, kolumner, kravs, riket, som_2d, tabell, till_excel, tom, valfri

KATEGORI = "xlmodel inkomstutjämning"
_DOC = dict(
    kommunkod="Kommunkod, t.ex. 1880 eller \"0180\" (regionnivå: länskod, t.ex. 18)",
    skatteunderlag="Kommunens skatteunderlag i kr (SCB, inkomstår år-2, ej uppräknat)",
    riket_folkmangd="Rikets folkmängd 1 november året före (tom tillsammans med riket_skatteunderlag: medföljande rikstotaler)",
    indata=Omrade("Område med rubrikrad: kommunkod, skatteunderlag, folkmangd (en rad per kommun)"),
)
_funktion = excelfunktion(KATEGORI, _DOC)


@_funktion(ar="Utjämningsår, t.ex. 2026",
           riket_skatteunderlag="Rikets skatteunderlag i kr (samma år); tomt: medföljande SCB-rikstal (xlmodel.riket)")
def XLM_INKOMST_KRINV(kommunkod, ar, skatteunderlag, folkmangd, riket_skatteunderlag, riket_folkmangd, niva=None, reform=None):
    """Inkomstutjämningsbidrag (+) eller -avgift (−) i kr per invånare för en kommun (lag 2004:773 5–6 §§)."""
    rad = inkomstutjamning_kommun(kommunkod, ar, skatteunderlag, folkmangd, riket(riket_skatteunderlag, riket_folkmangd),
                                  niva=valfri(niva, "kommun"), reform=valfri(reform))  # snabb väg utan tabeller
    return float(rad["kr_per_inv"])


@_funktion(riket_skatteunderlag="Rikets skatteunderlag (tomt: raderna om de är alla 290, annars medföljande SCB-rikstal)",
           riket_folkmangd="Rikets folkmängd 1 nov (tomt: raderna om de är alla 290, annars medföljande rikstal)",
           niva="\"kommun\" (standard) eller \"region\" (då kolumnen lanskod)")
def XLM_INKOMST_TABELL(indata, ar, riket_skatteunderlag=None, riket_folkmangd=None, niva=None, reform=None):
    """Inkomstutjämning för alla kommuner i ett anrop; returnerar en tabell med rubrikrad (spiller)."""
    res = xlmodel.inkomstutjamning(
        kolumner(indata), ar, niva=valfri(niva, "kommun"), riket=riket(riket_skatteunderlag, riket_folkmangd), reform=valfri(reform)
    )
    return till_excel(res)


@_funktion(riket_skatteunderlag="Rikets skatteunderlag (tomt: raderna om de är alla 290, annars medföljande SCB-rikstal)",
           riket_folkmangd="Rikets folkmängd 1 nov (tomt: raderna om de är alla 290, annars medföljande rikstal)",
           parameter="Det som varieras: \"inkomstutjamning.garantiniva.kommun\", \"skattesatsjustering\" (procentenheter på "
                     "de länsvisa satserna), \"skatteunderlag_tillvaxt\" (andel) eller \"skattesats\" (procentenheter)",
           varden=Omrade("Scenariernas värden, en rad eller kolumn (t.ex. 1,10 1,11 ... 1,20); tomma celler hoppas över"),
           matt="\"inkomstutjamning\" (standard), \"skatteintakter\" eller \"summa\" (kommunens skattesats i kolumnen skattesats)")
def XLM_SCENARIER(indata, ar, parameter, varden, riket_skatteunderlag=None, riket_folkmangd=None, niva=None, reform=None, matt=None):
    """Känslighetsanalys: kr per invånare per kommun (rad) och scenario (kolumn) med rubrikrad; spiller."""
    return _scenarier(indata, ar, parameter, varden, riket_skatteunderlag, riket_folkmangd, niva, reform, matt, tillstand())


@memo(16)  # samma område igen (omräkning utan ändring): cellerna direkt (får inte ändras av anroparen)
def _scenarier(indata, ar, parameter, varden, riket_skatteunderlag, riket_folkmangd, niva, reform, matt, _cachen=()):
    res = xlmodel.scenarier(tabell(indata), ar, {str(kravs(parameter, "parameter")).strip(): [v for r in som_2d(varden) for v in r if not tom(v)]},
                            niva=valfri(niva, "kommun"), riket=riket(riket_skatteunderlag, riket_folkmangd),
                            reform=valfri(reform), matt=valfri(matt))
    return till_excel(res)


@_funktion(riket_skatteunderlag="Rikets skatteunderlag i kr (ej uppräknat); tomt med tom folkmängd: medföljande SCB-rikstal")
def XLM_MEDELSKATTEKRAFT(ar, riket_skatteunderlag=None, riket_folkmangd=None):
    """Uppräknad medelskattekraft i kr per invånare (lag 2004:773 3 §)."""
    return xlmodel.medelskattekraft(ar, valfri(riket_skatteunderlag), valfri(riket_folkmangd))


@_funktion()
def XLM_UPPRAKNINGSFAKTOR(ar):
    """Produkten av uppräkningsfaktorerna för utjämningsåret (lag 1965:269 4 §)."""
    return xlmodel.upprakningsfaktor(ar)
