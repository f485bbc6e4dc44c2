"""Kommandoradens felvägar för varje kommando: en rad på svenska på stderr (``xlmodel: ...``), slutkod 2,
ingen traceback och ingen utfil; svensk hjälp; CSV-utdata; anmärkningen om ej angivna delar."""
import os
import re
import zipfile

import openpyxl
import pandas as pd
import pytest

import xlmodel
import xlmodel.budget
from xlmodel.excel.arbetsbok import skapa_kontrakt
from xlmodel.cli import main
from xlmodel.excel.mallar import SOB_ANTAGANDEN
from xlmodel.kallor.referensdata import orebro_lan_underlag
from xlmodel.budget import antaganden_ur_data, kommundata


def _sob_ar(*a, **kw):
    """Blocket med årtal som kolumner (budgetår + planår), som arbetsbokens matrisformler."""
    kw.setdefault("kolumner", "ar")
    return xlmodel.budget.skatter_och_bidrag(*a, **kw)

SOB = ["skatter-och-bidrag", "--kommun", "1880", "--ar", "2026"]
ENGELSKA = ("usage:", "error:", "Traceback", "invalid", "required", "expected one", "unrecognized")


@pytest.fixture
def mapp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "enfil").write_text("inte en mapp")
    wb = openpyxl.Workbook()
    wb.active["A1"] = "en vanlig arbetsbok"
    wb.save(tmp_path / "vanlig.xlsx")
    wb = openpyxl.Workbook()  # har _xlmodel men inget Indata-blad
    wb.active.title = "Data"
    skapa_kontrakt(wb, ["Data"])
    wb.save(tmp_path / "utan_indata.xlsx")
    d = orebro_lan_underlag(2026)[["kommunkod", "skatteunderlag", "folkmangd"]]
    d.to_csv(tmp_path / "in.csv", index=False)
    return tmp_path


def _en_svensk_rad(capsys) -> str:
    fel = capsys.readouterr().err.strip().splitlines()
    assert len(fel) == 1, fel
    assert fel[0].startswith("xlmodel: ") and not any(e in fel[0] for e in ENGELSKA), fel[0]
    return fel[0]


@pytest.mark.parametrize("argv,monster", [
    # utjamning
    (["utjamning", "--ar", "2026-2020", "-o", "x.xlsx"], "omvänt årsintervall '2026-2020'.*2020-2026"),
    (["utjamning", "--ar", "tjugo", "-o", "x.xlsx"], "ogiltigt år 'tjugo'"),
    (["utjamning", "--ar", "2026", "-o", "x.txt"], "Okänd filändelse för x.txt"),
    (["utjamning", "--ar", "2026", "-o", "enfil/x.xlsx"], "enfil är en fil, inte en mapp"),
    (["utjamning", "--ar", "2026", "-o", "enfil/under/x.csv"], "enfil är en fil, inte en mapp"),
    (["utjamning", "-o", "x.xlsx"], "dessa argument krävs: --ar"),
    (["utjamning", "--ar", "-o", "x.xlsx"], "--ar/--year behöver ett värde"),
    (["utjamning", "--ar", "2026", "--riket-folkmangd", "många", "-o", "x.xlsx"], "'många' är inget tal"),
    (["utjamning", "--ar", "2026", "-o", "x.xlsx", "--foo"], "okända argument: --foo"),
    # skatter-och-bidrag
    ([*SOB, "-o", "x.txt"], "Okänd filändelse för x.txt: använd .xlsx"),
    ([*SOB, "-o", "x.csv"], "Okänd filändelse för x.csv"),
    ([*SOB, "-o", "enfil/x.xlsx"], "enfil är en fil"),
    ([*SOB, "--lss-utjamning", "abc", "-o", "x.xlsx"], "--lss-utjamning: 'abc' är inget tal"),
    (["skatter-och-bidrag", "--kommun", "1880", "--ar", "20x6", "-o", "x.xlsx"], "ogiltigt år '20x6'"),
    (["skatter-och-bidrag", "--ar", "2026", "-o", "x.xlsx"], "ett av dessa argument krävs: --kommun"),
    # jamfor
    (["jamfor", "--reform", "sou_2024_50", "--ar", "2026", "-o", "x.txt"], "Okänd filändelse"),
    (["jamfor", "--reform", "sou_2024_50", "--ar", "2026", "-o", "enfil/x.csv"], "enfil är en fil"),
    (["jamfor", "--ar", "2026", "-o", "x.csv"], "dessa argument krävs: --reform"),
    # lss-1999
    (["lss-1999", "-o", "x.txt"], "Okänd filändelse"),
    (["ds1999", "-o", "enfil/h.csv"], "enfil är en fil"),
    # bygg-mallar
    (["bygg-mallar", "--mapp", "enfil"], "--mapp enfil är en fil, inte en mapp"),
    (["bygg-mallar", "--mapp", "enfil/under"], "enfil är en fil, inte en mapp"),
    # uppdatera
    (["uppdatera", "vanlig.xlsx", "--data", "in.csv"], "saknar bladet _xlmodel: den är inte en xlmodel-arbetsbok"),
    (["uppdatera", "utan_indata.xlsx", "--data", "in.csv"], "saknar bladet Indata"),
    (["uppdatera", "enfil", "--data", "in.csv"], "ange en arbetsbok"),
    (["uppdatera", "vanlig.xlsx"], "saknar bladet _xlmodel"),  # utan --data: nyaste hämtade/medföljande data
    # kommandot självt
    (["utjamnig"], "ogiltigt val 'utjamnig' för KOMMANDO"),
    ([], "dessa argument krävs: KOMMANDO"),
])
def test_fel_ger_en_svensk_rad_och_slutkod_2(mapp, capsys, argv, monster):
    fore = set(os.listdir(mapp))
    assert main(argv) == 2
    assert re.search(monster, _en_svensk_rad(capsys))
    assert set(os.listdir(mapp)) == fore  # ingen utfil, ingen kvarlämnad temporär fil


def test_oskrivbar_utfil_och_ovantat_fel(mapp, capsys, monkeypatch):
    import xlmodel.excel.utskrift as u

    def nekad(*a):
        raise PermissionError(13, "Permission denied", "x.xlsx")
    monkeypatch.setattr(u.os, "replace", nekad)
    assert main(["utjamning", "--ar", "2026", "-o", "x.xlsx"]) == 2
    assert "kan inte läsa eller skriva x.xlsx: saknar behörighet" in _en_svensk_rad(capsys)
    assert not list(mapp.glob(".x-*"))  # den temporära filen är borta

    def bugg(*a):
        raise RuntimeError("något gick sönder\nandra raden")
    monkeypatch.setattr(u.os, "replace", bugg)
    assert main(["utjamning", "--ar", "2026", "-o", "x.xlsx"]) == 2
    assert "oväntat fel (RuntimeError: något gick sönder)" in _en_svensk_rad(capsys)
    monkeypatch.setenv("XLMODEL_DEBUG", "1")  # felsökning: hela tracebacken
    with pytest.raises(RuntimeError):
        main(["utjamning", "--ar", "2026", "-o", "x.xlsx"])


def test_alla_felaktiga_indatarader_rapporteras(mapp, capsys):
    (mapp / "fel.csv").write_text("kommunkod,skatteunderlag,folkmangd\n1814,2126516600,abc\n1860,1241305300,5414\n"
                                  "9999,1241305300,5414\n1861,xyz,-3\n")
    assert main(["utjamning", "--ar", "2026", "--indata", "fel.csv", "-o", "x.xlsx"]) == 2
    fel = capsys.readouterr().err.strip().splitlines()
    assert fel[0] == "xlmodel: fel.csv: 3 rader avvisades (rättas i filen):"
    assert fel[1:] == ["  rad 2 (1814): folkmangd: 'abc' är inget tal", "  rad 4 (9999): okänd kommunkod 9999",
                       "  rad 5 (1861): skatteunderlag: 'xyz' är inget tal; folkmangd: måste vara större än noll (är -3)"]
    assert not (mapp / "x.xlsx").exists()
    d = orebro_lan_underlag(2026)[["kommunkod", "skatteunderlag", "folkmangd"]].assign(kommentar="=en anteckning")
    d.to_csv(mapp / "med_text.csv", index=False)  # en textkolumn utan tal är ingen felaktig rad
    assert main(["utjamning", "--ar", "2026", "--indata", "med_text.csv", "-o", "x.csv"]) == 0


def test_svensk_hjalp(capsys):
    assert main(["--hjalp"]) == 0
    ut = capsys.readouterr().out
    assert ut.startswith("användning: xlmodel") and "kommandon:" in ut and "flaggor:" in ut and "utjamning" in ut
    for argv in (["utjamning", "-h"], ["equalisation", "--help"], ["lss-1999", "--hjalp"]):
        assert main(argv) == 0
        ut = capsys.readouterr().out
        assert ut.startswith("användning: xlmodel") and "flaggor:" in ut and "-o UTFIL, --ut UTFIL, --output UTFIL" in ut
        assert not any(e in ut for e in ("usage:", "options:", "show this help"))


def test_utjamning_som_csv_en_tabell_med_ar(mapp, capsys):
    assert main(["utjamning", "--ar", "2025-2026", "-o", "u.csv"]) == 0
    assert capsys.readouterr().err == ""  # ingen förloppsindikator när stderr inte är en terminal
    assert (mapp / "u.csv").read_bytes()[:3] == b"\xef\xbb\xbf"  # text (UTF-8 med BOM), inte xlsx (PK...)
    assert (mapp / "u.csv").stat().st_mode & 0o777 == 0o666 & ~_umask()
    u = pd.read_csv(mapp / "u.csv", sep=";", decimal=",", dtype={"kommunkod": str})
    assert list(u.columns[:2]) == ["ar", "kommunkod"] and len(u) == 24
    assert sorted(u["ar"].unique()) == [2025, 2026] and u["folkmangd"].dtype.kind == "i"  # hela tal som heltal
    for ar in (2025, 2026):
        scb = orebro_lan_underlag(ar).set_index("kommunkod")
        rad = u[u["ar"] == ar].set_index("kommunkod")
        # inkomstutjämningen beräknad, övriga delar SCB:s: totalen inom 0,1 % av SCB:s publicerade tkr
        assert ((rad["summa_tkr"] - scb["summa_tkr"]).abs() <= 0.001 * scb["summa_tkr"].abs()).all()
    kr = u.select_dtypes("float").drop(columns=[k for k in u if k.endswith("andel")])
    assert ((kr * 10).round(6) % 1 == 0).all().all()  # en decimal


def test_lss_1999_csv_avrundad_och_xlsx_behorighet(mapp):
    assert main(["lss-1999", "-o", "h.csv"]) == 0
    h = pd.read_csv(mapp / "h.csv", sep=";", decimal=",")
    assert ((h["standardkostnad"] * 10).round(6) % 1 == 0).all()  # kr/inv med en decimal
    assert h.loc[h.kommun == "Botkyrka", "standardkostnad_tabell_h"].iloc[0] == 1602  # Ds 1999:72 tabell H
    assert main(["lss-1999", "-o", "ny/mapp/h.csv"]) == 0 and (mapp / "ny/mapp/h.csv").is_file()  # mappar skapas
    assert main(["lss-1999", "-o", "h.xlsx"]) == 0
    assert (mapp / "h.xlsx").stat().st_mode & 0o777 == 0o666 & ~_umask()  # inte mkstemps 0600


def _umask():
    nu = os.umask(0)
    os.umask(nu)
    return nu


def test_decimalkomma_och_negativt_tal(mapp):
    assert main([*SOB, "--lss-utjamning", "-12,5", "--fastighetsavgift", "25 000 000", "-o", "b.xlsx"]) == 0
    ind = openpyxl.load_workbook(mapp / "b.xlsx")["Indata"]
    rad = 11 + list(SOB_ANTAGANDEN).index("lss_utjamning")
    assert ind.cell(row=rad, column=2).value == -12.5
    assert ind.cell(row=11 + list(SOB_ANTAGANDEN).index("fastighetsavgift"), column=2).value == 25_000_000


def test_anmarkning_om_ej_angivna_delar_syns(mapp, capsys):
    """Motorns egen lista över ej angivna delar (LSS-utjämning och fastighetsavgift finns inte i SCB OE0115 och
    är inte angivna här). Noten skrivs på kommandoraden; i boken är den text under budgetblocket (Budget!A20),
    skriven ur motorns resultat (ingen formel som blir #NAME? utan xlwings), och i Rapport."""
    assert main([*SOB, "-o", "b.xlsx"]) == 0
    ut = capsys.readouterr().out
    assert "SAKNAS: Summorna omfattar inte: " in ut and "LSS-utjämning, kommunal fastighetsavgift" in ut
    wb = openpyxl.load_workbook(mapp / "b.xlsx")
    assert wb["Budget"]["A20"].value.startswith("Obs: Slutavräkning året innan och Övriga generella statsbidrag och LSS-utjämning och Kommunal fastighetsavgift var inte ifyllda")
    assert any("LSS-utjämning" in str(c.value) for r in wb["Rapport"].iter_rows() for c in r if str(c.value).startswith("•"))
    assert wb["Budget"]._charts and "_xlmodel" in wb.sheetnames  # diagram och kontrakt kvar


def test_ingen_anmarkning_utan_ej_angivna(mapp, capsys):
    assert main([*SOB, "--lss-utjamning", "-300", "--fastighetsavgift", "25000000", "-o", "b.xlsx"]) == 0
    ut = capsys.readouterr().out  # bara bokslutsåren (2024, 2025) saknar dem nu; budgetåret och planåren har dem
    assert "LSS-utjämning Bokslut 2024, Budget 2025" in ut and "kommunal fastighetsavgift Bokslut 2024, Budget 2025" in ut


def _med_sparat_varde(fil, ref, varde):
    """Lägg in ett sparat formelvärde (som Excel gör) i Indata-bladets cell ``ref``."""
    with zipfile.ZipFile(fil) as z:
        delar = {i.filename: z.read(i.filename) for i in z.infolist()}
    del_ = "xl/worksheets/sheet3.xml"  # Indata är blad 3 (Om och Rapport först)
    xml = delar[del_].decode()
    xml, n = re.subn(rf'(<c r="{ref}"[^>]*><f>[^<]*</f>)(?:<v\s*/>|<v></v>)', rf"\g<1><v>{varde}</v>", xml)
    assert n == 1
    delar[del_] = xml.encode()
    with zipfile.ZipFile(fil, "w", zipfile.ZIP_DEFLATED) as z:
        for namn, data in delar.items():
            z.writestr(namn, data)


def test_formel_i_indatacell(mapp, capsys):
    assert main([*SOB, "-o", "b.xlsx"]) == 0
    capsys.readouterr()
    wb = openpyxl.load_workbook(mapp / "b.xlsx")
    assert wb.sheetnames[:3] == ["Om", "Rapport", "Indata"]
    wb["Indata"]["C11"] = "=20+2"  # skattesats 2027 som formel
    wb.save(mapp / "b.xlsx")
    xlmodel.skriv_csv(kommundata("1880"), mapp / "d.csv")
    assert main(["uppdatera", "b.xlsx", "--data", "d.csv"]) == 2
    assert "Formel i indatacell Indata!C11 utan sparat värde" in _en_svensk_rad(capsys)
    _med_sparat_varde(mapp / "b.xlsx", "C11", 22)  # efter att Excel räknat och sparat
    assert main(["uppdatera", "b.xlsx", "--data", "d.csv"]) == 0
    beraknat = {r[0]: r[1:] for r in openpyxl.load_workbook(mapp / "b.xlsx")["Beräknat"].iter_rows(min_row=2, values_only=True)}
    # kommunalskatt = skatteunderlag × skattesats: 22 % i stället för standardsatsen s skalar 2027 med 22 / s
    utan = _sob_ar("1880", 2026, antaganden_ur_data(kommundata("1880"), {"prognos": "harledd_ur_scb", "planar": 3}))
    s = utan.attrs["skattesats"][2027]
    assert s != 22
    assert beraknat["Kommunalskatt"][1] == pytest.approx(utan.loc["Kommunalskatt", 2027] * 22 / s, abs=0.1)


@pytest.mark.parametrize("text,tal", [("0,5", 0.5), ("0.5", 0.5), ("-12,5", -12.5), ("25 000 000", 25e6),
                                      ("1.500", 1.5), ("1.234,5", 1234.5), ("−300", -300.0)])
def test_decimaltal(text, tal):
    from xlmodel.cli import _decimaltal
    assert _decimaltal(text) == tal


def test_arsintervall():
    from xlmodel.cli import _ar_intervall
    assert _ar_intervall("2024-2026") == [2024, 2025, 2026] and _ar_intervall("2026") == [2026]
    assert _ar_intervall("2026-2026") == [2026]
