"""LSS-utjämning: lag (2008:342) 2–3 §§, förordning (2008:776) 1–7 §§ med bilaga (lydelse SFS 2025:1172).

För utjämningsår t och kommun k (alla belopp i kr; RS och antal avser år t−2, förordningen 3 §):

1. Genomsnittskostnad per insats i landet (5 §, bilaga "Genomsnittskostnaden"), med Σ över raderna::

       bv  = ΣRS5131 / (ΣBV + 1,25·ΣBB + 0,45·ΣFH);   bb = 1,25·bv;  fh = 0,45·bv
       pak = ΣRS5133 / (ΣPA_LSS + 0,50·ΣPAF);        paf = 0,50·pak
       dv  = ΣRS5135 / ΣDV
       kv  = ΣRS5139 / (ΣKV + 0,55·ΣKT + 0,25·ΣAS + 0,25·ΣLS + 0,10·ΣKP); kt, as, ls, kp = vikt·kv

   ``pa_lss`` är antalet beslut enligt LSS 9 § 2 (bilagans nämnare, ordagrant utan undantag för dem som
   också har bostad för vuxna, law_lss.md U3); ``pak`` är samma personer utom dem som också har BV (4 §).
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

from typing import Mapping

import numpy as np
import pandas as pd

from .fel import IndataFel
from .parametrar import parametrar
from .kallor.referensdata import kommuner
from .validering import andliga, kontrollera_ar, kontrollera_tabell, tal

#: Antal personer per insats i formeln för S (bilagan), plus nämnaren pa_lss för pak.
INSATSER = ("bv", "bb", "fh", "dv", "kv", "kt", "as", "ls", "kp", "pak", "paf")
ANTAL = INSATSER + ("pa_lss",)
RS_RADER = ("rs_5131", "rs_5133", "rs_5135", "rs_5139")
#: Bilagans bokstäver A–J (utan I) för personalkostnadsindexet, som kolumnerna pkix_a … pkix_j.
PKIX = tuple(f"pkix_{b}" for b in "abcdefghj")
KOSTNADER = RS_RADER + ("fk", "nettokostnad")


def _matningskolumner(kol: str, n: int) -> list[str]:
    return [kol] + [f"{kol}_matning{m}" for m in range(2, n + 1)]


def _las_indata(indata: pd.DataFrame, ar: int, p) -> tuple[pd.DataFrame, tuple[str, str], bool]:
    n = int(p["lss_utjamning.antal_matningar"](ar))
    befolkning = (str(p["lss_utjamning.befolkning"](ar)), str(p["lss_utjamning.befolkning_bidrag"](ar)))
    med_pkix = bool(p["lss_utjamning.personalkostnadsindex.tillampas"](ar))
    antal_kol = [k for a in ANTAL for k in _matningskolumner(a, n)]
    kolumner = [*dict.fromkeys(befolkning), *antal_kol, *KOSTNADER, *(PKIX if med_pkix else ())]
    df = kontrollera_tabell(
        indata, kolumner, kanda_koder=kommuner()["kommunkod"],
        icke_negativa=[*antal_kol, *KOSTNADER, *(PKIX if med_pkix else ())], positiva=befolkning, namn="indata",
    )
    for pak, pa in zip(_matningskolumner("pak", n), _matningskolumner("pa_lss", n)):
        fel = df[pak] > df[pa]
        if fel.any():
            kod = df.index[fel.to_numpy()][0]
            raise IndataFel(
                f"indata, kommunkod {kod}: {pak} = {df.at[kod, pak]:g} är större än {pa} = {df.at[kod, pa]:g}; "
                "PAK är besluten enligt LSS 9 § 2 utom dem som också har bostad för vuxna (4 §) och kan inte "
                "vara fler än alla beslut."
            )
    if n == 1:  # ett mättillfälle: medelvärdet är värdet (utan en DataFrame per insats)
        kol = {a: df[a].to_numpy() for a in ANTAL}
    else:
        kol = {a: df[_matningskolumner(a, n)].mean(axis=1).to_numpy() for a in ANTAL}
    for k in (*dict.fromkeys(befolkning), *KOSTNADER, *(PKIX if med_pkix else ())):
        kol[k] = df[k].to_numpy()
    return pd.DataFrame(kol, index=df.index), befolkning, med_pkix  # en tabell i ett steg


def _kvot(taljare: float, namnare: float, vad: str) -> float:
    if namnare <= 0:
        raise IndataFel(f"Genomsnittskostnaden för {vad} kan inte beräknas: antalet insatser i riket är noll.")
    return taljare / namnare


def _positivt(riket: Mapping, nyckel: str) -> float:
    v = tal(riket[nyckel], f"riket, {nyckel}")
    if v <= 0:
        raise IndataFel(f"riket, {nyckel}: värdet måste vara större än noll (är {v:g}).")
    return v


def _vikter(ar: int, p) -> dict[str, float]:
    return {k: float(p[f"lss_utjamning.vikter.{k}"](ar)) for k in (
        "bostad_barn", "familjehem", "personlig_assistans_sfb", "korttidstillsyn", "avlosarservice",
        "ledsagarservice", "kontaktperson")}


def _prislappar(rikt: Mapping[str, float], v: Mapping[str, float]) -> pd.Series:
    """De elva genomsnittskostnaderna ur riktvärdena bv, pak, dv och kv (5 § andra–femte styckena)."""
    bv, pak, kv = rikt["bv"], rikt["pak"], rikt["kv"]
    return pd.Series({
        "bv": bv, "bb": v["bostad_barn"] * bv, "fh": v["familjehem"] * bv, "dv": rikt["dv"],
        "kv": kv, "kt": v["korttidstillsyn"] * kv, "as": v["avlosarservice"] * kv, "ls": v["ledsagarservice"] * kv,
        "kp": v["kontaktperson"] * kv, "pak": pak, "paf": v["personlig_assistans_sfb"] * pak,
    }, name="genomsnittskostnad")


def _genomsnittskostnader(summa: Mapping[str, float], ar: int, p) -> pd.Series:
    v = _vikter(ar, p)
    bv = _kvot(summa["rs_5131"], summa["bv"] + v["bostad_barn"] * summa["bb"] + v["familjehem"] * summa["fh"],
               "bostad med särskild service (rad 5131)")
    pak = _kvot(summa["rs_5133"], summa["pa_lss"] + v["personlig_assistans_sfb"] * summa["paf"],
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
    return _prislappar(rikt, _vikter(ar, parametrar(reform)))


def _riket_summor(df: pd.DataFrame, riket: Mapping | None) -> dict[str, float]:
    summa = {k: float(df[k].sum()) for k in (*ANTAL, *RS_RADER)}
    for k in summa:
        if riket is not None and k in riket:
            summa[k] = tal(riket[k], f"riket, {k}")
            if summa[k] < 0:
                raise IndataFel(f"riket, {k}: negativt värde {summa[k]:g} är inte tillåtet.")
    return summa


def _kontrollera_riket(riket, df: pd.DataFrame) -> Mapping | None:
    """``riket`` som dict eller None (räkna ur raderna). Utan ``riket`` måste raderna vara hela landet (290
    kommuner); ``riket="raderna"`` räknar raderna uttryckligen som hela landet. Rikets LSS-summor medföljer inte."""
    if isinstance(riket, str) and riket == "raderna":
        return None
    if riket is None:
        saknas = sorted(set(kommuner()["kommunkod"]) - set(df.index))
        if saknas:
            raise IndataFel(
                f"indata har {len(df)} av 290 kommuner (saknas bl.a. {', '.join(saknas[:3])}), och rikets LSS-summor "
                "medföljer inte. LSS-utjämningen räknas över hela landet: ange alla kommuner, eller rikets summor och "
                "värden i riket (antal och RS-rader, korrigeringsfaktor, standardkostnad_riket, nivajustering), "
                "eller riket='raderna' om raderna ska räknas som hela landet."
            )
        return None
    if not isinstance(riket, (Mapping, pd.Series)):
        raise IndataFel("riket: ange rikets summor eller värden som en dict (t.ex. {'rs_5131': ...}).")
    tillatna = {*ANTAL, *RS_RADER, "korrigeringsfaktor", "standardkostnad_riket", "nivajustering"}
    okanda = [k for k in riket if k not in tillatna]
    if okanda:
        raise IndataFel(f"riket: okänd nyckel {okanda[0]!r}; tillåtna är {', '.join(sorted(tillatna))}.")
    return riket


def lss_genomsnittskostnader(
    indata: pd.DataFrame, ar: int, reform: str | None = None, riket: Mapping | str | None = None
) -> pd.Series:
    """Genomsnittskostnad per insats i landet (kr per person och år), förordningen 5 § och bilagan.

    ``indata`` som för ``lss_utjamning``; ``riket`` kan ge rikets summor av antal och RS-rader.
    """
    ar = kontrollera_ar(ar)
    p = parametrar(reform)
    df, _, _ = _las_indata(indata, ar, p)
    return _genomsnittskostnader(_riket_summor(df, _kontrollera_riket(riket, df)), ar, p)


def personalkostnadsindex(S, pk: pd.DataFrame, ar: int, reform: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(beräknade personalkostnader P, PK-IX) enligt förordningen 6 § och bilagan, steg 1–3.

    ``S`` är första delen av standardkostnaden per kommun, ``pk`` en rad per kommun (``kommunkod``) med
    kolumnerna ``pkix_a`` … ``pkix_j`` (bilagans A–H och J, kr) ur RS för basåret i parametern
    ``lss_utjamning.personalkostnadsindex.basar`` (2024 för utjämningsår 2026). PK-IX = 1 exakt när P = 0,85·S.
    """
    ar = kontrollera_ar(ar)
    p = parametrar(reform)
    g = "lss_utjamning.personalkostnadsindex."
    po, k, s_andel, ers, fk = (float(p[g + n](ar)) for n in (
        "po_palagg", "andel_kop", "andel_standardkostnad", "ersattningsgrad", "fk_andel"))
    pk = kontrollera_tabell(pk, PKIX, namn=f"PK-IX-underlag (RS {p[g + 'basar'](ar)})")
    A, B, C, D, E, F, G, H, J = (pk[c].to_numpy(dtype=float) for c in PKIX)
    P = A * (1 + po) + k * (B + C + D + E) - k * (F + G + J) + k * fk * (H / fk - G)
    S = np.asarray(S, dtype=float)
    if S.shape != (len(pk),):
        raise IndataFel(f"S har {S.size} värden men PK-IX-underlaget {len(pk)} kommuner.")
    if np.any(S <= 0):
        rad = pk.index[int(np.argmax(S <= 0))]
        raise IndataFel(
            f"kommunkod {rad}: första delen av standardkostnaden är {S[S <= 0][0]:g}; personalkostnadsindexet "
            "(S + steg 3) / S kan inte beräknas."
        )
    return P, (S + ers * (P - s_andel * S)) / S


def lss_utjamning(
    indata: pd.DataFrame, ar: int, reform: str | None = None, riket: Mapping | str | None = None
) -> pd.DataFrame:
    """Utjämningsbidrag (+) och utjämningsavgift (−) per kommun enligt lag (2008:342) och förordning (2008:776).

    ``indata``: en rad per kommun med ``kommunkod``; folkmängden (kolumnen enligt parametern
    ``lss_utjamning.befolkning``, enligt lag ``folkmangd_1nov``); antal personer per insats ``bv bb fh dv kv
    kt as ls kp pak paf`` och ``pa_lss`` (se modulens text; med flera mättillfällen även ``bv_matning2`` …);
    RS-nettokostnader ``rs_5131 rs_5133 rs_5135 rs_5139``, ``fk`` (ersättning till Försäkringskassan),
    ``nettokostnad`` (kommunens LSS-nettokostnad för korrigeringsfaktorn) och, när PK-IX tillämpas,
    ``pkix_a`` … ``pkix_j``. Alla kostnader i kr, år t−2.

    Rikstalen räknas ur raderna när de är alla 290 kommuner (eller med ``riket="raderna"``: raderna räknas
    uttryckligen som hela landet; en delmängd utan ``riket`` är ett fel). Annars ges de i ``riket``: summor av antal och
    RS-rader (samma namn), ``korrigeringsfaktor`` (> 0), ``standardkostnad_riket`` (kr/inv, > 0) och
    ``nivajustering`` (kr/inv); det som inte ges räknas ur raderna (nivåjusteringen som om raderna vore alla
    kommuner, se modulens punkt 6).

    Returnerar en rad per kommun: ``folkmangd`` (folkmängden i lag 3 §), ``forsta_delen`` (S, kr),
    ``personalkostnader`` (P),
    ``personalkostnadsindex``, ``kpif``, ``korrigeringsfaktor``, ``standardkostnad`` och
    ``standardkostnad_riket`` (kr/inv), ``kr_per_inv_fore_nivajustering``, ``nivajustering``, ``kr_per_inv``,
    ``belopp`` (kr; + bidrag, − avgift) och ``typ``.
    """
    ar = kontrollera_ar(ar)
    p = parametrar(reform)
    df, (befolkning, befolkning_bidrag), med_pkix = _las_indata(indata, ar, p)
    riket = _kontrollera_riket(riket, df)
    pris = _genomsnittskostnader(_riket_summor(df, riket), ar, p)

    S = sum(df[i].to_numpy() * pris[i] for i in INSATSER) + df["fk"].to_numpy()
    if med_pkix:
        P, pkix = personalkostnadsindex(S, df, ar, reform)
    else:
        P, pkix = np.full(len(df), np.nan), np.ones(len(df))
    kpif = float(np.prod([1 + float(v) / 100 for v in p["lss_utjamning.kpif"](ar).values()]))
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
        korr = float(df["nettokostnad"].sum()) / spk
    N, Nb = df[befolkning].to_numpy(), df[befolkning_bidrag].to_numpy()
    sk = S * pkix * kpif * korr / N
    if riket is not None and "standardkostnad_riket" in riket:
        sk_riket = _positivt(riket, "standardkostnad_riket")
    else:
        sk_riket = float(np.sum(sk * N) / N.sum())
    fore = sk - sk_riket
    if riket is not None and "nivajustering" in riket:
        niva = tal(riket["nivajustering"], "riket, nivajustering")
    else:
        if riket is not None and "standardkostnad_riket" in riket and len(df) == 1:
            raise IndataFel(
                "riket: med en enda kommun och givet standardkostnad_riket kan nivåjusteringen (1 §) inte räknas ur "
                "raderna (den skulle göra beloppet noll); ange även riket nivajustering (kr/inv, 0 om ingen)."
            )
        niva = -float(np.sum(fore * Nb)) / float(Nb.sum())  # 1 §: Σbidrag = Σavgift efter justeringen
    kr_per_inv = fore + niva

    ut = pd.DataFrame(index=df.index)
    ut["folkmangd"] = Nb
    ut["forsta_delen"] = S
    ut["personalkostnader"] = P
    ut["personalkostnadsindex"] = pkix
    ut["kpif"] = kpif
    ut["korrigeringsfaktor"] = korr
    ut["standardkostnad"] = sk
    ut["standardkostnad_riket"] = sk_riket
    ut["kr_per_inv_fore_nivajustering"] = fore
    ut["nivajustering"] = niva
    ut["kr_per_inv"] = kr_per_inv
    ut["belopp"] = kr_per_inv * Nb
    ut["typ"] = np.where(kr_per_inv > 0, "bidrag", np.where(kr_per_inv < 0, "avgift", "ingen"))
    ut.attrs["genomsnittskostnader"] = pris.to_dict()
    if med_pkix:
        ut.attrs["pkix_basar"] = int(p["lss_utjamning.personalkostnadsindex.basar"](ar))
    return andliga(ut, "LSS-utjämning")
