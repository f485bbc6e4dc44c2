"""LSS-utjämning enligt lag (2008:342) och förordning (2008:776) med bilaga, lydelse SFS 2025:1172.

Förväntade värden är räknade för hand ur bilagans formler (aritmetiken står i testet), inte av koden.
"""
import importlib
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlmodel import IndataFel, ParameterFel
from xlmodel.parametrar import parametrar
from xlmodel.lss_utjamning import ANTAL, KOSTNADER, PKIX, lss_genomsnittskostnader, lss_utjamning, personalkostnadsindex

KPIF_2026 = 1.027 * 1.013  # bilagan (SFS 2025:1172): 2025: 2,7 %, 2026: 1,3 %


def tre_kommuner() -> pd.DataFrame:
    """Tre kommuner med runda genomsnittskostnader (se test_genomsnittskostnader_for_hand)."""
    rader = {
        #            bv  bb fh dv  kv kt as ls kp  pak paf pa_lss
        "1880": dict(bv=10, bb=2, fh=2, dv=20, kv=4, kt=2, ls=4, kp=10, pak=3, paf=6, pa_lss=4, folkmangd_1nov=100_000,
                     rs_5131=13_400_000, rs_5133=4_200_000, rs_5135=4_000_000, rs_5139=710_000, fk=1_000_000,
                     nettokostnad=25_000_000, pkix_b=22_810_000),
        "1881": dict(bv=5, bb=0, fh=2, dv=10, kv=2, kt=0, ls=4, kp=0, pak=2, paf=2, pa_lss=2, folkmangd_1nov=20_000,
                     rs_5131=6_700_000, rs_5133=2_100_000, rs_5135=2_000_000, rs_5139=355_000, fk=500_000,
                     nettokostnad=15_000_000, pkix_a=10_000_000),
        "1882": dict(bv=5, bb=2, fh=0, dv=10, kv=0, kt=2, ls=0, kp=10, pak=1, paf=4, pa_lss=2, folkmangd_1nov=30_000,
                     rs_5131=6_700_000, rs_5133=2_100_000, rs_5135=2_000_000, rs_5139=355_000, fk=0,
                     nettokostnad=12_871_225, pkix_b=10_000_000, pkix_g=100_000, pkix_h=200_000),
    }
    avlosar = {"1880": 4, "1881": 0, "1882": 4}
    df = pd.DataFrame.from_dict(rader, orient="index").fillna(0)
    df["as"] = pd.Series(avlosar)
    for k in PKIX:
        if k not in df:
            df[k] = 0.0
    return df.rename_axis("kommunkod").reset_index()


def test_genomsnittskostnader_for_hand():
    """Bilagan: bv = Σ5131 / (ΣBV + 1,25ΣBB + 0,45ΣFH) osv. Riket: BV 20, BB 4, FH 4, DV 40, KV 6, KT 4,
    AS 8, LS 8, KP 20, PA_LSS 8, PAF 12."""
    pris = lss_genomsnittskostnader(tre_kommuner(), 2026, riket="raderna")
    assert pris["bv"] == pytest.approx(26_800_000 / (20 + 1.25 * 4 + 0.45 * 4))  # = 1 000 000
    assert pris["bv"] == pytest.approx(1_000_000)
    assert pris["pak"] == pytest.approx(8_400_000 / (8 + 0.50 * 12))  # = 600 000
    assert pris["dv"] == pytest.approx(8_000_000 / 40)  # = 200 000
    assert pris["kv"] == pytest.approx(1_420_000 / (6 + 0.55 * 4 + 0.25 * 8 + 0.25 * 8 + 0.10 * 20))  # = 100 000
    assert pris["kv"] == pytest.approx(100_000)


def test_lasningen_pak_namnare():
    """Bilagan: pak = Σ5133 / (antal beslut enligt 9 § 2 + 0,50·ΣPAF). Ordagrant (standard) alla beslut, ΣPA_LSS = 8;
    läsningen "pak" samma personer som i S (utan dem som också har BV), ΣPAK = 6 (law_lss.md U3). Båda ger
    nollsumma; lika antal ger samma tal; ett okänt val är ett fel."""
    df = tre_kommuner()
    ordagrant = lss_utjamning(df, 2026, riket="raderna")
    utan_bv = lss_utjamning(df, 2026, riket="raderna", lasningar={"pak_namnare": "pak"})
    assert ordagrant.attrs["genomsnittskostnader"]["pak"] == pytest.approx(8_400_000 / (8 + 0.50 * 12))  # 600 000
    assert utan_bv.attrs["genomsnittskostnader"]["pak"] == pytest.approx(8_400_000 / (6 + 0.50 * 12))  # 700 000
    assert utan_bv.attrs["genomsnittskostnader"]["paf"] == pytest.approx(0.50 * 700_000)
    assert ordagrant.attrs["lasningar"] == {"pak_namnare": "pa_lss"} and utan_bv.attrs["lasningar"] == {"pak_namnare": "pak"}
    for ut in (ordagrant, utan_bv):
        assert abs(ut["belopp"].sum()) < 1e-6 * ut["belopp"].abs().sum()
    assert not np.allclose(ordagrant["kr_per_inv"], utan_bv["kr_per_inv"])
    lika = df.assign(pak=df["pa_lss"])
    a, b = (lss_utjamning(lika, 2026, riket="raderna", lasningar={"pak_namnare": x}) for x in ("pa_lss", "pak"))
    assert a["kr_per_inv"].tolist() == b["kr_per_inv"].tolist()
    with pytest.raises(IndataFel, match="Läsningen pak_namnare='alla' är ogiltig; välj bland pa_lss, pak"):
        lss_utjamning(df, 2026, riket="raderna", lasningar={"pak_namnare": "alla"})
    with pytest.raises(IndataFel, match="Okänd läsning 'pak'"):
        lss_genomsnittskostnader(df, 2026, riket="raderna", lasningar={"pak": "pak"})


def test_prisrelationer_enligt_5_paragrafen():
    pris = lss_genomsnittskostnader(tre_kommuner(), 2026, riket="raderna")
    assert pris["bb"] / pris["bv"] == pytest.approx(1.25)
    assert pris["fh"] / pris["bv"] == pytest.approx(0.45)
    assert pris["paf"] / pris["pak"] == pytest.approx(0.50)
    assert pris["kt"] / pris["kv"] == pytest.approx(0.55)
    assert pris["as"] / pris["kv"] == pytest.approx(0.25)
    assert pris["ls"] / pris["kv"] == pytest.approx(0.25)
    assert pris["kp"] / pris["kv"] == pytest.approx(0.10)


def test_tre_kommuner_for_hand_enligt_bilagan():
    ut = lss_utjamning(tre_kommuner(), 2026, riket="raderna")
    # Första delen S = Σ antal × pris + FK (bilagan, Standardkostnadsberäkning)
    S1 = 10 * 1e6 + 2 * 1.25e6 + 2 * 0.45e6 + 20 * 2e5 + 4 * 1e5 + 2 * 55e3 + 4 * 25e3 + 4 * 25e3 + 10 * 1e4 + 3 * 6e5 + 6 * 3e5 + 1e6
    S2 = 5 * 1e6 + 2 * 0.45e6 + 10 * 2e5 + 2 * 1e5 + 4 * 25e3 + 2 * 6e5 + 2 * 3e5 + 5e5
    S3 = 5 * 1e6 + 2 * 1.25e6 + 10 * 2e5 + 2 * 55e3 + 4 * 25e3 + 10 * 1e4 + 1 * 6e5 + 4 * 3e5
    assert (S1, S2, S3) == (22_810_000, 10_500_000, 11_610_000)
    assert ut["forsta_delen"].tolist() == pytest.approx([S1, S2, S3])
    # PK-IX, steg 1–3: kommun 1 har P = 0,85·S (B = S) → 1; kommun 2 bara löner A; kommun 3 B, G och H
    P2 = 10_000_000 * 1.4718
    P3 = 0.85 * 10_000_000 - 0.85 * 100_000 + 0.85 * 0.20 * (200_000 / 0.20 - 100_000)
    assert P3 == pytest.approx(8_568_000)
    pk = [1.0, (S2 + 0.70 * (P2 - 0.85 * S2)) / S2, (S3 + 0.70 * (P3 - 0.85 * S3)) / S3]
    assert ut["personalkostnadsindex"].tolist() == pytest.approx(pk)
    assert ut["personalkostnadsindex"].iloc[0] == 1.0
    # Korrigeringsfaktor: ΣNK / Σ S·PK-IX = 52 871 225 / 48 064 750 = 1,1
    spk = S1 * pk[0] + S2 * pk[1] + S3 * pk[2]
    assert spk == pytest.approx(48_064_750)
    assert ut["korrigeringsfaktor"].iloc[0] == pytest.approx(1.1)
    assert ut["kpif"].iloc[0] == pytest.approx(1.040351)
    # Standardkostnad per invånare = S · PK-IX · KPIF · korr / folkmängd (4 § andra stycket)
    N = [100_000, 20_000, 30_000]
    sk = [s * p * KPIF_2026 * 1.1 / n for s, p, n in zip((S1, S2, S3), pk, N)]
    assert ut["standardkostnad"].tolist() == pytest.approx(sk)
    sk_riket = 52_871_225 * KPIF_2026 / 150_000
    assert ut["standardkostnad_riket"].iloc[0] == pytest.approx(sk_riket)
    # Lag 3 §: (standardkostnad − riksgenomsnitt) × folkmängd; nivåjusteringen är noll här
    belopp = [(s - sk_riket) * n for s, n in zip(sk, N)]
    assert ut["belopp"].tolist() == pytest.approx(belopp, abs=1e-3)
    assert ut["nivajustering"].iloc[0] == pytest.approx(0, abs=1e-9)
    assert ut["typ"].tolist() == ["avgift", "bidrag", "bidrag"]  # 261, 833, 408 mot 367 kr/inv
    # Med SCB:s riksgenomsnitt givet som 370 kr/inv (t.ex. avrundat eller ur en annan dataversion) är
    # Σbidrag ≠ Σavgift före justeringen: Σ (sk − 370) × N = 52 871 225 × KPIF − 370 × 150 000 < 0.
    # 1 §: enhetligt tillägg a = (370 × 150 000 − 52 871 225 × KPIF) / 150 000 = 370 − 366,698 = 3,302 kr/inv.
    med = lss_utjamning(tre_kommuner(), 2026, riket={"standardkostnad_riket": 370})
    a = (370 * 150_000 - 52_871_225 * KPIF_2026) / 150_000
    assert a == pytest.approx(3.3025, abs=1e-3)
    assert med["kr_per_inv_fore_nivajustering"].tolist() == pytest.approx([x - 370 for x in sk])
    assert med["nivajustering"].tolist() == pytest.approx([a] * 3)
    assert med["kr_per_inv"].tolist() == pytest.approx([x - 370 + a for x in sk])
    assert med["belopp"].tolist() == pytest.approx([(x - 370 + a) * n for x, n in zip(sk, N)], abs=1e-3)
    assert sum(b for b in med["belopp"] if b > 0) == pytest.approx(-sum(b for b in med["belopp"] if b < 0))


def test_summan_av_standardkostnader_ar_uppraknade_nettokostnader():
    """Bilagan: korrigeringsfaktorn gör Σ standardkostnad × invånare = Σ nettokostnad × KPIF."""
    ut = lss_utjamning(tre_kommuner(), 2026, riket="raderna")
    assert (ut["standardkostnad"] * ut["folkmangd"]).sum() == pytest.approx(52_871_225 * KPIF_2026)


def test_nivajustering_nar_riksgenomsnittet_ges():
    """1 §: enhetligt belopp per invånare så att Σbidrag = Σavgift. Med ett givet riksgenomsnitt 10 kr
    över radernas blir justeringen +10 kr/inv."""
    fri = lss_utjamning(tre_kommuner(), 2026, riket="raderna")
    ut = lss_utjamning(tre_kommuner(), 2026, riket={"standardkostnad_riket": fri["standardkostnad_riket"].iloc[0] + 10})
    assert ut["nivajustering"].iloc[0] == pytest.approx(10)
    assert ut["kr_per_inv"].tolist() == pytest.approx(fri["kr_per_inv"].tolist())
    bidrag = ut["belopp"].clip(lower=0).sum()
    avgift = -ut["belopp"].clip(upper=0).sum()
    assert bidrag == pytest.approx(avgift)


def test_riket_ger_rikets_summor_for_genomsnittskostnaden():
    riket = {"rs_5131": 2 * 26_800_000, "bv": 40, "bb": 8, "fh": 8}
    pris = lss_genomsnittskostnader(tre_kommuner(), 2026, riket=riket)
    assert pris["bv"] == pytest.approx(2 * 26_800_000 / (40 + 1.25 * 8 + 0.45 * 8))
    with pytest.raises(IndataFel, match="okänd nyckel 'felstavad'"):
        lss_utjamning(tre_kommuner(), 2026, riket={"felstavad": 1})


def _slumpkommuner(rader) -> pd.DataFrame:
    koder = ["0114", "0115", "0117", "0120", "0123", "0125", "0126", "0127"]
    df = pd.DataFrame({"kommunkod": koder[: len(rader)]})
    for a in ANTAL:
        df[a] = [r[0] if a in ("bv", "dv", "kv", "pa_lss") else min(r[1], r[0]) if a == "pak" else r[1] for r in rader]
    df["folkmangd_1nov"] = [r[2] for r in rader]
    for k in KOSTNADER:
        df[k] = [1e6 * r[3] * r[0] for r in rader]
    for k in PKIX:
        df[k] = [1e6 * r[3] * r[0] for r in rader]
    return df


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 500), st.integers(0, 50), st.integers(1_000, 900_000),
                          st.floats(0.2, 3.0)), min_size=3, max_size=8),
       st.integers(2, 8), st.floats(-200, 200))
def test_summa_bidrag_lika_med_summa_avgift(rader, antal, skillnad):
    """Förordningen 1 §: efter nivåjusteringen är Σbidrag = Σavgift, även när rikets standardkostnad ges
    (t.ex. SCB:s publicerade) och skiljer sig från radernas invånarvägda medel; nivåjusteringen är då
    det givna medlet minus radernas (ett tillägg när det givna är högre), och kr/inv blir desamma."""
    df = _slumpkommuner(rader).iloc[: min(antal, len(rader))]
    fri = lss_utjamning(df, 2026, riket="raderna")
    beraknat = fri["standardkostnad_riket"].iloc[0]
    assert fri["nivajustering"].iloc[0] == pytest.approx(0, abs=1e-9 * beraknat)
    givet = max(beraknat + skillnad, 1.0)
    ut = lss_utjamning(df, 2026, riket={"standardkostnad_riket": givet})
    skala = ut["belopp"].abs().sum() + ut["folkmangd"].sum() * abs(givet - beraknat) + 1e-6
    assert ut["belopp"].sum() == pytest.approx(0, abs=1e-9 * skala)
    assert ut["nivajustering"].iloc[0] == pytest.approx(givet - beraknat, rel=1e-9, abs=1e-9)
    assert ut["kr_per_inv"].to_numpy() == pytest.approx(fri["kr_per_inv"].to_numpy(), rel=1e-9, abs=1e-6)
    assert np.all(np.isfinite(ut["kr_per_inv"]))


PO_2026 = 0.4718  # bilagan (SFS 2025:1172): PO-pålägg 47,18 procent


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(1e5, 1e8), *[st.floats(0, 1e7)] * 8), min_size=1, max_size=6))
def test_pkix_ar_ett_nar_p_ar_85_procent_av_s(rader):
    """Bilagan steg 1–3: PK-IX = (S + 0,70·(P − 0,85·S)) / S = 1 när P = 0,85·S, vilka A–J som helst.
    B väljs så att steg 1 ger exakt P = 0,85·S."""
    koder = ["0114", "0115", "0117", "0120", "0123", "0125"][: len(rader)]
    S = np.array([r[0] for r in rader])
    A, C, D, E, F, G, H, J = (np.array([r[i] for r in rader]) for i in range(1, 9))
    rest = A * (1 + PO_2026) + 0.85 * (C + D + E) - 0.85 * (F + G + J) + 0.85 * 0.20 * (H / 0.20 - G)
    B = (0.85 * S - rest) / 0.85  # steg 1 med B: rest + 0,85·B = 0,85·S
    pk = pd.DataFrame({"kommunkod": koder, "pkix_a": A, "pkix_b": B, "pkix_c": C, "pkix_d": D, "pkix_e": E,
                       "pkix_f": F, "pkix_g": G, "pkix_h": H, "pkix_j": J})
    P, pkix = personalkostnadsindex(S, pk, 2026)
    assert P == pytest.approx(0.85 * S, rel=1e-9, abs=1e-3)
    assert pkix == pytest.approx(np.ones(len(S)), abs=1e-9)


def test_reform_sou_2024_50_overlagg():
    """SOU 2024:50 (förslag): PK-IX bort, folkmängd 31 dec t−2, antal = medel av två mättillfällen."""
    df = tre_kommuner()
    for a in ANTAL:
        df[f"{a}_matning2"] = df[a]
    df.loc[df["kommunkod"] == "1881", "bv_matning2"] = 7  # medel (5 + 7) / 2 = 6 för kommun 2
    df["folkmangd_31dec"] = [99_000, 20_500, 29_500]
    ut = lss_utjamning(df.drop(columns=list(PKIX) + ["folkmangd_1nov"]), 2026, reform="sou_2024_50", riket="raderna")
    assert (ut["personalkostnadsindex"] == 1.0).all()
    assert ut["folkmangd"].tolist() == [99_000, 20_500, 29_500]
    bv = 26_800_000 / (21 + 1.25 * 4 + 0.45 * 4)  # ΣBV = 10 + 6 + 5
    S2 = 6 * bv + 2 * 0.45 * bv + 10 * 2e5 + 2 * 1e5 + 4 * 25e3 + 2 * 6e5 + 2 * 3e5 + 5e5
    assert ut.loc["1881", "forsta_delen"] == pytest.approx(S2)
    # korr utan PK-IX: ΣNK / ΣS
    assert ut["korrigeringsfaktor"].iloc[0] == pytest.approx(52_871_225 / ut["forsta_delen"].sum())
    # lagen gäller fortfarande 2026 utan reform: kolumnen med mättillfälle 2 krävs inte
    assert lss_utjamning(tre_kommuner(), 2026, riket="raderna")["personalkostnadsindex"].iloc[1] > 1


def test_fel_saknad_kolumn_nollbefolkning_negativ_kostnad():
    df = tre_kommuner()
    with pytest.raises(IndataFel, match="kolumn saknas: kp"):
        lss_utjamning(df.drop(columns=["kp"]), 2026, riket="raderna")
    with pytest.raises(IndataFel, match=r"rad 2 \(kommunkod 1881\), kolumn folkmangd_1nov: värdet måste vara större än noll"):
        lss_utjamning(df.assign(folkmangd_1nov=[100_000, 0, 30_000]), 2026, riket="raderna")
    with pytest.raises(IndataFel, match=r"rad 3 \(kommunkod 1882\), kolumn rs_5139: negativt värde"):
        lss_utjamning(df.assign(rs_5139=[1, 1, -5]), 2026, riket="raderna")
    with pytest.raises(IndataFel, match="kolumn bv: värde saknas"):
        lss_utjamning(df.assign(bv=[1, math.nan, 2]), 2026, riket="raderna")
    with pytest.raises(IndataFel, match="daglig verksamhet.*antalet insatser i riket är noll"):
        lss_utjamning(df.assign(dv=0), 2026, riket="raderna")
    with pytest.raises(IndataFel, match="kommunkod 1881.*personalkostnadsindexet"):
        noll = df.copy()
        noll.loc[1, [*ANTAL, "fk"]] = 0
        lss_utjamning(noll, 2026, riket="raderna")
    with pytest.raises(ParameterFel, match="saknar värde för utjämningsår 2025"):
        lss_utjamning(df, 2025, riket="raderna")


def test_fel_pak_fler_an_pa_lss_och_riket_ej_positivt():
    df = tre_kommuner()
    with pytest.raises(IndataFel, match=r"kommunkod 1881: pak = 3 är större än pa_lss = 2"):
        lss_utjamning(df.assign(pak=[3, 3, 1]), 2026, riket="raderna")
    with pytest.raises(IndataFel, match="riket, korrigeringsfaktor: värdet måste vara större än noll"):
        lss_utjamning(df, 2026, riket={"korrigeringsfaktor": -1.1})
    with pytest.raises(IndataFel, match="riket, standardkostnad_riket: värdet måste vara större än noll"):
        lss_utjamning(df, 2026, riket={"standardkostnad_riket": -370})
    with pytest.raises(IndataFel, match="en enda kommun.*ange även riket nivajustering"):
        lss_utjamning(df.iloc[[0]], 2026, riket={"standardkostnad_riket": 370})
    ensam = lss_utjamning(df.iloc[[0]], 2026, riket={"standardkostnad_riket": 370, "nivajustering": 0})
    assert ensam["kr_per_inv"].iloc[0] == pytest.approx(ensam["standardkostnad"].iloc[0] - 370)


def test_fel_summa_s_pkix_inte_positiv():
    """Stora interna intäkter (F) ger P ≪ 0,85·S och PK-IX < 0 (inget golv, law_lss.md U5): Σ S·PK-IX ≤ 0."""
    df = tre_kommuner().assign(pkix_f=1e9)
    with pytest.raises(IndataFel, match=r"Korrigeringsfaktorn.*Σ S·PK-IX över raderna är -"):
        lss_utjamning(df, 2026, riket="raderna")


def test_personalkostnadsindex_direkt_anrop_kontrollerar_tabellen():
    pk = tre_kommuner()[["kommunkod", *PKIX]]
    with pytest.raises(IndataFel, match=r"PK-IX-underlag \(RS 2024\): kolumn saknas: pkix_h"):
        personalkostnadsindex([1e7, 1e7, 1e7], pk.drop(columns=["pkix_h"]), 2026)
    with pytest.raises(IndataFel, match="S har 2 värden men PK-IX-underlaget 3 kommuner"):
        personalkostnadsindex([1e7, 1e7], pk, 2026)
    _, pkix = personalkostnadsindex([22_810_000, 10_500_000, 11_610_000], pk, 2026)
    assert pkix[0] == 1.0  # kommun 1: B = S, P = 0,85·S


def test_pkix_basar_ar_parameter():
    """6 § (SFS 2025:1172): RS 2024 för utjämningsår 2026."""
    assert lss_utjamning(tre_kommuner(), 2026, riket="raderna").attrs["pkix_basar"] == 2024


def test_befolkning_bidrag_ar_ett_eget_val(monkeypatch):
    """Parametern befolkning_bidrag (lag 3 §): standardkostnaden per invånare med en folkmängd, bidraget med
    en annan. Riksgenomsnittet vägs med den förra; nivåjusteringen (1 §) tar då upp skillnaden."""
    lu = importlib.import_module("xlmodel.lss_utjamning")  # modulen, inte funktionen

    lag = lu.parametrar()
    fri = lss_utjamning(tre_kommuner(), 2026, riket="raderna")

    class Byt:
        def __getitem__(self, namn):
            return (lambda ar: "folkmangd_bidrag") if namn == "lss_utjamning.befolkning_bidrag" else lag[namn]

    monkeypatch.setattr(lu, "parametrar", lambda reform=None: Byt())
    ut = lu.lss_utjamning(tre_kommuner().assign(folkmangd_bidrag=[101_000, 20_000, 29_000]), 2026, riket="raderna")
    sk = fri["standardkostnad"].tolist()  # oförändrad: per invånare 1 november
    assert ut["standardkostnad"].tolist() == pytest.approx(sk)
    sk_riket = 52_871_225 * KPIF_2026 / 150_000
    Nb = [101_000, 20_000, 29_000]
    a = -sum((x - sk_riket) * n for x, n in zip(sk, Nb)) / 150_000
    assert ut["nivajustering"].iloc[0] == pytest.approx(a)
    assert ut["belopp"].tolist() == pytest.approx([(x - sk_riket + a) * n for x, n in zip(sk, Nb)])
    assert ut["belopp"].sum() == pytest.approx(0, abs=1e-3)
    assert ut["folkmangd"].tolist() == Nb


FORORDNING_776 = Path(__file__).parent / "fixtures" / "lag" / "forordning_2008_776_tom_SFS_2025_1172.txt"


def test_konstanterna_ordagrant_ur_forordningen_och_bilagan():
    """Förordning (2008:776) i lydelse SFS 2025:1172: 5 § och bilagans vikter, 6 § basår och 70 procent,
    bilagans PO-pålägg 47,18 %, KPIF 2025: 2,7 och 2026: 1,3 samt 0,85, 0,20 och 0,7 i steg 1–3."""
    txt = " ".join(FORORDNING_776.read_text(encoding="utf-8").split())
    p = parametrar()

    def tal(monster):
        (x,) = re.findall(monster, txt)
        return float(x.replace(",", "."))

    v = "lss_utjamning.vikter."
    paragraf_5 = {  # 5 § tredje–femte styckena, procent av riktvärdet
        "bostad_barn": r"barn och ungdomar ska motsvara (\d+) procent",
        "familjehem": r"barn i familjehem (\d+) procent av riktvärdet",
        "personlig_assistans_sfb": r"socialförsäkringsbalken ska motsvara (\d+) procent av riktvärdet",
        "korttidstillsyn": r"Korttidstillsyn ska motsvara (\d+) procent",
        "avlosarservice": r"avlösarservice (\d+) procent",
        "ledsagarservice": r"ledsagarservice (\d+) procent",
        "kontaktperson": r"kontaktperson (\d+) procent av riktvärdet",
    }
    bilagan = {  # bilagan, Genomsnittskostnaden: "= genomsnittskostnaden för … × vikt"
        "bostad_barn": r"Barn = genomsnittskostnaden för vuxna × (\d,\d+)",
        "familjehem": r"Barn i familjehem = genomsnittskostnaden för vuxna × (\d,\d+)",
        "personlig_assistans_sfb": r"51 kap\. socialförsäkringsbalken = genomsnittskostnaden .*? × (\d,\d+)\. Daglig",
        "korttidstillsyn": r"Korttidstillsyn = genomsnittskostnaden för korttidsvistelse × (\d,\d+)",
        "avlosarservice": r"Avlösarservice = genomsnittskostnaden för korttidsvistelse × (\d,\d+)",
        "ledsagarservice": r"Ledsagarservice = genomsnittskostnaden för korttidsvistelse × (\d,\d+)",
        "kontaktperson": r"Kontaktperson = genomsnittskostnaden för korttidsvistelse × (\d,\d+)",
    }
    for namn in paragraf_5:
        assert p[v + namn](2026) == pytest.approx(tal(paragraf_5[namn]) / 100) == pytest.approx(tal(bilagan[namn])), namn
    g = "lss_utjamning.personalkostnadsindex."
    assert p[g + "basar"](2026) == tal(r"6 § Personalkostnadsindexet beräknas dels utifrån kostnadsuppgifter från "
                                       r"räkenskapssammandraget (\d{4})")
    assert p[g + "ersattningsgrad"](2026) == pytest.approx(tal(r"belopp motsvarande (\d+) procent av skillnaden") / 100)
    assert p[g + "ersattningsgrad"](2026) == pytest.approx(tal(r"ersätts med 70 procent = .*?\) × (\d,\d+)\. Indexet"))
    assert p[g + "po_palagg"](2026) == pytest.approx(tal(r"PO- pålägg\) om (\d+,\d+) procent") / 100)
    assert p[g + "andel_kop"](2026) == tal(r"Steg 1 .*? \+ (\d,\d+) × \(B \+ C \+ D \+ E\)")
    assert p[g + "andel_kop"](2026) == tal(r"Steg 1 .*? - (\d,\d+) × \(F \+ G \+ J\)")
    assert p[g + "andel_standardkostnad"](2026) == tal(r"Steg 2 .*? = (\d,\d+) × S\.")
    assert p[g + "fk_andel"](2026) == tal(r"Steg 1 .*? × (\d,\d+) × \(\(H /")
    kpif = p["lss_utjamning.kpif"](2026)
    assert {ar: tal(rf"- {ar}: (\d+,\d+)") for ar in (2025, 2026)} == kpif


def test_delmangd_utan_riket_ar_fel():
    """Tre kommuner räknas inte tyst som hela landet (rikets LSS-summor medföljer inte): felet säger vad som ska anges."""
    with pytest.raises(IndataFel, match=r"3 av 290 kommuner.*riket.*riket='raderna'"):
        lss_utjamning(tre_kommuner(), 2026)
    with pytest.raises(IndataFel, match="3 av 290 kommuner"):
        lss_genomsnittskostnader(tre_kommuner(), 2026)
