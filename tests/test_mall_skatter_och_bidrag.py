"""Mallen Skatter och bidrag: beräknas med formulas + UDF:erna och VARJE UDF-driven cell (budgetblocket i mnkr
och kr/inv, värdena i Indata, standardvärdena, delflikarna, noten) jämförs med motorn, före och efter ändrade
indataceller. Varje test bygger en ny arbetsbok."""
import zipfile

import openpyxl
import pandas as pd
import pytest

import xlmodel
import xlmodel.budget
from xlmodel.excel.mallar import SOB_ANTAGANDEN, SOB_DELAR, SOB_MAX_PLANAR as SOB_PLANAR_MAX, SOB_PLANAR, bygg_skatter_och_bidrag
from xlmodel.budget import RADER, antaganden_ur_data, kommundata
from xlformler import Bok, excelform, jamfor_med_motorn
from test_mall_marginal import marginal_forvantat
from test_mall_kanslighet import kanslighet_forvantat



def _sob_ar(*a, **kw):
    """Blocket med årtal som kolumner (budgetår + planår), som arbetsbokens matrisformler."""
    kw.setdefault("kolumner", "ar")
    return xlmodel.budget.skatter_och_bidrag(*a, **kw)


ANT = {"prognos": "harledd_ur_scb", "planar": SOB_PLANAR}
VARDEN = ("folkmangd", "skattesats", "upprakningsfaktor", "skattekraft", "medelskattekraft", "inkomstutjamning_kr_per_inv")
LSS, FAST = "LSS-utjämning", "Kommunal fastighetsavgift"
NOT = ("Obs: Slutavräkning året innan och Övriga generella statsbidrag och LSS-utjämning och Kommunal fastighetsavgift var inte ifyllda i Indata (rad 15, 19, 20 och 21) när filen skrevs: "
       "summaraderna saknar dessa delar. Fyll i de gula cellerna och kör xlmodel uppdatera, eller räkna om med xlwings.")


@pytest.fixture
def mall(tmp_path):
    fil = bygg_skatter_och_bidrag(tmp_path / "sob.xlsx")
    return fil, Bok(fil)


def tal(df):
    """Motorns tabell som matrisformeln med ``rubriker`` FALSKT visar den: bara talen (rubrikerna är text i bladet),
    tomma celler efter sista planåret (budgetåret + 8 planår)."""
    return [r[1:] + [None] * (SOB_PLANAR_MAX + 1 - len(r[1:])) for r in excelform(df)[1:]]


def _varden(kod, ant):
    kr = _sob_ar(kod, 2026, ant, enhet="kr")
    return tal(pd.DataFrame({v: kr.attrs[v] for v in VARDEN}).T.rename_axis("variabel"))


def _jamfor(fil, bok, kod="1880", egna=None, planar=SOB_PLANAR, data=None):
    """Jämför hela arbetsboken med motorn för kommunen, planåren och de egna antagandena (och bladet Data om
    ``data``); ger motorns mnkr-block."""
    ant = {**ANT, "planar": planar, **(egna or {})}
    std = {**ANT, "planar": planar}
    if data is not None:
        ant, std = antaganden_ur_data(data, ant), antaganden_ur_data(data, std)
    mnkr = _sob_ar(kod, 2026, ant)
    marginal_tab, marginal_celler = marginal_forvantat(kod, ant)  # bladet Marginalintäkt
    kanslighet_tab, kanslighet_celler = kanslighet_forvantat(kod, ant)  # bladet Känslighet
    n = jamfor_med_motorn(bok, fil, {**marginal_tab, **kanslighet_tab,
        ("Budget", "B4"): tal(mnkr),
        ("Budget", "M4"): tal(_sob_ar(kod, 2026, ant, enhet="kr_per_inv")),
        ("Indata", f"B{10 + len(SOB_ANTAGANDEN) + 4}"): _varden(kod, ant),  # värdena under antagandena
        ("Standard", "B4"): _varden(kod, std),
        ("Standard", "B14"): tal(_sob_ar(kod, 2026, std, enhet="kr_per_inv")),
    }, {**marginal_celler, **kanslighet_celler})
    # två block à 15 × 9 + värden 6 × 9 + standard 6 × 9 och 15 × 9 + delflikar och standardceller
    assert n > 2 * 135 + 54 + 54 + 135 + 9 * 2 * len(SOB_DELAR)
    return mnkr


def test_varje_udf_cell_ar_motorns(mall):
    fil, bok = mall
    mnkr = _jamfor(fil, bok)
    assert bok.varde("Budget", "A4") == "Kommunalskatt"  # radnamnen är text, ingen formel
    assert openpyxl.load_workbook(fil)["Budget"]["A4"].value == "Kommunalskatt"
    assert bok.ra("Budget", "F4") is None  # år efter sista planåret: tomt (inte #N/A)
    assert bok.ra("Budget", "A20") == NOT  # LSS-utjämning och fastighetsavgift är inte ifyllda (text ur motorn)
    # standardvärdet bredvid den gula cellen: 2026 års skattesats i Örebro (Skatteverket) 21,35 %
    assert bok.ra("Indata", "L11") == pytest.approx(21.35) and bok.ra("Indata", "B11") is None
    assert bok.ra("Kostnadsutjämning", "B4") == pytest.approx(mnkr.loc["Kostnadsutjämning", 2026])


def test_andrade_indataceller_flyttar_varje_cell_som_motorn(mall):
    fil, bok = mall
    # rad 11 skattesats, 12 folkmängd, 15 LSS-utjämning, 19 fastighetsavgift; kolumn B = 2026, C = 2027, ...
    andr = {("Indata", "C11"): 22.0, ("Indata", "D12"): 170_000}
    for kol in "BCDE":
        andr[("Indata", f"{kol}15")], andr[("Indata", f"{kol}19")] = -250, 150e6
    bok.berakna(andr)
    egna = {"skattesats": {2027: 22.0}, "folkmangd": {2028: 170_000},
            "lss_utjamning": {a: -250 for a in range(2026, 2030)}, "fastighetsavgift": {a: 150e6 for a in range(2026, 2030)}}
    mnkr = _jamfor(fil, bok, egna=egna)
    fore = _sob_ar("1880", 2026, ANT)
    assert bok.ra("Budget", "C4") > fore.loc["Kommunalskatt", 2027]  # 22,00 mot 21,35 procent
    assert bok.ra("Budget", "B17") == pytest.approx(mnkr.loc[RADER[13], 2026])  # summan finns nu
    assert bok.ra("Budget", "A20") == NOT  # noten är text från när filen skrevs (uppdatera skriver om den)
    assert bok.ra("Indata", "M11") == pytest.approx(21.35)  # standardvärdet står kvar bredvid den egna skattesatsen


def test_byte_av_kommun_hamtar_dess_data(mall):
    fil, bok = mall
    bok.berakna({("Indata", "B3"): "1860"})
    _jamfor(fil, bok, kod="1860")


@pytest.mark.parametrize("planar", [0, 8])
def test_alla_planar_0_till_8_ryms(mall, planar):
    fil, bok = mall
    bok.berakna({("Indata", "B5"): planar})
    _jamfor(fil, bok, planar=planar)
    assert bok.ra("Budget", "J3") == 2034  # årsraden är vanliga formler; talen under finns bara inom planåren
    assert (bok.ra("Budget", "J4") is None) == (planar < 8)


def test_huvudjobbets_arbetsbok_med_bladet_data(tmp_path):
    # samma mall med kommunens data i bladet Data (xlmodel skatter-och-bidrag): varje cell, före och efter en ändring
    data = kommundata("1881")
    fil = bygg_skatter_och_bidrag(tmp_path / "k.xlsx", "1881", data=data)
    assert openpyxl.load_workbook(fil)["Budget"]["A20"].value == NOT
    bok = Bok(fil)
    _jamfor(fil, bok, kod="1881", data=data)
    bok.berakna({("Indata", "B11"): 21.0})
    _jamfor(fil, bok, kod="1881", data=data, egna={"skattesats": {2026: 21.0}})


def test_flikar_konf_och_deterministiskt_bygge(tmp_path):
    a, b = bygg_skatter_och_bidrag(tmp_path / "a.xlsx"), bygg_skatter_och_bidrag(tmp_path / "b.xlsx")
    assert a.read_bytes() == b.read_bytes()  # tidsstämplarna är frysta
    with zipfile.ZipFile(a) as z:
        assert b"2026-01-01T00:00:00Z" in z.read("docProps/core.xml")
    wb = openpyxl.load_workbook(a)
    assert wb.sheetnames[0] == "Om" and set(SOB_DELAR) | {"Indata", "Budget", "Standard", "xlwings.conf"} <= set(wb.sheetnames)
    assert "udfs.ds1999" in wb["xlwings.conf"]["B1"].value and "udfs.skatter" in wb["xlwings.conf"]["B1"].value
    assert wb["Budget"]._charts and wb["Indata"]["J15"].fill.fgColor.rgb.endswith("FFFF99")


def test_las_indata_laser_alla_nio_arskolumner(tmp_path):
    from xlmodel.excel.mallar import las_indata
    fil = bygg_skatter_och_bidrag(tmp_path / "s.xlsx", egna={"lss_utjamning": {2026: -250, 2034: -100}})
    assert openpyxl.load_workbook(fil)["Indata"]["J15"].value == -100  # kolumn J = budgetåret + 8
    assert las_indata(fil)["antaganden"]["lss_utjamning"] == {2026: -250, 2034: -100}


def test_budgetnotens_radnummer_ar_de_listade_delarnas_rader_i_indata(tmp_path):
    """Noten nämner Indata-raderna för just de delar den listar (slutavräkningen året innan: den bokförda, rad 21)."""
    from xlmodel.excel.mall_skatter import budgetnot

    egna = {"lss_utjamning": {a: -250 for a in range(2026, 2030)}, "fastighetsavgift": {a: 150e6 for a in range(2026, 2030)}}
    fil = bygg_skatter_och_bidrag(tmp_path / "n.xlsx", egna=egna)
    wb = openpyxl.load_workbook(fil)
    not_ = wb["Budget"]["A20"].value
    assert "Övriga generella statsbidrag" in not_ and "LSS" not in not_ and "(rad 20 och 21)" in not_
    assert wb["Indata"]["A20"].value == "ovriga_bidrag"  # rad 20 är den delens gula cell
    assert wb["Indata"]["A21"].value == "bokford_slutavrakning"  # rad 21: den bokförda slutavräkningen
    bara_slutavr = _sob_ar("1880", 2026, {**ANT, **egna, "ovriga_bidrag": 0})
    assert bara_slutavr.attrs["ej_angivna"] == ["Slutavräkning året innan"]
    assert budgetnot(bara_slutavr, {"ovriga_bidrag": 20}).startswith("Obs: Slutavräkning året innan var inte ifyllda i Indata när")
    assert budgetnot(bara_slutavr, {"bokford_slutavrakning": 21}).startswith(
        "Obs: Slutavräkning året innan var inte ifyllda i Indata (rad 21) när")
