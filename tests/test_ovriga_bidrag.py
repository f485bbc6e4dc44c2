"""Strukturbidrag (11–12 §§), införandebidrag (13 §) och regleringspost (15–16 §§) mot SCB-utfall och lagen."""
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import xlmodel
from xlmodel import IndataFel, ParameterFel
from orebro import utfall


@pytest.mark.parametrize("ar", range(2005, 2027))
def test_regleringspost_ar_enhetlig(ar):
    """SCB: regleringsposten är samma kr/inv för alla kommuner (15–16 §§: "enhetligt belopp per invånare"), och
    ``regleringsbidrag`` ger varje kommun just det beloppet per invånare."""
    d = utfall(ar)
    assert len(d) == 12 and d["regleringspost"].nunique() == 1
    r = d["regleringspost"].iloc[0]
    assert (xlmodel.regleringsbidrag(d[["kommunkod", "folkmangd"]], r)["kr_per_inv"] == r).all()


def _folkmangd_31dec() -> pd.DataFrame:
    """SCB:s folkmängd 31 december 2009–2025 per kommun (BE0101; en annan tabell än utjämningens tkr-utfall)."""
    data = Path(xlmodel.__file__).parent / "data"
    d = pd.read_csv(data / "scb_folkmangd_31dec_kommun_2010_2025.csv", dtype={"kommunkod": str}).set_index("kommunkod")
    d09 = pd.read_csv(data / "folkmangd_kommun_2009_2019.csv", dtype={"kommunkod": str}).set_index("kommunkod")
    return d.assign(**{"2009": d09["folkmangd_2009"]})


@pytest.mark.parametrize("ar", range(2011, 2027))
def test_folkmangden_ur_scbs_totaler_stammer_med_oberoende_folkrakning(ar):
    """Den medföljande folkmängden 1 nov t−1 är härledd ur SCB:s utfall (tkr × 1000 / kr/inv), så en jämförelse med
    samma utfall vore cirkulär. Oberoende: den ska ligga mellan SCB:s folkmängd 31 dec t−2 och 31 dec t−1
    (BE0101), högst 1 % utanför (två månaders flyttningar och tkr-avrundning; största avvikelsen 2011–2026 är
    0,6 %, Hällefors 2019: 57 personer). En förväxlad kommun eller ett fel år flyttar talet med många procent."""
    d = utfall(ar).set_index("kommunkod")
    folk = _folkmangd_31dec().loc[d.index]
    a, b = folk[str(ar - 2)], folk[str(ar - 1)]
    utanfor = np.maximum(np.minimum(a, b) - d["folkmangd"], d["folkmangd"] - np.maximum(a, b)).clip(lower=0)
    assert (utanfor / d["folkmangd"]).max() <= 0.01


def test_regleringspost_handraknat_med_oberoende_totaler():
    """15–16 §§, handräknat med illustrativa rikstotaler (inte publicerade siffror), kommuner och regioner.

    Kommuner: anslag A = 100 000 mnkr; övriga delar netto: inkomstutjämning 80 000 mnkr, kostnadsutjämning
    −1 000 mnkr (avgifterna överstiger bidragen), strukturbidrag 1 500 mnkr, införandebidrag 500 mnkr:
    C = 80 000 − 1 000 + 1 500 + 500 = 81 000 mnkr. N = 10 400 000.
    (100 000 − 81 000)·10⁶ / 10 400 000 = 1 826,923… → regleringsbidrag 1 827 kr/inv.
    Regioner: A = 25 000 mnkr, C = 26 300 mnkr (inkomstutjämning 26 000, strukturbidrag 300),
    N = 10 400 000: (25 000 − 26 300)·10⁶ / 10 400 000 = −125,0 → regleringsavgift 125 kr/inv (16 §).
    """
    mnkr = 1e6
    n = 10_400_000
    ck = xlmodel.statens_nettoutgift({"inkomstutjamning": 80_000 * mnkr, "kostnadsutjamning": -1_000 * mnkr,
                                      "strukturbidrag": 1_500 * mnkr, "inforandebidrag": 500 * mnkr})
    assert ck == 81_000 * mnkr
    rk = xlmodel.regleringspost(100_000 * mnkr, ck, n)
    assert rk == 1_827
    assert xlmodel.regleringspost(100_000 * mnkr, ck, n, avrunda=False) == pytest.approx(1_826.923077, abs=1e-6)
    cr = xlmodel.statens_nettoutgift({"inkomstutjamning": 26_000 * mnkr, "strukturbidrag": 300 * mnkr})
    rr = xlmodel.regleringspost(25_000 * mnkr, cr, n)
    assert rr == -125
    kom = xlmodel.regleringsbidrag(pd.DataFrame({"kommunkod": ["1880", "1814"], "folkmangd": [160_000, 8_000]}), rk)
    assert list(kom["belopp"]) == [1_827 * 160_000, 1_827 * 8_000] and (kom["typ"] == "regleringsbidrag").all()
    reg = xlmodel.regleringsbidrag(pd.DataFrame({"lanskod": ["18", "09"], "folkmangd": [305_000, 61_000]}), rr, niva="region")
    assert list(reg["belopp"]) == [-125 * 305_000, -125 * 61_000] and (reg["typ"] == "regleringsavgift").all()


def test_regleringspost_balanserar_anslaget():
    """Invariant (15–16 §§): Σ nettoutgift + Σ regleringspost = anslaget (inom avrundning till hela kr × N)."""
    rng = np.random.default_rng(1)
    n = rng.integers(3_000, 900_000, 290).astype(float)
    iu = rng.normal(8_000, 6_000, 290)
    sb = np.where(rng.random(290) < 0.2, rng.uniform(0, 900, 290), 0)
    belopp = pd.DataFrame({"inkomstutjamning": iu * n, "strukturbidrag": sb * n})
    C = xlmodel.statens_nettoutgift(belopp)
    A = C + 2_500.7 * n.sum()
    r_exakt = xlmodel.regleringspost(A, C, n.sum(), avrunda=False)
    assert C + r_exakt * n.sum() == pytest.approx(A, rel=1e-12)
    r = xlmodel.regleringspost(A, C, n.sum())
    assert r == 2_501 and abs(C + r * n.sum() - A) <= 0.5 * n.sum()
    assert xlmodel.regleringspost(C - 100 * n.sum(), C, n.sum()) == -100  # avgift (16 §)


def test_strukturbidrag_orebro_ar_konstant_kr_per_inv():
    """SCB: "Strukturbidraget är en konstant som beräknas i kronor per invånare": Hällefors 477 kr/inv 2016–2026."""
    for ar in (2016, 2020, 2026):
        d = utfall(ar)
        res = xlmodel.strukturbidrag(d.assign(strukturbidrag_kr_per_inv=d["strukturbidrag"])[["kommunkod", "folkmangd", "strukturbidrag_kr_per_inv"]])
        assert res.loc["1863", "kr_per_inv"] == 477
        assert res.loc["1863", "belopp"] == 477 * d.set_index("kommunkod").loc["1863", "folkmangd"]


def test_strukturbidrag_enligt_11_par():
    """11 §: standardkostnad 2004 + den del av 2013 års bidrag som överstiger 0,22 % av 2014 års uppräknade underlag."""
    u = pd.DataFrame({
        "kommunkod": ["1863", "1880"],
        "standardkostnad_2004": [1_000_000, 0],
        "strukturbidrag_2013": [5_000_000, 1_000_000],
        "uppraknat_skatteunderlag_2014": [1_000_000_000, 30_000_000_000],
    })
    res = xlmodel.strukturbidrag_enligt_lag(u, 2020)
    assert res.loc["1863", "belopp"] == 1_000_000 + (5_000_000 - 2_200_000)
    assert res.loc["1880", "belopp"] == 0  # 1 mnkr < 0,22 % av 30 mdkr


def test_inforandebidrag_lagtext_och_scb_lasart():
    """13 §: den del av bidragsminskningen som överstiger 250 kr/inv, därefter −250 kr/inv per år.

    SCB-utfall (OE0115): Lekeberg 862, 425, 110, 0 och Kumla 785, 348, 33, 0 år 2020–2023. Med
    bidragsminskningen D = 2020 års bidrag + 250 (1 112 resp. 1 035) återger läsarten "scb_utfall" båda
    serierna; den bokstavliga läsarten ger 862, 612, 362, 112.
    """
    u = pd.DataFrame({"kommunkod": ["1814", "1881"], "folkmangd": [8_000, 21_000], "bidragsminskning": [1_112, 1_035]})
    scb = {2020: (862, 785), 2021: (425, 348), 2022: (110, 33), 2023: (0, 0)}
    for ar, (lek, kum) in scb.items():
        res = xlmodel.inforandebidrag(u, ar, las="scb_utfall")
        assert (res.loc["1814", "kr_per_inv"], res.loc["1881", "kr_per_inv"]) == (lek, kum), ar
    lag = [xlmodel.inforandebidrag(u, ar, las="lagtext").loc["1814", "kr_per_inv"] for ar in range(2020, 2026)]
    assert lag == [862, 612, 362, 112, 0, 0]
    with pytest.raises(ParameterFel, match="Införandebidrag år 2019 modelleras inte.*ange publicerat värde"):
        xlmodel.inforandebidrag(u, 2019)
    res = xlmodel.inforandebidrag(u, 2021, las="lagtext")
    assert res.loc["1881", "belopp"] == (1_035 - 500) * 21_000
    assert xlmodel.inforandebidrag(u, 2021).loc["1881", "belopp"] == 348 * 21_000  # standard: scb_utfall


def test_scb_utfall_ar_standard_och_ateger_alla_kommunar():
    """13 §: standardläsningen för kommuner återger SCB:s införandebidrag (OE0115) för alla 12 kommuner i Örebro län
    2020–2026, 84 kommunår. D = 2020 års bidrag + 250 (Lekeberg 1 112, Kumla 1 035, Hallsberg 557, Örebro 598,
    Askersund 273); en kommun utan bidrag 2020 har D ≤ 250 (250 här). Taket 687 resp. 1 002 kr/inv 2021–2022 är
    härlett ur Lekeberg; Kumla 2021–2022 (348, 33), Hallsberg och Örebro 2021 (0, där lagtexten ger 57 och 98) och
    alla nollor 2023–2026 är oberoende av härledningen. Lagtexten missar 8 av de 84 kommunåren."""
    d20 = utfall(2020).set_index("kommunkod")
    D = (d20["inforandebidrag"] + 250).where(d20["inforandebidrag"] > 0, 250)
    u = pd.DataFrame({"kommunkod": D.index, "folkmangd": d20["folkmangd"].to_numpy(), "bidragsminskning": D.to_numpy()})
    missar_lagtext = 0
    for ar in range(2020, 2027):
        scb = utfall(ar).set_index("kommunkod")["inforandebidrag"]
        assert (xlmodel.inforandebidrag(u, ar)["kr_per_inv"] == scb.loc[D.index]).all(), ar
        missar_lagtext += int((xlmodel.inforandebidrag(u, ar, las="lagtext")["kr_per_inv"] != scb.loc[D.index]).sum())
    assert missar_lagtext == 8


def test_inforandebidrag_for_regioner():
    """13 § gäller även regioner (nyckel lanskod): Region Gävleborg (21) med D = 621 kr/inv: 371, 121, 0 2020–2022."""
    u = pd.DataFrame({"lanskod": ["21"], "folkmangd": [287_000], "bidragsminskning": [621]})
    assert [xlmodel.inforandebidrag(u, ar, niva="region").loc["21", "kr_per_inv"] for ar in (2020, 2021, 2022)] == [371, 121, 0]
    assert xlmodel.inforandebidrag(u, 2020, niva="region").loc["21", "belopp"] == 371 * 287_000
    with pytest.raises(ParameterFel, match="scb_utfall.*regioner"):
        xlmodel.inforandebidrag(u, 2021, las="scb_utfall", niva="region")
    with pytest.raises(IndataFel, match="okänd länskod 30"):
        xlmodel.inforandebidrag(u.assign(lanskod="30"), 2020, niva="region")


def test_strukturbidrag_for_regioner():
    """12 §: strukturbidrag till regioner, fast kr/inv × invånare (nyckel lanskod)."""
    u = pd.DataFrame({"lanskod": ["23", "25"], "folkmangd": [132_000, 250_000], "strukturbidrag_kr_per_inv": [600, 0]})
    res = xlmodel.strukturbidrag(u, niva="region")
    assert list(res["belopp"]) == [600 * 132_000, 0]
    lag = xlmodel.strukturbidrag_enligt_lag(pd.DataFrame({"lanskod": ["23"], "standardkostnad_2004": [50e6],
                                                          "strukturbidrag_2013": [80e6],
                                                          "uppraknat_skatteunderlag_2014": [25e9]}), 2020, niva="region")
    assert lag.loc["23", "belopp"] == 50e6 + (80e6 - 0.0011 * 25e9)  # 12 §: 0,11 % av 25 mdkr = 27,5 mnkr
    with pytest.raises(IndataFel, match="Okänd nivå"):
        xlmodel.strukturbidrag(u, niva="landsting")


def test_felaktig_indata_ovriga():
    with pytest.raises(IndataFel, match="Okänd läsart"):
        xlmodel.inforandebidrag(pd.DataFrame({"kommunkod": ["1814"], "folkmangd": [1], "bidragsminskning": [0]}), 2020, las="fel")
    with pytest.raises(IndataFel, match=r"rad 1 \(kommunkod 1814\), kolumn folkmangd"):
        xlmodel.regleringsbidrag(pd.DataFrame({"kommunkod": ["1814"], "folkmangd": [-3]}), 100)
    with pytest.raises(IndataFel, match="Okänd komponent"):
        xlmodel.statens_nettoutgift({"lss": 5.0})
    with pytest.raises(IndataFel, match="större än noll"):
        xlmodel.regleringspost(1, 0, 0)


LAG_773 = Path(__file__).parent / "fixtures" / "lag" / "lag_2004_773_tom_SFS_2019_916.txt"


def test_konstanterna_ordagrant_ur_lagen():
    """Lag (2004:773) i lydelse SFS 2019:916: 11 § "överstiger 0,22 procent", 12 § "överstiger 0,11 procent"
    av det uppräknade skatteunderlaget år 2014; 13 § "överstiger 250 kronor per invånare" och "årligen minska
    med 250 kronor per invånare"."""
    lag = " ".join(LAG_773.read_text(encoding="utf-8").split())
    p = xlmodel.parametrar()

    def tal(monster):
        (x,) = re.findall(monster, lag)
        return float(x.replace(",", "."))

    kommun = tal(r"11 § .*?som överstiger (\d+,\d+) procent av det uppräknade skatteunderlaget år 2014")
    region = tal(r"12 § .*?som överstiger (\d+,\d+) procent av det uppräknade skatteunderlaget år 2014")
    grans = tal(r"13 § .*?bidragsminskningen som överstiger (\d+) kronor per invånare")
    minskning = tal(r"13 § .*?årligen minska med (\d+) kronor per invånare")
    for ar in (2016, 2020, 2026):
        assert p["strukturbidrag.kommun.troskel_andel_skatteunderlag"](ar) == pytest.approx(kommun / 100)
        assert p["strukturbidrag.region.troskel_andel_skatteunderlag"](ar) == pytest.approx(region / 100)
    for ar in (2020, 2023, 2026):
        assert (p["inforandebidrag.grans"](ar), p["inforandebidrag.arlig_minskning"](ar)) == (grans, minskning)
    # 15–16 §§ räknar upp just de fyra komponenterna som statens utgifter och inkomster.
    for par in ("15 §", "16 §"):
        (text,) = re.findall(rf"{par} Om statens samlade utgifter för (.*?), minskade med statens samlade "
                             r"inkomster från (.*?), är", lag)
        assert text == ("inkomstutjämningsbidrag, kostnadsutjämningsbidrag, strukturbidrag och införandebidrag",
                        "inkomstutjämningsavgifter och kostnadsutjämningsavgifter")
