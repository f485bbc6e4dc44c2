"""UDF-omslagen anropade med Excel-formade indata (tal som float, områden som listor av listor, tomt som None)."""
import importlib
import inspect
import keyword

import numpy as np
import pytest

import xlmodel
from orebro import riket, utfall
from udfs import inkomst, system
from udfs._excel import tabell, till_excel
from xlmodel import IndataFel, XlmodelFel
from xlmodel.mallar import UDF_MODULER as _MODULER

UDF_MODULER = [m for m in _MODULER.split(";") if importlib.util.find_spec(m) is not None]

VBA_RESERVERADE = {"end", "type", "next", "to", "step", "error", "string", "date", "option", "name", "sub", "function", "if", "then", "else", "for", "each", "in", "is", "not", "and", "or", "mod", "len", "val"}


def _omrade(d, kolumner):
    """Ett Excel-område: rubrikrad + rader, tal som float, plus två tomma rader (användaren markerade för mycket)."""
    rader = [kolumner] + [[float(v) if not isinstance(v, str) else v for v in r] for r in d[kolumner].itertuples(index=False)]
    return rader + [[None] * len(kolumner)] * 2


def test_tabellform_ar_motorn():
    d = utfall(2026)
    r = riket(2026)
    omrade = _omrade(d.assign(kommunkod=d.kommunkod.astype(float)), ["kommunkod", "skatteunderlag", "folkmangd"])
    ut = inkomst.XLM_INKOMST_TABELL(omrade, 2026.0, r["skatteunderlag"], float(r["folkmangd"]), None, None)
    motor = xlmodel.inkomstutjamning(d[["kommunkod", "skatteunderlag", "folkmangd"]], 2026, riket=r)
    assert ut[0][0] == "kommunkod" and len(ut) == 13
    kol = ut[0].index("kr_per_inv")
    assert [rad[kol] for rad in ut[1:]] == motor["kr_per_inv"].tolist()
    assert [rad[0] for rad in ut[1:]] == motor.index.tolist()  # "1814" med ledande nolla när det behövs


def test_skalarform_ar_motorn_for_varje_kommun():
    d = utfall(2024)
    r = riket(2024)
    motor = xlmodel.inkomstutjamning(d[["kommunkod", "skatteunderlag", "folkmangd"]], 2024, riket=r)
    for rad in d.itertuples():
        v = inkomst.XLM_INKOMST_KRINV(float(rad.kommunkod), 2024.0, float(rad.skatteunderlag), float(rad.folkmangd), r["skatteunderlag"], float(r["folkmangd"]))
        assert v == motor.loc[rad.kommunkod, "kr_per_inv"]


def test_hjalpfunktioner():
    assert inkomst.XLM_UPPRAKNINGSFAKTOR(2025.0) == pytest.approx(1.031 * 1.045)
    r = riket(2025)
    assert inkomst.XLM_MEDELSKATTEKRAFT(2025.0, r["skatteunderlag"], float(r["folkmangd"])) == pytest.approx(1.077395 * r["skatteunderlag"] / r["folkmangd"])
    assert system.XLM_PARAMETER("inkomstutjamning.skattesats.bidrag.kommun", 2026.0, 18.0) == 19.00
    assert system.XLM_PARAMETER("inkomstutjamning.garantiniva.kommun", 2026.0, None, "sou_2024_50") == 1.16
    assert "2019:916" in system.XLM_PARAMETER_KALLA("inkomstutjamning.garantiniva.region", 2020.0)
    assert system.XLM_REGLERINGSPOST(1e9 + 2_000 * 1e6, 1e9, 1e6) == 2_000


def test_ovriga_tabellformer():
    omr = [["kommunkod", "folkmangd", "bidragsminskning"], ["1814", 8000.0, 1112.0], [1881.0, 21000.0, 1035.0]]
    ut = system.XLM_INFORANDEBIDRAG_TABELL(omr, 2021.0, "scb_utfall")
    assert ut[1][:1] == ["1814"] and ut[1][ut[0].index("kr_per_inv")] == 425
    assert system.XLM_INFORANDEBIDRAG_KRINV(1881.0, 1035.0, 2020.0, None) == 785
    omr = [["kommunkod", "folkmangd", "strukturbidrag_kr_per_inv"], [1863.0, 6800.0, 477.0]]
    ut = system.XLM_STRUKTURBIDRAG_TABELL(omr)
    assert ut[1][ut[0].index("belopp")] == 477 * 6800


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


def test_ovantat_fel_blir_svenskt_meddelande(monkeypatch):
    def trasig(*a, **k):
        raise ZeroDivisionError("division by zero")
    monkeypatch.setattr(xlmodel, "upprakningsfaktor", trasig)
    with pytest.raises(XlmodelFel, match="Fel i XLM_UPPRAKNINGSFAKTOR: division by zero"):
        inkomst.XLM_UPPRAKNINGSFAKTOR(2026.0)


@pytest.mark.parametrize("modulnamn", UDF_MODULER)
def test_namn_och_argument_duger_i_excel_och_vba(modulnamn):
    """ASCII-namn med prefix XLM_, argumentnamn som är giltiga VBA-identifierare, docstring på varje UDF."""
    modul = importlib.import_module(modulnamn)
    funktioner = [f for n, f in vars(modul).items() if n.startswith("XLM_")]
    assert funktioner
    for f in funktioner:
        assert f.__name__.isascii() and f.__doc__ and len(f.__doc__) <= 255
        for arg in inspect.signature(f).parameters:
            assert arg.isascii() and arg.isidentifier() and not arg.startswith("_"), (f.__name__, arg)
            assert arg.lower() not in VBA_RESERVERADE and not keyword.iskeyword(arg), (f.__name__, arg)


def test_till_excel_och_tabell():
    import pandas as pd
    df = pd.DataFrame({"a": [1.0, np.nan]}, index=pd.Index(["0114", "0115"], name="kommunkod"))
    assert till_excel(df) == [["kommunkod", "a"], ["0114", 1.0], ["0115", None]]
    t = tabell([["KommunKod ", "X", None], [114.0, 2.0, None], [None, None, None]])
    assert list(t.columns) == ["kommunkod", "x"] and len(t) == 1
