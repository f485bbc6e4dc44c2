"""Excel-funktioner för LSS-utjämningen (förordning 2008:776) och Ds 1999:72:s modeller. Tunna omslag."""
from __future__ import annotations

import pandas as pd
import xlwings as xw

import xlmodel
from xlmodel.fel import IndataFel
from ._excel import excel_fel, som_2d, tabell, till_excel, tom, valfri

KATEGORI = "xlmodel LSS"


def _schabloner(personkrets, boende, daglig, andel_boende) -> dict:
    givna = {
        "schablon_personkrets": personkrets,
        "schablon_boende": boende,
        "schablon_daglig_verksamhet": daglig,
        "andel_boende": andel_boende,
    }
    return {k: v for k, v in givna.items() if not tom(v)}


def _sant(v, standard: bool) -> bool:
    if tom(v):
        return standard
    if isinstance(v, str):
        return v.strip().lower() in ("1", "ja", "sant", "true")
    return bool(v)


@xw.func(category=KATEGORI)
@xw.arg("indata", ndim=2, doc="Område med rubrikrad: kommun, invanare, pk12_red_per10k, boende_per10k, daglig_per10k och valfritt kostnad (kr/inv)")
@xw.arg("schablon_personkrets", doc="Kr per person i personkrets 1-2 (tomt = Ds 1999:72: 102 000)")
@xw.arg("schablon_boende", doc="Kr per person i särskilt boende (tomt = 500 000)")
@xw.arg("schablon_daglig", doc="Kr per person i daglig verksamhet (tomt = 138 000)")
@xw.arg("andel_boende", doc="Andel av boendeschablonen (tomt = 1; Ds prövar även 0,9)")
@xw.arg("sparregler", doc="1/SANT = tillämpa spärreglerna (standard), 0/FALSKT = inte")
@xw.arg("riksgenomsnitt", doc="Rikets genomsnittliga LSS-kostnad kr/inv för spärreglerna (tomt = 1 750)")
@excel_fel
def XLM_LSS1999_TABELL(indata, schablon_personkrets=None, schablon_boende=None, schablon_daglig=None, andel_boende=None, sparregler=None, riksgenomsnitt=None):
    """Ds 1999:72 modell 1 för alla kommuner: standardkostnad, bidrag/avgift och netto med och utan spärregler (Tabell H)."""
    df = tabell(indata)
    kostnad = df.pop("kostnad").set_axis(df["kommun"]) if "kostnad" in df.columns else None
    if kostnad is not None:
        kostnad = kostnad[[not tom(v) for v in kostnad]]
    res = xlmodel.lss_ds1999_modell1(
        df, kostnad, schabloner=_schabloner(schablon_personkrets, schablon_boende, schablon_daglig, andel_boende) or None,
        sparregler=_sant(sparregler, True), riksgenomsnitt=valfri(riksgenomsnitt),
    )
    return till_excel(res)


@xw.func(category=KATEGORI)
@xw.arg("invanare", doc="Kommunens invånare")
@xw.arg("pk12_red_per10k", doc="Personer i personkrets 1-2 (med undantagen) per 10 000 invånare")
@xw.arg("boende_per10k", doc="Personer i särskilt boende per 10 000 invånare")
@xw.arg("daglig_per10k", doc="Personer i daglig verksamhet per 10 000 invånare")
@xw.arg("andel_boende", doc="Andel av boendeschablonen (tomt = 1)")
@excel_fel
def XLM_LSS1999_STANDARDKOSTNAD(invanare, pk12_red_per10k, boende_per10k, daglig_per10k, andel_boende=None):
    """Standardkostnad kr/inv för en kommun enligt Ds 1999:72 modell 1 (avsnitt 5.1.2)."""
    g = pd.DataFrame({"kommun": ["kommunen"], "invanare": [invanare], "pk12_red_per10k": [pk12_red_per10k],
                      "boende_per10k": [boende_per10k], "daglig_per10k": [daglig_per10k]}, dtype=object)
    res = xlmodel.lss_ds1999_modell1(g, None, schabloner=_schabloner(None, None, None, andel_boende) or None, sparregler=False)
    return float(res["standardkostnad"].iloc[0])


@xw.func(category=KATEGORI)
@xw.arg("kostnad", doc="Kommunens faktiska LSS-kostnad, kr/inv")
@xw.arg("bidrag", doc="Bidrag (+) eller avgift (−) utan spärregler, kr/inv")
@xw.arg("riksgenomsnitt", doc="Rikets genomsnittliga kostnad kr/inv (tomt = 1 750)")
@excel_fel
def XLM_LSS_SPARREGLER(kostnad, bidrag, riksgenomsnitt=None):
    """Bidrag/avgift efter Ds 1999:72:s fyra spärregler (avsnitt 5.1.4), kr/inv."""
    ut = xlmodel.lss_sparregler(pd.Series([kostnad], index=["kommunen"]), pd.Series([bidrag], index=["kommunen"]), valfri(riksgenomsnitt))
    return float(ut.iloc[0])


@xw.func(category=KATEGORI)
@xw.arg("timmar_per_vecka", doc="Personalbehov i timmar per vecka")
@xw.arg("kontinuerlig", doc="1 = kontinuerlig skala (egna timmar), tomt/0 = nivåns timmar")
@excel_fel
def XLM_LSS1999_BEHOV(timmar_per_vecka, kontinuerlig=None):
    """Behovsnivå och årskostnad (kr) enligt Ds 1999:72 tabell 4; returnerar [nivå, årskostnad]."""
    res = xlmodel.lss_ds1999_behovsniva(timmar_per_vecka, kontinuerlig=_sant(kontinuerlig, False))
    return [[int(res["niva"].iloc[0]), float(res["arskostnad"].iloc[0])]]


@xw.func(category=KATEGORI)
@xw.arg("poang", ndim=2, doc="De tio mätpunkternas poäng (0–8) på en rad")
@excel_fel
def XLM_SODERTORN_NIVA(poang):
    """Södertörnsmodellens nivå (0–5) för en person ur tio mätpunkter (Ds 1999:72 bilaga 4)."""
    rader = som_2d(poang)
    varden = [v for r in rader for v in r]
    df = pd.DataFrame([varden], dtype=object)
    return int(xlmodel.sodertorn_niva(df)["niva"].iloc[0])


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
