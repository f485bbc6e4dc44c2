"""``xlmodel.scenarier``: många scenarier i ett anrop, exakt lika med ett anrop per scenario med ``reform=``.

Data: Örebro läns 12 kommuner ur SCB (medföljer) med rikstotaler, och ett helt land (290 kommuner) med
syntetiskt underlag för likheten över många scenarier.
"""
import numpy as np
import pandas as pd
import pytest

import xlmodel
from xlmodel.budget.skatteintakter import preliminar_skatt
from xlmodel.fel import IndataFel

from orebro import riket, utfall

G = "inkomstutjamning.garantiniva.kommun"


@pytest.fixture(scope="module")
def landet():
    k = xlmodel.kommuner()
    rng = np.random.default_rng(15)
    n = rng.integers(2_500, 1_000_000, len(k)).astype(float)
    return pd.DataFrame({"kommunkod": k["kommunkod"], "skatteunderlag": n * rng.normal(250_000, 30_000, len(k)), "folkmangd": n})


def test_garantiniva_exakt_som_reform_per_scenario(landet):
    g = np.linspace(1.10, 1.20, 2_000)
    res = xlmodel.scenarier(landet, 2026, {G: g})
    assert res.shape == (290, 2_000) and res.index.name == "kommunkod"
    assert res.attrs["parametrar"] == [G] and np.array_equal(res.attrs["varden"][G], g)
    assert res.attrs["enhet"] == "kr/inv" and res.attrs["matt"] == "inkomstutjamning"
    for i in np.random.default_rng(1).choice(len(g), 25, replace=False):
        ett = xlmodel.inkomstutjamning(landet, 2026, reform={G: float(g[i])})["kr_per_inv"]
        assert np.array_equal(ett.to_numpy(), res.iloc[:, i].to_numpy()), g[i]  # 0 kr skillnad
        assert list(ett.index) == list(res.index)


def test_lansvisa_satser_tillvaxt_och_skattesats_exakt(landet):
    rng = np.random.default_rng(2)
    x = np.linspace(-1, 1, 501)
    just = xlmodel.scenarier(landet, 2026, {"skattesatsjustering": x})
    bara_bidrag = xlmodel.scenarier(landet, 2026, {"inkomstutjamning.skattesatsjustering.bidrag.kommun": x})
    tillvaxt = xlmodel.scenarier(landet, 2026, {"skatteunderlag_tillvaxt": x / 20})
    skatt = xlmodel.scenarier(landet, 2026, {"skattesats": x})
    lag = xlmodel.inkomstutjamning(landet, 2026)["kr_per_inv"].to_numpy()
    s = xlmodel.skattesatser(2026).set_index("kommunkod")["kommun"].reindex(landet["kommunkod"]).to_numpy()
    F = xlmodel.upprakningsfaktor(2026)
    for i in rng.choice(len(x), 8, replace=False):
        b, a = "inkomstutjamning.skattesatsjustering.bidrag.kommun", "inkomstutjamning.skattesatsjustering.avgift.kommun"
        ref = xlmodel.inkomstutjamning(landet, 2026, reform={b: x[i], a: x[i]})["kr_per_inv"].to_numpy()
        assert np.array_equal(ref, just.iloc[:, i].to_numpy())
        ref = xlmodel.inkomstutjamning(landet, 2026, reform={b: x[i]})["kr_per_inv"].to_numpy()
        assert np.array_equal(ref, bara_bidrag.iloc[:, i].to_numpy())
        vuxit = landet.assign(skatteunderlag=landet["skatteunderlag"] * (1 + x[i] / 20))
        assert np.array_equal(xlmodel.inkomstutjamning(vuxit, 2026)["kr_per_inv"].to_numpy(), tillvaxt.iloc[:, i].to_numpy())
        ref = lag + preliminar_skatt(landet["skatteunderlag"].to_numpy(), F, s + x[i]) / landet["folkmangd"].to_numpy()
        assert np.array_equal(ref, skatt.iloc[:, i].to_numpy())
    assert skatt.attrs["matt"] == "summa"


def test_orebro_scb_lagen_i_mitten_och_lagens_egenskaper():
    """Med SCB:s Örebro-data: kolumnen g = 1,15 är lagens utfall (samma som inkomstutjamning, som andra tester
    binder till SCB:s publicerade kr/inv); bidraget växer med garantinivån med lutningen MSK × N × sats (5 §)."""
    u, r = utfall(2026), riket(2026)
    g = np.array([1.10, 1.15, 1.20])
    res = xlmodel.scenarier(u, 2026, {G: g}, riket=r)
    lag = xlmodel.inkomstutjamning(u, 2026, riket=r)
    assert np.array_equal(res[1.15].to_numpy(), lag["kr_per_inv"].to_numpy())
    assert (np.abs(res[1.15] - u.set_index("kommunkod")["inkomstutjamning"]) <= 5).all()  # SCB ±5 kr/inv (folkmängden)
    assert (res[1.20] >= res[1.15]).all() and (res[1.15] >= res[1.10]).all()
    bidrag = lag["typ"] == "bidrag"
    lutning = (res.loc[bidrag, 1.20] - res.loc[bidrag, 1.10]) / 0.10
    vantat = lag.loc[bidrag, "medelskattekraft"] * lag.loc[bidrag, "skattesats"] / 100
    assert np.allclose(lutning, vantat, atol=1 / 0.10 + 1e-9)  # ±1 kr avrundning i varje ände


def test_flera_storheter_och_fel(landet):
    res = xlmodel.scenarier(landet, 2026, {G: [1.14, 1.16], "skattesatsjustering": [0.0, 0.5]})
    assert list(res.columns.names) == [G, "skattesatsjustering"]
    ref = xlmodel.inkomstutjamning(landet, 2026, reform={G: 1.16, "inkomstutjamning.skattesatsjustering.bidrag.kommun": 0.5,
                                                         "inkomstutjamning.skattesatsjustering.avgift.kommun": 0.5})
    assert np.array_equal(ref["kr_per_inv"].to_numpy(), res.iloc[:, 1].to_numpy())
    with pytest.raises(IndataFel, match="kan inte varieras"):
        xlmodel.scenarier(landet, 2026, {"inkomstutjamning.garantinva.kommun": [1.1]})
    with pytest.raises(IndataFel, match="olika längd"):
        xlmodel.scenarier(landet, 2026, {G: [1.1, 1.2], "skattesats": [0, 1, 2]})
    with pytest.raises(IndataFel, match="ändliga tal"):
        xlmodel.scenarier(landet, 2026, {G: [1.1, np.nan]})
    with pytest.raises(IndataFel, match="okänt mått"):
        xlmodel.scenarier(landet, 2026, {G: [1.1]}, matt="netto")

