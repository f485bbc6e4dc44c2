"""Marginalintäkt: årlig intäktsändring för kommunen av en invånare till (SKL:s PM 2014), per typperson."""
from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from ..fel import IndataFel
from ..parametrar import kontrollera_reformar
from ..validering import kontrollera_ar, tal
from .data import _kontrollera_kommun
from .kalkyl import Antaganden, _Kalkyl, _saknade_kravdata


MARGINALKOLUMNER = ["skatt", "inkomstutjamning", "regleringspost", "strukturbidrag", "kostnadsutjamning", "summa"]

# Åldersgrupper och de variabler i kostnadsutjämningens delmodeller (förordning 2004:881) som en person i
# gruppen ökar med ett, utöver folkmängden (31 dec t−2, 5 §) och folkmängden 1 nov t−1 (bidragets multiplikator):
# förskola 6 a § (barn 1–5, 6–12 år), grundskola 7 a § (6 år, 7–15 år), gymnasieskola 8 a § (16–18 år),
# vuxenutbildning 10–13 a §§ (20–64 år), äldreomsorg 14 a § (sex grupper efter ålder och boende).
ALDERSGRUPPER = {
    "0 år": (),
    "1–5 år": ("barn_1_5",),
    "6 år": ("barn_6_12", "barn_6"),
    "7–12 år": ("barn_6_12", "barn_7_15"),
    "13–15 år": ("barn_7_15",),
    "16–18 år": ("ungdomar_16_18",),
    "19 år": (),
    "20–64 år": ("befolkning_20_64",),
    "65–79 år, sammanboende": ("sammanboende_65_79",),
    "65–79 år, ensamboende": ("ensamboende_65_79",),
    "80–89 år, sammanboende": ("sammanboende_80_89",),
    "80–89 år, ensamboende": ("ensamboende_80_89",),
    "90– år, sammanboende": ("sammanboende_90_w",),
    "90– år, ensamboende": ("ensamboende_90_w",),
}


def standardkostnad_per_aldersgrupp(rad, ar: int, riket: Mapping, publicerad: Mapping,
                                    reform: str | None = None) -> pd.DataFrame:
    """Kostnadsutjämningens ändring (kr per år) för kommunen av en invånare till i varje åldersgrupp.

    Räknas med lagens parametrar (``kostnadsutjamning_vad_om``, rikets storheter fasta): personen läggs till
    folkmängden och till gruppens variabler (``ALDERSGRUPPER``). Med P = invånare 1 nov t−1, SK = kommunens
    strukturkostnad (Σ publicerad standardkostnad) och b = egen beräkning per delmodell (oavrundad, kr/inv):
    ändringen i bidraget (lag 2004:773 9–10 §§) är (SK' − SK̄)(P+1) − (SK − SK̄)P = ``standardkostnad`` −
    ``medelstandardkostnad``, där ``standardkostnad`` = Σ_d [publicerad_d + (P+1)(b'_d − b_d)] (personens
    tillskott till kommunens standardkostnad i kr, per delmodell i kolumnerna) och ``medelstandardkostnad`` = SK̄.

    ``rad``, ``riket``, ``publicerad``: som i ``kostnadsutjamning_vad_om`` (en full rad med alla delmodellers
    variabler, eftersom folkmängden ingår i alla; ``riket`` med ``strukturkostnad_medel`` och övriga storheter
    ur ``attrs["riket"]`` i en fullständig beräkning samt rikets indata). Oavrundat, för marginalanalys.
    Åldersgruppernas datum (31 dec t−2) och flyttdatum hanteras inte: personen räknas i alla mått samma år.
    """
    from ..kostnadsutjamning import DELMODELLER, kostnadsutjamning_vad_om

    fore = pd.DataFrame([dict(rad)]) if isinstance(rad, Mapping) else rad.reset_index(drop=True)
    if len(fore) != 1:
        raise IndataFel(f"kostnad, rad: en rad (en kommun) krävs, fick {len(fore)}.")
    delmodeller = list(DELMODELLER["kommun"])
    saknas = [c for c in ("folkmangd", "folkmangd_1nov") + tuple(v for g in ALDERSGRUPPER.values() for v in g)
              if c not in fore.columns]
    if saknas:
        raise IndataFel(f"kostnad, rad: kolumnen {saknas[0]!r} saknas.")
    sk_medel = tal(riket.get("strukturkostnad_medel"), "kostnad, riket, strukturkostnad_medel")
    pub = {d: tal(publicerad.get(d), f"kostnad, publicerad, {d}") for d in delmodeller}
    P = tal(fore["folkmangd_1nov"].iloc[0], "kostnad, rad, folkmangd_1nov")
    rader = {}
    for grupp, variabler in ALDERSGRUPPER.items():
        andring = {c: tal(fore[c].iloc[0], f"kostnad, rad, {c}") + 1 for c in ("folkmangd", "folkmangd_1nov", *variabler)}
        beraknad = kostnadsutjamning_vad_om(fore, ar, andring, pub, riket, reform=reform).attrs["beraknad"]
        per_del = {d: pub[d] + (P + 1) * (beraknad[d][1] - beraknad[d][0]) for d in delmodeller}
        sk = sum(per_del.values())
        rader[grupp] = {**per_del, "standardkostnad": sk, "medelstandardkostnad": sk_medel,
                        "kostnadsutjamning": sk - sk_medel}
    ut = pd.DataFrame.from_dict(rader, orient="index")
    ut.index.name = "aldersgrupp"
    ut.attrs.update({"ar": ar, "reform": reform})
    return ut


def _syntetisk_kostnad(kod: str, ar: int, reform: str | None) -> dict:
    """SYNTETISKA indata (``xlmodel.exempeldata``) för kostnadsutjämningen: kommunens rad, rikets storheter och
    den beräknade standardkostnaden. Påhittade tal, bara som märkt reserv."""
    from .. import exempeldata
    from ..kostnadsutjamning import DELMODELLER, kostnadsutjamning

    indata = exempeldata.kostnadsutjamning(ar)
    hel = kostnadsutjamning(indata, ar, reform=reform)
    rad = indata["kommun"].set_index("kommunkod").loc[[kod]].reset_index()
    return {"rad": rad, "riket": {**indata["riket"], **hel.attrs["riket"]},
            "publicerad": hel.loc[kod, list(DELMODELLER["kommun"])].to_dict(), "kalla": exempeldata.KALLA}


def _kontrollera_personer(personer) -> bool:
    """Kontrollera tabellen ``personer``; True om den har egna ``standardkostnad`` och ``medelstandardkostnad``."""
    if not isinstance(personer, pd.DataFrame) or personer.empty:
        raise IndataFel("personer: ange en tabell med minst en rad och kolumnen 'inkomst'.")
    if "inkomst" not in personer.columns:
        raise IndataFel("personer: kolumnen 'inkomst' saknas.")
    har_kostnad = "standardkostnad" in personer.columns
    if har_kostnad and "medelstandardkostnad" not in personer.columns:
        raise IndataFel("personer: 'standardkostnad' kräver kolumnen 'medelstandardkostnad'.")
    return har_kostnad


def _kalkyl(kommunkod, ar, antaganden, reform: str | None) -> tuple[str, int, _Kalkyl]:
    """(kommunkod, år, kalkyl) kontrollerade; ``IndataFel`` om kalkylens kravdata saknas."""
    kod = _kontrollera_kommun(kommunkod)
    ar = kontrollera_ar(ar)
    if reform:
        kontrollera_reformar(reform, ar)  # ett år utan reformvärden vore lagen under reformens namn
    k = _Kalkyl(kod, Antaganden.fran(antaganden), reform, ar)
    saknas = _saknade_kravdata(k, ar)
    if saknas:
        raise IndataFel(f"Kommun {kod} år {ar}: indata saknas: {'; '.join(saknas)}; ange värdena i antaganden.")
    return kod, ar, k


def _reglering_och_struktur(k: _Kalkyl, ar: int) -> tuple[float, float]:
    """(regleringspost, strukturbidrag) i kr/inv, samma för varje invånare; strukturbidrag utan värde = 0."""
    reglering = k.kr_per_inv_del("regleringspost", ar)
    struktur = k.kr_per_inv_del("strukturbidrag", ar)
    if struktur is None:  # inte angivet (medföljer bara för Örebro län): 0, och anmärkningen säger det
        struktur = 0.0
        k._anmark(f"Strukturbidraget {ar} är inte angivet ('strukturbidrag', kr/inv); räknat som 0 i marginalintäkten.")
    if reglering is None:
        raise IndataFel(f"Regleringsposten för {ar} saknas: ange 'regleringspost' (kr/inv) eller en prognos.")
    return reglering, struktur


def _kostnad_per_grupp(k: _Kalkyl, kod: str, ar: int, personer: pd.DataFrame, har_kostnad: bool, kostnad,
                       kostnadsar: int | None, reform: str | None) -> tuple[pd.DataFrame | None, str | None]:
    """(kostnadsutjämning per åldersgrupp eller None, källa), se ``marginalintakt`` om ``kostnad``."""
    if har_kostnad:
        return None, "angiven"
    if kostnad is None:
        k._anmark("Kostnadsutjämningen är satt till 0: ange 'standardkostnad' och 'medelstandardkostnad' eller 'kostnad'.")
        return None, None
    if "aldersgrupp" not in personer.columns:
        raise IndataFel(f"personer: kolumnen 'aldersgrupp' krävs med 'kostnad' ({', '.join(ALDERSGRUPPER)}).")
    kar = ar if kostnadsar is None else kontrollera_ar(kostnadsar)
    if isinstance(kostnad, str):
        if kostnad != "syntetisk":
            raise IndataFel(f"kostnad: ange 'syntetisk' eller en dict med rad, riket och publicerad (fick {kostnad!r}).")
        kostnad = _syntetisk_kostnad(kod, kar, reform)
        k._anmark(f"Kostnadsutjämningen är beräknad på SYNTETISKA exempeldata ({kar}), inte kommunens verkliga "
                  "data: ange kostnad={'rad': ..., 'riket': ..., 'publicerad': ...} med egna uppgifter.")
    if not isinstance(kostnad, Mapping) or not {"rad", "riket", "publicerad"} <= set(kostnad):
        raise IndataFel("kostnad: ange en dict med 'rad', 'riket' och 'publicerad' (se kostnadsutjamning_vad_om).")
    per_grupp = standardkostnad_per_aldersgrupp(kostnad["rad"], kar, kostnad["riket"], kostnad["publicerad"], reform)
    return per_grupp, kostnad.get("kalla", f"beräknad med lagens parametrar {kar} (egna indata)")


def _inkomst_i_underlaget(i: int, p: Mapping, med_inflytt: bool) -> float:
    """Personens inkomst i kommunens skatteunderlag: 0 de två första åren efter inflyttningen (eftersläpningen)."""
    inkomst = tal(p["inkomst"], f"personer rad {i}, inkomst")
    if inkomst < 0:
        raise IndataFel(f"personer rad {i}, inkomst: negativt värde är inte tillåtet.")
    if med_inflytt:
        ar_inne = tal(p["ar_sedan_inflytt"], f"personer rad {i}, ar_sedan_inflytt")
        if ar_inne < 0 or not ar_inne.is_integer():
            raise IndataFel(f"personer rad {i}, ar_sedan_inflytt: ange ett heltal 0 eller större.")
        if ar_inne < 2:
            inkomst = 0.0
    return inkomst


def _kostnadsutjamning(i: int, p: Mapping, har_kostnad: bool, per_grupp: pd.DataFrame | None) -> float:
    """Personens kostnadsutjämning (kr, lag 2004:773 9–10 §§): egna kolumner, annars åldersgruppens, annars 0."""
    if har_kostnad:
        return (tal(p["standardkostnad"], f"personer rad {i}, standardkostnad")
                - tal(p["medelstandardkostnad"], f"personer rad {i}, medelstandardkostnad"))
    if per_grupp is None:
        return 0.0
    if p["aldersgrupp"] not in per_grupp.index:
        raise IndataFel(f"personer rad {i}, aldersgrupp: okänd grupp {p['aldersgrupp']!r}; "
                        f"ange en av {', '.join(ALDERSGRUPPER)}.")
    return float(per_grupp.loc[p["aldersgrupp"], "kostnadsutjamning"])


def _marginaltabell(personer: pd.DataFrame, rader: list[dict], per_grupp: pd.DataFrame | None,
                    attrs: dict) -> pd.DataFrame:
    """Utdata: ``aldersgrupp`` (om angiven), ``inkomst`` och ``MARGINALKOLUMNER`` per person, med ``attrs``."""
    kolumner = {"aldersgrupp": personer["aldersgrupp"].to_numpy()} if "aldersgrupp" in personer.columns else {}
    kolumner["inkomst"] = personer["inkomst"].to_numpy(dtype=float)
    kolumner.update({k: np.array([r[k] for r in rader], dtype=float) for k in MARGINALKOLUMNER})
    ut = pd.DataFrame(kolumner, index=personer.index)
    ut.attrs.update(attrs)
    if per_grupp is not None:
        ut.attrs["standardkostnad_per_aldersgrupp"] = per_grupp
    return ut


def marginalintakt(kommunkod, ar, personer: pd.DataFrame, antaganden=None, reform: str | None = None,
                   kostnad=None, kostnadsar: int | None = None) -> pd.DataFrame:
    """Årlig intäktsändring (kr) för kommunen av en invånare till, per person i ``personer``.

    SKL:s PM "Marginalintäkter vid befolkningsförändring" (2014): föreställningen att en ny invånare ger
    "drygt 40 000 kronor" stämmer inte; intäkten beror på kommun, ålder och inkomst.

    ``personer``: en rad per typperson med ``inkomst`` (personens beskattningsbara förvärvsinkomst i
    utjämningsårets nivå, kr, dvs. bidraget till det uppräknade skatteunderlaget), valfritt ``aldersgrupp``,
    valfritt ``ar_sedan_inflytt`` och valfritt ``standardkostnad`` med ``medelstandardkostnad`` (kr; användarens
    egna, t.ex. ur kommunens publicerade kostnadsutjämning). Varje rad ger:

    * ``skatt`` = inkomst × skattesats/100;
    * ``inkomstutjamning`` = ändringen i inkomstutjämningen (3–7 §§) när kommunen och riket får en invånare
      och ``inkomst`` mer i uppräknat skatteunderlag, exakt (oavrundad kr/inv × folkmängd);
      för en bidragskommun ≈ bidragssats × (1,15 × medelskattekraft − inkomst);
    * ``regleringspost``, ``strukturbidrag`` = årets kr/inv (samma för varje invånare);
    * ``kostnadsutjamning``: (1) ``standardkostnad`` − ``medelstandardkostnad`` ur kolumnerna, om de finns;
      annars (2) beräknad med lagens parametrar per ``aldersgrupp`` (``ALDERSGRUPPER``,
      ``standardkostnad_per_aldersgrupp``) när ``kostnad`` anges: en dict med kommunens ``rad``, ``riket`` och
      ``publicerad`` (se ``kostnadsutjamning_vad_om``), eller ``"syntetisk"`` = SYNTETISKA exempeldata
      (``xlmodel.exempeldata``, påhittade; märks i ``attrs["kostnadsutjamning_kalla"]``); ``kostnadsar``:
      utjämningsåret för kostnadsutjämningen (standard ``ar``; bilagans värden finns för 2021 och 2024);
      annars (3) 0, med en anmärkning;
    * ``summa``.

    **Eftersläpning.** Kommunalskatten för inkomstår t går till kommunen där personen var folkbokförd 1 november
    t−1, och skatteunderlaget med etikett t (preliminär skatt och inkomstutjämning år t) är inkomstår t−2. En
    person som räknas i folkmängden första gången utjämningsår t (folkbokförd 1 nov t−1) bidrar därför till
    kommunens skatteunderlag först år t+2. ``ar_sedan_inflytt`` = år efter det första utjämningsåret: 0 och 1
    ger skatt 0 och inkomstutjämning som för inkomst 0 (personen räknas i folkmängden utan inkomst i
    underlaget); 2 och mer, eller utan kolumnen (på sikt), ger hela inkomsten.

    Räknat exempel (hand, testas): Lekeberg 2026, bidragskommun i Örebro län (bidragssats 19,00 %), skattesats
    21,43 %, medelskattekraft 1,08569 × rikets skatteunderlag / rikets folkmängd ≈ 293 568 kr. En person med
    inkomst 0 kr: skatt 0; inkomstutjämning ≈ 0,19 × 1,15 × 293 568 ≈ 64 145 kr (modellen ≈ 52 kr mindre,
    eftersom personen själv sänker medelskattekraften). Med inkomst 300 000 kr: skatt 64 290 kr och
    inkomstutjämning ≈ 0,19 × (337 603 − 300 000) ≈ 7 145 kr; med regleringsbidraget 2 799 kr (strukturbidrag 0)
    tillsammans ≈ 74 234 kr. En 90-åring ger dessutom kostnadsutjämningens skillnad (ofta stor och positiv),
    en person i arbetsför ålder ofta en negativ.
    """
    har_kostnad = _kontrollera_personer(personer)
    kod, ar, k = _kalkyl(kommunkod, ar, antaganden, reform)
    s = k.skattesats(ar)
    _, bas = k.inkomstutjamning(ar)
    n = k.n_kommun(ar)
    bas_belopp = float(bas["kr_per_inv_exakt"]) * n
    reglering, struktur = _reglering_och_struktur(k, ar)
    per_grupp, kalla = _kostnad_per_grupp(k, kod, ar, personer, har_kostnad, kostnad, kostnadsar, reform)
    rader = []
    for i, p in enumerate(personer.to_dict("records"), start=1):
        inkomst = _inkomst_i_underlaget(i, p, "ar_sedan_inflytt" in personer.columns)
        _, ny = k.inkomstutjamning(ar, inkomst, 1)
        kostnadsutj = _kostnadsutjamning(i, p, har_kostnad, per_grupp)
        rad = {"skatt": inkomst * s / 100,
               "inkomstutjamning": float(ny["kr_per_inv_exakt"]) * (n + 1) - bas_belopp,
               "regleringspost": reglering, "strukturbidrag": struktur, "kostnadsutjamning": kostnadsutj}
        rad["summa"] = sum(rad.values())
        rader.append(rad)
    return _marginaltabell(personer, rader, per_grupp, {
        "kommunkod": kod, "ar": ar, "skattesats": s, "medelskattekraft": float(bas["medelskattekraft"]),
        "kostnadsutjamning_kalla": kalla, "anmarkningar": list(k.anmarkningar)})
