"""Skatter & bidrag: budgetblocket mot SCB:s utfall och publicerade budgetar, projektion, slutavräkning,
marginalintäkt och reformjämförelse. Förväntade värden räknas här direkt ur SCB-data eller för hand."""
import math

import xlmodel.budget

import numpy as np
import pandas as pd
import pytest

from xlmodel.fel import IndataFel
from xlmodel.kallor.referensdata import riket_folkmangd_1nov, scb_skatteunderlag, scb_utjamning_orebro_lan, skattesatser
from xlmodel.budget import (
    BIDRAGSRADER,
    FASTIGHET,
    INFORANDE,
    INKOMSTUTJ,
    KOMMUNALSKATT,
    KOSTNADSUTJ,
    LSS,
    OVRIGA,
    REGLERING,
    SCB_SUMMA,
    SKATTERADER,
    SLUTAVR_FG,
    SLUTAVR_INN,
    STRUKTUR,
    SUMMA,
    SUMMA_BIDRAG,
    SUMMA_SKATT,
    jamfor_prognoser,
    jamfor_reform,
    marginalintakt,
    prognoser,
    skatter_och_bidrag,
    summera,
)


def _sob_ar(*a, **kw):
    """Blocket med årtal som kolumner (budgetår + planår), som arbetsbokens matrisformler."""
    kw.setdefault("kolumner", "ar")
    return xlmodel.budget.skatter_och_bidrag(*a, **kw)


UTJ = scb_utjamning_orebro_lan()
SU = scb_skatteunderlag().set_index(["kod", "ar"])["skatteunderlag"]


def _n(kod, ar):
    """Kommunens folkmängd 1 nov året före, ur SCB OE0115: tkr × 1000 / kr per invånare."""
    rad = UTJ[(UTJ.kommunkod == kod) & (UTJ.ar == ar)].iloc[0]
    return round(rad.summa_tkr * 1000 / rad.summa_kr_per_inv)


# ------------------------------------------------------------------ SCB:s utfall (acceptans)

def test_orebro_lan_2005_2026_inkomstutjamning_per_kommun_och_ar_och_scbs_summa():
    """Alla 12 kommuner × 22 år mot SCB OE0115: inkomstutjämningen (beräknad, 3–7 §§) i kr/inv för varje
    kommun och år, och summan i tkr inom en promille. Rikets folkmängd 1 nov är KALIBRERAD ur SCB-utfallet
    (referensdata), och kommunens folkmängd är implicit ur SCB:s tkr-summa, därav några kronors avvikelse."""
    avvikelser, exakta = [], 0
    for rad in UTJ.itertuples():
        block = _sob_ar(rad.kommunkod, rad.ar, {"skattesats": 20.0}, enhet="kr")
        iu = block.attrs["inkomstutjamning_kr_per_inv"][rad.ar]
        assert abs(iu - rad.inkomstutjamning) <= 5, (rad.kommunkod, rad.ar, iu, rad.inkomstutjamning)
        exakta += iu == rad.inkomstutjamning
        avvikelser.append(abs(block.loc[SCB_SUMMA, rad.ar] / 1000 - rad.summa_tkr) / abs(rad.summa_tkr))
    assert len(avvikelser) == 264
    assert exakta >= 0.7 * 264
    assert max(avvikelser) < 0.001


def test_publicerade_delar_ar_kr_per_inv_ganger_folkmangd():
    # Lekeberg 2020: kostnadsutjämning 2 034 kr/inv, införandebidrag 862, regleringsbidrag 1 024 (SCB OE0115).
    block = _sob_ar("1814", 2020, {"skattesats": 20.0}, enhet="kr")
    n = _n("1814", 2020)
    assert block.loc[KOSTNADSUTJ, 2020] == 2034 * n
    assert block.loc[INFORANDE, 2020] == 862 * n
    assert block.loc[REGLERING, 2020] == 1024 * n
    # Inkomstutjämningen beräknad: SCB 11 241 kr/inv, inom några kronor (kommunens folkmängd är avrundad).
    assert abs(block.attrs["inkomstutjamning_kr_per_inv"][2020] - 11241) <= 5


# ------------------------------------------------------------------ publicerade budgetblock

def _rader(varden: dict) -> pd.DataFrame:
    df = pd.DataFrame(varden).T
    for r in SKATTERADER + BIDRAGSRADER:
        if r not in df.index:
            df.loc[r] = 0.0
    return df


def test_sjobo_budget_2025_summorna_hor_ihop():
    """Sjöbo kommun, Budget 2025, not 1–2 (mnkr), finansiellinfo.se; anchors.md §1.4 exempel A."""
    ar = ["Bokslut 2023", "Budget 2024", "Budget 2025", "Plan 2026", "Plan 2027"]
    rader = _rader({
        KOMMUNALSKATT: dict(zip(ar, [955.1, 995.3, 1026.1, 1077.3, 1124.1])),
        SLUTAVR_FG: dict(zip(ar, [5.1, 0.0, 0.0, 0.0, 0.0])),
        SLUTAVR_INN: dict(zip(ar, [15.4, 0.0, 4.7, 0.0, 0.0])),
        INKOMSTUTJ: dict(zip(ar, [257.1, 262.6, 280.1, 291.8, 303.0])),
        KOSTNADSUTJ: dict(zip(ar, [-24.6, -29.0, -29.9, -30.0, -30.0])),
        REGLERING: dict(zip(ar, [45.6, 44.3, 51.0, 43.9, 32.9])),
        OVRIGA: dict(zip(ar, [8.1, 0.0, 0.0, 0.0, 0.0])),
        LSS: dict(zip(ar, [-8.5, -4.6, -9.2, -9.2, -9.2])),
        FASTIGHET: dict(zip(ar, [55.0, 53.7, 65.6, 65.6, 65.6])),
    })
    block = summera(rader)
    assert list(block.loc[SUMMA_SKATT].round(1)) == [975.6, 995.3, 1030.8, 1077.3, 1124.1]
    assert list(block.loc[SUMMA_BIDRAG].round(1)) == [332.7, 327.0, 357.6, 362.1, 362.3]


def test_goteborg_2017_2018_och_upplands_bro_2021_summorna_hor_ihop():
    """Göteborg årsredovisning 2018 not 6 (mnkr) och Upplands-Bro 2021 (SKL 1 okt 2020); anchors.md §1.4."""
    gbg = summera(_rader({
        KOMMUNALSKATT: {2017: 26656, 2018: 27705}, SLUTAVR_INN: {2017: -113, 2018: -34},
        SLUTAVR_FG: {2017: 29, 2018: -81}, INKOMSTUTJ: {2017: 2827, 2018: 2690},
        KOSTNADSUTJ: {2017: -314, 2018: -460}, REGLERING: {2017: -5, 2018: 89}, LSS: {2017: 150, 2018: 151},
        OVRIGA: {2017: 376, 2018: 422}, FASTIGHET: {2017: 793, 2018: 813},
    }))
    assert list(gbg.loc[SUMMA]) == [30399, 31295]
    ub = summera(_rader({
        KOMMUNALSKATT: {2021: 1309.4}, INKOMSTUTJ: {2021: 248.2}, KOSTNADSUTJ: {2021: 89.6},
        REGLERING: {2021: 89.3}, LSS: {2021: -19.3}, FASTIGHET: {2021: 48.9},
    }))
    assert round(ub.loc[SUMMA, 2021], 1) == 1766.1


def test_summa_over_angivna_delar_ej_angivna_listas_och_fel_om_rad_fattas():
    rader = _rader({KOMMUNALSKATT: {2025: 100.0}, INKOMSTUTJ: {2025: 20.0}, LSS: {2025: np.nan}})
    block = summera(rader)
    assert block.loc[SUMMA_SKATT, 2025] == 100.0
    assert np.isnan(block.loc[LSS, 2025])  # delen står tom i sin rad
    assert block.loc[SUMMA_BIDRAG, 2025] == 20.0 and block.loc[SUMMA, 2025] == 120.0
    assert block.attrs["ej_angivna"] == [LSS]
    assert block.attrs["summa_not"] == "Summorna omfattar inte: LSS-utjämning (ej angivna; fyll i dem i Indata)."
    with pytest.raises(IndataFel, match=r"LSS-utjämning \(2025\): ange lss_utjamning"):
        summera(rader, saknade="fel")
    with pytest.raises(IndataFel, match="saknade"):
        summera(rader, saknade="tom")
    with pytest.raises(IndataFel, match="Kommunalskatt"):
        summera(rader.drop(KOMMUNALSKATT))
    alla = summera(rader.fillna(-5.0))
    assert alla.attrs["ej_angivna"] == [] and alla.attrs["summa_not"] == "" and alla.loc[SUMMA, 2025] == 115.0


def test_standardblocket_summerar_angivna_delar_och_namnger_de_ej_angivna():
    """Utan LSS-utjämning och fastighetsavgift (finns inte i SCB OE0115): summorna över övriga rader."""
    block = _sob_ar("1880", 2026)
    assert np.isnan(block.loc[LSS, 2026]) and np.isnan(block.loc[FASTIGHET, 2026])
    givna = [INKOMSTUTJ, KOSTNADSUTJ, STRUKTUR, INFORANDE, REGLERING, OVRIGA]
    assert math.isclose(block.loc[SUMMA_BIDRAG, 2026], block.loc[givna, 2026].sum(), abs_tol=1e-9)
    assert math.isclose(block.loc[SUMMA, 2026], block.loc[SUMMA_SKATT, 2026] + block.loc[SUMMA_BIDRAG, 2026])
    assert block.attrs["ej_angivna"] == [SLUTAVR_FG, OVRIGA, LSS, FASTIGHET]  # aldrig tyst 0
    assert block.attrs["summa_not"] == ("Summorna omfattar inte: slutavräkning året innan, övriga generella "
                                        "statsbidrag, LSS-utjämning, kommunal fastighetsavgift "
                                        "(ej angivna; fyll i dem i Indata).")
    with pytest.raises(IndataFel, match="LSS-utjämning.*lss_utjamning.*Kommunal fastighetsavgift.*fastighetsavgift"):
        _sob_ar("1880", 2026, saknade="fel")
    # Fastighetsavgiften angiven först från 2027: bara budgetåret fattas, och noten säger det.
    delvis = _sob_ar("1880", 2026, {"prognos": "pahittad_exempel_a", "planar": 1, "lss_utjamning": -250,
                                               "fastighetsavgift": {2027: 100e6}, "ovriga_bidrag": 0,
                                               "bokford_slutavrakning": {2025: 0}})
    assert delvis.attrs["ej_angivna"] == [FASTIGHET]
    assert "kommunal fastighetsavgift 2026 (ej angivna" in delvis.attrs["summa_not"]


def test_mnkr_raderna_avrundas_och_summorna_ar_summan_av_de_avrundade():
    block = _sob_ar("1880", 2026, {"lss_utjamning": -300, "fastighetsavgift": 151_234_567})
    detalj = block.loc[SKATTERADER + BIDRAGSRADER, 2026].dropna()
    assert all(abs(v * 10 - round(v * 10)) < 1e-9 for v in detalj)
    assert block.loc[FASTIGHET, 2026] == 151.2
    assert math.isclose(block.loc[SUMMA, 2026], detalj.sum(), abs_tol=1e-9)


# ------------------------------------------------------------------ skatt och slutavräkning

def test_kommunalskatt_ar_skatteunderlag_ganger_uppräkning_ganger_skattesats():
    # Örebro 2026: SCB skatteunderlag etikett 2026 × 1,08569 (uppräkning 2026) × 21,35 % (SCB skattesats 2026).
    s = skattesatser(2026).set_index("kommunkod").loc["1880", "kommun"]
    assert s == 21.35
    block = _sob_ar("1880", 2026, enhet="kr")
    assert math.isclose(block.loc[KOMMUNALSKATT, 2026], SU[("1880", 2026)] * 1.08569 * 21.35 / 100)


def test_slutavrakning_hand_lekeberg_2023():
    """Lag 1965:269 5 §: (rikets slutliga − uppräknade underlag) / rikets invånare × egen skattesats × invånare."""
    g22 = SU[("00", 2024)] / SU[("00", 2023)] - 1  # inkomstår 2022 (SCB etikett 2024) mot 2021
    g23 = SU[("00", 2025)] / SU[("00", 2024)] - 1
    F = 1.048 * 1.047  # SFS 2022:1422
    # Rikets slutliga underlag för inkomstår 2023 är SCB:s underlag med etikett 2025 (= SU 2023 × (1+g22)(1+g23)).
    assert (1 + g22) * (1 + g23) > F  # utfallet (5,8 % och 4,8 %) högre än uppräkningen: slutavräkningen positiv
    kr_inv = (SU[("00", 2025)] - SU[("00", 2023)] * F) / riket_folkmangd_1nov(2023) * 20.0 / 100
    forvantat = kr_inv * _n("1814", 2023)
    block = _sob_ar("1814", 2023, {"skattesats": 20.0}, enhet="kr")
    assert forvantat > 0 and math.isclose(block.loc[SLUTAVR_INN, 2023], forvantat, rel_tol=1e-12)
    assert np.isnan(block.loc[SLUTAVR_FG, 2023])  # ej angivet, aldrig tyst 0
    assert "ej angivet (bokförd slutavräkning för inkomstår 2022)" in block.attrs["kallor"][SLUTAVR_FG]
    # Året innan: ny beräkning för inkomstår 2023 minus det som bokfördes i bokslutet 2023.
    block24 = _sob_ar("1814", 2024, {"skattesats": 20.0, "bokford_slutavrakning": {2023: 1_000_000}}, enhet="kr")
    assert math.isclose(block24.loc[SLUTAVR_FG, 2024], forvantat - 1_000_000, rel_tol=1e-12)


def test_slutavrakning_noll_nar_utfallet_blir_som_uppräkningsfaktorerna():
    # F 2026 = 1,08569 (härledd ur SCB-utfall); välj ökningar vars produkt är exakt F.
    g = math.sqrt(1.08569) - 1
    block = _sob_ar("1880", 2026, {"skatteunderlag_okning": {2025: g * 100, 2026: g * 100}}, enhet="kr")
    assert abs(block.loc[SLUTAVR_INN, 2026]) < 1e-3


# ------------------------------------------------------------------ projektion

NOLL = {
    "inkomstutjamning_utfall": False,  # budgetåret också beräknat (inte SCB:s publicerade), som planåren
    "skatteunderlag_okning": {a: 0.0 for a in range(2025, 2035)},
    "befolkning_riket_okning": {a: 0.0 for a in range(2027, 2035)},
    "upprakningsfaktorer": {2026: [1.0, 1.0]},
    "lss_utjamning": -250, "fastighetsavgift": 100e6, "planar": 8,
}


def test_all_tillvaxt_noll_ger_platt_block():
    block = _sob_ar("1862", 2026, NOLL, enhet="kr")
    assert list(block.columns) == list(range(2026, 2035))
    for ar in block.columns:  # budgetårets "slutavräkning året innan" är ej angiven, planårens 0
        pd.testing.assert_series_equal(block[ar].drop(SLUTAVR_FG), block[2026].drop(SLUTAVR_FG), check_names=False)
    assert block.loc[SLUTAVR_INN].eq(0).all()


def test_fordubblad_befolkning_med_rikets_summor_justerade_hand_2027():
    """Egen befolkningsprognos: kommunens folkmängd 2027 fördubblad. Modellval (SKR:s förenkling): kommunens
    skattekraft i förhållande till riket hålls, så skatteunderlaget fördubblas med folkmängden. Rikets summor
    får kommunens tillskott, eftersom medelskattekraften räknas över hela landet (lag 2004:773 3 §); delarna
    i kr/inv (8–17 §§) gånger kommunens invånare 1 nov 2026; fastighetsavgiften är ett belopp."""
    ant = {"prognos": "pahittad_exempel_a", "planar": 1, "lss_utjamning": -250, "fastighetsavgift": 100e6}
    bas = _sob_ar("1881", 2026, ant, enhet="kr")
    n27 = bas.attrs["folkmangd"][2027]
    dubbel = _sob_ar("1881", 2026, {**ant, "folkmangd": {2027: 2 * n27}}, enhet="kr")
    pd.testing.assert_series_equal(dubbel[2026], bas[2026])
    # Hand: rikets och kommunens underlag 2027 ur SCB 2026 och exempelprognosen (4,1 % 2025, 0,3 % folkökning).
    su_r = SU[("00", 2026)] * 1.041
    n_r = riket_folkmangd_1nov(2026) * 1.003
    n_i = _n("1881", 2026) * 1.003
    assert math.isclose(n27, n_i)
    su_i = SU[("1881", 2026)] * (su_r / n_r) / (SU[("00", 2026)] / riket_folkmangd_1nov(2026)) * n_i / _n("1881", 2026)
    F = 1.043 * 1.039  # prognosens ökning inkomstår 2026 och 2027 (F 2027 inte beslutad)
    s = skattesatser(2026).set_index("kommunkod").loc["1881", "kommun"]
    assert math.isclose(dubbel.loc[KOMMUNALSKATT, 2027], 2 * su_i * F * s / 100, rel_tol=1e-12)
    scb = UTJ[(UTJ.kommunkod == "1881") & (UTJ.ar == 2026)].iloc[0]  # kr/inv 2026 hålls 2027
    assert math.isclose(dubbel.loc[KOSTNADSUTJ, 2027], scb.kostnadsutjamning * 2 * n_i)
    assert math.isclose(dubbel.loc[STRUKTUR, 2027], scb.strukturbidrag * 2 * n_i)
    assert math.isclose(dubbel.loc[REGLERING, 2027], 2900 * 2 * n_i)  # exempelprognosen 2027
    assert math.isclose(dubbel.loc[LSS, 2027], -250 * 2 * n_i)
    assert dubbel.loc[FASTIGHET, 2027] == 100e6
    msk = F * (su_r + su_i) / (n_r + n_i)  # riket får kommunens tillskott (su_i, n_i)
    kr_inv = 0.19 * (1.15 * msk - F * 2 * su_i / (2 * n_i))  # bidragssats Örebro län 19,00 %
    assert dubbel.attrs["inkomstutjamning_kr_per_inv"][2027] == round(kr_inv)
    assert math.isclose(dubbel.loc[INKOMSTUTJ, 2027], round(kr_inv) * 2 * n27)
    # Utan justering (SKR:s Prognosunderlag) är medelskattekraften rikets oförändrade.
    utan = _sob_ar("1881", 2026, {**ant, "folkmangd": {2027: 2 * n27}, "justera_riket": False}, enhet="kr")
    assert utan.attrs["inkomstutjamning_kr_per_inv"][2027] == round(0.19 * (1.15 * F * su_r / n_r - F * su_i / n_i))


def test_skatteunderlaget_med_eftersläpning_foljer_folkmangden_tva_ar_senare():
    """Valfritt (skatteunderlag_efterslapning=2): underlaget med etikett t är inkomstår t−2, som betalas av dem
    som bodde i kommunen 1 nov t−3 (folkmängden för utjämningsår t−2). Fördubblad folkmängd 2027 slår då
    igenom i skatteunderlaget först 2029."""
    ant = {"prognos": "pahittad_exempel_a", "planar": 3, "skatteunderlag_efterslapning": 2}
    bas = _sob_ar("1881", 2026, ant, enhet="kr")
    n = bas.attrs["folkmangd"]
    dubbel = _sob_ar("1881", 2026, {**ant, "folkmangd": {a: 2 * n[a] for a in (2027, 2028, 2029)}}, enhet="kr")
    for ar in (2026, 2027, 2028):
        assert dubbel.loc[KOMMUNALSKATT, ar] == bas.loc[KOMMUNALSKATT, ar]
    assert math.isclose(dubbel.loc[KOMMUNALSKATT, 2029], 2 * bas.loc[KOMMUNALSKATT, 2029], rel_tol=1e-12)
    with pytest.raises(IndataFel, match="skatteunderlag_efterslapning"):
        _sob_ar("1881", 2026, {**ant, "skatteunderlag_efterslapning": 1})


def test_argangsbyte_flyttar_bara_de_rader_det_ska():
    ant = {"planar": 2, "lss_utjamning": -250, "fastighetsavgift": 100e6}
    a = _sob_ar("1880", 2026, {**ant, "prognos": "pahittad_exempel_a"}, enhet="kr")
    b = _sob_ar("1880", 2026, {**ant, "prognos": "pahittad_exempel_b"}, enhet="kr")
    diff = jamfor_prognoser("pahittad_exempel_a", "pahittad_exempel_b")
    andrade = diff[diff["skillnad"].fillna(0) != 0]
    assert set(andrade.index) == {("skatteunderlag_okning", 2027), ("regleringspost", 2027), ("regleringspost", 2028)}
    pd.testing.assert_series_equal(a[2026], b[2026])  # 2026 beror inte på 2027 års antaganden
    # F 2027 och 2028 är inte beslutade: de följer prognosens ökningstakt (4 § tredje st.), så ändrad ökning
    # inkomstår 2027 flyttar den preliminära skatten och inkomstutjämningen (F multiplicerar underlaget), inte
    # slutavräkningen (utfallet = F per konstruktion).
    ska_andras = {KOMMUNALSKATT, INKOMSTUTJ, REGLERING, SUMMA_SKATT, SUMMA_BIDRAG, SUMMA, SCB_SUMMA}
    for ar in (2027, 2028):
        assert set(a.index[(a[ar] - b[ar]).abs() > 1e-6]) == ska_andras, ar
    # Regleringsposten: skillnaden är exakt (3 100 − 2 900) kr/inv × folkmängd 2027.
    assert math.isclose(b.loc[REGLERING, 2027] - a.loc[REGLERING, 2027], 200 * a.attrs["folkmangd"][2027])
    # Bara regleringsposten ändrad: bara den raden och summorna flyttar sig.
    pa = {"skatteunderlag_okning": {2025: 4, 2026: 4, 2027: 4}, "befolkning_riket_okning": {2027: 0.5}}
    c = _sob_ar("1880", 2026, {**ant, "planar": 1, "prognos": {**pa, "regleringspost": {2027: 1000}}}, enhet="kr")
    d = _sob_ar("1880", 2026, {**ant, "planar": 1, "prognos": {**pa, "regleringspost": {2027: 1500}}}, enhet="kr")
    assert set(c.index[(c[2027] - d[2027]).abs() > 1e-6]) == {REGLERING, SUMMA_BIDRAG, SUMMA, SCB_SUMMA}


def test_argangsbyte_med_beslutad_uppräkning_hamnar_i_slutavrakningen():
    """F 2027 beslutad: ändrad ökning inkomstår 2027 (3,9 → 3,4 %) ändrar inte preliminär skatt och
    inkomstutjämning, men slutavräkningen (5 §): Δ = SU_riket(2027)·(1+g26)·(0,034 − 0,039)/N_riket · s · n."""
    ant = {"planar": 1, "lss_utjamning": -250, "fastighetsavgift": 100e6, "upprakningsfaktorer": {2027: [1.04, 1.035]}}
    a = _sob_ar("1880", 2026, {**ant, "prognos": "pahittad_exempel_a"}, enhet="kr")
    b = _sob_ar("1880", 2026, {**ant, "prognos": "pahittad_exempel_b"}, enhet="kr")
    assert set(a.index[(a[2027] - b[2027]).abs() > 1e-6]) == {SLUTAVR_INN, SUMMA_SKATT, REGLERING, SUMMA_BIDRAG,
                                                              SUMMA, SCB_SUMMA}
    su_r = SU[("00", 2026)] * 1.041  # etikett 2027 = inkomstår 2025: SCB 2026 × prognosens 4,1 %
    n_r = riket_folkmangd_1nov(2026) * 1.003
    n_i = _n("1880", 2026) * 1.003
    forvantat = su_r * 1.043 * (0.034 - 0.039) / n_r * 21.35 / 100 * n_i
    assert math.isclose(b.loc[SLUTAVR_INN, 2027] - a.loc[SLUTAVR_INN, 2027], forvantat, rel_tol=1e-9)
    assert math.isclose(a.loc[SLUTAVR_INN, 2027], su_r * (1.043 * 1.039 - 1.04 * 1.035) / n_r * 21.35 / 100 * n_i,
                        rel_tol=1e-9)


def test_slutavrakning_per_invanare_oberoende_av_egen_befolkningsprognos():
    """5 §: kr per invånare (per skattekrona) är detsamma för alla kommuner; med justera_riket räknas den på
    rikets summor utan kommunens egen avvikelse."""
    ant = {"prognos": "pahittad_exempel_a", "planar": 1, "upprakningsfaktorer": {2027: [1.04, 1.035]}}
    bas = _sob_ar("1881", 2026, ant, enhet="kr")
    n27 = bas.attrs["folkmangd"][2027]
    dubbel = _sob_ar("1881", 2026, {**ant, "folkmangd": {2027: 2 * n27}}, enhet="kr")
    su_r = SU[("00", 2026)] * 1.041
    n_r = riket_folkmangd_1nov(2026) * 1.003
    s = skattesatser(2026).set_index("kommunkod").loc["1881", "kommun"]
    kr_inv = su_r * (1.043 * 1.039 - 1.04 * 1.035) / n_r * s / 100
    assert math.isclose(bas.loc[SLUTAVR_INN, 2027], kr_inv * n27, rel_tol=1e-9)
    assert math.isclose(dubbel.loc[SLUTAVR_INN, 2027], kr_inv * 2 * n27, rel_tol=1e-9)


def test_egen_skattesats_per_ar_och_hallen_skattesats():
    ant = {"prognos": "pahittad_exempel_a", "planar": 2}
    bas = _sob_ar("1880", 2026, ant, enhet="kr")
    assert bas.attrs["skattesats"] == {2026: 21.35, 2027: 21.35, 2028: 21.35}
    hojd = _sob_ar("1880", 2026, {**ant, "skattesats": {2027: 22.35}}, enhet="kr")
    assert math.isclose(hojd.loc[KOMMUNALSKATT, 2027], bas.loc[KOMMUNALSKATT, 2027] * 22.35 / 21.35)
    assert hojd.loc[INKOMSTUTJ, 2027] == bas.loc[INKOMSTUTJ, 2027]  # länsvis sats, inte egen (SKR)


# ------------------------------------------------------------------ marginalintäkt

def test_marginalintakt_mot_handrakning_lekeberg_2026():
    F = 1.08569
    su_i, n_i = SU[("1814", 2026)], _n("1814", 2026)
    su_r, n_r = SU[("00", 2026)], riket_folkmangd_1nov(2026)
    s = skattesatser(2026).set_index("kommunkod").loc["1814", "kommun"]

    def iu(su_k, n_k, su_rk, n_rk):  # bidrag, förordning 2004:881 2 §: Örebro län 19,00 %
        return 0.19 * (1.15 * F * su_rk / n_rk * n_k - F * su_k)

    personer = pd.DataFrame({"aldersgrupp": ["0 år", "25–64 år", "85+ år"], "inkomst": [0.0, 300_000.0, 150_000.0],
                             "standardkostnad": [120_000.0, 20_000.0, 250_000.0], "medelstandardkostnad": 60_000.0})
    ut = marginalintakt("1814", 2026, personer)
    for i, p in personer.iterrows():
        d_iu = iu(su_i + p.inkomst / F, n_i + 1, su_r + p.inkomst / F, n_r + 1) - iu(su_i, n_i, su_r, n_r)
        assert math.isclose(ut.loc[i, "inkomstutjamning"], d_iu, abs_tol=0.01)
        assert math.isclose(ut.loc[i, "skatt"], p.inkomst * s / 100)
        assert ut.loc[i, "regleringspost"] == 2799  # SCB 2026, samma för alla kommuner
        assert ut.loc[i, "kostnadsutjamning"] == p.standardkostnad - 60_000
        assert math.isclose(ut.loc[i, "summa"], ut.loc[i, ["skatt", "inkomstutjamning", "regleringspost",
                                                             "strukturbidrag", "kostnadsutjamning"]].sum())
    # Docstringens exempel: ungefär 0,19 × 1,15 × MSK för en person utan inkomst, och intäkten skiljer sig kraftigt.
    # (Skillnaden, ≈ 52 kr, är personens egen sänkning av medelskattekraften: 0,19 × 1,15 × MSK × N_kommun / N_riket.)
    assert abs(ut.loc[0, "inkomstutjamning"] - 0.19 * 1.15 * ut.attrs["medelskattekraft"]) < 100
    assert ut["summa"].max() - ut["summa"].min() > 100_000


def test_marginalintakt_rakneexemplet_i_docstringen_lekeberg_2026():
    """Docstringens exempel, för hand ur SCB-data: Lekeberg 2026, bidragssats 19,00 % (förordning 2004:881 2 §),
    F 2026 = 1,08569, skattesats 21,43 % (SCB 2026), regleringsbidrag 2 799 kr/inv, strukturbidrag 0."""
    msk = 1.08569 * SU[("00", 2026)] / riket_folkmangd_1nov(2026)
    assert round(msk) == 293_568
    assert round(0.19 * 1.15 * msk) == 64_145
    assert round(1.15 * msk) == 337_603 and round(0.19 * (1.15 * msk - 300_000)) == 7_145
    assert round(300_000 * 21.43 / 100) == 64_290
    ut = marginalintakt("1814", 2026, pd.DataFrame({"inkomst": [0.0, 300_000.0]}))
    assert ut.attrs["skattesats"] == 21.43
    assert 0 < 64_145 - ut.loc[0, "inkomstutjamning"] < 100  # "≈ 52 kr mindre": personen sänker medelskattekraften
    assert ut.loc[1, "skatt"] == 64_290
    assert abs(ut.loc[1, "inkomstutjamning"] - 7_145) < 5
    assert (ut["regleringspost"] == 2799).all() and (ut["strukturbidrag"] == 0).all()
    assert abs(ut.loc[1, "summa"] - (64_290 + 7_145 + 2_799)) < 5  # ≈ 74 234 kr
    assert ut.attrs["kostnadsutjamning_kalla"] is None and any("satt till 0" in a for a in ut.attrs["anmarkningar"])


def test_marginalintakt_eftersläpning_inkomsten_kommer_in_efter_tva_ar():
    """Skatten för inkomstår t går till kommunen där personen bodde 1 nov t−1; underlaget år t är inkomstår t−2."""
    personer = pd.DataFrame({"inkomst": [300_000.0] * 3 + [0.0], "ar_sedan_inflytt": [0, 1, 2, 0]})
    ut = marginalintakt("1814", 2026, personer)
    assert ut.loc[0, "skatt"] == 0 and ut.loc[1, "skatt"] == 0 and ut.loc[2, "skatt"] == 64_290
    assert ut.loc[0, "inkomstutjamning"] == ut.loc[3, "inkomstutjamning"]  # som en invånare utan inkomst
    assert ut.loc[0, "inkomst"] == 300_000  # personens inkomst redovisas oförändrad
    with pytest.raises(IndataFel, match="ar_sedan_inflytt"):
        marginalintakt("1814", 2026, pd.DataFrame({"inkomst": [0.0], "ar_sedan_inflytt": [-1]}))


def test_marginell_kostnadsutjamning_per_aldersgrupp_hand_grundskola():
    """Lagens parametrar på SYNTETISKA indata (2024). Grundskola 7 a, 7 c, 7 d §§: ett barn 7–15 år mer ger
    Δ(ÅE·N) = c₇₋₁₅ (rikets kostnad per barn); med glesbygdsindex g och löneindex l blir kommunens
    standardkostnad (P+1)·U·c₇₋₁₅/(N+1)·g·(1 + 0,688·max(l − 100, 0)/100) högre än för en invånare utan barn,
    U = KPIF 2023 och 2024 ur bilagan (6,0 och 2,7 %, SFS 2023:683)."""
    from xlmodel import exempeldata
    from xlmodel.kostnadsutjamning import DELMODELLER, kostnadsutjamning
    from xlmodel.budget import ALDERSGRUPPER, standardkostnad_per_aldersgrupp
    indata = exempeldata.kostnadsutjamning(2024)
    hel = kostnadsutjamning(indata, 2024)
    rad = indata["kommun"].set_index("kommunkod").loc[["1814"]].reset_index()
    rad["barn_6_15_t7"] = rad["barn_6"] + rad["barn_7_15"]  # ingen förändring av antalet barn (7 e § ger 0)
    riket = {**indata["riket"], **hel.attrs["riket"]}
    pub = hel.loc["1814", list(DELMODELLER["kommun"])].to_dict()
    tab = standardkostnad_per_aldersgrupp(rad, 2024, riket, pub)
    assert list(tab.index) == list(ALDERSGRUPPER)
    N, P = rad.loc[0, "folkmangd"], rad.loc[0, "folkmangd_1nov"]
    g, l = rad.loc[0, "glesbygdsindex_grundskola"], rad.loc[0, "loneindex_grundskola"]
    c715 = riket["grundskola.kostnad_per_barn_7_15"]
    forvantat = (P + 1) * 1.060 * 1.027 * c715 / (N + 1) * g * (1 + 0.688 * max(l - 100, 0) / 100)
    assert math.isclose(tab.loc["13–15 år", "grundskola"] - tab.loc["0 år", "grundskola"], forvantat, rel_tol=1e-9)
    # Delmodeller som gruppen inte berör är desamma som för en invånare utan åldersvariabler.
    andra = [d for d in DELMODELLER["kommun"] if d != "grundskola"]
    pd.testing.assert_series_equal(tab.loc["13–15 år", andra], tab.loc["0 år", andra], check_names=False)
    # Lag 2004:773 9–10 §§: ändringen i bidraget = personens standardkostnad − SK̄.
    for grupp in tab.index:
        assert math.isclose(tab.loc[grupp, "kostnadsutjamning"],
                            tab.loc[grupp, list(DELMODELLER["kommun"])].sum() - riket["strukturkostnad_medel"])
    assert tab.loc["90– år, ensamboende", "kostnadsutjamning"] > tab.loc["20–64 år", "kostnadsutjamning"]
    # I marginalintäkten: per åldersgrupp, märkt som syntetiskt när reserven används.
    ut = marginalintakt("1814", 2026, pd.DataFrame({"aldersgrupp": ["1–5 år", "90– år, ensamboende"], "inkomst": 0.0}),
                        kostnad="syntetisk", kostnadsar=2024)
    assert ut.attrs["kostnadsutjamning_kalla"].startswith("SYNTETISK")
    assert any("SYNTETISKA" in a for a in ut.attrs["anmarkningar"])
    egen = marginalintakt("1814", 2026, pd.DataFrame({"aldersgrupp": ["13–15 år"], "inkomst": 0.0}),
                          kostnad={"rad": rad, "riket": riket, "publicerad": pub}, kostnadsar=2024)
    assert egen.loc[0, "kostnadsutjamning"] == tab.loc["13–15 år", "kostnadsutjamning"]
    with pytest.raises(IndataFel, match="aldersgrupp"):
        marginalintakt("1814", 2026, pd.DataFrame({"aldersgrupp": ["85+"], "inkomst": 0.0}), kostnad="syntetisk",
                       kostnadsar=2024)


# ------------------------------------------------------------------ reform

def test_reformjamforelse_sou_2024_50_hand_orebro_2026():
    """SOU 2024:50 (förslag): garantinivå 116 %. Bara inkomstutjämningen och summorna ändras."""
    jmf = jamfor_reform("1880", 2026, "sou_2024_50", {"lss_utjamning": -300, "fastighetsavgift": 150e6}, enhet="kr",
                        kolumner="ar")
    skillnad = jmf[(2026, "Skillnad")]
    assert set(skillnad.index[skillnad.abs() > 1e-6]) == {INKOMSTUTJ, SUMMA_BIDRAG, SUMMA, SCB_SUMMA}
    F, n = 1.08569, _n("1880", 2026)
    msk = F * SU[("00", 2026)] / riket_folkmangd_1nov(2026)
    sk = F * SU[("1880", 2026)] / n
    lag, reform = round(0.19 * (1.15 * msk - sk)), round(0.19 * (1.16 * msk - sk))
    assert math.isclose(skillnad[INKOMSTUTJ], (reform - lag) * n)
    assert math.isclose(jmf[(2026, "Lag")][INKOMSTUTJ], lag * n)


# ------------------------------------------------------------------ indata och fel

def test_kommun_utanfor_orebro_lan_kraver_data_och_fungerar_med_data():
    utan = _sob_ar("0180", 2026)  # alla 290 kommuner medföljer; delarna utan data är "ej angivet"
    assert np.isnan(utan.loc[KOSTNADSUTJ, 2026]) and KOSTNADSUTJ in utan.attrs["ej_angivna"]
    # Stockholm: skattekraft 130 % av medelskattekraften ger avgift (16,98 % Stockholms län, förordning 2004:881
    # 3 § i lydelse SFS 2023:683).
    msk = 1.08569 * SU[("00", 2026)] / riket_folkmangd_1nov(2026)
    n = 1_000_000
    su = 1.30 * msk * n / 1.08569
    block = _sob_ar("0180", 2026, {"folkmangd": n, "skatteunderlag": su, "kostnadsutjamning": -1000,
                                              "strukturbidrag": 0, "inforandebidrag": 0, "justera_riket": False},
                    enhet="kr")
    # Rikets summor justeras inte med kommunens egna värden (justera_riket=False), så MSK är oförändrad.
    forvantat = -round(0.1698 * (1.30 - 1.15) * msk)
    assert block.attrs["inkomstutjamning_kr_per_inv"][2026] == forvantat
    assert block.loc[KOSTNADSUTJ, 2026] == -1000 * n


def test_fel_ger_tydliga_meddelanden():
    with pytest.raises(IndataFel, match="okänd nyckel 'skattsats'"):
        _sob_ar("1880", 2026, {"skattsats": 21})
    with pytest.raises(IndataFel, match="planår"):
        _sob_ar("1880", 2026, {"planar": 9})
    assert np.isnan(_sob_ar("1880", 2015).loc[KOMMUNALSKATT, 2015])  # skattesatsen 2015 medföljer inte: ej angivet
    with pytest.raises(IndataFel, match="År 2035 ligger efter prognosen harledd_ur_scb, som täcker utjämningsår t.o.m. 2034"):
        _sob_ar("1880", 2030, {"planar": 5})
    with pytest.raises(IndataFel, match=r"skattesatsen anges i procent, t.ex. 21,35 \(inte som andel 0,2135\)"):
        _sob_ar("1880", 2026, {"skattesats": 0.2135})
    with pytest.raises(IndataFel, match="text"):
        _sob_ar("1880", 2026, {"skattesats": "21,35"})
    with pytest.raises(IndataFel, match="Okänd kommunkod"):
        _sob_ar("9999", 2026)
    with pytest.raises(IndataFel, match="enhet"):
        _sob_ar("1880", 2026, enhet="Mkr")


def test_prognosfilerna_laddas_och_exempel_heter_pahittad():
    namn = prognoser()[1:]
    assert prognoser()[0] == "harledd_ur_scb"
    assert "pahittad_exempel_a" in namn and "pahittad_exempel_b" in namn
    assert all(n.startswith(("pahittad_", "skr_cirkular_")) for n in namn)


def test_prognosfilerna_har_kalla_och_exemplen_ar_markta():
    """Varje årgång säger varifrån talen kommer; exemplen är märkta som påhittade, SKR-årgångar har en källa."""
    import yaml
    from importlib import resources
    for namn in prognoser()[1:]:  # den första är den härledda (ingen fil)
        with (resources.files("xlmodel.budget") / "prognoser" / f"{namn}.yaml").open(encoding="utf-8") as f:
            om = yaml.safe_load(f)["om_prognosen"]
        assert om["kalla"]
        if namn.startswith("pahittad_"):
            assert "PÅHITTAD" in om["status"] and "PÅHITTAD" in om["namn"] and "påhittade" in om["status"]
        else:
            assert "skr.se" in om["kalla"]


def test_pkv_ur_prognosen_till_resursfordelningens_prisupprakning():
    from xlmodel.budget import prisupprakning_ur_prognos
    # xlmodel/budget/prognoser/pahittad_exempel_a.yaml, pkv i procent: 3,0; 3,1; 3,2; 3,2; 3,2 → andelar (÷ 100)
    assert prisupprakning_ur_prognos("pahittad_exempel_a") == {2026: 0.03, 2027: 0.031, 2028: 0.032, 2029: 0.032,
                                                               2030: 0.032}
    assert prisupprakning_ur_prognos({"pkv": {2027: 2.5}}) == {2027: 0.025}


def test_kr_per_inv_och_kombinerad_enhet():
    ant = {"lss_utjamning": -300, "fastighetsavgift": 150e6}
    block = _sob_ar("1880", 2026, ant, enhet="mnkr_och_kr_per_inv")
    assert list(block.columns) == [(2026, "mnkr"), (2026, "kr/inv")]
    assert block.loc[LSS, (2026, "kr/inv")] == -300
    assert block.loc[REGLERING, (2026, "kr/inv")] == 2799


def test_alla_kommuner_samma_som_en_i_taget():
    from xlmodel.budget import skatter_och_bidrag_alla
    ant = {"lss_utjamning": -300, "fastighetsavgift": 100e6}
    alla = skatter_och_bidrag_alla(2025, antaganden=ant, kolumner="ar")
    assert sorted(alla.index.get_level_values("kommunkod").unique()) == sorted(UTJ.kommunkod.unique())
    pd.testing.assert_frame_equal(alla.loc["1885"], _sob_ar("1885", 2025, ant), check_names=False)
    per_kommun = skatter_och_bidrag_alla(2025, ["1814", "1860"], {"1814": ant, "1860": {**ant, "lss_utjamning": 0}},
                                         kolumner="ar")
    assert per_kommun.loc[("1860", LSS), 2025] == 0.0 and per_kommun.loc[("1814", LSS), 2025] < 0


def test_budgetar_efter_data_skrivs_fram_fran_senaste_utfall():
    ant = {"prognos": "pahittad_exempel_a", "fastighetsavgift": {2025: 140e6}, "lss_utjamning": -300}
    fran_2026 = _sob_ar("1880", 2026, {**ant, "planar": 2}, enhet="kr")
    fran_2028 = _sob_ar("1880", 2028, ant, enhet="kr")
    # samma år, samma tal; utom "slutavräkning året innan": ej angiven för ett budgetår, 0 för ett planår
    pd.testing.assert_series_equal(fran_2028[2028].drop(SLUTAVR_FG), fran_2026[2028].drop(SLUTAVR_FG))
    assert fran_2028.loc[FASTIGHET, 2028] == 140e6  # beloppet hålls från senast angivna år
    assert any("fastighetsavgift" in a for a in fran_2028.attrs["anmarkningar"])
    # Rikets takt: kommunens folkmängd följer rikets (0,3 % per år i exempelprognosen).
    assert math.isclose(fran_2028.attrs["folkmangd"][2028], _n("1880", 2026) * 1.003 ** 2)


def test_ej_angivna_delar_ger_en_synlig_anmarkning():
    """Aldrig tyst: när summaraderna räknas utan LSS-utjämning och fastighetsavgift (ingen medföljande data)
    varnar motorn med samma svenska text som attrs["summa_not"]; när allt är angivet kommer ingen varning."""
    import warnings

    import xlmodel

    with pytest.warns(xlmodel.Anmarkning, match="kommun 1880: Summorna omfattar inte: slutavräkning året innan, "
                      "övriga generella statsbidrag, LSS-utjämning"):
        block = _sob_ar("1880", 2026)
    assert block.attrs["ej_angivna"] == [SLUTAVR_FG, OVRIGA, "LSS-utjämning", "Kommunal fastighetsavgift"]
    with warnings.catch_warnings():
        warnings.simplefilter("error", xlmodel.Anmarkning)
        _sob_ar("1880", 2026, {"lss_utjamning": {2026: -250}, "fastighetsavgift": {2026: 160e6},
                               "ovriga_bidrag": {2026: 0}, "bokford_slutavrakning": {2025: 0}})
