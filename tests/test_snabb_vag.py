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


def _lss_hela_landet() -> pd.DataFrame:
    """290 kommuner med LSS-indata (syntetiska, fast frö; insatser per 10 000 invånare i rimlig storlek): testet
    gäller en egenskap (en kommuns väg = tabellens väg, 0 kr skillnad), inga publicerade tal."""
    from xlmodel.lss_utjamning import ANTAL, PKIX, RS_RADER

    rng = np.random.default_rng(15)
    koder = xlmodel.kommuner()["kommunkod"]
    n = rng.integers(2_500, 1_000_000, len(koder)).astype(float)
    df = pd.DataFrame({"kommunkod": koder, "folkmangd_1nov": n})
    for a in ANTAL:
        df[a] = np.round(n / 1e4 * rng.uniform(1, 30, len(n)))
    df["pak"] = np.minimum(df["pak"], df["pa_lss"])
    rs = df["bv"] * 1.1e6 + df["dv"] * 0.3e6 + df["pa_lss"] * 0.9e6 + df["kv"] * 0.5e6
    for r, andel in zip(RS_RADER, (0.55, 0.2, 0.2, 0.05)):
        df[r] = rs * andel
    df["fk"], df["nettokostnad"] = rs * 0.1, rs * 1.02
    for p in PKIX:
        df[p] = rs * rng.uniform(0.55, 0.7, len(n)) if p == "pkix_a" else rs * rng.uniform(0, 0.05, len(n))
    return df


def test_lss_en_kommun_som_tabellen_hela_landet():
    """XLM_LSS_KRINV (en kommuns rad och rikets värden, utan tabeller) ger exakt tabellens kr/inv för alla 290
    kommuner, med och utan PK-IX (SOU 2024:50), och XLM_LSS_TABELL ger motorns tabell."""
    from udfs import lss
    from udfs._excel import till_excel
    from xlmodel.lss_utjamning import ANTAL, RS_RADER, lss_utjamning_kommun

    df = _lss_hela_landet()
    for reform in (None, "sou_2024_50"):
        indata = df.assign(folkmangd_31dec=df["folkmangd_1nov"] * 1.01, **{f"{a}_matning2": df[a] for a in ANTAL})
        tabell = xlmodel.lss_utjamning(indata, 2026, reform=reform)
        riket = {k: float(indata[k].sum()) for k in (*ANTAL, *RS_RADER)}
        riket.update({k: float(tabell[k].iloc[0]) for k in ("korrigeringsfaktor", "standardkostnad_riket", "nivajustering")})
        omrade_riket = [list(riket), list(riket.values())]
        for i, kod in enumerate(indata["kommunkod"]):
            rad = [list(indata.columns), indata.iloc[i].tolist()]
            assert lss.XLM_LSS_KRINV(rad, 2026.0, omrade_riket, reform) == tabell.loc[kod, "kr_per_inv"]
        en = lss_utjamning_kommun(indata.iloc[[7]], 2026, riket=riket, reform=reform)
        assert all(en[k] == tabell.iloc[7][k] for k in ("forsta_delen", "standardkostnad", "belopp", "typ"))
    omrade = [list(df.columns), *df.values.tolist()]
    assert lss.XLM_LSS_TABELL(omrade, 2026.0) == till_excel(xlmodel.lss_utjamning(df, 2026))


@pytest.mark.parametrize("kolumn, varde", [("bv", "tio"), ("bv", None), ("rs_5131", -1.0), ("folkmangd_1nov", 0.5),
                                           ("pak", 1e6), ("kommunkod", "9999"), ("kommunkod", True), ("bb", True)])
def test_lss_en_kommun_samma_fel_som_tabellen(kolumn, varde):
    """Ogiltig indata i en kommuns rad (text, tom cell, negativt, orimligt, PAK > PA, okänd kod, SANT): den snabba
    vägen ger samma svenska fel som tabellen."""
    from udfs import lss

    df = _lss_hela_landet()
    celler = [varde if k == kolumn else v for k, v in zip(df.columns, df.values[3].tolist())]  # som Excel skickar
    riket = {"korrigeringsfaktor": 1.0, "standardkostnad_riket": 5000.0, "nivajustering": 0.0}
    with pytest.raises(IndataFel) as tabell_fel:
        xlmodel.lss_utjamning(pd.DataFrame([celler], columns=df.columns, dtype=object), 2026, riket=riket)
    with pytest.raises(IndataFel) as snabb:
        lss.XLM_LSS_KRINV([list(df.columns), celler], 2026.0, [list(riket), list(riket.values())])
    assert str(snabb.value) == str(tabell_fel.value)


def test_kontrollera_tabell_med_kolumner_som_dict():
    """En tabell som kolumner (dict, t.ex. ur ett Excel-område) kontrolleras som samma DataFrame: samma tal, samma fel."""
    from xlmodel.validering import kontrollera_tabell

    df = _lss_hela_landet().iloc[:40]
    kol = {k: v.tolist() for k, v in df.items()}
    assert kontrollera_tabell(kol, ["bv", "fk"], icke_negativa=["fk"]).equals(kontrollera_tabell(df, ["bv", "fk"], icke_negativa=["fk"]))
    kol["fk"][5] = "12"
    with pytest.raises(IndataFel, match=r"indata rad 6 \(kommunkod 0125\), kolumn fk: texten '12' är inget tal"):
        kontrollera_tabell(kol, ["bv", "fk"])
    with pytest.raises(IndataFel, match="olika många rader"):
        kontrollera_tabell({"kommunkod": ["0114"], "bv": [1.0, 2.0]}, ["bv"])


def test_minnet_skiljer_sant_fran_talet_ett():
    """Minnet för Excel-områden (pickle av innehållet) är exakt: SANT i en cell efter 1,0 räknas om och ger felet,
    inte det cachade talet; samma innehåll i nya listor är samma nyckel."""
    from udfs import lss
    from xlmodel.minne import fryst

    assert len({fryst([[1.0, "a"]]), fryst([[True, "a"]]), fryst([[1, "a"]])}) == 3
    assert fryst([[1.0, None, float("nan")]]) == fryst([[1.0, None, float("nan")]])
    df = _lss_hela_landet()
    riket = [["korrigeringsfaktor", "standardkostnad_riket", "nivajustering"], [1.0, 5000.0, 0.0]]
    celler = df.values[3].tolist()
    celler[list(df.columns).index("bb")] = 1.0
    assert isinstance(lss.XLM_LSS_KRINV([list(df.columns), celler], 2026.0, riket), float)
    celler[list(df.columns).index("bb")] = True
    with pytest.raises(IndataFel, match="sanningsvärdet True är inget tal"):
        lss.XLM_LSS_KRINV([list(df.columns), celler], 2026.0, riket)
