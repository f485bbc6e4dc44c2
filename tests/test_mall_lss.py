"""Mallen LSS-utjämning enligt Ds 1999:72: byggs, beräknas med formulas + UDF:erna och varje cell i Tabell H
(alla 11 kolumner) jämförs med motorn, före och efter ändrade schabloner. Varje test bygger en ny arbetsbok."""
import openpyxl
import pytest

import xlmodel
from xlmodel.excel.mallar import bygg_lss_ds1999
from xlformler import Bok, excelform, jamfor_med_motorn


@pytest.fixture
def mall(tmp_path):
    fil = bygg_lss_ds1999(tmp_path / "lss.xlsx")
    return fil, Bok(fil)


def _motor(schabloner=None, sparregler=True):
    g = xlmodel.ds1999_tabell_g().dropna(subset=["invanare", "pk12_red_per10k", "boende_per10k", "daglig_per10k"])
    h = xlmodel.ds1999_tabell_h().set_index("kommun")["kostnad_rs98"]
    return xlmodel.lss_ds1999_modell1(g, h.reindex(g["kommun"]).dropna(), schabloner=schabloner, sparregler=sparregler)


def _jamfor(fil, bok, motor):
    n = jamfor_med_motorn(bok, fil, {("Tabell H", "A1"): excelform(motor)})
    assert n == (len(motor) + 1) * 11  # hela Tabell H: rubrik + 288 kommuner × 11 kolumner


def test_varje_cell_i_tabell_h_ar_motorns(mall):
    fil, bok = mall
    _jamfor(fil, bok, _motor())
    # Tabell H:s publicerade standardkostnad för Botkyrka är 1 602 kr/inv
    rad = [r for r in bok.omrade("Tabell H", "A2:D289") if r[0] == "Botkyrka"][0]
    assert rad[3] == pytest.approx(1602, abs=20)


def test_andrad_schablon_slar_igenom_som_i_motorn(mall):
    fil, bok = mall
    bok.berakna({("Schabloner", "B6"): 0.9, ("Schabloner", "B7"): 0})
    motor = _motor(schabloner={"andel_boende": 0.9}, sparregler=False)
    _jamfor(fil, bok, motor)
    assert not (motor["standardkostnad"] == _motor()["standardkostnad"]).all()


def test_konf_och_om_flikar(tmp_path):
    wb = openpyxl.load_workbook(bygg_lss_ds1999(tmp_path / "l.xlsx"))
    assert wb.sheetnames[0] == "Om" and "xlwings.conf" in wb.sheetnames
    assert wb["xlwings.conf"]["A1"].value == "UDF Modules"
    assert {"udfs.lss", "udfs.ds1999"} <= set(wb["xlwings.conf"]["B1"].value.split(";"))
    assert wb["Schabloner"]["B3"].fill.fgColor.rgb.endswith("FFFF99")
