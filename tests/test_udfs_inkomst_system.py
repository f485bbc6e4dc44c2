"""UDF-omslagen anropade med Excel-formade indata (tal som float, områden som listor av listor, tomt som None)."""
import numpy as np
import pandas as pd
import pytest

import xlmodel
from excelform import omrade
from orebro import riket, utfall
from udfs import inkomst, system
from udfs._excel import tabell, till_excel
from xlmodel import IndataFel, XlmodelFel


def _omrade(d, kolumner):
    """Ett Excel-område med två tomma rader under (användaren markerade för mycket)."""
    return omrade(d, kolumner, tomma_rader=2)


def test_tabellform_ar_motorn():
    d = utfall(2026)
    r = riket(2026)
    omrade = _omrade(d.assign(kommunkod=d.kommunkod.astype(float)), ["kommunkod", "skatteunderlag", "folkmangd"])
    ut = inkomst.XLM_INKOMST_TABELL(omrade, 2026.0, r["skatteunderlag"], float(r["folkmangd"]), None, None)
    motor = xlmodel.inkomstutjamning(d[["kommunkod", "skatteunderlag", "folkmangd"]], 2026, riket=r)
    assert ut[0][0] == "kommunkod" and len(ut) == 13
    assert ut == till_excel(motor)  # hela tabellen, alla kolumner
    assert [rad[0] for rad in ut[1:]] == motor.index.tolist()  # "1814" med ledande nolla när det behövs
    # Oberoende av motorn: SCB OE0115:s publicerade inkomstutjämning 2026 (kr/inv) inom 5 kr för varje kommun
    # (kommunens folkmängd 1 nov är implicit ur SCB:s tkr-summa och avrundad, se tests/orebro.py).
    kr = ut[0].index("kr_per_inv")
    scb = d.set_index("kommunkod")["inkomstutjamning"]
    for rad in ut[1:]:
        assert abs(rad[kr] - scb[rad[0]]) <= 5, rad[0]


def test_skalarform_ar_motorn_for_varje_kommun():
    d = utfall(2024)
    r = riket(2024)
    motor = xlmodel.inkomstutjamning(d[["kommunkod", "skatteunderlag", "folkmangd"]], 2024, riket=r)
    for rad in d.itertuples():
        v = inkomst.XLM_INKOMST_KRINV(float(rad.kommunkod), 2024.0, float(rad.skatteunderlag), float(rad.folkmangd), r["skatteunderlag"], float(r["folkmangd"]))
        assert v == motor.loc[rad.kommunkod, "kr_per_inv"]
        assert abs(v - rad.inkomstutjamning) <= 5, rad.kommunkod  # SCB OE0115 2024, publicerad kr/inv


def test_hjalpfunktioner():
    assert inkomst.XLM_UPPRAKNINGSFAKTOR(2025.0) == pytest.approx(1.031 * 1.045)  # SFS 2024:669: 3,1 % och 4,5 %
    # lag 2004:773 3 §: MSK = F × SU_riket / N_riket; för hand med F 2025 = 1,031 × 1,045 = 1,077395
    assert inkomst.XLM_MEDELSKATTEKRAFT(2025.0, 3e12, 1e7) == pytest.approx(1.077395 * 300_000)
    assert system.XLM_PARAMETER("inkomstutjamning.skattesats.bidrag.kommun", 2026.0, 18.0) == 19.00
    assert system.XLM_PARAMETER("inkomstutjamning.garantiniva.kommun", 2026.0, None, "sou_2024_50") == 1.16
    assert "2019:916" in system.XLM_PARAMETER_KALLA("inkomstutjamning.garantiniva.region", 2020.0)
    assert system.XLM_REGLERINGSPOST(1e9 + 2_000 * 1e6, 1e9, 1e6) == 2_000


def test_ovriga_tabellformer():
    omr = [["kommunkod", "folkmangd", "bidragsminskning"], ["1814", 8000.0, 1112.0], [1881.0, 21000.0, 1035.0]]
    ut = system.XLM_INFORANDEBIDRAG_TABELL(omr, 2021.0, "scb_utfall")
    # 13 § (läsart scb_utfall): max(0, D − tak); Lekeberg D = 1 112 (SCB 2020: 862 + tak 250), tak 2021 687:
    # 1 112 − 687 = 425 = SCB OE0115 Lekeberg 2021
    assert ut[1][:1] == ["1814"] and ut[1][ut[0].index("kr_per_inv")] == 425
    assert ut == till_excel(xlmodel.inforandebidrag(pd.DataFrame({"kommunkod": ["1814", "1881"], "folkmangd": [8000, 21000],
                                                                   "bidragsminskning": [1112, 1035]}), 2021, las="scb_utfall"))
    assert system.XLM_INFORANDEBIDRAG_KRINV(1881.0, 1035.0, 2020.0, None) == 785  # 1 035 − 250 = SCB: Kumla 2020
    omr = [["kommunkod", "folkmangd", "strukturbidrag_kr_per_inv"], [1863.0, 6800.0, 477.0]]
    ut = system.XLM_STRUKTURBIDRAG_TABELL(omr)
    assert ut[1][ut[0].index("belopp")] == 477 * 6800  # 17 §: kr/inv × invånare
    assert ut == till_excel(xlmodel.strukturbidrag(pd.DataFrame({"kommunkod": ["1863"], "folkmangd": [6800], "strukturbidrag_kr_per_inv": [477]})))
    assert system.XLM_STRUKTURBIDRAG_BELOPP(1863.0, 6800.0, 477.0) == 477 * 6800


def test_strukturbidrag_enligt_lag_och_regleringsbidrag():
    """11 §: standardkostnad 2004 + den del av 2013 års bidrag som överstiger 0,22 % av 2014 års skatteunderlag."""
    u = pd.DataFrame({"kommunkod": ["1863", "1880"], "standardkostnad_2004": [1e6, 0.0], "strukturbidrag_2013": [5e6, 1e6],
                      "uppraknat_skatteunderlag_2014": [1e9, 30e9]})
    ut = system.XLM_STRUKTURBIDRAG_LAG_TABELL(omrade(u), 2020.0, None)
    assert ut == till_excel(xlmodel.strukturbidrag_enligt_lag(u, 2020))
    assert ut[1] == ["1863", pytest.approx(1e6 + 5e6 - 0.0022 * 1e9)] and ut[2] == ["1880", 0.0]  # för hand: 0,22 % = 2,2 mnkr
    assert system.XLM_STRUKTURBIDRAG_LAG(1863.0, 2020.0, 1e6, 5e6, 1e9, None) == pytest.approx(3.8e6)
    # 12 §: regioner, tröskeln 0,11 %
    assert system.XLM_STRUKTURBIDRAG_LAG(25.0, 2020.0, 0.0, 3e6, 1e9, "region") == pytest.approx(3e6 - 1.1e6)
    f = pd.DataFrame({"kommunkod": ["1814", "1880"], "folkmangd": [8000, 160_000]})
    ut = system.XLM_REGLERINGSBIDRAG_TABELL(omrade(f), -120.0)
    assert ut == till_excel(xlmodel.regleringsbidrag(f, -120))
    assert [r[ut[0].index("belopp")] for r in ut[1:]] == [-120 * 8000, -120 * 160_000]  # 16 §: enhetligt kr/inv
    assert {r[ut[0].index("typ")] for r in ut[1:]} == {"regleringsavgift"}


def test_fel_visas_som_kort_svensk_text():
    with pytest.raises(IndataFel, match="okänd kommunkod 9999"):
        inkomst.XLM_INKOMST_KRINV(9999.0, 2026.0, 1e9, 1e4, 3e12, 1e7)
    with pytest.raises(IndataFel, match="texten '0,5' är inget tal"):
        inkomst.XLM_INKOMST_KRINV(1880.0, 2026.0, "0,5", 1e4, 3e12, 1e7)
    with pytest.raises(IndataFel, match="värde saknas"):
        inkomst.XLM_INKOMST_KRINV(1880.0, 2026.0, None, 1e4, 3e12, 1e7)
    with pytest.raises(XlmodelFel, match="saknar värde för utjämningsår 2030"):
        inkomst.XLM_UPPRAKNINGSFAKTOR(2030.0)
    with pytest.raises(IndataFel, match="rubrikrad"):
        inkomst.XLM_INKOMST_TABELL([["kommunkod", "skatteunderlag", "folkmangd"]], 2026.0)
    with pytest.raises(IndataFel, match="ange nyckel"):
        system.XLM_PARAMETER("inkomstutjamning.skattesats.bidrag.kommun", 2026.0)


@pytest.mark.parametrize("fel, text", [
    (ZeroDivisionError("division by zero"), "division med noll"),
    (KeyError("kommun"), "'kommun' saknas"),
    (ValueError("could not convert string to float"), "ogiltigt värde"),
    (TypeError("unsupported operand type(s)"), "fel slags värde"),
    (IndexError("list index out of range"), "området har för få rader eller kolumner"),
    (RuntimeError("boom"), r"oväntat fel \(RuntimeError\)"),
])
def test_ovantat_fel_blir_svenskt_meddelande(monkeypatch, fel, text):
    def trasig(*a, **k):
        raise fel
    monkeypatch.setattr(xlmodel, "upprakningsfaktor", trasig)
    with pytest.raises(XlmodelFel, match=f"^Fel i XLM_UPPRAKNINGSFAKTOR: {text}") as info:
        inkomst.XLM_UPPRAKNINGSFAKTOR(2026.0)
    if not isinstance(fel, KeyError):
        assert str(fel) not in str(info.value)  # ingen engelsk Python-text i cellen


def test_egna_fel_behaller_sin_text(monkeypatch):
    from xlmodel import ParameterFel

    for fel in (IndataFel("underlag rad 3: värde saknas."), ParameterFel("Parametern x saknar värde för utjämningsår 2030.")):
        def trasig(*a, _f=fel, **k):
            raise _f
        monkeypatch.setattr(xlmodel, "upprakningsfaktor", trasig)
        with pytest.raises(type(fel)) as info:
            inkomst.XLM_UPPRAKNINGSFAKTOR(2026.0)
        assert str(info.value) == str(fel)


def test_till_excel_och_tabell():
    df = pd.DataFrame({"a": [1.0, np.nan]}, index=pd.Index(["0114", "0115"], name="kommunkod"))
    assert till_excel(df) == [["kommunkod", "a"], ["0114", 1.0], ["0115", None]]
    t = tabell([["KommunKod ", "X", None], [114.0, 2.0, None], [None, None, None]])
    assert list(t.columns) == ["kommunkod", "x"] and len(t) == 1


def test_bidragen_pa_regionniva_som_motorn():
    """niva="region" (lanskod som nyckel): struktur-, införande- och regleringsbidrag som motorns regionberäkning."""
    reg = pd.DataFrame({"lanskod": ["21", "18"], "folkmangd": [287_000, 305_000], "bidragsminskning": [621, 0],
                        "strukturbidrag_kr_per_inv": [120, 0]})
    om = omrade(reg)
    assert system.XLM_INFORANDEBIDRAG_TABELL(om, 2020.0, None, "region") == till_excel(xlmodel.inforandebidrag(reg, 2020, niva="region"))
    assert system.XLM_INFORANDEBIDRAG_KRINV(21.0, 621.0, 2020.0, None, "region") == 371  # 621 − 250 (13 §)
    assert system.XLM_STRUKTURBIDRAG_TABELL(om, "region") == till_excel(xlmodel.strukturbidrag(reg, niva="region"))
    assert system.XLM_STRUKTURBIDRAG_BELOPP(21.0, 287_000.0, 120.0, "region") == 120 * 287_000
    assert system.XLM_REGLERINGSBIDRAG_TABELL(om, -125.0, "region") == till_excel(xlmodel.regleringsbidrag(reg, -125, niva="region"))
    with pytest.raises(IndataFel):
        system.XLM_STRUKTURBIDRAG_BELOPP(99.0, 1.0, 1.0, "region")


def test_excelformen_xlm_scenarier():
    """``XLM_SCENARIER`` med Excel-formade indata: rubrikrad med scenariernas värden som tal, en rad per kommun,
    samma tal som motorn; tomma celler i värdeområdet hoppas över; fel som svensk text."""
    G = "inkomstutjamning.garantiniva.kommun"
    u, r = utfall(2026), riket(2026)
    omr = [["kommunkod", "skatteunderlag", "folkmangd"], *u[["kommunkod", "skatteunderlag", "folkmangd"]].values.tolist()]
    ut = inkomst.XLM_SCENARIER(omr, 2026.0, G, [[1.10, None, 1.15, 1.20]], r["skatteunderlag"], float(r["folkmangd"]))
    assert ut[0] == ["kommunkod", 1.10, 1.15, 1.20]
    motor = xlmodel.scenarier(u, 2026, {G: [1.10, 1.15, 1.20]}, riket=r)
    assert [rad[0] for rad in ut[1:]] == list(motor.index)
    assert [rad[1:] for rad in ut[1:]] == motor.to_numpy().tolist()
    with pytest.raises(IndataFel, match="kan inte varieras"):
        inkomst.XLM_SCENARIER(omr, 2026.0, "garantiniva", [[1.1]])
    with pytest.raises(IndataFel, match="parameter: värde saknas"):
        inkomst.XLM_SCENARIER(omr, 2026.0, None, [[1.1]])
