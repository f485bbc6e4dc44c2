"""Excel-funktioner för parametrar, strukturbidrag, införandebidrag och regleringspost (lag 2004:773 11–16 §§)."""
from __future__ import annotations

import xlmodel
from xlmodel.fel import IndataFel
from ._excel import Omrade, excelfunktion, kommunrad, tabell, till_excel, valfri

KATEGORI = "xlmodel system"
_DOC = dict(
    niva="\"kommun\" (standard) eller \"region\" (då lanskod i stället för kommunkod)",
    las="\"scb_utfall\" (standard för kommuner: återger SCB) eller \"lagtext\" (standard för regioner)",
)
_funktion = excelfunktion(KATEGORI, _DOC)
#: Strukturbidraget enligt lagtexten: nivån väljer paragraf.
_LAG_NIVA = "\"kommun\" (standard, 11 §) eller \"region\" (12 §, då kolumnen lanskod)"


@_funktion(namn="Parameterns namn, t.ex. \"inkomstutjamning.garantiniva.kommun\"",
           nyckel="För tabellparametrar: nyckeln, t.ex. länskod \"18\"")
def XLM_PARAMETER(namn, ar, nyckel=None, reform=None):
    """Ett parametervärde för utjämningsåret (lag eller reform)."""
    v = xlmodel.parametrar(valfri(reform))[namn](ar)
    if isinstance(v, dict):
        if valfri(nyckel) is None:
            raise IndataFel(f"Parametern {namn} är en tabell: ange nyckel (t.ex. {next(iter(v))}).")
        if isinstance(nyckel, float) and not nyckel.is_integer():
            raise IndataFel(f"Nyckeln {nyckel:g} är inget helt tal (t.ex. länskod 18).".replace(".", ",", 1))
        k = str(int(nyckel)).zfill(2) if isinstance(nyckel, float) else str(nyckel)
        if k not in v:
            raise IndataFel(f"Nyckeln {k} finns inte i parametern {namn} år {int(ar)}.")
        return v[k]
    if isinstance(v, list):
        return [v]
    return v


@_funktion(namn="Parameterns namn", reform="Tomt = gällande lag")
def XLM_PARAMETER_KALLA(namn, ar, reform=None):
    """Källan (SFS-nummer och paragraf) för parameterns värde år ar."""
    return xlmodel.parametrar(valfri(reform))[namn].referens(ar)


@_funktion(anslag="Anslaget för sektorn (kommuner eller regioner), kr",
           nettoutgift="Statens nettoutgift: bidrag minus avgifter (inkomst, kostnad, struktur, införande), kr",
           folkmangd_riket="Rikets folkmängd 1 november året före")
def XLM_REGLERINGSPOST(anslag, nettoutgift, folkmangd_riket):
    """Regleringsbidrag (+) eller -avgift (−) i kr per invånare (lag 2004:773 15–16 §§)."""
    return xlmodel.regleringspost(anslag, nettoutgift, folkmangd_riket)


@_funktion(indata=Omrade("Område med rubrikrad: kommunkod, folkmangd"),
           kr_per_inv="Regleringsbidrag (+) eller -avgift (−) i kr/inv, t.ex. från XLM_REGLERINGSPOST")
def XLM_REGLERINGSBIDRAG_TABELL(indata, kr_per_inv, niva=None):
    """Regleringsbidrag/-avgift per kommun: samma kr/inv för alla, belopp i kr (lag 2004:773 15–16 §§)."""
    return till_excel(xlmodel.regleringsbidrag(tabell(indata), kr_per_inv, niva=valfri(niva, "kommun")))


@_funktion(indata=Omrade("Område med rubrikrad: kommunkod, folkmangd, strukturbidrag_kr_per_inv"))
def XLM_STRUKTURBIDRAG_TABELL(indata, niva=None):
    """Strukturbidrag per kommun (kr/inv och kr), lag 2004:773 11 § (regioner 12 §)."""
    return till_excel(xlmodel.strukturbidrag(tabell(indata), niva=valfri(niva, "kommun")))


@_funktion(kommunkod="Kommunkod, t.ex. 1863", kr_per_inv="Kommunens strukturbidrag i kr/inv (SCB)")
def XLM_STRUKTURBIDRAG_BELOPP(kommunkod, folkmangd, kr_per_inv, niva=None):
    """Strukturbidrag i kr för en kommun: kr/inv × folkmängd 1 november (lag 2004:773 11, 17 §§)."""
    niva = valfri(niva, "kommun")
    u = kommunrad(kommunkod, niva, folkmangd=folkmangd, strukturbidrag_kr_per_inv=kr_per_inv)
    return float(xlmodel.strukturbidrag(u, niva=niva)["belopp"].iloc[0])


@_funktion(indata=Omrade("Rubrikrad: kommunkod (regioner lanskod), standardkostnad_2004, strukturbidrag_2013, uppraknat_skatteunderlag_2014 (kr)"),
           niva=_LAG_NIVA)
def XLM_STRUKTURBIDRAG_LAG_TABELL(indata, ar, niva=None):
    """Strukturbidragets belopp (kr) per kommun enligt lagtexten ur 2004 och 2013 års underlag (lag 2004:773 11–12 §§)."""
    return till_excel(xlmodel.strukturbidrag_enligt_lag(tabell(indata), ar, niva=valfri(niva, "kommun")))


@_funktion(kommunkod="Kommunkod (regioner: länskod)",
           standardkostnad_2004="Standardkostnad för svagt befolkningsunderlag (regioner: små regioner) år 2004, kr",
           strukturbidrag_2013="Strukturbidrag år 2013 för näringslivs- och sysselsättningsåtgärder plus bidragsminskning, kr",
           skatteunderlag_2014="Uppräknat skatteunderlag år 2014, kr", niva=_LAG_NIVA)
def XLM_STRUKTURBIDRAG_LAG(kommunkod, ar, standardkostnad_2004, strukturbidrag_2013, skatteunderlag_2014, niva=None):
    """Strukturbidragets belopp (kr) för en kommun enligt lagtexten (lag 2004:773 11–12 §§)."""
    niva = valfri(niva, "kommun")
    u = kommunrad(kommunkod, niva, standardkostnad_2004=standardkostnad_2004, strukturbidrag_2013=strukturbidrag_2013,
                  uppraknat_skatteunderlag_2014=skatteunderlag_2014)
    return float(xlmodel.strukturbidrag_enligt_lag(u, ar, niva=niva)["belopp"].iloc[0])


@_funktion(indata=Omrade("Område med rubrikrad: kommunkod, folkmangd, bidragsminskning (kr/inv)"))
def XLM_INFORANDEBIDRAG_TABELL(indata, ar, las=None, niva=None):
    """Införandebidrag per kommun (kr/inv och kr), lag 2004:773 13 §."""
    return till_excel(xlmodel.inforandebidrag(tabell(indata), ar, las=valfri(las), niva=valfri(niva, "kommun")))


@_funktion(kommunkod="Kommunkod, t.ex. 1814", bidragsminskning="Kommunens bidragsminskning i kr/inv (lag 3 §)")
def XLM_INFORANDEBIDRAG_KRINV(kommunkod, bidragsminskning, ar, las=None, niva=None):
    """Införandebidrag i kr per invånare för en kommun (lag 2004:773 13 §)."""
    niva = valfri(niva, "kommun")
    u = kommunrad(kommunkod, niva, folkmangd=1.0, bidragsminskning=bidragsminskning)
    return float(xlmodel.inforandebidrag(u, ar, las=valfri(las), niva=niva)["kr_per_inv"].iloc[0])
