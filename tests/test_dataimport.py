"""Import av SCB PC-Axis och SCB/Kolada-exporter (xlmodel.kallor.dataimport)."""
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from xlmodel.kallor import dataimport, filer
from xlmodel.kallor.dataimport import (
    importera,
    importera_inkomstunderlag,
    las_px,
    las_skattesatser_px,
    las_xlsx,
)
from xlmodel.fel import IndataFel
from xlmodel.validering import kontrollera_tabell

FIX = Path(__file__).parent / "fixtures"
DATA = Path(dataimport.__file__).parent.parent / "data"  # medföljande SCB-data (källor i xlmodel/data/KALLOR.md)
TAB2017 = FIX / "TAB2017_utf8.px"
SCB_CSV = DATA / "skatteunderlag_skattekraft_orebro_lan_riket_1995_2026.csv"


# ------------------------------------------------------------------------------------------- PC-Axis


def test_tab2017_ger_290_kommuner_dar_kommun_plus_region_ar_total():
    res = las_skattesatser_px(TAB2017)
    t = res.tabell
    assert len(t) == 290 and res.avvisade.empty
    assert list(t.columns) == ["kommunkod", "kommun", "ar", "skattesats_total", "skattesats_kommun", "skattesats_region"]
    assert t["kommunkod"].is_unique and t["kommunkod"].str.fullmatch(r"\d{4}").all()
    assert (t["ar"] == 2026).all()
    for rad in t.itertuples():
        assert round(rad.skattesats_kommun + rad.skattesats_region, 2) == rad.skattesats_total, rad.kommunkod


def test_tab2017_stammer_med_scb_csv_och_kanda_kommuner():
    # SCB:s TAB2017 2026, samma tabell konverterad oberoende (research/tools/px2csv.py) till CSV.
    facit = pd.read_csv(DATA / "kommunalskatter_2026.csv", dtype={"kommunkod": str})
    t = las_skattesatser_px(TAB2017).tabell
    pd.testing.assert_frame_equal(
        t.set_index("kommunkod").sort_index(), facit.set_index("kommunkod").sort_index(), check_dtype=False
    )
    s = t.set_index("kommunkod")
    # SCB TAB2017 2026: Stockholm 30,55 = kommun 18,22 + region 12,33; Gotland 33,60 (ingen region)
    assert tuple(s.loc["0180", ["kommun", "skattesats_total", "skattesats_kommun", "skattesats_region"]]) == (
        "Stockholm", 30.55, 18.22, 12.33)
    assert tuple(s.loc["0980", ["skattesats_kommun", "skattesats_region"]]) == (33.60, 0.00)  # Gotland: ingen region
    assert s.loc["1880", "kommun"] == "Örebro"


def test_tab2017_i_originalkodningen_cp1252(tmp_path):
    # SCB levererar PX i iso-8859-1/cp1252 (CODEPAGE); den delade filen är omkodad till UTF-8.
    fil = tmp_path / "TAB2017.px"
    fil.write_bytes(TAB2017.read_text(encoding="utf-8").encode("cp1252"))
    with pytest.raises(UnicodeDecodeError):
        fil.read_bytes().decode("utf-8")
    pd.testing.assert_frame_equal(las_skattesatser_px(fil).tabell, las_skattesatser_px(TAB2017).tabell)


def test_tab2017_meta():
    px = las_px(TAB2017)
    assert px.variabler == ["region", "år", "tabellinnehåll"]
    assert px.meta["DECIMALS"] == "2" and px.meta["MATRIX"] == ["TAB2017"]
    assert px.meta[("LAST-UPDATED", "Skattesats, total kommunal")] == ["20251215 08:00"]
    assert len(px.tabell) == 290 * 3


def test_liten_px_flera_dimensioner_saknadmarkorer_och_radbrutna_strangar():
    px = las_px(FIX / "liten_latin1.px")  # iso-8859-1, CRLF
    t = px.tabell
    assert px.variabler == ["region", "tabellinnehåll", "år"]
    assert list(t.columns) == ["region", "region_kod", "tabellinnehåll", "år", "varde", "symbol"]
    assert len(t) == 3 * 2 * 2
    # TITLE över två rader är en sträng; ';' inuti citat avslutar inte nyckelordet.
    assert px.meta["TITLE"] == ["Testtabell för PX-läsaren: antal och andel efter region och år"]
    assert px.meta["NOTE"] == ["Påhittade värden; endast för test av läsaren."]
    assert px.meta[("ELIMINATION", "region")] == "YES" and px.meta["DECIMALS"] == "1"
    assert px.meta[("VALUES[en]", "region")] == ["Upplands Vasby", "Orebro", "Malmo"]
    assert list(t["region"].unique()) == ["Upplands Väsby", "Örebro", "Malmö"]
    assert list(t["region_kod"].unique()) == ["0114", "1880", "1280"]

    def cell(region, matt, ar):
        rad = t[(t.region == region) & (t["tabellinnehåll"] == matt) & (t["år"] == ar)]
        assert len(rad) == 1
        return rad["varde"].iloc[0], rad["symbol"].iloc[0]

    # Raderna i DATA: region; kolumnerna: (Antal 2024, Antal 2025, Andel 2024, Andel 2025).
    assert cell("Upplands Väsby", "Antal", "2024")[0] == 10.5
    v, sym = cell("Upplands Väsby", "Antal", "2025")
    assert pd.isna(v) and sym == ".."
    assert cell("Upplands Väsby", "Andel; procent", "2025")[0] == 2.0
    v, sym = cell("Örebro", "Antal", "2024")
    assert pd.isna(v) and sym == "-"
    v, sym = cell("Örebro", "Andel; procent", "2024")  # ociterat ..
    assert pd.isna(v) and sym == ".."
    assert cell("Malmö", "Antal", "2024")[0] == -1.5  # negativt tal är ingen saknadmarkör
    v, sym = cell("Malmö", "Andel; procent", "2025")
    assert pd.isna(v) and sym == "."
    assert t["varde"].notna().sum() == 8


def test_px_fel_antal_datavarden(tmp_path):
    fil = tmp_path / "fel.px"
    text = (FIX / "liten_latin1.px").read_bytes().decode("iso-8859-1").replace('-1.5 6.0 7.0 "."', "-1.5 6.0 7.0")
    fil.write_bytes(text.encode("iso-8859-1"))
    with pytest.raises(IndataFel, match="11 datavärden.*kräver 12"):
        las_px(fil)


def test_px_fel_antal_koder_och_okant_datavarde(tmp_path):
    text = (FIX / "liten_latin1.px").read_bytes().decode("iso-8859-1")
    fil = tmp_path / "fel.px"
    fil.write_bytes(text.replace('"0114","1880","1280"', '"0114","1880"').encode("iso-8859-1"))
    with pytest.raises(IndataFel, match="3 VALUES men 2 CODES"):
        las_px(fil)
    fil.write_bytes(text.replace("30.0", "3O.0").encode("iso-8859-1"))
    with pytest.raises(IndataFel, match="'3O.0'"):
        las_px(fil)


def test_skattesatser_px_avvisar_saknade_och_inkonsistenta_rader(tmp_path):
    text = TAB2017.read_text(encoding="utf-8")
    # Första dataraden är Upplands Väsby (0114): 31.75 19.42 12.33; andra Vallentuna (0115): 31.23 18.90 12.33.
    text = text.replace("31.75 19.42 12.33", '".." 19.42 12.33', 1).replace("31.23 18.90 12.33", "31.53 18.90 12.33", 1)
    fil = tmp_path / "TAB2017_fel.px"
    fil.write_text(text, encoding="utf-8")
    res = las_skattesatser_px(fil)
    assert len(res.tabell) == 288
    avv = res.avvisade.set_index("kod")
    assert list(avv.index) == ["0114", "0115"]
    assert list(avv["rad"]) == [1, 2]
    assert "skattesats_total saknas ('..')" in avv.loc["0114", "orsak"]
    assert "18.90 + region 12.33 = 31.23 men total är 31.53" in avv.loc["0115", "orsak"]
    with pytest.raises(IndataFel, match="2 rader avvisades: rad 1 \\(0114\\)"):
        res.kontrollera()


# ------------------------------------------------------------------------------------------- CSV/xlsx


def test_scb_bred_csv_med_ar_i_rubriken():
    res = importera(SCB_CSV, {"skatteunderlag": "skatteunderlag"}, ar=2026)
    t = res.tabell.set_index("kommunkod")
    assert len(t) == 12 and (t["ar"] == 2026).all()
    # Värden ur filens kolumn "Skatteunderlag, kronor 2026" (SCB OE0101).
    assert t.loc["1880", "skatteunderlag"] == 39951388600
    assert t.loc["1814", "skatteunderlag"] == 2126516600
    assert t.loc["1880", "kommun"] == "Örebro"
    # Riket och länet avvisas med radnummer och orsak.
    assert list(res.avvisade["rad"]) == [2, 3]
    assert list(res.avvisade["kod"]) == ["00 Riket", "18 Örebro län"]
    assert res.avvisade["orsak"].str.contains("län eller riket").all()
    alla = importera(SCB_CSV, {"skatteunderlag": "skatteunderlag"})
    assert len(alla.tabell) == 12 * 32  # 1995–2026
    assert alla.tabell.set_index(["kommunkod", "ar"]).loc[("1880", 2025), "skatteunderlag"] == 38663876100


def test_kr_per_invanare_ar_inget_belopp():
    with pytest.raises(IndataFel, match="kr per invånare"):
        importera(SCB_CSV, {"skatteunderlag": "skattekraft"}, ar=2026)


def test_inkomstunderlag_cp1252_semikolon_tkr_och_avvisade_rader():
    res = importera_inkomstunderlag(FIX / "inkomstunderlag_orebro_cp1252.csv")
    t = res.tabell.set_index("kommunkod")
    assert list(t.index) == ["1860", "1861", "1880"]
    # tkr med decimalkomma → kr: 39 951 388,6 tkr = 39 951 388 600 kr.
    assert t.loc["1880", "skatteunderlag"] == 39951388600
    assert t.loc["1860", "skatteunderlag"] == 1241305300
    assert t.loc["1880", "folkmangd"] == 155696 and t["folkmangd"].dtype == "int64"
    assert any("tusental kronor" in a for a in res.anteckningar)
    avv = res.avvisade
    # Radnummer i filen (titelrad 1, tom rad 2, rubriker rad 3).
    assert list(avv["rad"]) == [4, 7, 9, 10, 11, 12, 13, 14, 15]
    orsak = dict(zip(avv["rad"], avv["orsak"]))
    assert "förekommer igen på rad 13" in orsak[4] and "finns redan på rad 4" in orsak[13]
    assert "län eller riket" in orsak[7]
    assert orsak[9] == "okänd kommunkod 1999"
    assert orsak[10] == "skatteunderlag: värde saknas ('..')"
    assert orsak[11] == "folkmangd är negativt (-5)"
    assert orsak[12] == "ogiltigt år '20x6'"
    assert orsak[14] == "skatteunderlag: 'abc' är inget tal"
    assert orsak[15] == "ingen kommunkod i 'Källa: SCB'"
    # Godkänd tabell duger som indata till motorn.
    kontrollera_tabell(res.tabell, ["skatteunderlag", "folkmangd"], positiva=["folkmangd"])


def test_kolada_lang_xlsx_kod_som_tal_och_kon(tmp_path):
    fil = tmp_path / "kolada.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["kpi", "municipality", "period", "gender", "value"])
    ws.append(["N01951", 180, 2024, "T", 988943])  # kod lagrad som tal: ledande nolla tappad
    ws.append(["N01951", 180, 2024, "K", 500000])  # bara T (totalt) används
    ws.append(["N01951", 1880, 2024, "T", 159000])
    ws.append(["N00901", 1880, 2024, "T", 21.35])  # annat mått: ignoreras
    ws.append(["N01951", 1880, 2023, "T", 158000])
    ws.append(["N01951", 18, 2024, "T", 310000])  # län
    wb.save(fil)
    res = importera(fil, {"folkmangd": "N01951"}, ar=2024, heltal=["folkmangd"], positiva=["folkmangd"])
    assert res.tabell.to_dict("records") == [
        {"kommunkod": "0180", "ar": 2024, "folkmangd": 988943},
        {"kommunkod": "1880", "ar": 2024, "folkmangd": 159000},
    ]
    assert list(res.avvisade["rad"]) == [7]


def test_dataframe_utan_ar_med_enhet_angiven():
    df = pd.DataFrame({"kommunkod": [180, "0114", "1880"], "skatteunderlag": [1.5, 2, 3], "folkmangd": [10, 20, 30.5]})
    res = importera_inkomstunderlag(df, enhet={"skatteunderlag": "mnkr"})
    assert res.tabell["kommunkod"].tolist() == ["0114", "0180"]
    assert res.tabell.set_index("kommunkod")["skatteunderlag"].to_dict() == {"0114": 2e6, "0180": 1.5e6}
    assert res.avvisade[["rad", "kod", "orsak"]].to_dict("records") == [
        {"rad": 4, "kod": "1880", "orsak": "folkmangd 30.5 är inget heltal"}]
    assert res.avvisade["ar"].isna().all()


def test_saknad_kolumn_och_flera_ar():
    with pytest.raises(IndataFel, match="ingen kolumn för folkmangd"):
        importera_inkomstunderlag(SCB_CSV, ar=2026)
    df = pd.DataFrame({"region": ["0180 Stockholm", "0180 Stockholm"], "år": [2025, 2026],
                       "skatteunderlag": [1, 2], "folkmangd": [3, 4]})
    with pytest.raises(IndataFel, match="flera år"):
        importera_inkomstunderlag(df)
    assert importera_inkomstunderlag(df, ar=2026).tabell.to_dict("records") == [
        {"kommunkod": "0180", "kommun": "Stockholm", "ar": 2026, "skatteunderlag": 2.0, "folkmangd": 4}]


# ------------------------------------------------------------------------------------------- säker xlsx


def _xlsx(fil):
    wb = openpyxl.Workbook()
    wb.active.append(["kommunkod", "folkmangd"])
    wb.active.append(["0180", 1])
    wb.save(fil)


def test_openpyxl_anvander_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def test_xlsx_storleksgrans(tmp_path, monkeypatch):
    fil = tmp_path / "a.xlsx"
    _xlsx(fil)
    assert las_xlsx(fil)[1] == ["0180", 1]
    monkeypatch.setattr(filer, "MAX_FILSTORLEK", fil.stat().st_size - 1)
    with pytest.raises(IndataFel, match="största tillåtna"):
        las_xlsx(fil)


def test_zip_bomb_vagras(tmp_path, monkeypatch):
    fil = tmp_path / "bomb.xlsx"
    _xlsx(fil)
    with zipfile.ZipFile(fil, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/media/noll.bin", b"\0" * 5_000_000)  # packas ~1000 gånger
    with pytest.raises(IndataFel, match="zip-bomb"):
        las_xlsx(fil)
    fil2 = tmp_path / "stor.xlsx"
    _xlsx(fil2)
    monkeypatch.setattr(filer, "MAX_UPPACKAT", 1000)
    with pytest.raises(IndataFel, match="packas upp till.*zip-bomb"):
        importera(fil2, {"folkmangd": "folkmangd"})


def test_inte_zip_och_entiteter_vagras(tmp_path):
    fil = tmp_path / "text.xlsx"
    fil.write_text("kommunkod,folkmangd\n0180,1\n")
    with pytest.raises(IndataFel, match="inte ett zip-arkiv"):
        las_xlsx(fil)
    ren = tmp_path / "ren.xlsx"
    _xlsx(ren)
    laughs = tmp_path / "laughs.xlsx"
    with zipfile.ZipFile(ren) as zin, zipfile.ZipFile(laughs, "w") as zut:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                dtd = b'<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
                data = data.replace(b"<worksheet", dtd + b"<worksheet", 1)
            zut.writestr(info, data)
    with pytest.raises(IndataFel, match="otillåten XML"):
        las_xlsx(laughs)


def test_formler_raknas_inte(tmp_path):
    import xlsxwriter

    fil = tmp_path / "formel.xlsx"
    wb = xlsxwriter.Workbook(fil)
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["kommunkod", "folkmangd", "formel_utan_varde"])
    ws.write(1, 0, "0180")
    ws.write_formula(1, 1, "=1+1", None, 99)  # sparat värde 99; formeln räknas inte om
    ws.write_formula(1, 2, '=WEBSERVICE("http://example.invalid")', None, "")
    wb.close()
    assert las_xlsx(fil)[1] == ["0180", 99, None]


def test_blandad_rubrik_ett_ar_ger_aret_till_kolumnen_utan_ar(tmp_path):
    f = tmp_path / "blandad.csv"  # SCB-export där bara skatteunderlaget har år i rubriken
    f.write_text("region;Skatteunderlag, tkr 2026;Folkmängd\n1880 Örebro;20 000 000;160 000\n1814 Lekeberg;1 000 000,5;8 000\n",
                 encoding="utf-8")
    res = importera_inkomstunderlag(f)
    t = res.kontrollera().set_index("kommunkod")
    assert list(t["ar"]) == [2026, 2026]
    assert t.loc["1880", "skatteunderlag"] == 20_000_000_000 and t.loc["1880", "folkmangd"] == 160_000  # tkr × 1000
    assert t.loc["1814", "skatteunderlag"] == 1_000_000_500
    assert any("'Folkmängd' saknar år i rubriken; filens enda år 2026" in a for a in res.anteckningar)


def test_blandad_rubrik_flera_ar_ar_ett_fel(tmp_path):
    f = tmp_path / "blandad.csv"
    f.write_text("region;Skatteunderlag 2025;Skatteunderlag 2026;Folkmängd\n1880 Örebro;1;2;160000\n", encoding="utf-8")
    with pytest.raises(IndataFel, match=r"'Folkmängd' saknar år i rubriken men filen har flera år \(2025, 2026\)"):
        importera_inkomstunderlag(f)
    t = importera_inkomstunderlag(f, ar=2026).kontrollera()  # med ar= gäller året kolumnen utan år
    assert t["skatteunderlag"].tolist() == [2.0] and t["folkmangd"].tolist() == [160000]
