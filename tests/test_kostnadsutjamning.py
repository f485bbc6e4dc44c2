"""Kostnadsutjämning: handräknade fall med tre kommuner per delmodell (förordning 2004:881), bilagans
kontrolltal (law_cost_a.md §7) och felhantering.

De tre kommunerna A, B, C har 100 000, 20 000 och 50 000 invånare; övriga kolumner kommer ur de SYNTETISKA
exempeldata och påverkar inte den delmodell som prövas. Förväntade värden räknas här med lagens tal.
"""
import math

import numpy as np
import pytest

import xlmodel.exempeldata as exempeldata
from xlmodel.fel import IndataFel, ParameterFel
from xlmodel.kostnadsutjamning import kostnadsutjamning

N = np.array([100_000.0, 20_000.0, 50_000.0])
U_2024 = 1.060 * 1.027  # bilagan SFS 2023:683: KPIF 2023 (6,0) och 2024 (2,7)
U_2021 = 1.003 * 1.012  # bilagan SFS 2020:983: KPIF 2020 (0,3) och 2021 (1,2)
KPIF_2017_2024 = [2.0, 2.1, 1.7, 0.5, 2.4, 7.7, 6.0, 2.7]
F_2016_2024 = math.prod(1 + x / 100 for x in KPIF_2017_2024)  # "från år 2016 till och med utjämningsåret"
F_2016_2022 = math.prod(1 + x / 100 for x in KPIF_2017_2024[:6])  # "till två år före utjämningsåret"


@pytest.fixture(scope="module")
def exempel_2024():
    return exempeldata.kostnadsutjamning(2024)


def zero(x):
    """Invånarbaserat avdrag, räknat för hand: x − Σ x·N / Σ N."""
    x = np.asarray(x, dtype=float)
    return x - (x * N).sum() / N.sum()


def tre(koder=("1880", "1814", "2584"), ar=2024, **kolumner):
    ind = exempeldata.kostnadsutjamning(ar, kommunkoder=koder)
    ind["kommun"]["folkmangd"] = N
    for namn, v in kolumner.items():
        ind["kommun"][namn] = v
    return ind


def rakna(ind, ar=2024, **kw):
    return kostnadsutjamning(ind, ar, detaljer=True, delmangd=True, **kw)


# ---------------------------------------------------------------- bilagans kontrolltal (law_cost_a.md §7)

@pytest.mark.parametrize("ar, belopp", [(2021, (13000 * 1.020 * 1.021 * 1.017, 15600 * 1.020 * 1.021 * 1.017)),
                                        (2024, (13000 * F_2016_2022, 15600 * F_2016_2022))])
def test_ersattningsbelopp_uppraknat_till_t_minus_2(ar, belopp):
    """6 g, 7 e, 8 e §§: 13 000 och 15 600 kr (2016) × KPIF till t−2. law_cost_a.md §7.2: 2024 15 260,61 och
    18 312,73 kr; 2021 13 768,61 och 16 522,34 kr."""
    from xlmodel.kostnad.gemensamma import Aggregat, Kontext
    from xlmodel.parametrar import parametrar

    k = Kontext(ar=ar, p=parametrar(), agg=Aggregat(), N=N)
    publicerat = {2024: (15260.61, 18312.73), 2021: (13768.61, 16522.34)}[ar]
    assert k.ersattningsbelopp("forskola.ersattningsbelopp_2016") == pytest.approx(publicerat[0], abs=0.01)
    assert k.ersattningsbelopp("grundskola.ersattningsbelopp_2016") == pytest.approx(publicerat[1], abs=0.01)
    assert k.ersattningsbelopp("grundskola.ersattningsbelopp_2016") == pytest.approx(belopp[1])


# law_cost_a.md §7.1 och law_cost_b.md §10.1: rikets vägda medelvärde = tabellens summa × U_t.
KONTROLL = {
    2021: {"forskola": 8502 * U_2021, "grundskola": 11892 * U_2021, "gymnasieskola": 4057 * U_2021,
           "vuxenutbildning": 684 * U_2021, "individ_och_familjeomsorg": 4492 * U_2021,
           "aldreomsorg": 10977 * U_2021},
    2024: {"forskola": 9639.73, "grundskola": 14169.48, "gymnasieskola": 4764.89, "vuxenutbildning": 726.11,
           "individ_och_familjeomsorg": 5323.35, "aldreomsorg": 11692 * U_2024},
}


@pytest.mark.parametrize("ar", [2021, 2024])
def test_rikets_medel_per_delmodell_ar_uppraknad_genomsnittlig_standardkostnad(ar):
    """law_cost_a.md §7.1 (2021: 8 629,84 / 12 070,81 / 4 118,00 / 694,28; 2024: 9 639,73 / 14 169,48 /
    4 764,89 / 726,11) och law_cost_b.md §10.1 (IFO 2024 5 323): alla tillägg är nollsummor."""
    ind = exempeldata.kostnadsutjamning(ar)
    ut = rakna(ind, ar)
    if ar == 2021:
        assert KONTROLL[2021]["forskola"] == pytest.approx(8629.84, abs=0.01)
        assert KONTROLL[2021]["grundskola"] == pytest.approx(12070.81, abs=0.01)
        assert KONTROLL[2021]["gymnasieskola"] == pytest.approx(4118.00, abs=0.01)
        assert KONTROLL[2021]["vuxenutbildning"] == pytest.approx(694.28, abs=0.01)
    w = ut["folkmangd"]
    for delmodell, mal in KONTROLL[ar].items():
        exakt = (ut[f"{delmodell}_exakt"] * w).sum() / w.sum()
        avrundat = (ut[delmodell] * w).sum() / w.sum()
        assert exakt == pytest.approx(mal, abs=0.01), delmodell
        assert abs(avrundat - mal) <= 0.5, delmodell


def test_halso_och_sjukvard_rikets_medel_2024():
    """22 §: K bestäms så att det vägda medelvärdet = Ḡ_HoS; 26 406 × 1,060 × 1,027 ≈ 28 746 (law_cost_b §10.1)."""
    ind = exempeldata.kostnadsutjamning(2024)
    ut = kostnadsutjamning(ind, 2024, niva="region", detaljer=True)
    w = ut["folkmangd"]
    assert (ut["halso_och_sjukvard_exakt"] * w).sum() / w.sum() == pytest.approx(26406 * U_2024, abs=1e-6)
    assert round(26406 * U_2024) == 28746


# ---------------------------------------------------------------- förskola 6–6 g §§

def test_forskola_handraknad():
    b15, b612, b15_t7 = [6000, 1000, 3000], [9000, 1600, 4500], [6000, 800, 3300]
    ind = tre(barn_1_5=b15, barn_6_12=b612, barn_1_5_t7=b15_t7,
              index_behov_forskola=[1.10, 0.90, 1.00], index_behov_fritidshem=[1.0, 1.2, 1.0],
              glesbygdsindex_forskola=[1.0, 1.3, 1.0], loneindex_forskola=[103.0, 99.0, 100.0],
              andel_1_5_foraldrar_ej_eftergymnasial=[0.2, 0.4, 0.3], andel_1_5_lag_disponibel_inkomst=[0.1, 0.1, 0.1],
              andel_1_5_foralder_kort_uppehallstillstand=[0.05, 0.02, 0.02])
    ut = rakna(ind)
    # 6 a §: genomsnittskostnad per barn; pedagogisk omsorg (86) fördelad på barn 1–12 år (25 100).
    c15 = 7146 * 170_000 / 10_000 + 86 * 170_000 / 25_100
    c612 = 1623 * 170_000 / 15_100 + 86 * 170_000 / 25_100
    ae15 = np.array(b15) / N * c15
    ae612 = np.array(b612) / N * c612
    assert ut["forskola.aldersersattning_1_5"].to_numpy() == pytest.approx(ae15 * U_2024)
    assert ut["forskola.aldersersattning_6_12"].to_numpy() == pytest.approx(ae612 * U_2024)
    # 6 b §: ÅE × (index − 1), avdrag.
    t2 = zero(ae15 * [0.10, -0.10, 0.0])
    assert ut["forskola.behov_forskola"].to_numpy() == pytest.approx(t2 * U_2024)
    t3 = zero(ae612 * [0.0, 0.2, 0.0])  # 6 c §: ÅE 6–12 × (index för behov av fritidshem − 1), avdrag
    assert ut["forskola.behov_fritidshem"].to_numpy() == pytest.approx(t3 * U_2024)
    # 6 d §: index = medel av tre kvoter mot rikets andel (vägd med barn 1–5 år).
    r1 = np.array([0.2, 0.4, 0.3]) / ((0.2 * 6000 + 0.4 * 1000 + 0.3 * 3000) / 10_000)
    r2 = np.array([0.1, 0.1, 0.1]) / 0.1
    r3 = np.array([0.05, 0.02, 0.02]) / ((0.05 * 6000 + 0.02 * 1000 + 0.02 * 3000) / 10_000)
    t4 = zero((r1 + r2 + r3) / 3 * 0.05 * ae15)
    assert ut["forskola.socioekonomi"].to_numpy() == pytest.approx(t4 * U_2024)
    t5 = zero(ae15 * [0.0, 0.3, 0.0])  # 6 e §: ÅE 1–5 × (glesbygdsindex för förskola − 1), avdrag
    assert ut["forskola.gles_bebyggelse"].to_numpy() == pytest.approx(t5 * U_2024)
    # 6 f §: (103 − 100)/100 × 0,738 × (6 § 1–5) för A; B och C under 100 ger bara avdraget.
    just = (ae15 + ae612 + t2 + t3 + t4 + t5) * 0.738
    t6 = zero([0.03 * just[0], 0.0, 0.0])
    assert ut["forskola.lonekostnad"].to_numpy() == pytest.approx(t6 * U_2024)
    # 6 g §: riket 10 100 → 10 000 (−0,99 %); A 0 %, B +25 % (motsatt riktning: 25 − 2 = 23 procentenheter
    # × 800 barn), C −9,09 % (samma riktning: 9,09 − 0,99 − 2 = 6,10 procentenheter × 3 300 barn).
    d_r = (10_000 - 10_100) / 10_100
    e = [0.0, 0.25 - 0.02, (300 / 3300) - abs(d_r) - 0.02]
    t7 = zero(np.array(e) * b15_t7 * 13000 * F_2016_2022 / N)
    assert ut["forskola.forandring_barn_1_5"].to_numpy() == pytest.approx(t7 * U_2024)
    total = (ae15 + ae612 + t2 + t3 + t4 + t5 + t6 + t7) * U_2024
    assert ut["forskola"].to_numpy() == pytest.approx(np.floor(total + 0.5))


# ---------------------------------------------------------------- grundskola 7–7 e §§

def test_grundskola_handraknad():
    b6, b715, utl = [1200, 250, 600], [10_500, 2_300, 5_200], [2_000, 100, 500]
    ind = tre(barn_6=b6, barn_7_15=b715, barn_6_15_t7=[11_700, 2_550, 5_800], barn_7_15_utlandsk_bakgrund=utl,
              glesbygdsindex_grundskola=[1.0, 1.2, 1.0], loneindex_grundskola=[101.0, 100.0, 100.0])
    ind["riket"].update(lararlon_manad=36_000, modersmal_sva_larare=7_000, modersmal_sva_elever=300_000)
    ut = rakna(ind)
    ae = (np.array(b6) * 765 * 170_000 / 2_050 + np.array(b715) * 12251 * 170_000 / 18_000) / N  # 7 a §
    assert ut["grundskola.aldersersattning"].to_numpy() == pytest.approx(ae * U_2024)
    c_msa = 36_000 * 1.3925 * 12 * 7_000 / 300_000  # bilagan: lön inkl. 39,25 % pålägg × 12 × lärare/elever
    assert c_msa == pytest.approx(14_036.4)
    t2 = zero(np.array(utl) / N * c_msa)  # 7 b §
    assert ut["grundskola.modersmal_sva"].to_numpy() == pytest.approx(t2 * U_2024)
    t3 = zero(ae * [0.0, 0.2, 0.0])  # 7 c §: ÅE × (glesbygdsindex − 1), avdrag
    assert ut["grundskola.sma_skolor_skolskjutsar"].to_numpy() == pytest.approx(t3 * U_2024)
    t4 = zero([0.01 * 0.688 * (ae + t2 + t3)[0], 0.0, 0.0])  # 7 d §
    assert ut["grundskola.lonekostnad"].to_numpy() == pytest.approx(t4 * U_2024)
    # 7 e §: ingen förändring i någon kommun (11 700 → 11 700 osv.): tillägget noll.
    assert ut["grundskola.forandring_barn_6_15"].to_numpy() == pytest.approx([0, 0, 0], abs=1e-9)


def test_lasningar_justerad_lonekostnad_och_socioekonomiskt_medelvarde():
    """Läsningar (gemensamma.LASNINGAR) där lagtexten är oklar, handräknade med tre kommuner.

    7 d §: "Den justerade lönekostnaden beräknas som summan av 7 § 1-3". Standard ("efter_avdrag", ordagrant):
    7 § 2 och 3 som de står efter sina invånarbaserade avdrag; "fore_avdrag": före avdragen.
    Bilagan, 6 d §: kvot mot "medelvärdet för motsvarande grupp i landet". Standard "riket": andelen i riket
    (vägd med barn 1–5 år); "kommunmedel": ovägt medel av de tre kommunernas andelar (0,3; 0,1; 0,03)."""
    b6, b715, utl = [1200, 250, 600], [10_500, 2_300, 5_200], [2_000, 100, 500]
    ind = tre(barn_6=b6, barn_7_15=b715, barn_6_15_t7=[11_700, 2_550, 5_800], barn_7_15_utlandsk_bakgrund=utl,
              glesbygdsindex_grundskola=[1.0, 1.2, 1.0], loneindex_grundskola=[101.0, 100.0, 100.0],
              barn_1_5=[6000, 1000, 3000], andel_1_5_foraldrar_ej_eftergymnasial=[0.2, 0.4, 0.3],
              andel_1_5_lag_disponibel_inkomst=[0.1, 0.1, 0.1],
              andel_1_5_foralder_kort_uppehallstillstand=[0.05, 0.02, 0.02])
    ind["riket"].update(lararlon_manad=36_000, modersmal_sva_larare=7_000, modersmal_sva_elever=300_000)
    ae = (np.array(b6) * 765 * 170_000 / 2_050 + np.array(b715) * 12251 * 170_000 / 18_000) / N  # 7 a §
    t2_fore = np.array(utl) / N * 14_036.4  # 7 b §, före avdrag
    t3_fore = ae * [0.0, 0.2, 0.0]  # 7 c §, före avdrag
    ut = rakna(ind)
    lon = zero([0.01 * 0.688 * (ae + zero(t2_fore) + zero(t3_fore))[0], 0.0, 0.0])
    assert ut["grundskola.lonekostnad"].to_numpy() == pytest.approx(lon * U_2024)
    ut_f = rakna(ind, lasningar={"justerad_lonekostnad": "fore_avdrag", "socioekonomi_medelvarde": "kommunmedel"})
    lon_f = zero([0.01 * 0.688 * (ae + t2_fore + t3_fore)[0], 0.0, 0.0])
    assert ut_f["grundskola.lonekostnad"].to_numpy() == pytest.approx(lon_f * U_2024)
    assert lon_f[0] != pytest.approx(lon[0])
    # Socioekonomiskt index med kommunmedel: (andel/0,3 + 1 + andel/0,03) / 3.
    c15 = 7146 * 170_000 / 10_000 + 86 * 170_000 / (10_000 + ind["kommun"]["barn_6_12"].sum())
    ae15 = np.array([6000, 1000, 3000]) / N * c15
    index = (np.array([0.2, 0.4, 0.3]) / 0.3 + 1 + np.array([0.05, 0.02, 0.02]) / 0.03) / 3
    assert ut_f["forskola.socioekonomi"].to_numpy() == pytest.approx(zero(index * 0.05 * ae15) * U_2024)
    assert ut_f.attrs["riket"]["forskola.andel_1_5_foraldrar_ej_eftergymnasial_riket"] == pytest.approx(0.3)
    with pytest.raises(IndataFel, match="justerad_lonekostnad='x' är ogiltig"):
        rakna(ind, lasningar={"justerad_lonekostnad": "x"})


# ---------------------------------------------------------------- gymnasieskola 8–8 e §§

def test_gymnasieskola_programvalsfaktor_handraknad():
    """8 c § och bilagan: PVF_j = (programkostnad + ej inskrivna × kostnad per elev − ungdomar × kostnad per
    ungdom) / N, medel av t−2 och t−3. Med lika data båda åren är programvalet PVF."""
    prog, elever, ej, y = [450e6, 80e6, 200e6], [3_600, 700, 1_700], [400, 100, 100], [4_000, 800, 1_800]
    kol = dict(ungdomar_16_18=y, ungdomar_16_18_t3=y, ungdomar_16_18_t7=y, glesbygdsindex_gymnasieskola=[1, 1, 1],
               loneindex_gymnasieskola=[100, 100, 100])
    for j in ("t2", "t3"):
        kol.update({f"gy_programkostnad_{j}": prog, f"gy_elever_{j}": elever, f"gy_ej_inskrivna_{j}": ej})
    ut = rakna(tre(**kol))
    c_elev = 730e6 / 6_000
    c_ungdom = (730e6 + 600 * c_elev) / 6_600
    pvf = (np.array(prog) + np.array(ej) * c_elev - np.array(y) * c_ungdom) / N
    assert ut["gymnasieskola.programval"].to_numpy() == pytest.approx(pvf * U_2024)
    assert (pvf * N).sum() == pytest.approx(0, abs=1e-3)  # summerar till noll i riket
    ae = np.array(y) / N * 4377 * 170_000 / 6_600  # 8 a §
    assert ut["gymnasieskola.aldersersattning"].to_numpy() == pytest.approx(ae * U_2024)


def test_programkostnad_ur_elever_per_program():
    """Bilagan: introduktionsprogram 111 523 kr (2016) × riksprislistans utveckling."""
    import pandas as pd
    from xlmodel.kostnad.gymnasieskola import programkostnad

    elever = pd.DataFrame({"kommunkod": ["1880", "1880", "1814"], "program": ["NA", "introduktionsprogram", "NA"],
                           "elever": [100, 10, 20]})
    ut = programkostnad(elever, {"NA": 100_000}, 1.10, 2024).set_index("kommunkod")
    assert ut.loc["1880", "gy_programkostnad"] == pytest.approx(100 * 100_000 + 10 * 111_523 * 1.10)
    assert ut.loc["1814", "gy_elever"] == 20
    with pytest.raises(IndataFel, match="kostnad saknas för programmet 'TE'"):
        programkostnad(elever.assign(program="TE"), {"NA": 1}, 1.0, 2024)


def test_grundskola_forandring_barn_6_15():
    """7 e §: barn 6–15 år 31 dec t−7 → t−2. Riket 20 200 → 20 050 (−0,743 %). A oförändrad; B ökade
    (2 000 → 2 550, +27,5 %) när landet minskade: 27,5 − 2 = 25,5 procentenheter × 2 000 barn; C minskade som
    landet (6 500 → 5 800, −10,77 %): 10,77 − 0,743 − 2 = 8,03 procentenheter × 6 500 barn. 15 600 kr (2016)
    uppräknat till t−2, därefter avdrag."""
    ut = rakna(tre(barn_6=[1_200, 250, 600], barn_7_15=[10_500, 2_300, 5_200], barn_6_15_t7=[11_700, 2_000, 6_500]))
    d_r = (20_050 - 20_200) / 20_200
    e = np.array([0.0, 0.275 - 0.02, 700 / 6_500 - abs(d_r) - 0.02])
    assert e[2] == pytest.approx(0.08027, abs=1e-5)
    t5 = zero(e * [11_700, 2_000, 6_500] * 15_600 * F_2016_2022 / N)
    assert ut["grundskola.forandring_barn_6_15"].to_numpy() == pytest.approx(t5 * U_2024)
    assert t5[1] > 0 and (t5 * N).sum() == pytest.approx(0, abs=1e-6)


def test_gymnasieskola_resor_lon_och_forandring_handraknad():
    """8 b, 8 d, 8 e §§ med programval noll (kostnader i proportion till ungdomarna)."""
    y = [4_000, 800, 1_800]
    kol = dict(ungdomar_16_18=y, ungdomar_16_18_t3=y, ungdomar_16_18_t7=[3_900, 600, 2_000],
               glesbygdsindex_gymnasieskola=[1.0, 1.4, 1.1], loneindex_gymnasieskola=[102.0, 98.0, 100.0])
    for j in ("t2", "t3"):  # programkostnad 100 000 kr per ungdom, alla inskrivna: programvalsfaktorn 0
        kol.update({f"gy_programkostnad_{j}": [4e8, 8e7, 1.8e8], f"gy_elever_{j}": y, f"gy_ej_inskrivna_{j}": [0, 0, 0]})
    ut = rakna(tre(**kol))
    assert ut["gymnasieskola.programval"].to_numpy() == pytest.approx([0, 0, 0], abs=1e-9)
    ae = np.array(y) / N * 4377 * 170_000 / 6_600  # 8 a §
    assert ut["gymnasieskola.aldersersattning"].to_numpy() == pytest.approx(ae * U_2024)
    resor = zero(ae * [0.0, 0.4, 0.1])  # 8 b §: ÅE × (glesbygdsindex − 1), avdrag
    assert ut["gymnasieskola.resor_inackordering"].to_numpy() == pytest.approx(resor * U_2024)
    # 8 d §: (102 − 100)/100 × 0,678 × (8 § 1–3) för A; B under 100 ger inget tillägg; avdrag.
    lon = zero([0.02 * 0.678 * (ae + resor)[0], 0.0, 0.0])
    assert ut["gymnasieskola.lonekostnad"].to_numpy() == pytest.approx(lon * U_2024)
    # 8 e §: riket 6 500 → 6 600 (+1,54 %). A +2,56 % som landet: 2,56 − 1,54 − 2 < 0, inget. B +33,3 % som
    # landet: 33,33 − 1,54 − 2 = 29,80 procentenheter × 600. C −10 % mot landet: 10 − 2 = 8 × 2 000.
    d_r = 100 / 6_500
    e = np.array([0.0, 200 / 600 - d_r - 0.02, 0.10 - 0.02])
    forandring = zero(e * [3_900, 600, 2_000] * 15_600 * F_2016_2022 / N)
    assert ut["gymnasieskola.forandring_ungdomar_16_18"].to_numpy() == pytest.approx(forandring * U_2024)


# ---------------------------------------------------------------- IFO 9–9 a §§

def test_ifo_modellvarde_och_korrigeringsfaktor():
    x = dict(ifo_lag_inkomststandard_0_19=[0.10, 0.20, 0.05], ifo_lagutbildade_20_40=[0.08, 0.10, 0.06],
             tatortsbefolkning=[40_000, 10_000, 90_000], ifo_flerfamiljshus_1965_1975=[0.10, 0.0, 0.20],
             ohalsotal=[25, 35, 20], ifo_granspendling=[0.0, 0.01, 0.0], loneindex_ifo=[100, 100, 102])
    ut = rakna(tre(**x))
    # Bilagan punkt 1–7:
    m = np.array([
        488.71 + 11523.54 * 0.10 + 26610.39 * 0.08 + 2.60 * 200 + 2797.15 * 0.10 + 17.29 * 25,
        488.71 + 11523.54 * 0.20 + 26610.39 * 0.10 + 2.60 * 100 + 0 + 17.29 * 35 - 495.53 * 0.01,
        488.71 + 11523.54 * 0.05 + 26610.39 * 0.06 + 2.60 * 300 + 2797.15 * 0.20 + 17.29 * 20,
    ])
    assert m[0] == pytest.approx(5001.86, abs=0.01)
    K = 4890 * U_2024 / ((m * N).sum() / N.sum())
    assert ut["individ_och_familjeomsorg.modellvarde_korrigerat"].to_numpy() == pytest.approx(m * K)
    lon = zero([0, 0, 0.02 * m[2] * K * 0.578])  # 9 a §
    assert ut["individ_och_familjeomsorg.lonekostnad"].to_numpy() == pytest.approx(lon)
    assert ut.attrs["riket"]["individ_och_familjeomsorg.korrigeringsfaktor"] == pytest.approx(K)


# ---------------------------------------------------------------- vuxenutbildning 10–13 a §§

def test_vuxenutbildning_handraknad():
    p1, p2, p3 = [1_000, 300, 400], [4_000, 1_200, 2_000], [1_500, 100, 400]
    e, b = [0.80, 0.75, 0.85], [58_000, 11_000, 29_000]
    ut = rakna(tre(vux_utan_grundlaggande_20_56=p1, vux_utan_gymnasial_20_56=p2, sfi_malgrupp_20_64=p3,
                   andel_sysselsatta_20_64=e, befolkning_20_64=b))
    k1 = np.array(p1) * 136 * 170_000 / 1_700 / N  # 11 §
    k2 = np.array(p2) * 259 * 170_000 / 7_200 / N  # 12 §
    k3 = np.array(p3) * 272 * 170_000 / 2_000 / N  # 13 §
    s = k1 + k2 + k3
    e_r = (0.80 * 58_000 + 0.75 * 11_000 + 0.85 * 29_000) / 98_000
    k4 = zero(s * e_r / np.array(e) - s)  # 13 a §
    assert ut["vuxenutbildning.sysselsattning"].to_numpy() == pytest.approx(k4 * U_2024)
    assert ut["vuxenutbildning_exakt"].to_numpy() == pytest.approx((s + k4) * U_2024)


# ---------------------------------------------------------------- äldreomsorg 14–14 f §§

def test_aldreomsorg_handraknad():
    grupper = dict(sammanboende_65_79=[8_000, 2_000, 4_000], sammanboende_80_89=[1_500, 500, 800],
                   sammanboende_90_w=[200, 80, 100], ensamboende_65_79=[4_000, 800, 2_000],
                   ensamboende_80_89=[1_800, 500, 900], ensamboende_90_w=[500, 120, 200])
    ut = rakna(tre(**grupper, avlidna_faktiska=[900, 300, 400], avlidna_forvantade=[1_000, 280, 400],
                   fodda_utanfor_norden_65_w=[1_000, 50, 300], tatortsgrad=[0.95, 0.40, 0.90],
                   invanare_per_km2=[400, 4, 100], glesbygdsindex_aldreomsorg=[1.0, 1.25, 1.05],
                   loneindex_aldreomsorg=[104.0, 97.0, 100.0]))
    kostnad = dict(sammanboende_65_79=6948, sammanboende_80_89=47954, sammanboende_90_w=129050,
                   ensamboende_65_79=32678, ensamboende_80_89=127094, ensamboende_90_w=258543)
    okorr = sum(np.array(grupper[g]) / N * kostnad[g] for g in kostnad)  # 14 a §
    ae = okorr * 11692 / ((okorr * N).sum() / N.sum())  # korrigeringsfaktor: vägt medel = Ḡ_ÄO
    assert ut["aldreomsorg.aldersersattning"].to_numpy() == pytest.approx(ae * U_2024)
    assert (ae * N).sum() / N.sum() == pytest.approx(11692)
    n65 = sum(np.array(v) for v in grupper.values())
    # 14 b §: D = −100, +20, 0; färre avlidna än förväntat halveras.
    dod = zero(ae * np.array([-100, 20, 0]) / n65 * [0.5, 1, 1])
    assert ut["aldreomsorg.dodlighet"].to_numpy() == pytest.approx(dod * U_2024)
    # 14 d §: glesbygdsfaktor 0,95²·20 = 18,05; 0,40²·2 = 0,32 < 0,8; 0,81·10 = 8,1.
    inst = zero([0, (0.08 - 0.32 / 10) * ae[1], 0])
    assert ut["aldreomsorg.institutionsboende_glesbygd"].to_numpy() == pytest.approx(inst * U_2024)
    # 14 c §: 5 % × Ḡ·N_R/N65_R × födda utanför Norden / N.
    norden = zero(0.05 * 11692 * 170_000 / n65.sum() * np.array([1_000, 50, 300]) / N)
    assert ut["aldreomsorg.fodda_utanfor_norden"].to_numpy() == pytest.approx(norden * U_2024)
    # 14 e §: korrigerad ÅE × (glesbygdsindex − 1), avdrag.
    hemtjanst = zero(ae * [0.0, 0.25, 0.05])
    assert ut["aldreomsorg.hemtjanst_glesbygd"].to_numpy() == pytest.approx(hemtjanst * U_2024)
    # 14 f §: (104 − 100)/100 × 0,739 × (14 § 1–5) för A; B (97) inget tillägg; avdrag.
    lon = zero([0.04 * 0.739 * (ae + dod + norden + inst + hemtjanst)[0], 0.0, 0.0])
    assert ut["aldreomsorg.lonekostnad"].to_numpy() == pytest.approx(lon * U_2024)


# ---------------------------------------------------------------- infrastruktur 15 §, verksamhetsövergripande 16–20 a §§

def test_infrastruktur_enligt_bilagans_listor_2024():
    """law_cost_b.md §10.1: Stockholm (44+580)×1,277924 = 797; Dorotea (103+65+700) = 1 109;
    Göteborg (44+193) = 303."""
    assert F_2016_2024 == pytest.approx(1.277924, abs=1e-6)
    ut = rakna(tre(koder=("0180", "2425", "1480")))
    assert list(ut["infrastruktur"]) == [797, 1109, 303]
    # 20 a §: Dorotea 1 900 kr (2016) → 2 428 kr; 20 §: Västerbotten 52 kr → 66,45; Stockholm 73; Göteborg 18.
    assert ut.loc["2425", "verksamhetsovergripande.administration"] == pytest.approx(1900 * F_2016_2024)
    assert ut.loc["2425", "verksamhetsovergripande.byggnation"] == pytest.approx(52 * F_2016_2024)
    assert ut.loc["1480", "verksamhetsovergripande.byggnation"] == pytest.approx(18 * F_2016_2024)
    assert ut.loc["0180", "verksamhetsovergripande.administration"] == 0


def test_infrastruktur_och_byggnation_kommun_fore_lan():
    """15 §, 20 §, 20 a § och bilagan: kommunens eget belopp går före länets ("Om inget annat anges").
    Tierp (Uppsala län): klimattillägg 66 (kommunen nämns, länet annars 44), ortstillägg 0, räddningstjänst 0,
    byggnation −7 (Uppsala). Umeå (Västerbotten): 103 + 128 (nämns, länet annars 65) + 0, byggnation 52.
    Örnsköldsvik (Västernorrland): 66 + 128 + 150, byggnation 11. Borås (Västra Götaland, ej bland de 12):
    44 + 65 + 0, byggnation −79. Kinda (Östergötland): 44 + 0 + 300, byggnation −37, administration 950.
    Gotland: 44 + 0 + 0, byggnation −117. Allt i 2016 års prisnivå × KPIF 2017–2024, hela kronor (5 §)."""
    ut = rakna(tre(koder=("0360", "2480", "2284")))
    infra_2016 = np.array([66 + 0 + 0, 103 + 128 + 0, 66 + 128 + 150])
    assert list(ut["infrastruktur"]) == list(np.floor(infra_2016 * F_2016_2024 + 0.5))
    assert list(ut["infrastruktur"]) == [84, 295, 440]
    assert ut["verksamhetsovergripande.byggnation"].to_numpy() == pytest.approx(np.array([-7, 52, 11]) * F_2016_2024)
    assert list(ut["verksamhetsovergripande.administration"]) == [0, 0, 0]
    ut = rakna(tre(koder=("1490", "0513", "0980")))
    assert ut["infrastruktur.klimattillagg"].to_numpy() == pytest.approx(np.array([44, 44, 44]) * F_2016_2024)
    assert ut["infrastruktur.ortstillagg"].to_numpy() == pytest.approx(np.array([65, 0, 0]) * F_2016_2024)
    assert ut["infrastruktur.raddningstjanst"].to_numpy() == pytest.approx(np.array([0, 300, 0]) * F_2016_2024)
    assert ut["verksamhetsovergripande.byggnation"].to_numpy() == pytest.approx(
        np.array([-79, -37, -117]) * F_2016_2024)
    assert ut["verksamhetsovergripande.administration"].to_numpy() == pytest.approx(
        np.array([0, 950, 0]) * F_2016_2024)


def test_infrastruktur_2021_raknas_upp_med_2021_ars_lista():
    """Bilagan: "från år 2016 till och med utjämningsåret" med listan i utjämningsårets bilaga. 2021 (SFS
    2020:983): 2,0; 2,1; 1,7; 0,3; 1,2 → 1,075049. Stockholm (44 + 580) → 670,83 → 671; Dorotea (103 + 65 +
    700) → 933,14 → 933; Göteborg (44 + 193) → 254,79 → 255. (Med 2024 års lista för 2017–2021, där 2020 är
    0,5 och 2021 2,4: 680 / 946 / 258.)"""
    f_2021 = 1.020 * 1.021 * 1.017 * 1.003 * 1.012
    assert f_2021 == pytest.approx(1.075049, abs=1e-6)
    ut = rakna(tre(koder=("0180", "2425", "1480"), ar=2021), ar=2021)
    assert list(ut["infrastruktur"]) == [671, 933, 255]


def test_befolkningsminskning_jamfors_inte_med_riket():
    """17 §: bara kommunens egen minskning över två procentenheter räknas; ingen jämförelse med landet (till
    skillnad från 6 g, 7 e, 8 e, 25 c §§) och inget invånarbaserat avdrag. Alla tre minskar (riket 182 000 →
    170 000, −6,6 %). Ordagrant: (minskningen − 2 % av folkmängden t−12) personer × 200 kr / invånare t−2:
    A (5 000 − 2 100) × 200 / 100 000 = 5,80; B (5 000 − 500) × 200 / 20 000 = 45; C (2 000 − 1 040) × 200 /
    50 000 = 3,84. Läsning "procentenheter": 200 × (4,762 − 2), 200 × 18, 200 × (3,846 − 2)."""
    ind = tre(folkmangd_t12=[105_000, 25_000, 52_000])
    ut = rakna(ind)
    assert ut["verksamhetsovergripande.befolkningsminskning"].to_numpy() == pytest.approx([5.80, 45.0, 3.84])
    ut = rakna(ind, lasningar={"befolkningsforandring": "procentenheter"})
    assert ut["verksamhetsovergripande.befolkningsminskning"].to_numpy() == pytest.approx(
        [200 * (500 / 105 - 2), 200 * 18, 200 * (200 / 52 - 2)])


def test_uppvarmning_och_befolkningsminskning():
    ind = tre(uppvarmningsindex=[1.10, 0.95, 1.0], folkmangd_t12=[90_000, 25_000, 50_000])
    ut = rakna(ind)
    # 19 §: 356 × (index − 1) i 2016 års prisnivå, uppräknat; inget avdrag.
    assert ut["verksamhetsovergripande.uppvarmning"].to_numpy() == pytest.approx(
        np.array([35.6, -17.8, 0.0]) * F_2016_2024)
    # 17 §: B minskade 20 %: 18 procentenheter över tröskeln. Ej uppräknat.
    # Läsning "antal_personer": 0,18 × 25 000 personer × 200 kr / 20 000 invånare = 45 kr/inv.
    assert ut["verksamhetsovergripande.befolkningsminskning"].to_numpy() == pytest.approx([0, 45, 0])
    # Läsning "procentenheter": 200 kr × 18 = 3 600 kr/inv.
    ut_b = rakna(ind, lasningar={"befolkningsforandring": "procentenheter"})
    assert ut_b["verksamhetsovergripande.befolkningsminskning"].to_numpy() == pytest.approx([0, 3600, 0])


def test_efterslapning_handraknad():
    """18 § och bilagan, ar 2024: B (Lekeberg, Örebro län) växte 1,5 %/år 2019→2022 (1 nov) och 2 % sista året.
    Uppräknad folkmängd U = 20 000 + (400 − 240) = 20 160. Inkomstutjämningen 2023 omräknas med U:
    MSK = 4 000 mdkr × F_2023 / 20 miljoner; bidrag = (1,15·MSK − SU·F/U) × 19,00 % (Örebro läns sats)."""
    ind = tre(folkmangd_1nov_t6=[100_000, 18_800, 50_000], folkmangd_1nov_t2=[100_000, 20_000, 50_000],
              folkmangd_1nov=[100_000, 20_400, 50_000], skatteunderlag_fg=[2.2e10, 4.0e9, 1.1e10],
              inkomstutjamning_fg=[0, 9_000, 0], ovrig_utjamning_fg=[0, 1_000, 0])
    ind["riket"].update(skatteunderlag_fg=4.0e12, folkmangd_1nov_fg=20_000_000)
    ut = rakna(ind)
    F = 1.048 * 1.047  # SFS 2022:1422 (utjämningsår 2023)
    msk = 4.0e12 * F / 20_000_000
    U = 20_160
    iu = 0.19 * (1.15 * msk - 4.0e9 * F / U)
    iu = math.floor(iu + 0.5)  # förordningen 4 §: hela kronor
    tillagg = ((iu + 1_000) * U - (9_000 + 1_000) * 20_000) / 20_000
    assert ut["verksamhetsovergripande.efterslapning"].to_numpy() == pytest.approx([0, tillagg, 0])


# ---------------------------------------------------------------- kollektivtrafik 26–26 a §§

def test_kollektivtrafik_lan_och_fordelning():
    """26 §: S_l = V_l·K; kommunernas andel hälften (Stockholm 40 %). 26 a § 1 för Västerbotten (24)."""
    koder = ("0180", "2480", "2425")  # Stockholm, Umeå, Dorotea
    ind = tre(koder=koder, boende_tatort_over_11000=[0, 80_000, 0], avstand_mellan_invanare=[0, 900, 4_000],
              pendlingsavstand=[0, 10_000, 30_000])
    ind["lan"] = ind["lan"].assign(boende_tatort_over_11000=[900_000, 90_000], andel_pendlare_over_kommungrans=[0.4, 0.2],
                                   avstand_mellan_invanare=[1_000, 2_500])
    ut = rakna(ind)
    v = np.array([23.10668 + 0.0006133 * 900_000 + 28.33119 * 0.4 + 16.09601 * 1_000 ** 0.5,
                  23.10668 + 0.0006133 * 90_000 + 28.33119 * 0.2 + 16.09601 * 2_500 ** 0.5])
    n_lan = np.array([100_000, 70_000])
    S = v * 2947 * U_2024 / ((v * n_lan).sum() / n_lan.sum())
    assert ut.loc["0180", "kollektivtrafik_exakt"] == pytest.approx(0.4 * S[0])
    vk = np.array([4574.97 - 1114.609 * math.log(80_000) + 65.1762 * math.log(80_000) ** 2 + 22.12085 * 30
                   + 0.016393 * 10_000,
                   4574.97 + 22.12085 * 4_000 ** 0.5 + 0.016393 * 30_000])  # T11 = 0: logaritmtermer noll
    w = vk * np.array([20_000, 50_000])
    kr = 0.5 * S[1] * 70_000 * w / w.sum() / np.array([20_000, 50_000])
    assert ut.loc[["2480", "2425"], "kollektivtrafik_exakt"].to_numpy() == pytest.approx(kr)
    reg = kostnadsutjamning(ind | {"region": ind["region"].assign(folkmangd=n_lan)}, 2024, niva="region",
                            delmangd=True)
    assert reg["kollektivtrafik"].to_numpy() == pytest.approx(np.floor(np.array([0.6, 0.5]) * S + 0.5))


def test_kollektivtrafik_sodermanland_regeringens_beslut():
    """26 a § 3: i Södermanlands län fördelas kommunernas andel (hälften, 26 §) efter regeringens beslut.
    Med bara län 04 i indata är K = Ḡ·U_t / V_04, så S_04 = Ḡ_koll × U_t = 2 947 × U_2024 kr/inv."""
    ind = tre(koder=("0480", "0484", "0488"), kollektivtrafik_andel=[0.5, 0.3, 0.2])
    ut = rakna(ind)
    S = 2947 * U_2024
    kr = 0.5 * S * 170_000 * np.array([0.5, 0.3, 0.2]) / N
    assert kr == pytest.approx(np.array([0.425, 1.275, 0.34]) * S)  # t.ex. A: ½ × 170 000 × 0,5 / 100 000
    assert ut["kollektivtrafik_exakt"].to_numpy() == pytest.approx(kr)
    ind["kommun"] = ind["kommun"].drop(columns="kollektivtrafik_andel")
    with pytest.raises(IndataFel, match="kolumnen 'kollektivtrafik_andel' krävs för kommun 0480"):
        rakna(ind)


# ---------------------------------------------------------------- regioner 21–25 c §§

def test_halso_och_sjukvard_och_befolkningsforandringar_regioner():
    from xlmodel.kostnad.halso_och_sjukvard import GRUPPER

    ind = exempeldata.kostnadsutjamning(2024, kommunkoder=("1880", "2584", "0180"))
    r = ind["region"]  # län 01, 18, 25
    for g in GRUPPER:
        r[f"hos_{g}"] = 0.0
    r["hos_19_49_lag_inkomst_lag_utbildning"] = [50_000, 10_000, 30_000]
    r["hos_80_89_ensamboende"] = [10_000, 2_000, 8_000]
    r["folkmangd_t3"] = [99_000, 19_500, 49_000]
    r["folkmangd"] = N
    r["index_vard_glesbygd"] = [1.0, 1.0, 1.05]
    r["index_bemanning_glesbygd"] = [1.0, 1.0, 1.1]
    r["loneindex_hos"] = [101.0, 100.0, 100.0]
    r["folkmangd_t12"] = [80_000, 20_000, 50_000]
    # 25 b §: bara region 18 (Örebro) växer: 1 nov 2019 18 800 → 2022 20 000 (1,6 %/år) → 2023 20 400 (+2 %).
    r["folkmangd_1nov_t6"] = [100_000, 18_800, 50_000]
    r["folkmangd_1nov_t2"] = [100_000, 20_000, 50_000]
    r["folkmangd_1nov"] = [100_000, 20_400, 50_000]
    r["skatteunderlag_fg"] = [2.2e10, 4.0e9, 1.1e10]
    r["inkomstutjamning_fg"] = [0, 500, 0]
    r["ovrig_utjamning_fg"] = [0, 100, 0]
    ind["riket"].update(skatteunderlag_fg=4.0e12, folkmangd_1nov_fg=20_000_000)
    ut = kostnadsutjamning(ind, 2024, niva="region", detaljer=True, delmangd=True)
    okorr = (np.array([50_000, 10_000, 30_000]) * 18079 + np.array([10_000, 2_000, 8_000]) * 53830) / np.array(
        [99_000, 19_500, 49_000])  # 22 §
    kv = okorr * 26406 / ((okorr * N).sum() / N.sum())
    vard = zero(kv * [0, 0, 0.05])  # 23 §
    bemanning = zero((kv + vard) * [0, 0, 0.1])  # 24 §: (vårdbehov + vård i glesbygd) × (index − 1), avdrag
    lon = zero([0.01 * 0.706 * (kv + vard + bemanning)[0], 0, 0])  # 25 §
    assert ut["halso_och_sjukvard.vard_glesbygd"].to_numpy() == pytest.approx(vard * U_2024)
    assert ut["halso_och_sjukvard.bemanning_glesbygd"].to_numpy() == pytest.approx(bemanning * U_2024)
    assert ut["halso_och_sjukvard.lonekostnad"].to_numpy() == pytest.approx(lon * U_2024)
    # 25 b § och bilagan: U = 20 000 + (400 − 1,2 % × 20 000) = 20 160; inkomstutjämningen 2023 för regionen
    # omräknad: 10,08 % (Örebro läns regionsats, 2 §) × (1,15 × MSK − SU × F / U), hela kronor (4 §).
    F = 1.048 * 1.047  # SFS 2022:1422 (utjämningsår 2023)
    iu = math.floor(0.1008 * (1.15 * 4.0e12 * F / 20_000_000 - 4.0e9 * F / 20_160) + 0.5)
    tillagg = ((iu + 100) * 20_160 - (500 + 100) * 20_000) / 20_000  # ej uppräknat (5 §), inget avdrag
    assert ut["befolkningsforandringar.efterslapning"].to_numpy() == pytest.approx([0, tillagg, 0])
    assert tillagg > 0
    # 25 c §: riket 150 000 → 170 000 (+13,3 %); län 01 +25 %: 25 − 13,33 − 2 = 9,67 procentenheter ×
    # 80 000 personer × 100 kr / 100 000 invånare.
    over = 0.25 - 20_000 / 150_000 - 0.02
    assert ut["befolkningsforandringar.befolkningsforandring"].to_numpy() == pytest.approx(
        [over * 80_000 * 100 / 100_000, 0, 0])


def test_befolkningsforandringar_regioner_riktningar():
    """25 c §: riket 161 000 → 170 000 (+5,59 %). Region 01 ökar som landet (90 000 → 100 000, +11,11 %):
    (11,11 − 5,59 − 2) procentenheter × 90 000 personer × 100 kr / 100 000 invånare. Region 18 minskar när
    landet ökar (21 000 → 20 000, −4,76 %): (4,76 − 2) procentenheter × 21 000 = 580 personer × 100 / 20 000
    = 2,90 kr. Region 25 oförändrad: 0. Ej uppräknat (5 §), inget avdrag."""
    ind = exempeldata.kostnadsutjamning(2024, kommunkoder=("1880", "2584", "0180"))
    ind["region"]["folkmangd"] = N
    ind["region"]["folkmangd_t12"] = [90_000, 21_000, 50_000]
    ut = kostnadsutjamning(ind, 2024, niva="region", detaljer=True, delmangd=True)
    d_r = 9_000 / 161_000
    a = (10_000 - 0.02 * 90_000 - d_r * 90_000) * 100 / 100_000
    assert a == pytest.approx(3.16894, abs=1e-5)
    assert ut["befolkningsforandringar.befolkningsforandring"].to_numpy() == pytest.approx([a, 2.90, 0.0])


# ---------------------------------------------------------------- strukturkostnad och bidrag, lag 9–10 §§

class _Delmodell:
    """En påhittad delmodell med givna delar (kr/inv), för att pröva 5 § och lag 9–10 §§ för sig."""
    KOLUMNER = RIKET = ()

    def __init__(self, **delar):
        self.delar = {n: np.array(v, dtype=float) for n, v in delar.items()}

    def berakna(self, d, k):
        return self.delar


def test_bidrag_och_avgift_ur_strukturkostnad(monkeypatch):
    """5 §: standardkostnaden per delmodell i hela kronor; lag 3 §: strukturkostnaden är summan; lag 9–10 §§:
    (SK − SK̄) × invånare 1 nov t−1, SK̄ vägd med samma invånare (läsning strukturkostnad_vikt)."""
    import sys

    modul = sys.modules["xlmodel.kostnadsutjamning"]
    monkeypatch.setitem(modul.DELMODELLER, "kommun", {
        "a": _Delmodell(x=[1000.25, 2000.25, 1500.0], y=[0.15, 0.35, 0.5]),  # 1000,4 / 2000,6 / 1500,5
        "b": _Delmodell(x=[300.2, 100.0, -50.7]),
    })
    ut = rakna(tre(folkmangd_1nov=[100_000, 20_000, 50_000]))
    assert list(ut["a"]) == [1000, 2001, 1501] and list(ut["b"]) == [300, 100, -51]
    assert list(ut["strukturkostnad"]) == [1300, 2101, 1450]
    sk_medel = (1300 * 100_000 + 2101 * 20_000 + 1450 * 50_000) / 170_000  # 244,52 mnkr / 170 000
    assert sk_medel == pytest.approx(1438.352941, abs=1e-6)
    assert ut["strukturkostnad_riket"].iloc[0] == pytest.approx(sk_medel)
    assert list(ut["kr_per_inv"]) == [-138, 663, 12]  # −138,35; 662,65; 11,65
    assert list(ut["typ"]) == ["avgift", "bidrag", "bidrag"]
    assert list(ut["belopp"]) == [-13_835_294, 13_252_941, 582_353]  # −138,352941 × 100 000 osv.
    assert ut["belopp"].sum() == 0
    assert ut.attrs["syntetisk"] and "SYNTETISK" in ut.attrs["kalla"]


# ---------------------------------------------------------------- fel

def test_fasta_index_kolumner_ar_indatakolumner():
    """README och FASTA_INDEX_KOLUMNER räknar upp bilagans Fasta index; alla är indatakolumner i sin nivå."""
    from xlmodel.kostnadsutjamning import DELMODELLER, FASTA_INDEX_KOLUMNER

    for niva, kolumner in FASTA_INDEX_KOLUMNER.items():
        alla = {c for m in DELMODELLER[niva].values() for c in m.KOLUMNER}
        assert set(kolumner) <= alla, niva
        assert all(c.startswith(("index_", "glesbygdsindex_", "loneindex_", "uppvarmningsindex")) for c in alla
                   if "index" in c) and set(kolumner) == {c for c in alla if "index" in c}
    assert len(FASTA_INDEX_KOLUMNER["kommun"]) == 12 and len(FASTA_INDEX_KOLUMNER["region"]) == 3


def test_fel_saknad_variabel():
    ind = exempeldata.kostnadsutjamning(2024)
    ind["kommun"] = ind["kommun"].drop(columns=["ohalsotal"])
    with pytest.raises(IndataFel, match="kolumn saknas: ohalsotal"):
        kostnadsutjamning(ind, 2024)


def test_fel_ofullstandig_tabell_och_rikets_storheter():
    """En delmängd räknas inte tyst som hela riket: fel, utom med delmangd=True eller rikets storheter."""
    with pytest.raises(IndataFel, match="kommun: tabellen har 3 av 290 kommuner .*delmangd=True"):
        kostnadsutjamning(tre(), 2024)
    ind = exempeldata.kostnadsutjamning(2024, kommunkoder=("1880", "2584", "0180"))
    with pytest.raises(IndataFel, match="region: tabellen har 3 av 21 regioner"):
        kostnadsutjamning(ind, 2024, niva="region")
    # Med rikets storheter ur en fullständig beräkning blir kommunerna som i den (samma rader).
    alla = exempeldata.kostnadsutjamning(2024)
    full = kostnadsutjamning(alla, 2024)
    ind = alla | {"kommun": alla["kommun"][alla["kommun"]["kommunkod"].isin(["1880", "2584", "0180"])],
                  "riket": full.attrs["riket"]}
    del_ = kostnadsutjamning(ind, 2024)
    assert del_["belopp"].equals(full.loc[del_.index, "belopp"])
    assert del_.attrs["delmangd"] and not full.attrs["delmangd"]
    riket = {n: v for n, v in full.attrs["riket"].items() if not n.startswith("aldreomsorg.")}
    with pytest.raises(IndataFel, match="Rikets värden saknas: aldreomsorg.korrigeringsfaktor, aldreomsorg.dodlighet"):
        kostnadsutjamning(ind | {"riket": riket}, 2024)


@pytest.mark.parametrize("ar", [2019, 2027])
def test_fel_ar_utanfor_modellen(ar):
    with pytest.raises(ParameterFel, match="2020–2026"):
        kostnadsutjamning(exempeldata.kostnadsutjamning(2024), ar)


@pytest.mark.parametrize("ar, sfs", [(2020, "SFS 2019:797"), (2022, "2021:1087"), (2023, "2022:1476"),
                                     (2025, "2024:1070"), (2026, "utjämningsår 2026")])
def test_fel_ar_utan_bilagevarden(exempel_2024, ar, sfs):
    """Bilagans årsvärden saknas (ej funna) för dessa år: ParameterFel som namnger bilagan, aldrig ett tal."""
    with pytest.raises(ParameterFel, match=f"utjämningsår {ar} .*{sfs}.*ej funnen"):
        kostnadsutjamning(exempel_2024, ar)


def test_fel_okand_kommunkod_och_text():
    ind = tre()
    ind["kommun"].loc[1, "kommunkod"] = "0999"
    with pytest.raises(IndataFel, match="rad 2 .*okänd kommunkod 0999"):
        kostnadsutjamning(ind, 2024)
    ind = tre()
    ind["kommun"]["ohalsotal"] = ind["kommun"]["ohalsotal"].astype(object)
    ind["kommun"].loc[0, "ohalsotal"] = "25,3"
    with pytest.raises(IndataFel, match="ohalsotal: texten '25,3'"):
        kostnadsutjamning(ind, 2024)


def test_fel_ovrigt():
    ind = tre()
    with pytest.raises(IndataFel, match="Okänd nivå"):
        kostnadsutjamning(ind, 2024, niva="landsting")
    with pytest.raises(IndataFel, match="Okänd läsning"):
        kostnadsutjamning(ind, 2024, lasningar={"x": 1})
    del ind["riket"]["lararlon_manad"]
    with pytest.raises(IndataFel, match="lararlon_manad"):
        kostnadsutjamning(ind, 2024, delmangd=True)
    with pytest.raises(IndataFel, match="tabellen 'region' saknas"):
        kostnadsutjamning({"kommun": ind["kommun"]}, 2024, niva="region")
