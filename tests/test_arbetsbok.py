"""Säker uppdatering av arbetsböcker och CSV-export (xlmodel.excel.arbetsbok)."""
import csv
import hashlib
import io
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import xlsxwriter
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from xlmodel.excel import arbetsbok as ab
from xlmodel.excel.arbetsbok import ar_indatacell, datablad, skapa_kontrakt, skriv_csv, uppdatera_arbetsbok
from xlmodel.fel import IndataFel

GUL = PatternFill("solid", fgColor="FFFF00")
LJUSGUL = PatternFill("solid", fgColor="FFFFFF99")
NYA = {
    "Data": pd.DataFrame({"kommunkod": ["0180", "1880", "2584"], "skatteunderlag": [1.5e11, 3.9951388600e10, -2.0],
                          "namn": ["Stockholm", "=Örebro", None]}),
    "Resultat": pd.DataFrame({"kr_per_inv": [-4298, 12880]}, index=pd.Index(["0180", "1880"], name="kommunkod")),
}


def _mall(fil: Path) -> None:
    """En mall med allt en användare kan ha gjort: gula indataceller, formler, format, kommentarer, namn ..."""
    wb = openpyxl.Workbook()
    ind = wb.active
    ind.title = "Indata"
    ind["A1"] = "Utjämningsår"
    ind["B1"] = 2026
    ind["B1"].fill = GUL
    ind["A2"] = "Skattesats"
    ind["B2"] = 21.35
    ind["B2"].fill = LJUSGUL
    ind["B2"].number_format = "0.00"
    ind["B3"] = "=B2*2+SUM(Data!B2:B4)"
    ind["B3"].font = Font(bold=True, italic=True, color="FF0000", name="Arial", size=12)
    ind["B3"].border = Border(left=Side("thin"), bottom=Side("double", color="0000FF"))
    ind["B3"].alignment = Alignment(horizontal="center", wrap_text=True)
    ind["B3"].protection = Protection(locked=False)
    ind["B4"] = "Min text ÅÄÖ"
    ind["B4"].fill = GUL
    ind["B4"].comment = Comment("Användarens anteckning", "Anna")
    ind["C5"] = 0.5
    ind["C5"].number_format = "0%"
    ind.merge_cells("D1:E2")
    ind["D1"] = "sammanfogad"
    dv = DataValidation(type="whole", operator="between", formula1="2020", formula2="2030")
    ind.add_data_validation(dv)
    dv.add("B1")
    ind.conditional_formatting.add("B2", CellIsRule(operator="greaterThan", formula=["30"], fill=GUL))
    ind.column_dimensions["A"].width = 25
    wb.defined_names["Utjamningsar"] = DefinedName("Utjamningsar", attr_text="Indata!$B$1")

    data = wb.create_sheet("Data")
    data.append(["kommunkod", "skatteunderlag"])
    data.append(["0114", 1])
    data.append(["0115", 2])
    data.append(["0117", 3])
    data.append(["0120", 4])  # fler gamla rader än nya: ska försvinna
    data.sheet_properties.tabColor = "00FF00"
    data.column_dimensions["A"].width = 12
    res = wb.create_sheet("Resultat")
    res["A1"] = "gammalt"

    eget = wb.create_sheet("Mitt blad")
    eget["A1"] = "=Indata!B3/2"
    eget["A2"] = "egen kommentar"
    eget["A2"].comment = Comment("Egen", "Bo")
    diagram = BarChart()
    diagram.add_data(Reference(data, min_col=2, min_row=1, max_row=4), titles_from_data=True)
    eget.add_chart(diagram, "C3")
    skapa_kontrakt(wb, ["Data", "Resultat"])
    wb.save(fil)


def _sha(fil: Path) -> str:
    return hashlib.sha256(fil.read_bytes()).hexdigest()


def _delar(fil: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(fil) as z:
        return {n: z.read(n) for n in z.namelist()}


def _celler(fil: Path, utom=()) -> dict:
    """Värde, formel och format för varje cell (även tomma med format) i bladen utom ``utom``."""
    wb = openpyxl.load_workbook(fil)
    ut = {}
    for ws in wb.worksheets:
        if ws.title in utom:
            continue
        for rad in ws.iter_rows():
            for c in rad:
                ut[(ws.title, c.coordinate)] = (
                    c.value, c.data_type, c.number_format, repr(c.font), repr(c.fill), repr(c.border),
                    repr(c.alignment), repr(c.protection), c.comment.text if c.comment else None,
                    ar_indatacell(c),
                )
        ut[(ws.title, "merged")] = sorted(str(r) for r in ws.merged_cells.ranges)
        ut[(ws.title, "validering")] = [(d.sqref, d.formula1, d.formula2) for d in ws.data_validations.dataValidation]
        ut[(ws.title, "villkor")] = [(str(r.sqref), [x.formula for x in r.rules]) for r in ws.conditional_formatting]
    ut["namn"] = {n: d.attr_text for n, d in wb.defined_names.items()}
    return ut


def test_kontraktet_listar_databladen(tmp_path):
    fil = tmp_path / "bok.xlsx"
    _mall(fil)
    assert datablad(fil) == ["Data", "Resultat"]
    assert openpyxl.load_workbook(fil)["_xlmodel"].sheet_state == "hidden"


def test_alla_anvandarceller_overlever_byte_for_byte(tmp_path):
    fil = tmp_path / "bok.xlsx"
    _mall(fil)
    fore_celler, fore_delar = _celler(fil, utom={"Data", "Resultat"}), _delar(fil)
    gula = [k for k, v in fore_celler.items() if isinstance(v, tuple) and v[-1]]
    assert len(gula) == 3  # B1, B2 (FFFFFF99), B4

    kopia = uppdatera_arbetsbok(fil, NYA)

    # 1) Varje användarcell (värde, formel, format, kommentar), namn, validering och villkorsformat är oförändrad.
    assert _celler(fil, utom={"Data", "Resultat"}) == fore_celler
    # 2) Starkare: varje zip-del utom de omskrivna databladen och workbook.xml (calcPr) är byte för byte densamma.
    efter = _delar(fil)
    with zipfile.ZipFile(fil) as z:
        _, blad, _ = ab._struktur(z)
    andrade = {n for n in fore_delar if efter.get(n) != fore_delar[n]}
    # workbook.xml skrivs om bara när calcPr behöver ändras (med lxml skriver openpyxl den ofta oförändrad):
    # påstå det som måste gälla, inte en tillfällig ändring.
    assert andrade - {"xl/workbook.xml"} == {blad["Data"], blad["Resultat"]}
    assert set(efter) == set(fore_delar)
    # 3) Databladen har exakt den nya datan; kommunkod är text med ledande nolla, negativa tal är tal.
    wb = openpyxl.load_workbook(fil)
    assert list(wb["Data"].values) == [
        ("kommunkod", "skatteunderlag", "namn"),
        ("0180", 1.5e11, "Stockholm"),
        ("1880", 39951388600, "=Örebro"),
        ("2584", -2, None),
    ]
    assert wb["Data"]["C3"].data_type == "s"  # text som ser ut som formel förblir text
    assert wb["Data"].sheet_properties.tabColor.rgb == "0000FF00"
    assert list(wb["Resultat"].values) == [("kommunkod", "kr_per_inv"), ("0180", -4298), ("1880", 12880)]
    assert wb["_xlmodel"].sheet_state == "hidden"
    assert 'fullCalcOnLoad="1"' in efter["xl/workbook.xml"].decode()
    # 4) Säkerhetskopian är den gamla filen.
    assert kopia.name.startswith("bok_backup_") and kopia.suffix == ".xlsx"
    assert _delar(kopia) == fore_delar


def test_xlsxwriter_mall_med_dynamisk_matris_diagram_bild_och_calcchain(tmp_path):
    # Delar som openpyxl tappar vid öppna-spara (metadata.xml för dynamiska matriser, bilder) överlever här.
    fil = tmp_path / "xw.xlsx"
    wb = xlsxwriter.Workbook(fil)
    ind = wb.add_worksheet("Indata")
    gul = wb.add_format({"bg_color": "#FFFF00", "num_format": "0.00"})
    ind.write("A1", 21.35, gul)
    ind.write_dynamic_array_formula("B1", "=SORT(Data!B2:B4)")
    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6300010000050001a5f645400000000049454e44ae426082")
    ind.insert_image("D2", "bild.png", {"image_data": io.BytesIO(png)})
    data = wb.add_worksheet("Data")
    data.write_row(0, 0, ["kommunkod", "v"])
    data.write_column(1, 0, ["0114", "0115"])
    data.write_column(1, 1, [1, 2])
    diagram = wb.add_chart({"type": "column"})
    diagram.add_series({"values": "=Data!$B$2:$B$3"})
    ind.insert_chart("D10", diagram)
    kontrakt = wb.add_worksheet("_xlmodel")
    kontrakt.write_column(0, 0, ["datablad", "Data"])
    kontrakt.hide()
    wb.close()
    # Excel-sparade filer har calcChain.xml; lägg till en som pekar på Data.
    med_calc = tmp_path / "xw_calc.xlsx"
    with zipfile.ZipFile(fil) as zin, zipfile.ZipFile(med_calc, "w", zipfile.ZIP_DEFLATED) as zut:
        for info in zin.infolist():
            d = zin.read(info)
            if info.filename == "[Content_Types].xml":
                d = d.replace(b"</Types>", b'<Override PartName="/xl/calcChain.xml" ContentType="application/'
                              b'vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>')
            if info.filename == "xl/_rels/workbook.xml.rels":
                d = d.replace(b"</Relationships>", b'<Relationship Id="rId99" Type="http://schemas.openxmlformats'
                              b'.org/officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/>'
                              b"</Relationships>")
            zut.writestr(info, d)
        zut.writestr("xl/calcChain.xml", b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<calcChain '
                     b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><c r="B1" i="1"/></calcChain>')
    fore = _delar(med_calc)
    assert "xl/metadata.xml" in fore and "xl/media/image1.png" in fore and "xl/charts/chart1.xml" in fore

    uppdatera_arbetsbok(med_calc, {"Data": pd.DataFrame({"kommunkod": ["0180"], "v": [7]})}, backup=False)

    efter = _delar(med_calc)
    assert "xl/calcChain.xml" not in efter and b"calcChain" not in efter["[Content_Types].xml"]
    assert b"calcChain" not in efter["xl/_rels/workbook.xml.rels"]
    for del_ in ("xl/metadata.xml", "xl/media/image1.png", "xl/charts/chart1.xml", "xl/worksheets/sheet1.xml",
                 "xl/sharedStrings.xml", "xl/styles.xml", "xl/drawings/drawing1.xml"):
        assert efter[del_] == fore[del_], del_
    assert b'cm="1"' in efter["xl/worksheets/sheet1.xml"]  # den dynamiska matrisen är kvar
    assert list(openpyxl.load_workbook(med_calc)["Data"].values) == [("kommunkod", "v"), ("0180", 7)]
    assert not list(tmp_path.glob("*_backup_*"))
    # Jämförelse: en vanlig openpyxl-runda tappar metadata.xml (och med den den dynamiska matrisen).
    openpyxl.load_workbook(fil).save(tmp_path / "runda.xlsx")
    assert "xl/metadata.xml" not in _delar(tmp_path / "runda.xlsx")


def test_avbruten_uppdatering_lamnar_originalet_orort(tmp_path, monkeypatch):
    fil = tmp_path / "bok.xlsx"
    _mall(fil)
    fore = _sha(fil)
    original = zipfile.ZipFile.writestr
    antal = {"n": 0}

    def halvvags(self, *a, **k):
        antal["n"] += 1
        if antal["n"] == 4:
            raise OSError("disken full (simulerat)")
        return original(self, *a, **k)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", halvvags)
    with pytest.raises(OSError, match="simulerat"):
        uppdatera_arbetsbok(fil, NYA)
    assert _sha(fil) == fore
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bok.xlsx"]  # ingen temporär fil, ingen backup


def test_avbrott_vid_bytet_lamnar_originalet_orort(tmp_path, monkeypatch):
    fil = tmp_path / "bok.xlsx"
    _mall(fil)
    fore = _sha(fil)

    def nekad(*a):
        raise PermissionError("låst")

    monkeypatch.setattr(ab.os, "replace", nekad)
    with pytest.raises(IndataFel, match="kunde inte ersättas"):
        uppdatera_arbetsbok(fil, NYA)
    assert _sha(fil) == fore
    assert not list(tmp_path.glob("*.tmp"))


def test_dodad_process_lamnar_originalet_orort(tmp_path):
    # En verklig hård avbrytning (SIGKILL) mitt under skrivningen.
    fil = tmp_path / "bok.xlsx"
    _mall(fil)
    fore = _sha(fil)
    signal = tmp_path / "skriver"
    skript = textwrap.dedent(f"""
        import time, zipfile, pathlib, pandas as pd
        from xlmodel.excel.arbetsbok import uppdatera_arbetsbok
        original = zipfile.ZipFile.writestr
        def langsam(self, *a, **k):
            pathlib.Path({str(signal)!r}).touch()
            time.sleep(30)
        zipfile.ZipFile.writestr = langsam
        uppdatera_arbetsbok({str(fil)!r}, {{"Data": pd.DataFrame({{"a": [1]}})}})
    """)
    proc = subprocess.Popen([sys.executable, "-c", skript])
    try:
        for _ in range(300):
            if signal.exists() or proc.poll() is not None:
                break
            time.sleep(0.05)
        assert signal.exists(), "uppdateringen kom aldrig igång"
    finally:
        proc.kill()
        proc.wait()
    assert _sha(fil) == fore
    assert not list(tmp_path.glob("*_backup_*"))
    openpyxl.load_workbook(fil)  # fortfarande en hel arbetsbok


def test_vagrar_att_skriva_over_annat_an_datablad(tmp_path):
    fil = tmp_path / "bok.xlsx"
    _mall(fil)
    fore = _sha(fil)
    with pytest.raises(IndataFel, match="'Indata' är inget datablad"):
        uppdatera_arbetsbok(fil, {"Indata": pd.DataFrame({"a": [1]})})
    with pytest.raises(IndataFel, match="'Nytt' är inget datablad"):
        uppdatera_arbetsbok(fil, {"Nytt": pd.DataFrame({"a": [1]})})
    (tmp_path / "~$bok.xlsx").write_text("lås")
    with pytest.raises(IndataFel, match="öppen i Excel"):
        uppdatera_arbetsbok(fil, NYA)
    assert _sha(fil) == fore


def test_vagrar_bok_utan_kontrakt_och_datablad_med_indata_eller_kommentar(tmp_path):
    utan = tmp_path / "utan.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Data"
    wb.save(utan)
    with pytest.raises(IndataFel, match="saknar bladet _xlmodel"):
        uppdatera_arbetsbok(utan, {"Data": pd.DataFrame({"a": [1]})})

    gul = tmp_path / "gul.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Data"
    wb.active["B2"] = 5
    wb.active["B2"].fill = GUL
    skapa_kontrakt(wb, ["Data"])
    wb.save(gul)
    with pytest.raises(IndataFel, match="gul indatacell \\(B2\\)"):
        uppdatera_arbetsbok(gul, {"Data": pd.DataFrame({"a": [1]})})

    kommentar = tmp_path / "kommentar.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Data"
    wb.active["A1"] = "x"
    wb.active["A1"].comment = Comment("k", "a")
    skapa_kontrakt(wb, ["Data"])
    wb.save(kommentar)
    fore = _sha(kommentar)
    with pytest.raises(IndataFel, match="cellkommentarer"):
        uppdatera_arbetsbok(kommentar, {"Data": pd.DataFrame({"a": [1]})})
    assert _sha(kommentar) == fore and not list(tmp_path.glob("*.tmp"))


def test_upprepad_uppdatering_ger_unika_backuper(tmp_path):
    fil = tmp_path / "bok.xlsx"
    _mall(fil)
    k1 = uppdatera_arbetsbok(fil, NYA)
    mellan = fil.read_bytes()
    k2 = uppdatera_arbetsbok(fil, {"Resultat": pd.DataFrame({"x": [1]})})
    assert k1 != k2 and k2.read_bytes() == mellan
    assert list(openpyxl.load_workbook(fil)["Resultat"].values) == [("x",), (1,)]


# ------------------------------------------------------------------------------------------- CSV


def test_csv_formelinjektion_escapas_men_negativa_tal_forblir_tal(tmp_path):
    df = pd.DataFrame({
        "kommunkod": ["0180", "1880", "2584", "0114", "0115", "0117"],
        "text": ['=HYPERLINK("http://x","klicka")', "+46 8 123", "-x", "@SUM(A1)", "\t=1", "Örebro"],
        "belopp": [-4298, 12880, -2.5, 0, 1, 2],
        "blandat": [-3, "=1+1", None, "ok", 5.5, "-7"],
    })
    df = df.rename(columns={"blandat": "=rubrik"})
    fil = skriv_csv(df, tmp_path / "ut.csv")
    data = fil.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rader = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rader[0] == ["kommunkod", "text", "belopp", "'=rubrik"]
    assert [r[0] for r in rader[1:]] == ["0180", "1880", "2584", "0114", "0115", "0117"]
    assert [r[1] for r in rader[1:]] == ["'=HYPERLINK(\"http://x\",\"klicka\")", "'+46 8 123", "'-x", "'@SUM(A1)",
                                         "'\t'=1", "Örebro"]  # också efter tab/CR/LF inne i cellen
    assert [r[2] for r in rader[1:]] == ["-4298,0", "12880,0", "-2,5", "0,0", "1,0", "2,0"]
    assert [r[3] for r in rader[1:]] == ["-3", "'=1+1", "", "ok", "5,5", "'-7"]
    assert not list(tmp_path.glob("*.tmp"))


def test_csv_index_och_komma(tmp_path):
    df = pd.DataFrame({"kr_per_inv": [-4298, 12880]}, index=pd.Index(["0180", "=1880"], name="kommunkod"))
    fil = skriv_csv(df, tmp_path / "ut.csv", sep=",", decimal=".")
    assert fil.read_text(encoding="utf-8-sig").splitlines() == ["kommunkod,kr_per_inv", "0180,-4298", "'=1880,12880"]
