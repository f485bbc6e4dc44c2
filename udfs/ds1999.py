"""Excel-funktioner för Ds 1999:72:s förslag (modell 1 med spärregler, modell 2, Södertörnsmodellen). Tunna omslag
runt ``xlmodel.lss_ds1999``. Nyckeln är kommunens namn år 1999, som i Ds-tabellerna."""
from __future__ import annotations

import pandas as pd
import xlmodel
from xlmodel.fel import IndataFel
from xlmodel.lss_ds1999 import MATPUNKTER
from ._excel import Omrade, en_rad, excelfunktion, kravs, nyckelvarden, rad, sant, som_2d, tabell, till_excel, tom, valfri

KATEGORI = "xlmodel Ds 1999:72"


def _schabloner(personkrets, boende, daglig, andel_boende) -> dict:
    givna = {
        "schablon_personkrets": personkrets,
        "schablon_boende": boende,
        "schablon_daglig_verksamhet": daglig,
        "andel_boende": andel_boende,
    }
    return {k: v for k, v in givna.items() if not tom(v)}


_DOC = dict(
    invanare="Kommunens invånare",
    pk12_red_per10k="Personer i personkrets 1-2 (med undantagen) per 10 000 invånare",
    boende_per10k="Personer i särskilt boende per 10 000 invånare",
    daglig_per10k="Personer i daglig verksamhet per 10 000 invånare",
    andel_boende="Andel av boendeschablonen (tomt = 1)",
    sparregler="1/SANT = tillämpa spärreglerna (standard), 0/FALSKT = inte",
    riksgenomsnitt="Rikets genomsnittliga LSS-kostnad kr/inv för spärreglerna (tomt = 1 750)",
    kontinuerlig="1 = kontinuerlig skala (egna timmar), tomt/0 = nivåns timmar",
    lagsta_niva="Lägsta nivå som räknas (tomt = Ds: 1)",
    personer=Omrade("Område med rubrikrad: enhet, niva (0–5, t.ex. ur XLM_SODERTORN_NIVA_TABELL), en rad per person"),
    nivakostnad=Omrade("Två kolumner: nivå och kr per person och år (kommunens egna nyckeltal; Ds anger inga belopp)"),
)
_funktion = excelfunktion(KATEGORI, _DOC)
#: Modell 2 tar personerna och invånarna som områden.
_MODELL2 = dict(
    personer=Omrade("Område med rubrikrad: kommun, timmar_per_vecka (en rad per bedömd person)"),
    invanare=Omrade("Område med rubrikrad: kommun, invanare (alla kommuner i utjämningen)"),
)


def _en_kommun(invanare, pk12_red_per10k, boende_per10k, daglig_per10k) -> pd.DataFrame:
    """En rad i Tabell G:s form för en kommun ur fyra celler."""
    return en_rad(kommun="kommunen", invanare=invanare, pk12_red_per10k=pk12_red_per10k,
                  boende_per10k=boende_per10k, daglig_per10k=daglig_per10k)


def _kommunen(v) -> pd.Series:
    """Ett cellvärde som serie för den enda kommunen (raden ``kommunen`` i ``_en_kommun``)."""
    return pd.Series([v], index=["kommunen"])


@_funktion(indata=Omrade("Område med rubrikrad: kommun, invanare, pk12_red_per10k, boende_per10k, daglig_per10k och valfritt kostnad (kr/inv)"),
           schablon_personkrets="Kr per person i personkrets 1-2 (tomt = Ds 1999:72: 102 000)",
           schablon_boende="Kr per person i särskilt boende (tomt = 500 000)",
           schablon_daglig="Kr per person i daglig verksamhet (tomt = 138 000)",
           andel_boende="Andel av boendeschablonen (tomt = 1; Ds prövar även 0,9)")
def XLM_LSS1999_TABELL(indata, schablon_personkrets=None, schablon_boende=None, schablon_daglig=None, andel_boende=None, sparregler=None, riksgenomsnitt=None):
    """Ds 1999:72 modell 1 för alla kommuner: standardkostnad, bidrag/avgift och netto med och utan spärregler (Tabell H)."""
    df = tabell(indata)
    kostnad = df.pop("kostnad").set_axis(df["kommun"]) if "kostnad" in df.columns else None
    if kostnad is not None:
        kostnad = kostnad[[not tom(v) for v in kostnad]]
    res = xlmodel.lss_ds1999_modell1(
        df, kostnad, schabloner=_schabloner(schablon_personkrets, schablon_boende, schablon_daglig, andel_boende) or None,
        sparregler=sant(sparregler, True, "sparregler"), riksgenomsnitt=valfri(riksgenomsnitt),
    )
    return till_excel(res)


@_funktion()
def XLM_LSS1999_STANDARDKOSTNAD(invanare, pk12_red_per10k, boende_per10k, daglig_per10k, andel_boende=None):
    """Standardkostnad kr/inv för en kommun enligt Ds 1999:72 modell 1 (avsnitt 5.1.2)."""
    g = _en_kommun(invanare, pk12_red_per10k, boende_per10k, daglig_per10k)
    res = xlmodel.lss_ds1999_modell1(g, None, schabloner=_schabloner(None, None, None, andel_boende) or None, sparregler=False)
    return float(res["standardkostnad"].iloc[0])


@_funktion(standardkostnad_riket="Rikets standardkostnad kr/inv (Tabell H: Riket), t.ex. ur XLM_LSS1999_TABELL",
           kostnad="Kommunens faktiska LSS-kostnad kr/inv (krävs med spärregler)")
def XLM_LSS1999_KRINV(invanare, pk12_red_per10k, boende_per10k, daglig_per10k, standardkostnad_riket, kostnad=None,
                      andel_boende=None, sparregler=None, riksgenomsnitt=None):
    """Bidrag (+) eller avgift (−) i kr/inv för en kommun enligt Ds 1999:72 modell 1, rikets standardkostnad given (5.1.2–5.1.4)."""
    med_sparr = sant(sparregler, True, "sparregler")
    if med_sparr:
        kravs(kostnad, "kostnad")
    g = _en_kommun(invanare, pk12_red_per10k, boende_per10k, daglig_per10k)
    res = xlmodel.lss_ds1999_modell1(
        g, None if tom(kostnad) else _kommunen(kostnad),
        schabloner=_schabloner(None, None, None, andel_boende) or None, sparregler=med_sparr,
        standardkostnad_riket=kravs(standardkostnad_riket, "standardkostnad_riket"), riksgenomsnitt=valfri(riksgenomsnitt),
    )
    return float(res["bidrag_med_sparr"].iloc[0])


@_funktion(kostnad="Kommunens faktiska LSS-kostnad, kr/inv", bidrag="Bidrag (+) eller avgift (−) utan spärregler, kr/inv",
           riksgenomsnitt="Rikets genomsnittliga kostnad kr/inv (tomt = 1 750)")
def XLM_LSS_SPARREGLER(kostnad, bidrag, riksgenomsnitt=None):
    """Bidrag/avgift efter Ds 1999:72:s fyra spärregler (avsnitt 5.1.4), kr/inv."""
    kravs(kostnad, "kostnad")  # motorn låter en kommun utan kostnad passera; en ensam cell ska vara ifylld
    ut = xlmodel.lss_sparregler(_kommunen(kostnad), _kommunen(bidrag), valfri(riksgenomsnitt))
    return float(ut.iloc[0])


@_funktion(timmar_per_vecka="Personalbehov i timmar per vecka")
def XLM_LSS1999_BEHOV(timmar_per_vecka, kontinuerlig=None):
    """Behovsnivå och årskostnad (kr) enligt Ds 1999:72 tabell 4; returnerar [nivå, årskostnad]."""
    res = xlmodel.lss_ds1999_behovsniva(timmar_per_vecka, kontinuerlig=sant(kontinuerlig, False, "kontinuerlig"))
    return [[int(res["niva"].iloc[0]), float(res["arskostnad"].iloc[0])]]


@_funktion(poang=Omrade("De tio mätpunkternas poäng (0–8) på en rad"))
def XLM_SODERTORN_NIVA(poang):
    """Södertörnsmodellens nivå (0–5) för en person ur tio mätpunkter (Ds 1999:72 bilaga 4)."""
    rader = som_2d(poang)
    varden = [v for r in rader for v in r]
    df = pd.DataFrame([varden], dtype=object)
    return int(xlmodel.sodertorn_niva(df)["niva"].iloc[0])


def _serie(omrade, namn: str, kolumn: str) -> pd.Series:
    """Område med rubrikraden kommun, <kolumn> → Series med kommunnamnet som index."""
    df = tabell(omrade, namn)
    saknas = [k for k in ("kommun", kolumn) if k not in df.columns]
    if saknas:
        raise IndataFel(f"{namn}: kolumnen {saknas[0]} saknas i rubrikraden.")
    return pd.Series(df[kolumn].to_numpy(), index=pd.Index(df["kommun"], name="kommun"), name=kolumn)


def _modell2(personer, invanare, kontinuerlig, lagsta_niva) -> pd.DataFrame:
    return xlmodel.lss_ds1999_modell2(tabell(personer, "personer"), _serie(invanare, "invanare", "invanare"),
                                      kontinuerlig=sant(kontinuerlig, False, "kontinuerlig"), lagsta_niva=valfri(lagsta_niva))


@_funktion(**_MODELL2)
def XLM_LSS1999_MODELL2(personer, invanare, kontinuerlig=None, lagsta_niva=None):
    """Ds 1999:72 modell 2 (5.2.2) för alla kommuner: behov, behov per invånare, bidrag/avgift kr/inv och kr."""
    return till_excel(_modell2(personer, invanare, kontinuerlig, lagsta_niva))


@_funktion(**_MODELL2, kommun="Kommunens namn som i invanare, t.ex. \"Botkyrka\"")
def XLM_LSS1999_MODELL2_KRINV(personer, invanare, kommun, kontinuerlig=None, lagsta_niva=None):
    """Bidrag (+) eller avgift (−) i kr/inv för en kommun enligt Ds 1999:72 modell 2 (5.2.2)."""
    res = _modell2(personer, invanare, kontinuerlig, lagsta_niva)
    return float(rad(res, str(kravs(kommun, "kommun")).strip(), "kommun")["kr_per_inv"])


@_funktion(indata=Omrade("Område med rubrikrad: timmar_per_vecka och valfria egna kolumner (t.ex. person), en rad per person"))
def XLM_LSS1999_BEHOV_TABELL(indata, kontinuerlig=None):
    """Behovsnivå och årskostnad (kr) per person enligt Ds 1999:72 tabell 4; egna kolumner följer med."""
    df = tabell(indata)
    if "timmar_per_vecka" not in df.columns:
        raise IndataFel("indata: kolumnen timmar_per_vecka saknas i rubrikraden.")
    res = xlmodel.lss_ds1999_behovsniva(df["timmar_per_vecka"], kontinuerlig=sant(kontinuerlig, False, "kontinuerlig"))
    return till_excel(pd.concat([df.drop(columns="timmar_per_vecka"), res], axis=1), index=False)


@_funktion(indata=Omrade("Rubrikrad och en rad per person: egna kolumner och de tio mätpunkterna (" + ", ".join(MATPUNKTER) + ") eller bara tio kolumner"))
def XLM_SODERTORN_NIVA_TABELL(indata):
    """Södertörnsmodellens medelpoäng och nivå (0–5) per person (Ds 1999:72 bilaga 4); egna kolumner följer med."""
    df = tabell(indata)
    punkter = [k for k in MATPUNKTER if k in df.columns]
    if len(punkter) != len(MATPUNKTER):
        if df.shape[1] != len(MATPUNKTER):
            raise IndataFel(f"indata: ange de tio mätpunkterna som kolumner ({', '.join(MATPUNKTER)}).")
        punkter = list(df.columns)
    res = xlmodel.sodertorn_niva(df[punkter])
    return till_excel(pd.concat([df.drop(columns=punkter), res], axis=1), index=False)


def _fordelning(personer, nivakostnad) -> pd.DataFrame:
    return xlmodel.sodertorn_fordelning(tabell(personer, "personer"), nyckelvarden(nivakostnad, "nivakostnad", ("niva", "kr")))


@_funktion()
def XLM_SODERTORN_FORDELNING(personer, nivakostnad):
    """Södertörnsmodellens fördelning per enhet: antal per nivå och belopp = Σ personer × nivåkostnad (Ds 1999:72 bilaga 4)."""
    return till_excel(_fordelning(personer, nivakostnad))


@_funktion(enhet="Enhetens namn som i kolumnen enhet")
def XLM_SODERTORN_BELOPP(personer, nivakostnad, enhet):
    """Belopp (kr) till en enhet enligt Södertörnsmodellen (Ds 1999:72 bilaga 4)."""
    res = _fordelning(personer, nivakostnad)
    return float(rad(res, kravs(enhet, "enhet"), "enhet")["belopp"])
