"""Huvudjobbets snabba vägar (issue 15) ger samma arbetsbok och samma svar som de långsamma: sparade värden
räknade på boken i minnet, bladen utan temporära filer, Indata läst i ett svep, stilar satta med ett uppslag."""
import io
import zipfile
from importlib.metadata import version

import openpyxl
import pytest

import xlmodel
from xlmodel.excel.mall import FAST_TID, _okomprimerad, ny_arbetsbok, spara
from xlmodel.excel.las_skatter import las_indata
from xlmodel.excel.sparade import Berakning, med_sparade_varden
from xlmodel.excel.utskrift import RUBRIKSTIL, fet, satt_stil


def test_versionen_i_paketet_och_koden():
    """Rapporten skriver ``xlmodel.__version__``; den ska vara paketets version (pyproject.toml)."""
    assert version("xlmodel") == xlmodel.__version__


def _bok():
    wb = ny_arbetsbok()
    ws = wb.create_sheet("Blad")
    ws["A1"], ws["B1"], ws["C1"] = 2, 3.5, "=A1+B1"
    ws["A3"] = "=Blad!C1*2"
    satt_stil([ws["A1"], ws["B1"]], font=RUBRIKSTIL["font"], fill=RUBRIKSTIL["fill"])
    return wb


def test_sparade_varden_pa_boken_i_minnet_som_efter_omlasning():
    """``spara`` räknar formlerna på boken innan den sparas (ingen omläsning); det ger samma paket som att
    spara med openpyxl, läsa in igen och räkna (den gamla vägen), och skapar inga celler i boken."""
    wb = _bok()
    celler_fore = {ws.title: sorted(ws._cells) for ws in wb.worksheets}
    i_minnet = Berakning(wb, strikt=True).alla()
    assert {ws.title: sorted(ws._cells) for ws in wb.worksheets} == celler_fore
    assert i_minnet == {("Blad", "C1"): 5.5, ("Blad", "A3"): 11.0}
    ra = io.BytesIO()
    wb.save(ra)
    gammal = med_sparade_varden(ra.getvalue(), strikt=True, tid=FAST_TID)  # läser in och räknar
    ny = med_sparade_varden(_okomprimerad(wb), strikt=True, varden=i_minnet, tid=FAST_TID)
    with zipfile.ZipFile(io.BytesIO(gammal)) as a, zipfile.ZipFile(io.BytesIO(ny)) as b:
        assert a.namelist() == b.namelist()
        for namn in a.namelist():
            assert a.read(namn) == b.read(namn), namn
            assert a.getinfo(namn).external_attr == b.getinfo(namn).external_attr, namn


def test_satt_stil_som_cell_for_cell():
    """``satt_stil`` ger samma stilindex som att sätta attributen på varje cell."""
    wb = ny_arbetsbok()
    ws = wb.create_sheet("Blad")
    for c in ws["A1:C1"][0]:
        c.font, c.fill = fet(), RUBRIKSTIL["fill"]
    satt_stil(ws["A2:C2"][0], font=fet(), fill=RUBRIKSTIL["fill"])
    assert [tuple(c._style) for c in ws["A1:C1"][0]] == [tuple(c._style) for c in ws["A2:C2"][0]]
    assert ws["C2"].font.b and ws["C2"].fill.fgColor.rgb == RUBRIKSTIL["fill"].fgColor.rgb


@pytest.mark.parametrize("formel", [False, True])
def test_las_indata_i_ett_svep(tmp_path, formel):
    """``las_indata`` läser Indata i ett svep; en formel i en indatacell ger Excels sparade värde (bara då läses
    de sparade värdena)."""
    from xlmodel.excel.mallar import bygg_skatter_och_bidrag

    fil = tmp_path / "sob.xlsx"
    bygg_skatter_och_bidrag(fil, "1880", 2026, egna={"lss_utjamning": {2026: -250.0, 2028: -100.0}})
    if formel:  # B3 som formel med sparat värde (som Excel sparar den)
        wb = openpyxl.load_workbook(fil)
        wb["Indata"]["C11"] = "=1+1"
        wb.save(fil)
        with pytest.raises(xlmodel.IndataFel, match="Indata!C11 utan sparat värde"):
            las_indata(fil)
        return
    ind = las_indata(fil)
    assert ind["kommunkod"] == "1880" and ind["ar"] == 2026 and ind["reform"] is None
    assert ind["antaganden"]["lss_utjamning"] == {2026: -250.0, 2028: -100.0}
    assert ind["antaganden"]["prognos"] == "harledd_ur_scb" and ind["antaganden"]["planar"] == 3


def test_spara_byte_for_byte_lika_tva_ganger(tmp_path):
    """Samma bok sparad två gånger ger samma fil (fast tid, inga temporära filer per blad)."""
    spara(_bok(), tmp_path / "a.xlsx")
    spara(_bok(), tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


def test_skrapsamlingen_som_fore_kommandot(capsys):
    """``cli.main`` stänger av den cykliska skräpsamlingen medan kommandot körs och återställer den sedan,
    också efter ett fel."""
    import gc

    from xlmodel.cli import main

    assert gc.isenabled()
    assert main(["--version"]) == 0 and gc.isenabled()
    assert main(["skatter-och-bidrag", "--kommun", "9999", "--ar", "2026", "-o", "x.xlsx"]) == 2 and gc.isenabled()
    gc.disable()
    try:
        main(["--version"])
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_egen_indata_ser_egna_blad_och_andrade_gula_celler(tmp_path):
    """En befintlig bok: ett eget blad och en ändrad gul cell är användarens (bladnamnen läses ur workbook.xml)."""
    from xlmodel.excel.las_skatter import egen_indata
    from xlmodel.excel.mallar import bygg_skatter_och_bidrag

    fil = tmp_path / "sob.xlsx"
    bygg_skatter_och_bidrag(fil, "1880", 2026)
    assert egen_indata(fil, "1880", 2026, "harledd_ur_scb", {}) == []
    wb = openpyxl.load_workbook(fil)
    wb.create_sheet("Mina anteckningar")
    wb["Indata"]["B11"] = 21.5  # skattesats 2026
    wb.save(fil)
    assert egen_indata(fil, "1880", 2026, "harledd_ur_scb", {}) == ["Indata skattesats", "bladet Mina anteckningar"]


def test_programmet_slutar_direkt_med_slutkoden_och_all_utdata(tmp_path):
    """``python -m xlmodel`` slutar med ``os._exit`` (``cli.program``, issue 15): slutkoden är ``main``:s, stdout
    och stderr är tömda i en pipe och boken är hel: byte för byte den som ``main`` skriver i processen."""
    import subprocess
    import sys

    from xlmodel.cli import main

    argv = ["skatter-och-bidrag", "--kommun", "1880", "--ar", "2026", "-o"]
    ut = subprocess.run([sys.executable, "-m", "xlmodel", *argv, str(tmp_path / "program.xlsx")],
                        capture_output=True, text=True)
    assert ut.returncode == 0, ut.stderr
    assert ut.stdout.startswith("post (mnkr)") and ut.stdout.rstrip().endswith(f"Skrev {tmp_path / 'program.xlsx'}.")
    assert main([*argv, str(tmp_path / "main.xlsx")]) == 0
    assert (tmp_path / "program.xlsx").read_bytes() == (tmp_path / "main.xlsx").read_bytes()
    fel = subprocess.run([sys.executable, "-m", "xlmodel", "skatter-och-bidrag", "--kommun", "9999", "--ar", "2026",
                          "-o", str(tmp_path / "fel.xlsx")], capture_output=True, text=True)
    assert fel.returncode == 2 and fel.stderr.startswith("xlmodel: ") and not (tmp_path / "fel.xlsx").exists()
