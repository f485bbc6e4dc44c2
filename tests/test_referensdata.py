from pathlib import Path

import pandas as pd

import xlmodel
from xlmodel.kallor import referensdata

DATA = Path(referensdata.__file__).parent.parent / "data"


def test_290_kommuner_och_21_lan():
    k = xlmodel.kommuner()
    assert len(k) == 290 and k["kommunkod"].is_unique
    assert list(k.columns) == ["kommunkod", "namn", "lanskod", "lan"]
    assert (k["kommunkod"].str.len() == 4).all()
    rad = k.set_index("kommunkod").loc["0180"]
    assert rad["namn"] == "Stockholm" and rad["lanskod"] == "01"
    assert k.set_index("kommunkod").loc["1880", "lan"] == "Örebro län"
    lan = xlmodel.lan()
    assert len(lan) == 21 and lan["antal_kommuner"].sum() == 290
    assert lan.set_index("lanskod").loc["14", "antal_kommuner"] == 49


def test_skattesatser_2025_2026():
    s26 = xlmodel.skattesatser(2026)
    assert len(s26) == 290
    assert ((s26["kommun"] + s26["region"] - s26["total"]).abs() < 1e-9).all()
    assert s26.set_index("kommunkod").loc["0114", "kommun"] == 19.42  # SCB TAB2017: Upplands Väsby 2026
    assert len(xlmodel.skattesatser(2025)) == 290


def test_scb_serier():
    u = referensdata.scb_utjamning_orebro_lan()
    assert len(u) == 12 * 22
    delar = ["inkomstutjamning", "kostnadsutjamning", "strukturbidrag", "inforandebidrag", "regleringspost"]
    assert (u[delar].sum(axis=1) == u["summa_kr_per_inv"]).all()  # delarna summerar till totalen (SCB)
    su = referensdata.scb_skatteunderlag()
    lanrad = su[su.kod == "18"].set_index("ar")["skatteunderlag"]
    kommuner = su[su.kod.str.len() == 4].groupby("ar")["skatteunderlag"].sum()
    assert (lanrad == kommuner).all()  # länets underlag är summan av kommunernas
    # Rikets folkmängd 1 nov är KALIBRERAD (ej SCB:s officiella siffra, /work/shared/data/README.md): kontrollera den
    # mot den oberoende SCB-serien 31 december (folkmangd_kommun_2009_2019.csv, summa över 290 kommuner). 1 nov år
    # t−1 ligger mellan 31 dec t−2 och 31 dec t−1 (folkmängden växte varje år 2009–2019).
    dec = pd.read_csv(DATA / "folkmangd_kommun_2009_2019.csv", dtype={"kommunkod": str}).drop(columns="kommunkod").sum()
    assert dec["folkmangd_2019"] == 10_327_589  # SCB: Sveriges folkmängd 31 dec 2019
    for ar in range(2011, 2021):
        assert dec[f"folkmangd_{ar - 2}"] < referensdata.riket_folkmangd_1nov(ar) < dec[f"folkmangd_{ar - 1}"], ar
