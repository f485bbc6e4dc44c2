"""Strukturbidrag (11–12 §§), införandebidrag (13 §) och regleringspost (15–16 §§) mot SCB-utfall och lagen."""
import numpy as np
import pandas as pd
import pytest

import xlmodel
from xlmodel import IndataFel
from orebro import utfall


@pytest.mark.parametrize("ar", range(2005, 2027))
def test_regleringspost_ar_enhetlig_och_forklarar_totalen(ar):
    """SCB: regleringsposten är samma kr/inv för alla kommuner (15–16 §§: "enhetligt belopp per invånare").

    Beloppet per kommun (kr/inv × folkmängd) tillsammans med övriga delar återger SCB:s totala utfall i tkr.
    """
    d = utfall(ar)
    assert d["regleringspost"].nunique() == 1
    r = d["regleringspost"].iloc[0]
    res = xlmodel.regleringsbidrag(d[["kommunkod", "folkmangd"]], r)
    assert (res["kr_per_inv"] == r).all()
    delar = ["inkomstutjamning", "kostnadsutjamning", "strukturbidrag", "inforandebidrag"]
    ovrigt_kr = (d[delar].sum(axis=1) * d["folkmangd"]).to_numpy()
    total_kr = ovrigt_kr + res["belopp"].to_numpy()
    # tkr är avrundat och folkmängden bara känd inom ett intervall: högst 0,5 tkr + 1 invånare × kr/inv
    tol = 500 + d["summa_kr_per_inv"].abs().to_numpy()
    assert np.all(np.abs(total_kr - d["summa_tkr"].to_numpy() * 1000) <= tol)


@pytest.mark.parametrize("ar", range(2005, 2027))
def test_regleringspost_ur_totaler_ger_publicerat_kr_per_inv(ar):
    """Givet anslaget och statens nettoutgift ger 15–16 §§ posten per invånare.

    Totalerna här är Örebro läns: nettoutgift = Σ övriga delar × folkmängd, anslag = nettoutgift +
    Σ kommunernas regleringsbelopp härlett ur SCB:s tkr-total (tkr·1000 − övriga delar). Resultatet
    avrundat till hela kronor ska vara SCB:s publicerade regleringspost.
    """
    d = utfall(ar)
    delar = ["inkomstutjamning", "kostnadsutjamning", "strukturbidrag", "inforandebidrag"]
    belopp = d[delar].mul(d["folkmangd"], axis=0)
    C = xlmodel.statens_nettoutgift(belopp)
    reglering_ur_tkr = (d["summa_tkr"] * 1000 - belopp.sum(axis=1)).sum()
    r = xlmodel.regleringspost(anslag=C + reglering_ur_tkr, nettoutgift=C, folkmangd_riket=d["folkmangd"].sum())
    assert r == d["regleringspost"].iloc[0]


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
    lag = [xlmodel.inforandebidrag(u, ar).loc["1814", "kr_per_inv"] for ar in range(2020, 2026)]
    assert lag == [862, 612, 362, 112, 0, 0]
    assert xlmodel.inforandebidrag(u, 2019).loc["1814", "kr_per_inv"] == 0
    res = xlmodel.inforandebidrag(u, 2021)
    assert res.loc["1881", "belopp"] == (1_035 - 500) * 21_000


def test_felaktig_indata_ovriga():
    with pytest.raises(IndataFel, match="Okänd läsart"):
        xlmodel.inforandebidrag(pd.DataFrame({"kommunkod": ["1814"], "folkmangd": [1], "bidragsminskning": [0]}), 2020, las="fel")
    with pytest.raises(IndataFel, match=r"rad 1 \(kommunkod 1814\), kolumn folkmangd"):
        xlmodel.regleringsbidrag(pd.DataFrame({"kommunkod": ["1814"], "folkmangd": [-3]}), 100)
    with pytest.raises(IndataFel, match="Okänd komponent"):
        xlmodel.statens_nettoutgift({"lss": 5.0})
    with pytest.raises(IndataFel, match="större än noll"):
        xlmodel.regleringspost(1, 0, 0)
