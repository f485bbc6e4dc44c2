"""LSS-utjämning: lag (2008:342) 2–3 §§, förordning (2008:776) 1–7 §§ med bilaga (lydelse SFS 2025:1172).

För utjämningsår t och kommun k (alla belopp i kr; RS och antal avser år t−2, förordningen 3 §):

1. Genomsnittskostnad per insats i landet (5 §, bilaga "Genomsnittskostnaden"), med Σ över raderna::

       bv  = ΣRS5131 / (ΣBV + 1,25·ΣBB + 0,45·ΣFH);   bb = 1,25·bv;  fh = 0,45·bv
       pak = ΣRS5133 / (ΣPA_LSS + 0,50·ΣPAF);        paf = 0,50·pak
       dv  = ΣRS5135 / ΣDV
       kv  = ΣRS5139 / (ΣKV + 0,55·ΣKT + 0,25·ΣAS + 0,25·ΣLS + 0,10·ΣKP); kt, as, ls, kp = vikt·kv

   ``pa_lss`` är antalet beslut enligt LSS 9 § 2 (bilagans nämnare, ordagrant utan undantag för dem som
   också har bostad för vuxna, law_lss.md U3); ``pak`` är samma personer utom dem som också har BV (4 §).
   Läsningen ``pak_namnare`` (``LASNINGAR``): ``"pa_lss"`` (standard, ordagrant) eller ``"pak"`` (nämnaren räknar
   samma personer som S, utan dem som också har BV).
2. Första delen av standardkostnaden (4 § första stycket, bilagan):
   S = Σ antal × genomsnittskostnad + FK, där FK är kommunens ersättning till Försäkringskassan (RS).
3. Personalkostnadsindex (6 §, bilagan steg 1–3), ordagrant och utan golv eller tak (law_lss.md U5, U9)::

       P = A·(1 + po) + 0,85·(B + C + D + E) − 0,85·(F + G + J) + 0,85·0,20·(H/0,20 − G)
       PK-IX = (S + 0,70·(P − 0,85·S)) / S

4. Standardkostnad per invånare (4 § andra stycket): S · PK-IX · KPIF · korr / folkmängd, där
   KPIF = Π(1 + årlig förändring/100) enligt bilagan och korr = Σnettokostnad / Σ(S · PK-IX), så att
   summan av standardkostnaderna efter uppräkning är kommunernas nettokostnader uppräknade (bilagan).
5. Bidrag (+) eller avgift (−) = (standardkostnad − rikets genomsnittliga standardkostnad per invånare)
   × folkmängd (lag 3 §); riksgenomsnittet vägs med folkmängden i 4 § (law_lss.md U6). Folkmängden i lag
   3 § är parametern ``befolkning_bidrag`` (enligt lag samma kolumn som ``befolkning``, 1 november t−1).
6. Nivåjustering (förordningen 1 §): ett enhetligt belopp a per invånare så att Σbidrag = Σavgift, dvs.
   a = −Σ(SK − SK̄)·N / ΣN över raderna. Med SK̄ ur raderna och samma folkmängd är a = 0; med ett givet
   SK̄ (``riket``) är a = SK̄ − radernas invånarvägda medel. Raderna behandlas då som alla kommuner: är de
   bara en del av landet ska SCB:s nivåjustering ges i ``riket`` (en ensam rad utan den ger fel).

Vilka RS-rader som ingår i ``nettokostnad`` (korr) anges inte i förordningen (law_lss.md U4): det är indata.
Reformer (t.ex. SOU 2024:50) ändrar bara parametrarna: om PK-IX tillämpas, vilka folkmängdskolumner som
används för standardkostnaden per invånare (``befolkning``) och för bidraget/avgiften (``befolkning_bidrag``)
och hur många mättillfällen antalen är medelvärden av.
"""
from __future__ import annotations

import math
from typing import Mapping

import numpy as np
import pandas as pd

from .fel import IndataFel
from .parametrar import parametrar
from .kallor.referensdata import kommunkoder
from .validering import andlig_tabell, kodindex, kontrollera_ar, kontrollerade_kolumner, tal, valda_lasningar

#: Antal personer per insats i formeln för S (bilagan), plus nämnaren pa_lss för pak.
INSATSER = ("bv", "bb", "fh", "dv", "kv", "kt", "as", "ls", "kp", "pak", "paf")
ANTAL = INSATSER + ("pa_lss",)
RS_RADER = ("rs_5131", "rs_5133", "rs_5135", "rs_5139")
#: Bilagans bokstäver A–J (utan I) för personalkostnadsindexet, som kolumnerna pkix_a … pkix_j.
PKIX = tuple(f"pkix_{b}" for b in "abcdefghj")
KOSTNADER = RS_RADER + ("fk", "nettokostnad")


def _matningskolumner(kol: str, n: int) -> list[str]:
    return [kol] + [f"{kol}_matning{m}" for m in range(2, n + 1)]


def _arsvarden(p, ar: int) -> dict:
    """Årets parametrar, en gång per parameteruppsättning och år (``p`` ändras aldrig), i samma ordning som de
    behövs (ett år utan värde ger samma ParameterFel som förut)."""
    memo = p.__dict__.setdefault("_lss_memo", {})
    if ar not in memo:
        g = "lss_utjamning.personalkostnadsindex."
        v = dict(n=int(p["lss_utjamning.antal_matningar"](ar)),
                 befolkning=(str(p["lss_utjamning.befolkning"](ar)), str(p["lss_utjamning.befolkning_bidrag"](ar))),
                 med_pkix=bool(p[g + "tillampas"](ar)))
        v["vikter"] = _vikter(ar, p)
        if v["med_pkix"]:
            v["pkix"], v["basar"] = _pkix_parametrar(p, ar)
        v["kpif"] = float(np.prod([1 + float(x) / 100 for x in p["lss_utjamning.kpif"](ar).values()]))
        antal_kol = [k for a in ANTAL for k in _matningskolumner(a, v["n"])]
        pkix = PKIX if v["med_pkix"] else ()
        v["kolumner"] = [*dict.fromkeys(v["befolkning"]), *antal_kol, *KOSTNADER, *pkix]
        v["icke_negativa"] = frozenset([*antal_kol, *KOSTNADER, *pkix])
        v["pak_par"] = list(zip(_matningskolumner("pak", v["n"]), _matningskolumner("pa_lss", v["n"])))
        memo[ar] = v
    return memo[ar]


_PKIX_KONSTANTER = ("po_palagg", "andel_kop", "andel_standardkostnad", "ersattningsgrad", "fk_andel")


def _pkix_parametrar(p, ar: int) -> tuple[tuple[float, ...], int]:
    """PK-IX:s konstanter (bilagan steg 1–3: PO-pålägg, andelar, ersättningsgrad, FK-andel) och RS-basåret."""
    g = "lss_utjamning.personalkostnadsindex."
    return tuple(float(p[g + n](ar)) for n in _PKIX_KONSTANTER), int(p[g + "basar"](ar))


def _forbered(indata, ar, reform, lasningar) -> tuple[dict, dict, list[str], dict]:
    """Årets parametrar, läsningarna och de kontrollerade indata: (v, läsningar, koder, kolumn → fält)."""
    v = _arsvarden(parametrar(reform), kontrollera_ar(ar))
    las = valda_lasningar(lasningar, LASNINGAR, LASNINGAR_VAL)
    return (v, las, *_las_indata(indata, v))


def _las_indata(indata, v: dict) -> tuple[list[str], dict[str, np.ndarray]]:
    """Kontrollerade indata som (koder, kolumn → fält): antalen som medel över mättillfällena (en rad per kommun)."""
    n = v["n"]
    koder, namn, varden = kontrollerade_kolumner(indata, v["kolumner"], kanda_koder=kommunkoder(),
                                                 icke_negativa=v["icke_negativa"], positiva=v["befolkning"], namn="indata")
    kol = dict(zip(namn, varden))
    for pak, pa in v["pak_par"]:
        fel = kol[pak] > kol[pa]
        if fel.any():
            i = int(np.argmax(fel))
            raise IndataFel(
                f"indata, kommunkod {koder[i]}: {pak} = {kol[pak][i]:g} är större än {pa} = {kol[pa][i]:g}; "
                "PAK är besluten enligt LSS 9 § 2 utom dem som också har bostad för vuxna (4 §) och kan inte "
                "vara fler än alla beslut."
            )
    if n > 1:  # medel över mättillfällena (som förut med pandas, så att talen är desamma)
        tabell = pd.DataFrame({k: kol[k] for a in ANTAL for k in _matningskolumner(a, n)})
        kol.update({a: tabell[_matningskolumner(a, n)].mean(axis=1).to_numpy() for a in ANTAL})
    return koder, kol


def _kvot(taljare: float, namnare: float, vad: str) -> float:
    if namnare <= 0:
        raise IndataFel(f"Genomsnittskostnaden för {vad} kan inte beräknas: antalet insatser i riket är noll.")
    return taljare / namnare


def _positivt(riket: Mapping, nyckel: str) -> float:
    v = tal(riket[nyckel], f"riket, {nyckel}")
    if v <= 0:
        raise IndataFel(f"riket, {nyckel}: värdet måste vara större än noll (är {v:g}).")
    return v


#: Läsningar där texten går att läsa på flera sätt (law_lss.md). Standard = ordagrant.
LASNINGAR = {
    # Bilagan: pak = ΣRS5133 / (antal beslut enligt 9 § 2 + 0,50·ΣPAF). "pa_lss" (ordagrant): alla beslut enligt
    # 9 § 2; "pak": samma personer som i S, utan dem som också har bostad för vuxna (4 §, law_lss.md U3).
    "pak_namnare": "pa_lss",
}
LASNINGAR_VAL = {"pak_namnare": {"pa_lss", "pak"}}


def _vikter(ar: int, p) -> dict[str, float]:
    return {k: float(p[f"lss_utjamning.vikter.{k}"](ar)) for k in (
        "bostad_barn", "familjehem", "personlig_assistans_sfb", "korttidstillsyn", "avlosarservice",
        "ledsagarservice", "kontaktperson")}


def _prislappar(rikt: Mapping[str, float], v: Mapping[str, float]) -> dict[str, float]:
    """De elva genomsnittskostnaderna ur riktvärdena bv, pak, dv och kv (5 § andra–femte styckena)."""
    bv, pak, kv = rikt["bv"], rikt["pak"], rikt["kv"]
    return {
        "bv": bv, "bb": v["bostad_barn"] * bv, "fh": v["familjehem"] * bv, "dv": rikt["dv"],
        "kv": kv, "kt": v["korttidstillsyn"] * kv, "as": v["avlosarservice"] * kv, "ls": v["ledsagarservice"] * kv,
        "kp": v["kontaktperson"] * kv, "pak": pak, "paf": v["personlig_assistans_sfb"] * pak,
    }


def _genomsnittskostnader(summa: Mapping[str, float], v: Mapping[str, float], las: Mapping[str, str]) -> dict[str, float]:
    """Genomsnittskostnaderna (5 §) ur rikets summor, vikterna ``v`` och läsningarna ``las``."""
    bv = _kvot(summa["rs_5131"], summa["bv"] + v["bostad_barn"] * summa["bb"] + v["familjehem"] * summa["fh"],
               "bostad med särskild service (rad 5131)")
    pak = _kvot(summa["rs_5133"], summa[las["pak_namnare"]] + v["personlig_assistans_sfb"] * summa["paf"],
                "personlig assistans (rad 5133)")
    dv = _kvot(summa["rs_5135"], summa["dv"], "daglig verksamhet (rad 5135)")
    kv = _kvot(summa["rs_5139"], summa["kv"] + v["korttidstillsyn"] * summa["kt"] + v["avlosarservice"] * summa["as"]
               + v["ledsagarservice"] * summa["ls"] + v["kontaktperson"] * summa["kp"], "övriga insatser (rad 5139)")
    return _prislappar({"bv": bv, "pak": pak, "dv": dv, "kv": kv}, v)


RIKTVARDEN = ("bv", "pak", "dv", "kv")


def lss_prislappar(riktvarden: Mapping, ar: int, reform: str | None = None) -> pd.Series:
    """De elva genomsnittskostnaderna (kr per person) ur riktvärdena ``bv``, ``pak``, ``dv`` och ``kv``.

    Förordningen 5 § andra–femte styckena och bilagan: bb = 1,25·bv, fh = 0,45·bv, paf = 0,50·pak,
    kt = 0,55·kv, as = ls = 0,25·kv, kp = 0,10·kv (vikterna i ``lss_utjamning.yaml``). Riktvärdena är t.ex.
    de som SCB/SKR publicerar för året (SKR:s cirkulär, Tabell 5).
    """
    ar = kontrollera_ar(ar)
    if not isinstance(riktvarden, (Mapping, pd.Series)):
        raise IndataFel(f"riktvarden: ange {{{', '.join(RIKTVARDEN)}}} i kr per person.")
    okanda = [k for k in riktvarden if k not in RIKTVARDEN]
    if okanda:
        raise IndataFel(f"riktvarden: okänd nyckel {okanda[0]!r}; tillåtna är {', '.join(RIKTVARDEN)}.")
    saknas = [k for k in RIKTVARDEN if k not in riktvarden]
    if saknas:
        raise IndataFel(f"riktvarden: {saknas[0]} saknas (ange {', '.join(RIKTVARDEN)}).")
    rikt = {}
    for k in RIKTVARDEN:
        rikt[k] = tal(riktvarden[k], f"riktvarden, {k}")
        if rikt[k] < 0:
            raise IndataFel(f"riktvarden, {k}: negativt värde {rikt[k]:g} är inte tillåtet.")
    return pd.Series(_prislappar(rikt, _vikter(ar, parametrar(reform))), name="genomsnittskostnad")


def _riket_summor(kol: Mapping[str, np.ndarray], riket: Mapping | None) -> dict[str, float]:
    """Rikets summor av antal och RS-rader: givna i ``riket``, annars summan över raderna."""
    summa = {}
    for k in (*ANTAL, *RS_RADER):
        if riket is not None and k in riket:
            summa[k] = tal(riket[k], f"riket, {k}")
            if summa[k] < 0:
                raise IndataFel(f"riket, {k}: negativt värde {summa[k]:g} är inte tillåtet.")
        else:
            summa[k] = float(kol[k].sum())
    return summa


def _kontrollera_riket(riket, koder: list[str]) -> Mapping | None:
    """``riket`` som dict eller None (räkna ur raderna). Utan ``riket`` måste raderna vara hela landet (290
    kommuner); ``riket="raderna"`` räknar raderna uttryckligen som hela landet. Rikets LSS-summor medföljer inte."""
    if isinstance(riket, str) and riket == "raderna":
        return None
    if riket is None:
        saknas = sorted(kommunkoder().difference(koder))
        if saknas:
            raise IndataFel(
                f"indata har {len(koder)} av 290 kommuner (saknas bl.a. {', '.join(saknas[:3])}), och rikets LSS-summor "
                "medföljer inte. LSS-utjämningen räknas över hela landet: ange alla kommuner, eller rikets summor och "
                "värden i riket (antal och RS-rader, korrigeringsfaktor, standardkostnad_riket, nivajustering), "
                "eller riket='raderna' om raderna ska räknas som hela landet."
            )
        return None
    if not isinstance(riket, (Mapping, pd.Series)):
        raise IndataFel("riket: ange rikets summor eller värden som en dict (t.ex. {'rs_5131': ...}).")
    okanda = [k for k in riket if k not in _RIKET_NYCKLAR]
    if okanda:
        raise IndataFel(f"riket: okänd nyckel {okanda[0]!r}; tillåtna är {', '.join(sorted(_RIKET_NYCKLAR))}.")
    return riket


_RIKET_NYCKLAR = frozenset({*ANTAL, *RS_RADER, "korrigeringsfaktor", "standardkostnad_riket", "nivajustering"})


def lss_genomsnittskostnader(
    indata: pd.DataFrame, ar: int, reform: str | None = None, riket: Mapping | str | None = None,
    lasningar: Mapping | None = None,
) -> pd.Series:
    """Genomsnittskostnad per insats i landet (kr per person och år), förordningen 5 § och bilagan.

    ``indata`` som för ``lss_utjamning``; ``riket`` kan ge rikets summor av antal och RS-rader.
    """
    v, las, koder, kol = _forbered(indata, ar, reform, lasningar)
    return pd.Series(_genomsnittskostnader(_riket_summor(kol, _kontrollera_riket(riket, koder)), v["vikter"], las),
                     name="genomsnittskostnad")


def _pkix(S: np.ndarray, kol: Mapping[str, np.ndarray], konst: tuple, koder) -> tuple[np.ndarray, np.ndarray]:
    """(P, PK-IX) enligt bilagan steg 1–3 ur kontrollerade fält (se ``personalkostnadsindex``)."""
    po, k, s_andel, ers, fk = konst
    A, B, C, D, E, F, G, H, J = (kol[c] for c in PKIX)
    P = A * (1 + po) + k * (B + C + D + E) - k * (F + G + J) + k * fk * (H / fk - G)
    if np.any(S <= 0):
        raise IndataFel(
            f"kommunkod {koder[int(np.argmax(S <= 0))]}: första delen av standardkostnaden är {S[S <= 0][0]:g}; "
            "personalkostnadsindexet (S + steg 3) / S kan inte beräknas."
        )
    return P, (S + ers * (P - s_andel * S)) / S


def personalkostnadsindex(S, pk: pd.DataFrame, ar: int, reform: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(beräknade personalkostnader P, PK-IX) enligt förordningen 6 § och bilagan, steg 1–3.

    ``S`` är första delen av standardkostnaden per kommun, ``pk`` en rad per kommun (``kommunkod``) med
    kolumnerna ``pkix_a`` … ``pkix_j`` (bilagans A–H och J, kr) ur RS för basåret i parametern
    ``lss_utjamning.personalkostnadsindex.basar`` (2024 för utjämningsår 2026). PK-IX = 1 exakt när P = 0,85·S.
    """
    konst, basar = _pkix_parametrar(parametrar(reform), kontrollera_ar(ar))
    koder, namn, varden = kontrollerade_kolumner(pk, PKIX, namn=f"PK-IX-underlag (RS {basar})")
    S = np.asarray(S, dtype=float)
    if S.shape != (len(koder),):
        raise IndataFel(f"S har {S.size} värden men PK-IX-underlaget {len(koder)} kommuner.")
    return _pkix(S, dict(zip(namn, varden)), konst, koder)


def _berakna(koder: list[str], kol: Mapping[str, np.ndarray], v: dict, riket: Mapping | None, las: Mapping) -> dict:
    """Resultatets kolumner ur kontrollerade fält (4–6 §§, bilagan, 1 §), för tabellen och för en kommun."""
    pris = _genomsnittskostnader(_riket_summor(kol, riket), v["vikter"], las)
    befolkning, befolkning_bidrag = v["befolkning"]
    n = len(koder)
    S = sum(kol[i] * pris[i] for i in INSATSER) + kol["fk"]
    if v["med_pkix"]:
        P, pkix = _pkix(S, kol, v["pkix"], koder)
    else:
        P, pkix = np.full(n, np.nan), np.ones(n)
    kpif = v["kpif"]
    if riket is not None and "korrigeringsfaktor" in riket:
        korr = _positivt(riket, "korrigeringsfaktor")
    else:
        spk = float(np.sum(S * pkix))
        if spk <= 0:
            raise IndataFel(
                f"Korrigeringsfaktorn (bilagan, Slutlig standardkostnad) kan inte beräknas: Σ S·PK-IX över raderna "
                f"är {spk:g}. PK-IX har varken golv eller tak, så stora avdrag (F, G, J) kan göra det negativt; "
                "kontrollera PK-IX-underlaget eller ange riket korrigeringsfaktor."
            )
        korr = float(kol["nettokostnad"].sum()) / spk
    N, Nb = kol[befolkning], kol[befolkning_bidrag]
    sk = S * pkix * kpif * korr / N
    if riket is not None and "standardkostnad_riket" in riket:
        sk_riket = _positivt(riket, "standardkostnad_riket")
    else:
        sk_riket = float(np.sum(sk * N) / N.sum())
    fore = sk - sk_riket
    if riket is not None and "nivajustering" in riket:
        niva = tal(riket["nivajustering"], "riket, nivajustering")
    else:
        if riket is not None and "standardkostnad_riket" in riket and n == 1:
            raise IndataFel(
                "riket: med en enda kommun och givet standardkostnad_riket kan nivåjusteringen (1 §) inte räknas ur "
                "raderna (den skulle göra beloppet noll); ange även riket nivajustering (kr/inv, 0 om ingen)."
            )
        niva = -float(np.sum(fore * Nb)) / float(Nb.sum())  # 1 §: Σbidrag = Σavgift efter justeringen
    kr_per_inv = fore + niva
    return {"folkmangd": Nb, "forsta_delen": S, "personalkostnader": P, "personalkostnadsindex": pkix, "kpif": kpif,
            "korrigeringsfaktor": korr, "standardkostnad": sk, "standardkostnad_riket": sk_riket,
            "kr_per_inv_fore_nivajustering": fore, "nivajustering": niva, "kr_per_inv": kr_per_inv,
            "belopp": kr_per_inv * Nb,
            "typ": np.where(kr_per_inv > 0, "bidrag", np.where(kr_per_inv < 0, "avgift", "ingen")),
            "_genomsnittskostnader": pris}


def _tabell(koder: list[str], res: dict, v: dict, las: Mapping) -> pd.DataFrame:
    pris = res.pop("_genomsnittskostnader")
    ut = andlig_tabell(res, kodindex(koder, "kommunkod"), "LSS-utjämning")
    ut.attrs["genomsnittskostnader"] = dict(pris)
    ut.attrs["lasningar"] = dict(las)
    if v["med_pkix"]:
        ut.attrs["pkix_basar"] = v["basar"]
    return ut


def lss_utjamning(
    indata: pd.DataFrame, ar: int, reform: str | None = None, riket: Mapping | str | None = None,
    lasningar: Mapping | None = None,
) -> pd.DataFrame:
    """Utjämningsbidrag (+) och utjämningsavgift (−) per kommun enligt lag (2008:342) och förordning (2008:776).

    ``indata``: en rad per kommun med ``kommunkod``; folkmängden (kolumnen enligt parametern
    ``lss_utjamning.befolkning``, enligt lag ``folkmangd_1nov``); antal personer per insats ``bv bb fh dv kv
    kt as ls kp pak paf`` och ``pa_lss`` (se modulens text; med flera mättillfällen även ``bv_matning2`` …);
    RS-nettokostnader ``rs_5131 rs_5133 rs_5135 rs_5139``, ``fk`` (ersättning till Försäkringskassan),
    ``nettokostnad`` (kommunens LSS-nettokostnad för korrigeringsfaktorn) och, när PK-IX tillämpas,
    ``pkix_a`` … ``pkix_j``. Alla kostnader i kr, år t−2. ``indata`` kan också vara kolumner som en dict
    (namn → lika långa listor, t.ex. ur ett Excel-område).

    Rikstalen räknas ur raderna när de är alla 290 kommuner (eller med ``riket="raderna"``: raderna räknas
    uttryckligen som hela landet; en delmängd utan ``riket`` är ett fel). Annars ges de i ``riket``: summor av antal och
    RS-rader (samma namn), ``korrigeringsfaktor`` (> 0), ``standardkostnad_riket`` (kr/inv, > 0) och
    ``nivajustering`` (kr/inv); det som inte ges räknas ur raderna (nivåjusteringen som om raderna vore alla
    kommuner, se modulens punkt 6).

    Returnerar en rad per kommun: ``folkmangd`` (folkmängden i lag 3 §), ``forsta_delen`` (S, kr),
    ``personalkostnader`` (P),
    ``personalkostnadsindex``, ``kpif``, ``korrigeringsfaktor``, ``standardkostnad`` och
    ``standardkostnad_riket`` (kr/inv), ``kr_per_inv_fore_nivajustering``, ``nivajustering``, ``kr_per_inv``,
    ``belopp`` (kr; + bidrag, − avgift) och ``typ``. ``lasningar``: byt läsning där texten är oklar (``LASNINGAR``).
    """
    v, las, koder, kol = _forbered(indata, ar, reform, lasningar)
    res = _berakna(koder, kol, v, _kontrollera_riket(riket, koder), las)
    return _tabell(koder, res, v, las)


def lss_utjamning_kommun(kommunrad, ar: int, riket: Mapping | str | None = None, reform: str | None = None,
                         lasningar: Mapping | None = None) -> dict:
    """Första radens resultat som dict, utan tabeller: den snabba vägen för ``XLM_LSS_KRINV`` (en kommuns rad och
    rikets värden). Samma kod och samma tal som ``lss_utjamning``; ett oändligt resultat ger samma fel."""
    v, las, koder, kol = _forbered(kommunrad, ar, reform, lasningar)
    res = _berakna(koder, kol, v, _kontrollera_riket(riket, koder), las)
    rad = {k: (x[0].item() if isinstance(x, np.ndarray) else x) for k, x in res.items() if k != "_genomsnittskostnader"}
    if any(isinstance(x, float) and math.isinf(x) for x in rad.values()) or len(koder) > 1 and any(
            np.isinf(x).any() for x in res.values() if isinstance(x, np.ndarray) and x.dtype.kind == "f"):
        _tabell(koder, res, v, las)  # ger felet som namnger rad och kolumn
    return rad
