"""Resursfördelningsmodeller: Sjöbos publicerade ramar, seed 000/001/003 och modellernas invarianter."""
import importlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from xlmodel import IndataFel, ParameterFel
from xlmodel.kallor.referensdata import riket_folkmangd_1nov

# modulen, inte funktionen xlmodel.resursfordelning som paketet exporterar
rf = importlib.import_module("xlmodel.resursfordelning")

# Sjöbo äldreomsorg, anchors.md §3.1: (budgetår, åldersklass, publicerad volym, publicerat belopp mnkr)
SJOBO = [
    (2018, "65-79", 3332, 55.0), (2018, "80-89", 874, 83.4), (2018, "90-w", 187, 64.7),
    (2020, "65-79", 3419.5, 60.5), (2020, "80-89", 925.0, 95.0), (2020, "90-w", 186.5, 69.9),
    (2021, "65-79", 3441.0, 61.9), (2021, "80-89", 947.5, 99.1), (2021, "90-w", 197.0, 75.2),
    (2024, "65-79", 3411.0, 74.7), (2024, "80-89", 1054.0, 144.7), (2024, "90-w", 173.0, 65.9),
]
SJOBO_SUMMA = {2018: 203.1, 2020: 225.4, 2021: 236.3, 2024: 285.3}
KOMPONENT = {"65-79": "65-79 år", "80-89": "80-89 år", "90-w": "90- år"}


def sjobo_publicerade_volymer():
    """Sjöbo publicerar budgetårets volym (redan medelvärdet av två årsskiften): volym_ar = årets värde."""
    m = rf.modellkonfiguration("sjobo_aldreomsorg")
    m["volym_ar"] = "arsvarde"
    bef = pd.DataFrame(SJOBO, columns=["ar", "grupp", "antal", "mnkr"]).drop(columns="mnkr")
    return m, bef


def test_sjobo_publicerade_ramar_per_rad_inom_en_tiondels_mnkr():
    m, bef = sjobo_publicerade_volymer()
    res = rf.resursfordelning(m, bef, [2018, 2020, 2021, 2024]).set_index(["ar", "komponent"])
    for ar, grupp, volym, mnkr in SJOBO:
        rad = res.loc[(ar, KOMPONENT[grupp])]
        assert rad["volym"] == volym
        # priserna är publicerade avrundade till 0,1 tkr: högst 0,05 tkr × volym ≈ 0,09 mnkr fel (90+ 2018)
        assert abs(rad["belopp"] / 1e6 - mnkr) <= 0.1, (ar, grupp)
    ramar = rf.ramar(rf.resursfordelning(m, bef, [2018, 2020, 2021, 2024])).set_index("ar")
    for ar, summa in SJOBO_SUMMA.items():
        assert abs(ramar.loc[ar, "ram"] / 1e6 - summa) <= 0.1


def test_sjobo_2018_hand():
    # 16,5 tkr × 3 332 + 95,4 tkr × 874 + 346,4 tkr × 187 (anchors.md §3.1)
    m, bef = sjobo_publicerade_volymer()
    res = rf.resursfordelning(m, bef, 2018)
    assert res["belopp"].sum() == pytest.approx(16_500 * 3332 + 95_400 * 874 + 346_400 * 187)
    assert list(res["belopp_mnkr"]) == [55.0, 83.4, 64.8]  # 64,7764 → 64,8; Sjöbo publicerar 64,7


def test_sjobo_volym_ar_medel_av_tva_arsskiften():
    # anchors.md §3.1: 80–89 år 2024 = (1 021 + 1 087)/2 = 1 054,0; 137,3 tkr × 1 054 = 144,7 mnkr
    m = rf.modellkonfiguration("sjobo_aldreomsorg")
    m["komponenter"] = {"80-89 år": m["komponenter"]["80-89 år"]}
    bef = pd.DataFrame({"grupp": ["80-89", "80-89"], "ar": [2023, 2024], "antal": [1021, 1087]})
    res = rf.resursfordelning(m, bef, 2024)
    assert res["volym"].iloc[0] == 1054.0
    assert res["belopp"].iloc[0] == pytest.approx(137_300 * 1054)
    assert res["belopp_mnkr"].iloc[0] == 144.7


def test_ettarsaldrar_bred_lang_och_dict_ger_samma_volym():
    ar = [2023, 2024]
    aldrar = pd.DataFrame({"alder": range(60, 101)})
    for a in ar:
        aldrar[a] = [10.0 + (a - 2023) for _ in range(60, 101)]  # 10 resp. 11 per ettårsålder
    res = rf.sjobo_aldreomsorg(aldrar, 2024).set_index("komponent")
    # 65–79: 15 åldrar × (10 + 11)/2; 80–89: 10 × 10,5; 90–100: 11 × 10,5
    assert list(res["volym"]) == [15 * 10.5, 10 * 10.5, 11 * 10.5]
    grupper = {"65-79": {2023: 150, 2024: 165}, "80-89": {2023: 100, 2024: 110}, "90-w": {2023: 110, 2024: 121}}
    lang = pd.DataFrame([(g, a, n) for g, s in grupper.items() for a, n in s.items()], columns=["grupp", "ar", "antal"])
    for bef in (grupper, lang, pd.DataFrame(grupper).T):
        assert list(rf.sjobo_aldreomsorg(bef, 2024)["volym"]) == list(res["volym"])


def test_saknat_pris_raknas_upp_med_pkv():
    # 2025 saknar pris: Sjöbos publicerade pris 2024 för 65–79 år, 21,9 tkr (anchors.md §3.1), × 1,03
    # (PKV 2025, antagen) × volym (medel av två årsskiften)
    bef = {"65-79": {2024: 3400, 2025: 3422}, "80-89": {2024: 1087, 2025: 1100}, "90-w": {2024: 170, 2025: 176}}
    res = rf.sjobo_aldreomsorg(bef, 2025, prisupprakning={2025: 0.03}).set_index("komponent")
    assert res.loc["65-79 år", "pris"] == pytest.approx(21.9 * 1.03)
    assert res.loc["65-79 år", "belopp"] == pytest.approx(21_900 * 1.03 * (3400 + 3422) / 2)
    with pytest.raises(ParameterFel, match="prisuppräkning \\(PKV\\) saknas för år 2025"):
        rf.sjobo_aldreomsorg(bef, 2025)


# ------------------------------------------------------------------------------------------- inkrementell
def test_vara_inkrementell_hand():
    # ram_2023 = 100 mnkr × 1,02 + 500 000 × (210 − 200) = 107 mnkr
    # ram_2024 = 107 mnkr × 1,03 + 500 000 × 1,03 × (205 − 210) = 110,21 − 2,575 = 107,635 mnkr
    bef = {"brukare": {2022: 200, 2023: 210, 2024: 205}}
    res = rf.vara(bef, [2023, 2024], priser={"brukare": {2023: 500_000}}, prisupprakning={2023: 0.02, 2024: 0.03},
                  ram_foregaende=100e6)
    ramar = rf.ramar(res).set_index("ar")
    assert ramar.loc[2023, "ram"] == pytest.approx(107e6)
    assert ramar.loc[2024, "ram"] == pytest.approx(107e6 * 1.03 - 515_000 * 5)
    assert ramar.loc[2024, "ram_mnkr"] == 107.6
    assert ramar.loc[2024, "priseffekt"] == pytest.approx(107e6 * 0.03)
    assert ramar.loc[2024, "volymeffekt"] == pytest.approx(-515_000 * 5)
    assert ramar.loc[2024, "forandring"] == pytest.approx(ramar.loc[2024, "ram"] - ramar.loc[2023, "ram"])


def _modell(metod, priser, pkv):
    return {
        "namn": metod, "namnd": "N", "metod": metod, "volym_ar": [0], "prisenhet": "kr",
        "prisupprakning": {a: v for a, v in pkv.items()},
        "komponenter": {f"k{i}": {"grupp": f"g{i}", "pris": {2020: p}} for i, p in enumerate(priser)},
    }


@settings(max_examples=25, deadline=None)
@given(
    priser=st.lists(st.floats(0, 1e6), min_size=1, max_size=4),
    volymer=st.lists(st.lists(st.floats(0, 1e4), min_size=4, max_size=4), min_size=4, max_size=4),
    pkv=st.lists(st.floats(-0.05, 0.1), min_size=3, max_size=3),
    konstant=st.booleans(),
)
def test_inkrementell_och_niva_stammer_overens(priser, volymer, pkv, konstant):
    """Med oförändrade priser och volymer (och även med PKV-uppräknade priser och nya volymer, om ramen
    räknas upp med samma PKV) ger den inkrementella modellen samma ram som modellen på full nivå."""
    if konstant:
        pkv = [0.0, 0.0, 0.0]
        volymer = [[v[0]] * 4 for v in volymer]
    ar = [2020, 2021, 2022, 2023]
    bef = {f"g{i}": dict(zip(ar, volymer[i])) for i in range(len(priser))}
    pkv_ar = dict(zip(ar[1:], pkv))
    niva = rf.ramar(rf.resursfordelning(_modell("niva", priser, pkv_ar), bef, ar)).set_index("ar")["ram"]
    ink = rf.resursfordelning(_modell("inkrementell", priser, pkv_ar), bef, ar[1:], ram_foregaende=niva[2020])
    ink = rf.ramar(ink).set_index("ar")["ram"]
    for a in ar[1:]:
        assert ink[a] == pytest.approx(niva[a], rel=1e-9, abs=1e-3)


# --------------------------------------------------------------------------------- socialnämnden (seed 001)
def test_ifo_paslag_10_procent_fore_2023_och_5_procent_fran_2023():
    # seed 001: standardkostnad (kr/inv) × (1 + påslag) × befolkning. Standardkostnaden är en angiven indata.
    bef = {"invanare": {2022: 19_800, 2023: 20_000}}
    priser = {"ifo": {2022: 4_600, 2023: 4_700}}
    res = rf.resursfordelning("socialnamnden_ifo", bef, [2022, 2023], priser=priser).set_index("ar")
    assert res.loc[2022, "belopp"] == pytest.approx(4_600 * 1.10 * 19_800)
    assert res.loc[2023, "belopp"] == pytest.approx(4_700 * 1.05 * 20_000)
    r = res.loc[2023]
    assert r["volymeffekt"] == pytest.approx(1.10 * 4_600 * 200)
    assert r["priseffekt"] == pytest.approx(1.10 * 100 * 20_000)
    assert r["paslagseffekt"] == pytest.approx(-0.05 * 4_700 * 20_000)
    assert r["forandring"] == pytest.approx(res.loc[2023, "belopp"] - res.loc[2022, "belopp"])


def test_lss_insatser_gange_genomsnittskostnad():
    bef = {"lss_daglig_verksamhet": {2024: 50}, "lss_bostad_vuxna": {2024: 30}}
    m = rf.modellkonfiguration("socialnamnden_lss")
    m["komponenter"] = {k: m["komponenter"][k] for k in ("daglig_verksamhet", "bostad_vuxna")}
    res = rf.resursfordelning(m, bef, 2024, priser={"daglig_verksamhet": 280_000, "bostad_vuxna": 1_100_000})
    assert res["belopp"].sum() == pytest.approx(50 * 280_000 + 30 * 1_100_000)


def test_socialnamnden_flerarsramar_per_kommun_och_ar():
    ar = [2023, 2024, 2025]
    rader = []
    for kod, skala in (("1214", 1.0), ("0180", 40.0)):
        for a in ar:
            tillvaxt = 1 + 0.01 * (a - 2023)
            for grupp, n in [("invanare", 19_000), ("65-79", 3_000), ("80-89", 900), ("90-w", 180),
                             ("hsl_volym", 4_080)] + [(f"lss_{k}", 10) for k in (
                                 "bostad_vuxna", "bostad_barn", "familjehem", "personlig_assistans_lss",
                                 "personlig_assistans_sfb", "daglig_verksamhet", "korttidsvistelse", "korttidstillsyn",
                                 "avlosarservice", "ledsagarservice", "kontaktperson")]:
                rader.append((kod, grupp, a, n * skala * tillvaxt))
    bef = pd.DataFrame(rader, columns=["kommunkod", "grupp", "ar", "antal"])
    priser = {"ifo": 4_700, "65-79 år": 20_000, "80-89 år": 120_000, "90- år": 350_000, "halso_och_sjukvard": 5_000,
              "aldreomsorg_standardkostnad": 2_000,
              **{k: 100_000 for k in ("bostad_vuxna", "bostad_barn", "familjehem", "personlig_assistans_lss",
                                      "personlig_assistans_sfb", "daglig_verksamhet", "korttidsvistelse",
                                      "korttidstillsyn", "avlosarservice", "ledsagarservice", "kontaktperson")}}
    res = rf.socialnamnden(bef, ar, priser=priser)
    ramar = rf.ramar(res).set_index(["kommunkod", "ar"])
    assert set(ramar.index) == {(k, a) for k in ("1214", "0180") for a in ar}
    for kod in ("1214", "0180"):
        s = 40.0 if kod == "0180" else 1.0
        for a in ar:
            t = s * (1 + 0.01 * (a - 2023))
            ram = t * (4_700 * 1.05 * 19_000 + 20_000 * 3_000 + 120_000 * 900 + 350_000 * 180 + 2_000 * 19_000
                       + 5_000 * 4_080 + 11 * 100_000 * 10)
            assert ramar.loc[(kod, a), "ram"] == pytest.approx(ram)
        # konstanta priser och påslag: hela förändringen är volymeffekt
        r = ramar.loc[(kod, 2025)]
        assert r["volymeffekt"] == pytest.approx(ramar.loc[(kod, 2025), "ram"] - ramar.loc[(kod, 2024), "ram"])
        assert r["priseffekt"] == 0 and r["paslagseffekt"] == 0
        # 2022 finns inte i prognosen: förändringen 2023 är okänd, inte noll
        assert np.isnan(ramar.loc[(kod, 2023), "forandring"])


def test_kriterier_checklista():
    """Seed 001:s fyra kriterier (Opåverkbarhet … Tillförlitlig dataförsörjning, "senast i februari")."""
    k = rf.kriterier()
    assert list(k["kriterium"]) == ["Opåverkbarhet", "Låga kostnader", "Stabilitet", "Tillförlitlig dataförsörjning"]
    assert "februari" in k["text"].iloc[3]


def test_bundlade_modeller_tolkas_och_varje_varde_har_kalla():
    katalog = Path(rf.__file__).parent / "modeller"
    assert {"sjobo_aldreomsorg", "vara_socialnamnden", "socialnamnden_ifo"} <= set(rf.modeller())
    for namn in rf.modeller():
        rf._modeller_ur(namn)
    for fil in katalog.glob("*.yaml"):
        def poster(x):
            if isinstance(x, dict):
                if "value" in x:
                    yield x
                else:
                    for v in x.values():
                        yield from poster(v)
        for post in poster(yaml.safe_load(fil.read_text(encoding="utf-8"))):
            assert str(post.get("reference", "")).strip(), (fil.name, post)


# ------------------------------------------------------------------------------------- sparbeting (seed 000)
def test_sparbeting_seed_000():
    """Seed 000: "Socialnämndens nettobudget 2024 uppgår till 1 419,4 mnkr. En besparing om 2,5 procent …
    motsvarar cirka 35,0 mnkr." Sparbetinget är 1 419,4 × 0,025 = 35,485 mnkr (35,5 med seedens en decimal).
    Seedens "cirka 35,0" är 35,485 avrundat till hela mnkr och skrivet med en decimal (35,0 / 0,025 = 1 400 mnkr,
    inte 1 419,4): motorn ger 35,485 mnkr och testet säger det, inte 35,0."""
    atgarder = {"IOP": 2.0e6 + 22.1e6, "Socialtjänstrapport": 1.3e6, "Stockholmsenkäten": 2.0e6,
                "Taltidningen": 1.3e6, "SHIS": 4.0e6}
    res = rf.sparbeting(1_419.4e6, 0.025, atgarder).set_index("post")
    krav = res.loc["Sparbeting (2,5 %)", "belopp"]
    assert krav == pytest.approx(35.485e6)
    assert res.loc["Sparbeting (2,5 %)", "belopp_mnkr"] == 35.5
    assert round(krav / 1e6) == 35  # seedens "cirka 35,0"
    assert res.loc["IOP", "belopp_mnkr"] == 24.1  # seeden: 2,0 + 22,1 = 24,1 mnkr
    assert res.loc["Summa åtgärder", "belopp"] == pytest.approx(32.7e6)
    assert res.loc["Kvar att åtgärda", "belopp"] == pytest.approx(35.485e6 - 32.7e6)


# ------------------------------------------------------------------- generellt bidrag, IFO (seed 002, 003)
def test_2_mdkr_ger_193_kr_per_invanare():
    # seed 003: 2 mdkr fördelat lika per invånare ger 193 kr; rikets folkmängd 1 nov 2020 (utjämningsår 2021)
    kr = rf.statsbidrag_per_invanare(2e9, ar=2021)
    assert kr == pytest.approx(2e9 / riket_folkmangd_1nov(2021))
    assert round(kr) == 193


# seed 003 Tabell 1, för hand: tillskott d = 2e9 / 10 378 449 (rikets folkmängd 1 nov 2020) = 192,707 kr/inv;
# ökat tillägg/avdrag = tillägg/avdrag × d / S med seed 002:s IFO-standardkostnad S (2018: 4 361, 2019: 4 500):
#   S = 4 361: A 1 801 × 192,707 / 4 361 = 79,584; B −1 843 × 192,707 / 4 361 = −81,440; totalt 272,291 / 111,267
#   S = 4 500: A 77,126; B −78,924; totalt 269,833 / 113,783
@pytest.mark.parametrize("standardkostnad, okning_a, okning_b", [(4_361, 79.584, -81.440), (4_500, 77.126, -78.924)])
def test_seed_003_tabell_1(standardkostnad, okning_a, okning_b):
    res = rf.ifo_kostnadsokning({"A": 1_801, "B": -1_843}, 2e9, standardkostnad, ar=2021)
    assert res.loc["A", "tillskott"] == pytest.approx(192.707, abs=1e-3)
    assert round(res.loc["A", "tillskott"]) == 193  # seedens rad A
    assert res.loc["A", "okat_tillagg_avdrag"] == pytest.approx(okning_a, abs=1e-3)
    assert res.loc["B", "okat_tillagg_avdrag"] == pytest.approx(okning_b, abs=1e-3)
    assert res.loc["A", "totalt"] == pytest.approx(192.707 + okning_a, abs=1e-3)
    assert res.loc["B", "totalt"] == pytest.approx(192.707 + okning_b, abs=1e-3)
    # Seedens rad C ("+76 −83") och rad D (276 / 117, dvs. 193 + 83 och 193 − 76) motsäger varandra, och D kräver
    # |ökning A| > |ökning B|. Regeln är proportionell (samma andel d/S av tillägget), så |B| > |A| eftersom
    # 1 843 > 1 801: ingen standardkostnad återger rad D. Testet påstår därför inte seedens 83/76.
    assert (276 - 193, 117 - 193) == (83, -76) != (76, -83)
    assert abs(res.loc["B", "okat_tillagg_avdrag"]) > abs(res.loc["A", "okat_tillagg_avdrag"])


# --------------------------------------------------------------------- självfinansiering (seed 003 fotnot 34)
def test_sjalvfinansiering_hand():
    # seed 003 fotnot 34: avskrivningarna ökar med 1/33 av nyinvesteringarna; grad = (avskrivningar + resultat) /
    # investeringar. Basår: skatter och bidrag 100, avskrivningar 5, investeringar 10; grad 0,8; resultat 2 %; tillväxt 3 %
    res = rf.sjalvfinansiering_simulering(
        skatter_och_bidrag=100, avskrivningar=5, investeringar=10, sjalvfinansieringsgrad=0.8,
        resultatandel=0.02, skatteunderlagstillvaxt={2021: 0.03, 2022: 0.03},
    )
    avskr1 = 5 + 10 / 33
    inv1 = (avskr1 + 0.02 * 103) / 0.8
    avskr2 = avskr1 + inv1 / 33
    inv2 = (avskr2 + 0.02 * 103 * 1.03) / 0.8
    assert res.loc[2021, "investeringar"] == pytest.approx(inv1)
    assert res.loc[2022, "avskrivningar"] == pytest.approx(avskr2)
    assert res.loc[2022, "investeringar"] == pytest.approx(inv2)
    assert np.allclose(res["sjalvfinansieringsgrad"], 0.8)
    assert np.allclose(rf.sjalvfinansieringsgrad(res["avskrivningar"], res["resultat"], res["investeringar"]), 0.8)


@pytest.mark.parametrize("fran", ["foljande_ar", "samma_ar"])
def test_sjalvfinansiering_lagre_resultat_ger_lagre_investeringar(fran):
    tillvaxt = {2021: 0.013, 2022: 0.04, 2023: 0.035}
    kw = dict(skatter_och_bidrag=600e9, avskrivningar=40e9, investeringar=84e9, sjalvfinansieringsgrad=0.7,
              skatteunderlagstillvaxt=tillvaxt, avskrivning_fran=fran)
    hog = rf.sjalvfinansiering_simulering(resultatandel=0.03, **kw)
    lag = rf.sjalvfinansiering_simulering(resultatandel=0.01, **kw)
    assert (lag["investeringar"] < hog["investeringar"]).all()
    assert np.allclose(hog["sjalvfinansieringsgrad"], 0.7)
    if fran == "samma_ar":  # avskrivningen ökar samma år med 1/33 av årets investering
        assert hog.loc[2022, "avskrivningar"] - hog.loc[2021, "avskrivningar"] == pytest.approx(
            hog.loc[2022, "investeringar"] / 33)


# ----------------------------------------------------------------------------------------------------- fel
def test_fel_okand_aldersgrupp():
    with pytest.raises(IndataFel, match="åldersgruppen/volymmåttet '90-w'.*saknas"):
        rf.sjobo_aldreomsorg({"65-79": {2023: 1, 2024: 1}, "80-89": {2023: 1, 2024: 1}, "90+": {2023: 1, 2024: 1}}, 2024)


def test_fel_saknat_ar_i_prognosen():
    bef = {"65-79": {2023: 1, 2024: 1}, "80-89": {2023: 1, 2024: 1}, "90-w": {2023: 1}}
    with pytest.raises(IndataFel, match="år 2024 saknas för gruppen 90-w.*budgetår 2024"):
        rf.sjobo_aldreomsorg(bef, 2024)


def test_fel_negativt_pris():
    m = rf.modellkonfiguration("sjobo_aldreomsorg")
    m["komponenter"]["90- år"]["pris"][2024] = {"value": -1.0, "reference": "test"}
    with pytest.raises(ParameterFel, match="negativt pris"):
        rf.resursfordelning(m, {"90-w": {2024: 1}}, 2024)
    with pytest.raises(IndataFel, match="negativt pris"):
        rf.resursfordelning("socialnamnden_ifo", {"invanare": {2024: 1}}, 2024, priser={"ifo": -5})


def test_fel_okand_modell_och_saknad_indata():
    with pytest.raises(ParameterFel, match="Okänd modell"):
        rf.resursfordelning("finns_inte", {"x": {2024: 1}}, 2024)
    with pytest.raises(IndataFel, match="priser=\\{'ifo'"):
        rf.resursfordelning("socialnamnden_ifo", {"invanare": {2024: 1}}, 2024)
    with pytest.raises(IndataFel, match="ram_foregaende"):
        rf.vara({"brukare": {2023: 1, 2024: 2}}, 2024, priser={"brukare": 1}, prisupprakning={2024: 0.02},
                ram_foregaende=None)


@pytest.mark.parametrize("andring, monster", [
    ({"metod": "linjar"}, "okänd metod"),
    ({"prisenhet": "dollar"}, "okänd prisenhet"),
    ({"komponenter": {"x": {"alder": [90, 80], "pris": {2024: 1}}}}, "ogiltigt åldersintervall"),
    ({"komponenter": {"x": {"pris": {2024: 1}}}}, "ange grupp"),
    ({"paslag": {2024: "5 %"}}, "inget tal"),
])
def test_fel_i_konfiguration(andring, monster):
    m = {**rf.modellkonfiguration("sjobo_aldreomsorg"), **andring}
    with pytest.raises(ParameterFel, match=monster):
        rf.resursfordelning(m, {"90-w": {2024: 1}}, 2024)


def test_fel_i_volymtabellen():
    with pytest.raises(IndataFel, match="rad 2.*inget tal"):
        rf.resursfordelning("socialnamnden_ifo", pd.DataFrame({"grupp": ["invanare"] * 2, "ar": [2023, 2024],
                                                                "antal": [1, "1 000"]}), 2024, priser={"ifo": 1})
    with pytest.raises(IndataFel, match="negativt antal"):
        rf.resursfordelning("socialnamnden_ifo", {"invanare": {2024: -3}}, 2024, priser={"ifo": 1})
    with pytest.raises(IndataFel, match="två gånger"):
        rf.resursfordelning("socialnamnden_ifo", pd.DataFrame({"grupp": ["invanare"] * 2, "ar": [2024, 2024],
                                                                "antal": [1, 2]}), 2024, priser={"ifo": 1})
    with pytest.raises(IndataFel, match="andel"):
        rf.sparbeting(1e9, 2.5)


def test_priser_som_tabell_och_per_modell():
    bef = {"invanare": {2024: 10_000}}
    tabell = pd.DataFrame({"komponent": ["ifo"], "ar": [2024], "pris": [4_000]})
    res = rf.resursfordelning("socialnamnden_ifo", bef, 2024, priser=tabell)
    assert res["belopp"].iloc[0] == pytest.approx(4_000 * 1.05 * 10_000)
    res = rf.resursfordelning("socialnamnden_ifo", bef, 2024, priser={"ifo": 1, "socialnamnden_ifo.ifo": 4_000})
    assert res["belopp"].iloc[0] == pytest.approx(4_000 * 1.05 * 10_000)


def test_ifo_kostnadsokning_per_kommunkod():
    tabell = pd.DataFrame({"kommunkod": ["0180", 1880], "tillagg_avdrag": [500.0, -200.0]})
    res = rf.ifo_kostnadsokning(tabell, 2e9, 4_500, folkmangd=10_000_000)
    assert list(res.index) == ["0180", "1880"]
    assert res.loc["0180", "okat_tillagg_avdrag"] == pytest.approx(500 * 200 / 4_500)
    assert res.loc["1880", "totalt"] == pytest.approx(200 - 200 * 200 / 4_500)
    with pytest.raises(IndataFel, match="okänd kommunkod 9999"):
        rf.ifo_kostnadsokning(pd.DataFrame({"kommunkod": ["9999"], "tillagg_avdrag": [1.0]}), 1e9, 4_500, ar=2021)


def test_inkrementell_ram_ur_konfigurationen_kedjas_genom_mellanliggande_ar():
    # ram_2022 = 100 mnkr; 2023: ×1,02 + 1 000 × (12 − 10); 2024: ×1,01 + 1 000 × 1,01 × (15 − 12)
    m = {"namn": "test", "metod": "inkrementell", "volym_ar": [0], "prisenhet": "kr",
         "prisupprakning": {2023: 0.02, 2024: 0.01}, "ram_foregaende": {"ar": 2022, "value": 100e6, "reference": "test"},
         "komponenter": {"elever": {"grupp": "elever", "pris": {2023: 1_000}}}}
    res = rf.resursfordelning(m, {"elever": {2022: 10, 2023: 12, 2024: 15}}, 2024)
    assert set(res["ar"]) == {2024}
    ram_2023 = 100e6 * 1.02 + 1_000 * 2
    assert rf.ramar(res)["ram"].iloc[0] == pytest.approx(ram_2023 * 1.01 + 1_010 * 3)
    with pytest.raises(IndataFel, match="måste vara senare"):
        rf.resursfordelning(m, {"elever": {2022: 10}}, 2022)


# ------------------------------------------------------------------------- konfigurationens nycklar och priser
@pytest.mark.parametrize("andring, monster", [
    ({"pslag": {2024: 0.05}}, "Modellen sjobo_aldreomsorg: okänd nyckel 'pslag'"),
    ({"komponenter": {"x": {"grupp": "90-w", "prs": {2024: 1}}}}, "komponent 'x': okänd nyckel 'prs'"),
    ({"komponenter": {"x": {"grupp": "90-w", "pris": {2024: {"value": 1, "referens": "x"}}}}}, "okänd nyckel 'referens'"),
    ({"komponenter": {"x": {"grupp": "90-w", "pris": {"indata": "x", "enhet": "kr"}}}}, "okänd nyckel 'enhet'"),
    ({"komponenter": {"x": {"grupp": "90-w", "lss_insats": "bostad", "pris": {2024: 1}}}}, "okänd lss_insats 'bostad'"),
])
def test_okanda_nycklar_i_konfigurationen(andring, monster):
    m = {**rf.modellkonfiguration("sjobo_aldreomsorg"), **andring}
    with pytest.raises(ParameterFel, match=monster):
        rf.resursfordelning(m, {"90-w": {2024: 1}}, 2024)


def test_okand_komponent_i_priser():
    bef = {"invanare": {2024: 10_000}}
    with pytest.raises(IndataFel, match="priser: komponenten 'ifoo' finns inte i modellerna socialnamnden_ifo; "
                                        "kända komponenter: ifo"):
        rf.resursfordelning("socialnamnden_ifo", bef, 2024, priser={"ifo": 4_000, "ifoo": 4_000})
    with pytest.raises(IndataFel, match="komponenten 'socialnamnden_lss.ifo' finns inte"):
        rf.resursfordelning("socialnamnden_ifo", bef, 2024, priser={"socialnamnden_lss.ifo": 4_000})


def test_ifo_paslag_2021_och_2023():
    """Seed 001: 10 % före budget 2023 (startåret okänt; parametern gäller från 2005), 5 % från 2023."""
    bef = {"invanare": {2020: 19_500, 2021: 19_600, 2022: 19_800, 2023: 20_000}}
    res = rf.resursfordelning("socialnamnden_ifo", bef, [2021, 2023], priser={"ifo": {2021: 4_500, 2023: 4_700}},
                              prisupprakning={2022: 0.02}).set_index("ar")
    assert res.loc[2021, "paslag"] == 0.10 and res.loc[2023, "paslag"] == 0.05
    assert res.loc[2021, "belopp"] == pytest.approx(4_500 * 1.10 * 19_600)  # 97 020 000
    assert res.loc[2021, "belopp_mnkr"] == 97.0
    assert res.loc[2023, "belopp"] == pytest.approx(4_700 * 1.05 * 20_000)  # 98 700 000
    assert res.loc[2023, "belopp_mnkr"] == 98.7


def test_andra_aldreomsorgsmodellen():
    """Seed 001: två ÄO-modeller; den andra = standardkostnad för äldreomsorg (kr/inv) × invånare."""
    bef = {"invanare": {2024: 20_000}, "65-79": {2024: 3_000}, "80-89": {2024: 900}, "90-w": {2024: 180}}
    res = rf.resursfordelning("socialnamnden_aldreomsorg_standardkostnad", bef, 2024,
                              priser={"aldreomsorg_standardkostnad": 9_800})
    assert res["belopp"].iloc[0] == 9_800 * 20_000  # 196 mnkr
    assert res["belopp_mnkr"].iloc[0] == 196.0
    priser = {"65-79 år": 20_000, "80-89 år": 120_000, "90- år": 350_000, "aldreomsorg_standardkostnad": 1_000}
    sn = rf.socialnamnden(bef, 2024, priser=priser,
                          delmodeller=["socialnamnden_aldreomsorg", "socialnamnden_aldreomsorg_standardkostnad"])
    assert set(sn["modell"]) == {"socialnamnden_aldreomsorg", "socialnamnden_aldreomsorg_standardkostnad"}
    assert rf.ramar(sn)["ram"].iloc[0] == pytest.approx(20_000 * 3_000 + 120_000 * 900 + 350_000 * 180 + 1_000 * 20_000)
    assert "socialnamnden_aldreomsorg_standardkostnad" in rf.SOCIALNAMNDEN


def test_lss_priser_ur_lss_utjamningens_vikter():
    """Förordning (2008:776) 5 §: bb = 1,25·bv, fh = 0,45·bv, paf = 0,50·pak, kt = 0,55·kv, as = ls = 0,25·kv,
    kp = 0,10·kv. Riktvärden 1 000 000, 600 000, 200 000 och 100 000 kr."""
    pris = rf.lss_priser(2026, riktvarden={"bv": 1_000_000, "pak": 600_000, "dv": 200_000, "kv": 100_000})
    assert pris == pytest.approx({
        "bostad_vuxna": 1_000_000, "bostad_barn": 1_250_000, "familjehem": 450_000,
        "personlig_assistans_lss": 600_000, "personlig_assistans_sfb": 300_000, "daglig_verksamhet": 200_000,
        "korttidsvistelse": 100_000, "korttidstillsyn": 55_000, "avlosarservice": 25_000, "ledsagarservice": 25_000,
        "kontaktperson": 10_000})
    bef = {f"lss_{k}": {2026: 2} for k in pris}
    bef["lss_bostad_barn"] = {2026: 3}
    res = rf.resursfordelning("socialnamnden_lss", bef, 2026, priser=pris)
    assert res["belopp"].sum() == pytest.approx(2 * (1_000_000 + 450_000 + 600_000 + 300_000 + 200_000 + 100_000
                                                     + 55_000 + 25_000 + 25_000 + 10_000) + 3 * 1_250_000)


def test_lss_priser_ur_lss_utjamningens_underlag():
    """Med LSS-utjämningens underlag: de tre kommunerna i test_lss_utjamning ger bv 1 000 000, pak 600 000,
    dv 200 000 och kv 100 000 kr (handräknat där)."""
    from test_lss_utjamning import tre_kommuner

    pris = rf.lss_priser(2026, indata=tre_kommuner(), riket="raderna")
    assert pris["bostad_vuxna"] == pytest.approx(1_000_000)
    assert pris["bostad_barn"] == pytest.approx(1_250_000)
    assert pris["personlig_assistans_sfb"] == pytest.approx(300_000)
    assert pris["kontaktperson"] == pytest.approx(10_000)
    with pytest.raises(IndataFel, match="ange antingen riktvarden"):
        rf.lss_priser(2026)
    with pytest.raises(IndataFel, match="riktvarden: kv saknas"):
        rf.lss_priser(2026, riktvarden={"bv": 1, "pak": 1, "dv": 1})
    with pytest.raises(IndataFel, match="riktvarden: okänd nyckel 'bb'"):
        rf.lss_priser(2026, riktvarden={"bv": 1, "pak": 1, "dv": 1, "kv": 1, "bb": 2})


def test_inkrementell_saknat_foregaende_ar_namnger_budgetaret():
    with pytest.raises(IndataFel, match=r"budgetår 2024 kräver föregående års volym \(år 2023\).*"
                                        r"år 2023 saknas för gruppen brukare"):
        rf.vara({"brukare": {2024: 2}}, 2024, priser={"brukare": 1}, prisupprakning={2024: 0.02}, ram_foregaende=1e6)


# ------------------------------------------------------------------------------- självfinansiering, fel och fall
def test_sjalvfinansiering_oberoende_fall():
    """Basår: skatter och bidrag 1 000, avskrivningar 40, investeringar 50; grad 1,0; resultat 2 %;
    avskrivningstid 25 år; tillväxt 5 % år 2024 och 0 % år 2025.
    Följande år: 2024 A = 40 + 50/25 = 42, R = 0,02 × 1 050 = 21, I = 63; 2025 A = 42 + 63/25 = 44,52, I = 65,52.
    Samma år: 2024 I = (40 + 21)/(1 − 1/25) = 63,541 666…, A = 40 + I/25 = 42,541 666…"""
    kw = dict(skatter_och_bidrag=1_000, avskrivningar=40, investeringar=50, sjalvfinansieringsgrad=1.0,
              resultatandel=0.02, skatteunderlagstillvaxt={2024: 0.05, 2025: 0.0}, avskrivningstid=25)
    f = rf.sjalvfinansiering_simulering(**kw)
    assert f.loc[2024, "skatter_och_bidrag"] == pytest.approx(1_050)
    assert f.loc[2024, "resultat"] == pytest.approx(21)
    assert f.loc[2024, "avskrivningar"] == pytest.approx(42)
    assert f.loc[2024, "investeringar"] == pytest.approx(63)
    assert f.loc[2025, "avskrivningar"] == pytest.approx(44.52)
    assert f.loc[2025, "investeringar"] == pytest.approx(65.52)
    assert f.loc[2025, "investeringar_andel"] == pytest.approx(65.52 / 1_050)
    s = rf.sjalvfinansiering_simulering(**kw, avskrivning_fran="samma_ar")
    assert s.loc[2024, "investeringar"] == pytest.approx(61 / 0.96)
    assert s.loc[2024, "avskrivningar"] == pytest.approx(40 + 61 / 0.96 / 25)


@pytest.mark.parametrize("andring, monster", [
    ({"sjalvfinansieringsgrad": 0}, "måste vara större än noll"),
    ({"sjalvfinansieringsgrad": -0.5}, "måste vara större än noll"),
    ({"avskrivningstid": 0}, "måste vara större än noll"),
    ({"sjalvfinansieringsgrad": 1 / 33, "avskrivning_fran": "samma_ar"}, "större än 1/avskrivningstid"),
    ({"avskrivning_fran": "forra_aret"}, "ange 'foljande_ar' eller 'samma_ar'"),
    ({"skatteunderlagstillvaxt": {2021: 0.01, 2023: 0.02}}, r"åren ska följa på varandra \(fick \[2021, 2023\]\)"),
    ({"skatteunderlagstillvaxt": {}}, "skatteunderlagstillvaxt: ange"),
    ({"skatteunderlagstillvaxt": {2021: -1.0}}, "skatteunderlagstillväxt år 2021: -1 är inte tillåtet"),
    ({"resultatandel": {2021: 0.02}}, "resultatandel saknas för år 2022"),
    ({"resultatandel": "2 %"}, "resultatandel år 2021: texten '2 %' är inget tal"),
    ({"investeringar": -10}, "investeringar: negativt belopp"),
])
def test_sjalvfinansiering_fel(andring, monster):
    kw = dict(skatter_och_bidrag=100, avskrivningar=5, investeringar=10, sjalvfinansieringsgrad=0.8,
              resultatandel=0.02, skatteunderlagstillvaxt={2021: 0.03, 2022: 0.03})
    with pytest.raises(IndataFel, match=monster):
        rf.sjalvfinansiering_simulering(**{**kw, **andring})


@pytest.mark.parametrize("rader_per_kommun", [1, 3, 40])
def test_volymen_summeras_som_pandas_en_kolumn_i_taget(rader_per_kommun):
    """Motorns summa per kommun och år (en gång för alla år) är bit för bit pandas groupby-summa för ett år i taget,
    som motorn räknade förut: decimaler, saknade värden (NaN) och −0 inräknade."""
    from xlmodel.resurs.volymer import _gruppsumma

    rng = np.random.default_rng(rader_per_kommun)
    n, ar = 290, 6
    varden = rng.uniform(0, 1000, size=(n * rader_per_kommun, ar)) / 7
    varden[rng.random(varden.shape) < 0.05] = np.nan
    varden[0, 0] = -0.0
    grupp = np.repeat(np.arange(n), rader_per_kommun)
    ut = _gruppsumma(varden, grupp, n)
    for j in range(ar):
        vantat = pd.Series(varden[:, j]).groupby(grupp).sum().to_numpy()
        assert np.array_equal(ut[:, j], vantat) and np.array_equal(np.signbit(ut[:, j]), np.signbit(vantat))


def test_rad_utan_grupp_raknas_inte():
    """En rad med tom gruppcell (None/NaN) räknas inte (som i en pivottabell): IFO = 4 500 kr × 1,05 × 100 invånare;
    en kommun med bara sådana rader saknar rader."""
    bef = pd.DataFrame({"grupp": ["invanare", None], 2024: [100.0, 5.0]})
    res = rf.resursfordelning("socialnamnden_ifo", bef, 2024, priser={"ifo": 4_500})
    assert res["volym"].tolist() == [100.0] and res["belopp"].iloc[0] == pytest.approx(4_500 * 1.05 * 100)
    bef = pd.DataFrame({"kommunkod": ["0114", "0115"], "grupp": ["invanare", None], 2024: [1.0, 2.0]})
    with pytest.raises(IndataFel, match="inga rader för kommun 0115"):
        rf.resursfordelning("socialnamnden_ifo", bef, 2024, priser={"ifo": 4_500})


def test_volymtabellens_kolumntyper():
    """Kommunkoder som heltal blir fyrställiga koder (en gång per kod); den första ogiltiga koden i radordning och
    ett saknat antal i en nullbar heltalskolumn (pandas Int64) ger fel som säger vad och var."""
    bef = pd.DataFrame({"kommunkod": [114, 115, 114], "grupp": ["invanare", "invanare", "annat"], 2024: [10.0, 20.0, 5.0]})
    res = rf.resursfordelning("socialnamnden_ifo", bef, 2024, priser={"ifo": 4_500})
    assert res["kommunkod"].tolist() == ["0114", "0115"] and res["volym"].tolist() == [10.0, 20.0]
    bef["kommunkod"] = ["0114", "abc", "99999"]
    with pytest.raises(IndataFel, match="Ogiltig kommunkod 'abc'"):
        rf.resursfordelning("socialnamnden_ifo", bef, 2024, priser={"ifo": 4_500})
    bef = pd.DataFrame({"grupp": ["invanare"], 2024: pd.array([pd.NA], dtype="Int64")})
    with pytest.raises(IndataFel, match=r"rad 1 \(grupp invanare, år 2024\), antal: <NA> är inget tal"):
        rf.resursfordelning("socialnamnden_ifo", bef, 2024, priser={"ifo": 4_500})
