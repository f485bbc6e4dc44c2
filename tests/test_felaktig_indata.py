"""Felaktig indata ger ett tydligt svenskt fel, aldrig ett tyst tal.

Varje test återger en reproduktion ur mätningen av tillförlitlighet (``reliability.md``, commit fddf8d7): defekten
står i testets namn (R1, D2 …, U1 …). På fddf8d7 gav var och en ett tal (eller en fil) utan fel; här ska de vägras
med ett meddelande som säger vad och var, eller ge det dokumenterat rätta talet.
"""
import csv
import io
import zipfile

import pandas as pd
import pytest

import xlmodel
from udfs import _excel, ds1999, inkomst, kostnad, resurs, skatter, system
from xlmodel.fel import IndataFel
from xlmodel.skatter_och_bidrag import antaganden_ur_data, kommundata

LSS_OMRADE = [["kommun", "invanare", "pk12_red_per10k", "boende_per10k", "daglig_per10k", "kostnad"],
              ["A", 1e4, 30.0, 15.0, 20.0, 2000.0], ["B", 3e4, 20.0, 10.0, 12.0, 1000.0]]
PERSONER = [["enhet", "niva"], ["A", 1.0], ["A", 1.0], ["A", 3.0], ["B", 5.0]]
NIVAKOSTNAD = [["niva", "kr"], [1.0, 1e5], [2.0, 2e5], [3.0, 3e5], [4.0, 4e5], [5.0, 5e5]]
BEF = [["grupp", 2024.0, 2025.0], ["invanare", 19_000.0, 19_200.0]]
IFO = [["ifo", 4_500.0]]


# ------------------------------------------------------------------ D1: tomma riksceller (i12data)


def test_d1_tomma_rikscellerna_gor_inte_kommunen_till_hela_landet():
    """D1: ``XLM_INKOMST_KRINV(1880, 2026, 3.2e10, 160000, None, None)`` gav 6 188 kr/inv (kommunen som hela
    landet). Nu används de medföljande rikstotalerna 2026: SCB OE0101 rikets skatteunderlag 2 868 946 011 300 kr
    och den kalibrerade folkmängden 1 nov 2025, 10 610 096 (uppräknad medelskattekraft 293 567,0 kr/inv enligt
    inkomstutjamning_scb_conventions.md §2, F 2026 = 1,085686). För hand:
    0,19 × (1,15 × 293 567,0 − 1,085686 × 3,2e10 / 160 000) = 0,19 × (337 602,1 − 217 137,2) = 22 888,3 → 22 888.
    (Revisionens 26 522 räknades med påhittade rikstal 3e12 och 1,05e7; de ger fortfarande 26 522.)"""
    tom = inkomst.XLM_INKOMST_KRINV(1880.0, 2026.0, 3.2e10, 160000.0, None, None)
    assert tom == pytest.approx(0.19 * (1.15 * 293_567.0 - 1.085686 * 3.2e10 / 160_000), abs=1)
    assert tom == 22_888
    assert inkomst.XLM_INKOMST_KRINV(1880.0, 2026.0, 3.2e10, 160000.0, 3e12, 1.05e7) == 26_522
    # tabellformen med en rad och tomma riksceller: samma
    ut = inkomst.XLM_INKOMST_TABELL([["kommunkod", "skatteunderlag", "folkmangd"], [1880.0, 3.2e10, 160000.0]], 2026.0)
    assert ut[1][ut[0].index("kr_per_inv")] == 22_888


def test_d1_medelskattekraften_med_tomma_riksceller():
    """Tomma riksceller i XLM_MEDELSKATTEKRAFT: de medföljande rikstotalerna, inte ett fel om tomma celler.
    Facit: uppräknad medelskattekraft 2026 293 567,0 kr/inv och 2025 282 095,9 (inkomstutjamning_scb_conventions.md
    §2, kalibrerad mot SCB:s utfall för Örebro län). 2026: parametern F = 1,08569 (härledd, fem decimaler) mot
    notens 1,085686 ger 1,1 kr mer."""
    assert inkomst.XLM_MEDELSKATTEKRAFT(2026.0, None, None) == pytest.approx(293_567.0, abs=1.5)
    assert inkomst.XLM_MEDELSKATTEKRAFT(2025.0, None, None) == pytest.approx(282_095.9, abs=1)
    with pytest.raises(Exception, match="värde saknas"):  # bara den ena cellen tom: fel, ingen gissning
        inkomst.XLM_MEDELSKATTEKRAFT(2026.0, 2.8e12, None)


# ------------------------------------------------------------------ R1 / D6: upprepat år eller variabel


def test_R1_upprepat_ar_i_data_vagras():
    data = kommundata("1880")
    dubbel = pd.concat([data, data[data["ar"] == 2026]], ignore_index=True)
    with pytest.raises(IndataFel, match=r"data rad \d+: året 2026 förekommer två gånger \(även på rad \d+\)"):
        antaganden_ur_data(dubbel)


def test_R1_uppdatera_med_upprepat_ar_vagras_och_boken_ror_inte(tmp_path):
    from xlmodel.cli import main
    bok = tmp_path / "bok.xlsx"
    assert main(["skatter-och-bidrag", "--kommun", "1880", "--ar", "2026", "-o", str(bok)]) == 0
    data = kommundata("1880")
    rad = data[data["ar"] == 2026].copy()
    rad["skatteunderlag"] *= 2
    pd.concat([data, rad]).to_csv(tmp_path / "nya.csv", index=False)
    fore = bok.read_bytes()
    assert main(["uppdatera", str(bok), "--data", str(tmp_path / "nya.csv")]) == 2
    assert bok.read_bytes() == fore


def test_D6_upprepad_variabel_i_antaganden_vagras():
    omr = [["variabel", 2026.0], ["lss_utjamning", -250.0], ["lss_utjamning", -999.0]]
    with pytest.raises(IndataFel, match="antaganden rad 3: variabeln lss_utjamning förekommer två gånger"):
        skatter.XLM_SOB_BLOCK(1880.0, 2026.0, None, None, omr)


def test_D6_upprepat_ar_i_antagandenas_rubrikrad_vagras():
    omr = [["variabel", 2026.0, 2026.0], ["lss_utjamning", -250.0, -999.0]]
    with pytest.raises(IndataFel, match="antaganden: året 2026 förekommer två gånger i rubrikraden"):
        skatter.XLM_SOB_BLOCK(1880.0, 2026.0, None, None, omr)


def test_D6_upprepat_ar_i_data_omrade_vagras():
    omr = [["ar", "skatteunderlag"], [2026.0, 3.2e10], [2026.0, 1e6]]
    with pytest.raises(IndataFel, match="året 2026 förekommer två gånger"):
        skatter.XLM_SOB_BLOCK(1880.0, 2026.0, None, None, None, None, None, omr)


# ------------------------------------------------------------------ D2: upprepad nyckel i ett tvåkolumnsområde


def test_D2_upprepad_niva_i_nivakostnad_vagras():
    with pytest.raises(IndataFel, match=r"nivakostnad rad 7: nyckeln 1 förekommer två gånger \(även på rad 2\)"):
        ds1999.XLM_SODERTORN_BELOPP(PERSONER, NIVAKOSTNAD + [[1.0, 999999.0]], "A")
    assert ds1999.XLM_SODERTORN_BELOPP(PERSONER, NIVAKOSTNAD, "A") == 500_000.0


def test_D2_upprepad_nyckel_i_riket_omrade_publicerad_pkv_och_atgarder_vagras():
    with pytest.raises(IndataFel, match="riket rad 2: nyckeln lararlon_manad förekommer två gånger"):
        kostnad.XLM_KOSTNAD_KRINV([["kommunkod", "folkmangd"], ["1814", 1e4]], 2024.0, "1814", None,
                                  [["lararlon_manad", 30000.0], ["lararlon_manad", 31000.0]])
    with pytest.raises(IndataFel, match="publicerad rad 2: nyckeln forskola förekommer två gånger"):
        kostnad.XLM_KOSTNAD_VADOM([["kommunkod"], ["1814"]], 2024.0, "ohalsotal", 1.0,
                                  [["forskola", 1.0], ["forskola", 2.0]], [["strukturkostnad_medel", 1.0]])
    with pytest.raises(IndataFel, match="pkv rad 3: nyckeln 2025 förekommer två gånger"):
        resurs.XLM_RESURS_TABELL("socialnamnden_ifo", BEF, 2024.0, 2025.0, IFO,
                                 [["ar", "pkv"], [2025.0, 0.02], [2025.0, 0.5]])
    with pytest.raises(IndataFel, match="atgarder rad 2: nyckeln Vakanser förekommer två gånger"):
        resurs.XLM_SPARBETING_TABELL(1419.4e6, 0.025, [["Vakanser", 15e6], ["Vakanser", 15e6]])


# ------------------------------------------------------------------ D3: rubrikrad bara om den är rubrikerna


def test_D3_textrad_ar_data_och_svensk_taltext_lases():
    ut = resurs.XLM_SPARBETING_TABELL(1419.4e6, 0.025, [["Vakanser", "20 000 000"], ["Inköp", 10e6]])
    summa = {r[0]: r[1] for r in ut[1:]}["Summa åtgärder"]
    assert summa == 30e6
    # en riktig rubrikrad (de väntade namnen) hoppas över
    ut = resurs.XLM_SPARBETING_TABELL(1419.4e6, 0.025, [["atgard", "besparing"], ["Inköp", 10e6]])
    assert {r[0]: r[1] for r in ut[1:]}["Summa åtgärder"] == 10e6


def test_D3_text_som_inte_ar_ett_tal_ar_ett_fel():
    with pytest.raises(IndataFel, match=r"atgarder rad 1, värde: texten 'tjugo' är inget tal"):
        resurs.XLM_SPARBETING_TABELL(1419.4e6, 0.025, [["Vakanser", "tjugo"], ["Inköp", 10e6]])


# ------------------------------------------------------------------ D4: sanningsvärden


@pytest.mark.parametrize("text", ["yes", "#N/A", "0,5", "kanske", 2.0])
def test_D4_okand_text_i_sanningsvarde_ar_ett_fel(text):
    with pytest.raises(IndataFel, match="sparregler: .* är inget sanningsvärde"):
        ds1999.XLM_LSS1999_TABELL(LSS_OMRADE, None, None, None, None, text, None)


@pytest.mark.parametrize("v, sant", [("SANT", True), ("falskt", False), ("TRUE", True), ("False", False),
                                     (1.0, True), (0.0, False), ("Ja", True), ("nej", False), (None, True),
                                     (True, True), (False, False), ("1", True), ("0", False)])
def test_D4_kanda_sanningsvarden(v, sant):
    assert _excel.sant(v, True, "sparregler") is sant


# ------------------------------------------------------------------ D5: sanningsvärde där ett tal hör hemma


def test_D5_sant_i_volymtabell_ar_ett_fel():
    with pytest.raises(IndataFel, match="sanningsvärdet True är inget tal"):
        resurs.XLM_RESURS_RAM("socialnamnden_ifo", [["grupp", 2024.0], ["invanare", True]], 2024.0, [["ifo", 4500.0]], None)
    with pytest.raises(IndataFel, match="sanningsvärdet True är inget tal"):
        xlmodel.resursfordelning("socialnamnden_ifo", pd.DataFrame({"grupp": ["invanare"], 2024: [True]}), 2024,
                                 priser={"ifo": 4500.0})


# ------------------------------------------------------------------ D7: text i ett kodområde


@pytest.mark.parametrize("text", ["Lekeberg", "#N/A"])
def test_D7_text_i_kodomradet_ar_ett_fel(text):
    with pytest.raises(IndataFel, match=f"kommunkoder rad 3: ogiltig kommunkod '{text}'"):
        skatter.XLM_SOB_ALLA(2026.0, [["kommunkod"], [1880.0], [text]])


# ------------------------------------------------------------------ D8: rikets värden


def test_D8_negativ_standardkostnad_for_riket_vagras():
    with pytest.raises(IndataFel, match="standardkostnad_riket"):
        ds1999.XLM_LSS1999_KRINV(10000.0, 30.0, 15.0, 20.0, -1000.0, None, None, 0.0, None)


def test_D8_rikets_varden_kontrolleras_och_okand_nyckel_vagras():
    ind = xlmodel.exempeldata.kostnadsutjamning(2024)
    with pytest.raises(IndataFel, match="riket, lararlon_manad"):
        xlmodel.kostnadsutjamning({**ind, "riket": {**ind["riket"], "lararlon_manad": -1.0}}, 2024)
    with pytest.raises(IndataFel, match="riket: okänd uppgift 'okand_nyckel'"):
        xlmodel.kostnadsutjamning({**ind, "riket": {**ind["riket"], "okand_nyckel": 1.0}}, 2024)


# ------------------------------------------------------------------ D9–D11: rimlighet, ändlighet, bråkår


def test_D9_skattesats_som_andel_vagras():
    with pytest.raises(IndataFel, match=r"skattesats.*i procent"):
        xlmodel.skatter_och_bidrag("1880", 2026, {"skattesats": 0.2135})
    with pytest.raises(IndataFel, match=r"skattesats"):
        xlmodel.skatter_och_bidrag("1880", 2026, {"skattesats": 250.0})


def test_D9_pkv_och_tatortsgrad_utanfor_rimliga_granser_vagras():
    with pytest.raises(IndataFel, match="pkv"):
        resurs.XLM_RESURS_TABELL("socialnamnden_ifo", BEF, 2024.0, 2025.0, IFO, [[2025.0, 3.0]])
    ind = xlmodel.exempeldata.kostnadsutjamning(2024)
    k = ind["kommun"].copy()
    k.loc[k.index[0], "tatortsgrad"] = 2.5
    with pytest.raises(IndataFel, match="tatortsgrad"):
        xlmodel.kostnadsutjamning({**ind, "kommun": k}, 2024)


@pytest.mark.parametrize("folkmangd", [0.5, 1e-300])
def test_D9_folkmangd_under_en_invanare_vagras(folkmangd):
    with pytest.raises(IndataFel, match="folkmangd.*minst 1"):
        inkomst.XLM_INKOMST_KRINV(1880.0, 2026.0, 3.2e10, folkmangd, 3e12, 1.05e7)


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")  # väntat: 1e308 × skattesats
def test_D10_oandligt_resultat_ar_ett_fel():
    with pytest.raises(IndataFel, match="inte ändligt|orimligt stort"):
        inkomst.XLM_INKOMST_KRINV(1880.0, 2026.0, 1e308, 160000.0, 1e308, 1.05e7)


@pytest.mark.parametrize("anrop", [
    lambda: inkomst.XLM_UPPRAKNINGSFAKTOR(2026.5),
    lambda: system.XLM_PARAMETER("inkomstutjamning.garantiniva.kommun", 2026.5),
    lambda: system.XLM_PARAMETER_KALLA("inkomstutjamning.garantiniva.kommun", 2026.5),
    lambda: resurs.XLM_RESURS_TABELL("socialnamnden_ifo", BEF, 2024.5, 2025.0, IFO),
    lambda: resurs.XLM_RESURS_TABELL("socialnamnden_ifo", BEF, 2024.0, 2025.9, IFO),
])
def test_D11_brakar_vagras(anrop):
    with pytest.raises(IndataFel, match="2026,5|2024,5|2025,9|helt år"):
        anrop()


# ------------------------------------------------------------------ U1: CSV-injektion via CR


def test_U1_cr_och_lf_i_text_citeras_och_formel_efter_radbrytning_skyddas(tmp_path):
    from xlmodel.arbetsbok import skriv_csv
    df = pd.DataFrame({"kommun": ["Örebro\r=1+1", "Lekeberg", "\r=2+2", "a\n@SUM(1)", "b\t+1"],
                       "kr_per_inv": [1.5, -2.0, 3.0, 4.0, 5.0]})
    f = skriv_csv(df, tmp_path / "x.csv")
    text = f.read_bytes().decode("utf-8-sig")
    rader = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert len(rader) == 6  # rubrik + fem rader: ingen ny rad vid CR eller LF
    for rad in rader[1:]:
        for cell in rad[:1]:
            for del_ in cell.replace("\r", "\n").split("\n"):
                assert not del_[:1] in ("=", "+", "-", "@"), cell
    assert [r[1] for r in rader[1:]] == ["1,5", "-2,0", "3,0", "4,0", "5,0"]


# ------------------------------------------------------------------ U2: PX-fil med för många celler


def test_U2_px_med_for_manga_celler_vagras_fore_inlasning(tmp_path, monkeypatch):
    from xlmodel.kallor import dataimport
    varden = ",".join(f'"v{i}"' for i in range(5000))
    f = tmp_path / "stor.px"
    f.write_text(f'CHARSET="ANSI";\nSTUB="a";\nHEADING="b";\nVALUES("a")={varden};\nVALUES("b")={varden};\nDATA=\n1 2 3;\n',
                 encoding="latin-1")
    with pytest.raises(IndataFel, match=r"25 000 000 celler.*största tillåtna"):
        dataimport.las_px(f)


# ------------------------------------------------------------------ U3 / R4: stora och skadade xlsx-filer


def test_U3_felutskriften_for_avvisade_rader_ar_begransad():
    from xlmodel.kallor.dataimport import AVVISADE_KOLUMNER, Importresultat, beskriv_avvisade
    avvisade = pd.DataFrame([[i, "9999", 2026, "okänd kommunkod"] for i in range(2, 100_002)], columns=AVVISADE_KOLUMNER)
    text = beskriv_avvisade(avvisade, "indata")
    assert len(text.splitlines()) <= 52
    assert "100 000 rader avvisades" in text and "och 99 950 rader till" in text
    with pytest.raises(IndataFel) as e:
        Importresultat(pd.DataFrame(), avvisade).kontrollera()
    assert len(str(e.value)) < 2000


def _skadad_xlsx(tmp_path):
    df = pd.DataFrame({"kommunkod": ["1880"], "skatteunderlag": [3.2e10], "folkmangd": [160000.0]})
    f = tmp_path / "bra.xlsx"
    df.to_excel(f, index=False)
    data = bytearray(f.read_bytes())
    with zipfile.ZipFile(f) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    mitt = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
    data[mitt] ^= 0xFF
    skadad = tmp_path / "skadad.xlsx"
    skadad.write_bytes(bytes(data))
    return skadad


def test_R4_skadad_xlsx_ger_filen_ar_skadad(tmp_path):
    from xlmodel.kallor.dataimport import importera_inkomstunderlag
    with pytest.raises(IndataFel, match="filen är skadad"):
        importera_inkomstunderlag(_skadad_xlsx(tmp_path), 2026)


# ------------------------------------------------------------------ resursfördelning: året före blir aldrig tyst NaN


def test_fel_for_aret_fore_blir_inte_nan_och_saknat_ar_forklaras():
    from xlmodel.fel import ParameterFel
    bef = {"invanare": {2023: 19_000, 2024: 19_200}}
    # året före (2023) behöver PKV 2023 från priset 2022: saknas den är det ett fel, inte NaN i förändringen
    with pytest.raises(ParameterFel, match="PKV\\) saknas för år 2023"):
        xlmodel.resursfordelning("socialnamnden_ifo", bef, 2024, priser={"ifo": {2022: 4_000, 2024: 4_500}})
    # befolkningen saknar året före: förändringen är okänd, och skälet står i attrs["anmarkningar"]
    ut = xlmodel.resursfordelning("socialnamnden_ifo", {"invanare": {2024: 19_200}}, 2024, priser={"ifo": 4_500})
    assert ut["forandring"].isna().all()
    assert ut.attrs["anmarkningar"] == ["socialnamnden_ifo 2024: förändringen mot 2023 delas inte upp i volym-, "
                                        "pris- och påslagseffekt (befolkningen saknar år 2023)."]


# ------------------------------------------------------------------ tal nära kanterna


def test_hela_landets_avrundade_underlag_strax_over_rikstotalen_godtas():
    """Hela landets 290 rader, avrundade, kan summera något över SCB:s total: under 1 ppm godtas, inte mer."""
    u = xlmodel.underlag(2025)[["kommunkod", "skatteunderlag", "folkmangd"]]
    summa, n = float(u["skatteunderlag"].sum()), float(u["folkmangd"].sum())
    ut = xlmodel.inkomstutjamning(u, 2025, riket={"skatteunderlag": summa / (1 + 0.9e-6), "folkmangd": n})
    assert len(ut) == 290
    with pytest.raises(IndataFel, match="mindre än summan"):
        xlmodel.inkomstutjamning(u, 2025, riket={"skatteunderlag": summa / (1 + 2e-6), "folkmangd": n})


def test_R4_skadad_arbetsbok_i_uppdatera_ger_filen_ar_skadad(tmp_path, capsys):
    from xlmodel.cli import main
    bok = tmp_path / "bok.xlsx"
    assert main(["skatter-och-bidrag", "--kommun", "1880", "--ar", "2026", "-o", str(bok)]) == 0
    data = bytearray(bok.read_bytes())
    with zipfile.ZipFile(bok) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    data[info.header_offset + 30 + len(info.filename) + info.compress_size // 2] ^= 0xFF
    bok.write_bytes(bytes(data))
    kommundata("1880").to_csv(tmp_path / "nya.csv", index=False)
    capsys.readouterr()
    assert main(["uppdatera", str(bok), "--data", str(tmp_path / "nya.csv")]) == 2
    fel = capsys.readouterr().err
    assert "filen är skadad" in fel and "oväntat fel" not in fel
    assert bytes(data) == bok.read_bytes()


_STORT = pd.DataFrame({"kommunkod": ["1880"], "folkmangd": [1e308], "strukturbidrag_kr_per_inv": [477.0],
                       "bidragsminskning": [1e308]})


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")  # väntat: 1e308 × ...
@pytest.mark.parametrize("anrop", [
    lambda: xlmodel.strukturbidrag(_STORT),
    lambda: xlmodel.inforandebidrag(_STORT, 2021),
    lambda: xlmodel.regleringsbidrag(_STORT, 1e308),
    lambda: xlmodel.regleringspost(1e308, -1e308, 1.0),
    lambda: xlmodel.sparbeting(1e308, 0.5, {"a": 1e308, "b": 1e308}),
    lambda: xlmodel.resursfordelning("socialnamnden_ifo", {"invanare": {2024: 1e308}}, 2024, priser={"ifo": 1e308}),
    lambda: xlmodel.skatter_och_bidrag("1880", 2026, {"skatteunderlag": {2026: 1e308}}),
], ids=["strukturbidrag", "inforandebidrag", "regleringsbidrag", "regleringspost", "sparbeting", "resursfordelning",
        "skatter_och_bidrag"])
def test_D10_oandligt_resultat_i_api_ar_ett_fel(anrop):
    with pytest.raises(IndataFel, match="inte ändligt"):
        anrop()


def test_D11_bradelad_parameternyckel_vagras():
    assert system.XLM_PARAMETER("inkomstutjamning.skattesats.bidrag.kommun", 2026.0, 18.0) == 19.00
    with pytest.raises(IndataFel, match="18,5 är inget helt tal"):
        system.XLM_PARAMETER("inkomstutjamning.skattesats.bidrag.kommun", 2026.0, 18.5)


# ------------------------------------------------------------------ R2, R3, C1: skrivskydd, temporära filer, lås (i13bok)


@pytest.fixture
def bok_och_data(tmp_path):
    from xlmodel.cli import main
    bok = tmp_path / "bok.xlsx"
    assert main(["skatter-och-bidrag", "--kommun", "1880", "--ar", "2026", "-o", str(bok)]) == 0
    kommundata("1880").to_csv(tmp_path / "nya.csv", index=False)
    return bok, tmp_path / "nya.csv"


def test_R2_skrivskyddad_bok_skrivs_inte_over(bok_och_data, capsys):
    import os
    from xlmodel.cli import main
    bok, nya = bok_och_data
    fore = bok.read_bytes()
    os.chmod(bok, 0o444)
    try:
        capsys.readouterr()
        assert main(["uppdatera", str(bok), "--data", str(nya)]) == 2
        assert "skrivskyddad" in capsys.readouterr().err
        assert bok.read_bytes() == fore
    finally:
        os.chmod(bok, 0o644)


def test_R3_kvarlamnad_temporar_fil_stadas_bort(bok_och_data):
    from xlmodel.cli import main
    bok, nya = bok_och_data
    kvar = bok.parent / ".bok-abcd1234.xlmodel.tmp"  # som efter en SIGKILL mitt i en uppdatering
    kvar.write_bytes(b"halvskriven")
    assert main(["uppdatera", str(bok), "--data", str(nya)]) == 0
    assert not kvar.exists()
    assert not list(bok.parent.glob("*.xlmodel.tmp"))


def test_C1_samtidig_uppdatering_vagras_i_stallet_for_att_ga_forlorad(bok_och_data, monkeypatch, capsys):
    from filelock import FileLock

    from xlmodel.cli import main
    from xlmodel.excel import arbetsbok
    bok, nya = bok_och_data
    monkeypatch.setattr(arbetsbok, "LAS_TIMEOUT", 0.2)
    fore = bok.read_bytes()
    with FileLock(str(arbetsbok._lasfil(bok))):  # en annan körning håller låset
        capsys.readouterr()
        assert main(["uppdatera", str(bok), "--data", str(nya)]) == 2
        assert "skrivs redan av en annan xlmodel-körning" in capsys.readouterr().err
    assert bok.read_bytes() == fore


def test_heltal_utanfor_flyttalen_ger_svenskt_fel():
    """Ett heltal som inte ryms i ett flyttal (Python-API:t; en Excel-cell kan inte hålla det) ger ett svenskt fel
    som säger rad och kolumn, både för en rad och för flera, aldrig ett OverflowError."""
    from xlmodel.validering import kontrollera_tabell

    for tabell, rad in (({"kommunkod": ["0114"], "bv": [10 ** 400]}, 1),
                        ({"kommunkod": ["0114", "0115"], "bv": [1.0, 10 ** 400]}, 2)):
        with pytest.raises(IndataFel, match=f"rad {rad} .*kolumn bv: talet är för stort"):
            kontrollera_tabell(tabell, ["bv"])
