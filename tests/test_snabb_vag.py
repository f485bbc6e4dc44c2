"""Issue 15 punkt 3: den snabba vägen för en kommun (skalära Excel-funktioner) ger samma tal som tabellvägen,
0 kr skillnad på hela landets medföljande data (290 kommuner, SCB), och samma svenska fel."""
import numpy as np
import pandas as pd
import pytest

import xlmodel
from xlmodel.fel import IndataFel, ParameterFel
from xlmodel.inkomstutjamning import inkomstutjamning_kommun


@pytest.mark.parametrize("ar", [2020, 2025])
def test_inkomst_en_kommun_som_tabellen_hela_landet(ar):
    u = xlmodel.underlag(ar)
    r = {"skatteunderlag": u["skatteunderlag"].sum(), "folkmangd": u["folkmangd"].sum()}  # hela landet
    for reform in (None, "sou_2024_50", {"inkomstutjamning.garantiniva.kommun": 1.17}):
        tabell = xlmodel.inkomstutjamning(u, ar, riket=r, reform=reform)
        for kod, su, n in u[["kommunkod", "skatteunderlag", "folkmangd"]].itertuples(index=False):
            en = inkomstutjamning_kommun(kod, ar, float(su), float(n), r, reform=reform)
            fast = tabell.loc[kod]
            assert en["kr_per_inv"] == fast["kr_per_inv"] and en["kr_per_inv_exakt"] == fast["kr_per_inv_exakt"]
            assert en["typ"] == fast["typ"] and en["skattesats"] == fast["skattesats"]


def test_region_och_samma_fel():
    reg = xlmodel.region_underlag(xlmodel.underlag(2025))
    r = {"skatteunderlag": reg["skatteunderlag"].sum(), "folkmangd": reg["folkmangd"].sum()}
    tabell = xlmodel.inkomstutjamning(reg, 2025, niva="region", riket=r)
    for _, rad in reg.iterrows():
        en = inkomstutjamning_kommun(rad["lanskod"], 2025, rad["skatteunderlag"], rad["folkmangd"], r, niva="region")
        assert en["kr_per_inv"] == tabell.loc[rad["lanskod"], "kr_per_inv"]
    fall = [("9999", 1e9, 1e4, r), ("1880", "1e9", 1e4, r), ("1880", 1e9, -5.0, r), ("1880", 1e9, None, r),
            ("1880", 1e9, 1e4, {"skatteunderlag": 1.0, "folkmangd": 1e7})]
    for kod, su, n, rk in fall:
        with pytest.raises((IndataFel, ParameterFel)) as snabb:
            inkomstutjamning_kommun(kod, 2025, su, n, rk)
        with pytest.raises((IndataFel, ParameterFel)) as tabell_fel:
            xlmodel.inkomstutjamning(pd.DataFrame({"kommunkod": [kod], "skatteunderlag": [su], "folkmangd": [n]}, dtype=object), 2025, riket=rk)
        assert str(snabb.value) == str(tabell_fel.value)
    with pytest.raises(ParameterFel, match="saknar värde för utjämningsår 2030"):
        inkomstutjamning_kommun("1880", 2030, 1e9, 1e4, r)
    assert np.isfinite(inkomstutjamning_kommun(180.0, 2025.0, 1e9, 1e4, r)["kr_per_inv"])  # 180 → "0180"
