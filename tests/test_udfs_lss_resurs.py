"""UDF:erna för LSS-utjämningen (förordning 2008:776) och resursfördelning med Excel-formade indata, jämförda med motorn och publicerade tal."""
import pandas as pd
import pytest

import xlmodel
from excelform import nyckelomrade
from udfs import lss, resurs
from udfs._excel import till_excel
from xlmodel import IndataFel
from xlmodel.resursfordelning import ram_per_ar


def test_resurs_udfer_mot_motorn_och_seed_000():
    assert resurs.XLM_SPARBETING(1_419.4e6, 0.025) == pytest.approx(35.485e6)  # seed 000: 2,5 % av 1 419,4 mnkr
    # seed 003: 2 mdkr lika per invånare ≈ 193 kr; 10 378 449 = rikets folkmängd 1 nov 2020 (kalibrerad serie,
    # referensdata.riket_folkmangd_1nov(2021)); 2 000 000 000 / 10 378 449 = 192,71
    assert resurs.XLM_STATSBIDRAG_PER_INV(2e9, 10_378_449.0) == pytest.approx(192.7, abs=0.05)
    bef = [["grupp", 2024.0, 2025.0], ["invanare", 19_000.0, 19_200.0]]
    pr = [["komponent", "pris"], ["ifo", 4_500.0]]
    ram = resurs.XLM_RESURS_RAM("socialnamnden_ifo", bef, 2024.0, pr, None)
    assert ram == pytest.approx(4_500 * 1.05 * 19_000)  # seed 001: påslag 5 % från 2023
    with pytest.raises(IndataFel):
        resurs.XLM_RESURS_RAM("socialnamnden_ifo", bef, 2026.0, pr, None)


def test_resurs_tabell_och_ramar_ar_motorn():
    """XLM_RESURS_TABELL och XLM_RESURS_RAMAR över två år och två modeller, mot motorn med samma indata."""
    bef = [["grupp", 2024.0, 2025.0], ["invanare", 19_000.0, 19_200.0], [None, None, None]]
    pr = [["komponent", "ar", "pris"], ["ifo", 2024.0, 4_500.0]]  # pris bara för 2024: 2025 räknas upp med PKV
    pkv = [["ar", "pkv"], [2025.0, 0.03]]
    befolkning = pd.DataFrame({"grupp": ["invanare"], 2024: [19_000.0], 2025: [19_200.0]})
    priser = pd.DataFrame({"komponent": ["ifo"], "ar": [2024], "pris": [4_500.0]})
    motor = xlmodel.resursfordelning("socialnamnden_ifo", befolkning, [2024, 2025], priser=priser, prisupprakning={2025: 0.03})
    ut = resurs.XLM_RESURS_TABELL("socialnamnden_ifo", bef, 2024.0, 2025.0, pr, pkv)
    assert ut == till_excel(motor, index=False)
    ramar = resurs.XLM_RESURS_RAMAR("socialnamnden_ifo", bef, 2024.0, 2025.0, pr, pkv)
    assert ramar == till_excel(xlmodel.resursfordelning_ramar(motor), index=False)
    # seed 001: 4 500 kr × 1,05 påslag × invånare; år 2 också × 1,03 pris- och lönekompensation
    ram = {r[ramar[0].index("ar")]: r[ramar[0].index("ram")] for r in ramar[1:]}
    assert ram[2024] == pytest.approx(4_500 * 1.05 * 19_000)
    assert ram[2025] == pytest.approx(4_500 * 1.03 * 1.05 * 19_200)
    assert resurs.XLM_RESURS_RAM("socialnamnden_ifo", bef, 2025.0, pr, pkv) == pytest.approx(ram[2025])
    # två modeller: ramen är summan över nämnderna (ram_per_ar)
    bef2 = [["grupp", 2023.0, 2024.0], ["invanare", 18_900.0, 19_000.0], ["65-79", 3_000.0, 3_050.0], ["80-89", 900.0, 910.0],
            ["90-w", 200.0, 205.0]]
    tva = resurs.XLM_RESURS_RAMAR("socialnamnden_ifo;sjobo_aldreomsorg", bef2, 2024.0, None, [["ifo", 4_500.0]], None)
    assert len(tva) == 3  # två nämnder
    summa = sum(r[tva[0].index("ram")] for r in tva[1:])
    assert resurs.XLM_RESURS_RAM("socialnamnden_ifo;sjobo_aldreomsorg", bef2, 2024.0, [["ifo", 4_500.0]], None) == pytest.approx(summa)
    with pytest.raises(IndataFel, match="kolumnerna ar och ram"):
        ram_per_ar(pd.DataFrame({"ar": [2024]}))


def test_sparbeting_tabell_ar_motorn():
    atg = {"Vakanser": 20e6, "Inköp": 10e6}
    ut = resurs.XLM_SPARBETING_TABELL(1_419.4e6, 0.025, [["atgard", "belopp"], *nyckelomrade(atg)])
    assert ut == till_excel(xlmodel.sparbeting(1_419.4e6, 0.025, atg), index=False)
    assert ut[-1][:2] == ["Kvar att åtgärda", pytest.approx(35.485e6 - 30e6)]  # seed 000: 2,5 % av 1 419,4 mnkr
    assert resurs.XLM_SPARBETING_TABELL(1e6, 0.1, [[None, None]]) == till_excel(xlmodel.sparbeting(1e6, 0.1), index=False)


def test_lss_utjamning_udfer_mot_motorn():
    """XLM_LSS_TABELL och XLM_LSS_KRINV (förordning 2008:776) med Excel-formade områden, mot motorn."""
    from test_lss_utjamning import tre_kommuner
    from xlmodel.lss_utjamning import ANTAL, RS_RADER

    df = tre_kommuner()
    omr = [list(df.columns)] + [[float(v) if not isinstance(v, str) else v for v in r] for r in df.itertuples(index=False)]
    with pytest.raises(IndataFel, match="3 av 290 kommuner"):  # en delmängd räknas inte tyst som hela landet
        lss.XLM_LSS_TABELL(omr, 2026.0, None)
    ut = lss.XLM_LSS_TABELL(omr, 2026.0, None, "raderna")
    motor = xlmodel.lss_utjamning(df, 2026, riket="raderna")
    assert ut == till_excel(motor)  # hela tabellen
    # oberoende av motorn, förordning 2008:776 1 § och lag 3 §: Σ bidrag = Σ avgift, belopp = kr/inv × invånare
    k = {n: ut[0].index(n) for n in ("folkmangd", "kr_per_inv", "belopp")}
    assert abs(sum(r[k["belopp"]] for r in ut[1:])) < 1e-3
    assert all(r[k["belopp"]] == pytest.approx(r[k["kr_per_inv"]] * r[k["folkmangd"]]) for r in ut[1:])
    assert [r[k["folkmangd"]] for r in ut[1:]] == [100_000, 20_000, 30_000]  # tre_kommuner: folkmangd_1nov
    # en kommun med rikets värden givna (korrigeringsfaktor och riksgenomsnitt från hela beräkningen)
    riket = {k: float(df[k].sum()) for k in (*ANTAL, *RS_RADER)}
    for k in ("korrigeringsfaktor", "standardkostnad_riket", "nivajustering"):
        riket[k] = float(motor[k].iloc[0])
    riket_omr = [list(riket), list(riket.values())]
    v = lss.XLM_LSS_KRINV([omr[0], omr[2]], 2026.0, riket_omr, None)
    assert v == pytest.approx(motor.loc[motor.index[1], "kr_per_inv"])


def test_resursmallens_celler_en_berakning(rakna_anrop):
    """Issue 15 punkt 4: Detalj (XLM_RESURS_TABELL) och Ramar (XLM_RESURS_RAMAR) över samma områden delar en
    motorberäkning; samma innehåll igen (nya listor) räknas inte om; en ändrad befolkningscell ger nya tal, lika
    med motorn."""
    antal, original = rakna_anrop(xlmodel, "resursfordelning")
    for f in (resurs._kor, resurs._ramar, resurs._celler):
        f.cache.cache_clear()
    bef = [["grupp", 2024.0, 2025.0], ["invanare", 19_000.0, 19_200.0]]
    pr, pkv = [["komponent", "pris"], ["ifo", 4_500.0]], [["ar", "pkv"], [2025.0, 0.03]]
    tab = resurs.XLM_RESURS_TABELL("socialnamnden_ifo", bef, 2024.0, 2025.0, pr, pkv)
    ramar = resurs.XLM_RESURS_RAMAR("socialnamnden_ifo", [list(r) for r in bef], 2024.0, 2025.0, pr, pkv)
    assert antal["n"] == 1
    assert resurs.XLM_RESURS_TABELL("socialnamnden_ifo", [list(r) for r in bef], 2024.0, 2025.0, pr, pkv) == tab
    assert antal["n"] == 1
    ram = {r[ramar[0].index("ar")]: r[ramar[0].index("ram")] for r in ramar[1:]}
    assert ram[2025] == pytest.approx(4_500 * 1.05 * 19_200)  # seed 001: påslag 5 %; priset gäller alla år (ingen PKV)
    bef[1][2] = 19_300.0  # ändrad cell: ny beräkning med de nya talen
    ramar2 = resurs.XLM_RESURS_RAMAR("socialnamnden_ifo", bef, 2024.0, 2025.0, pr, pkv)
    assert antal["n"] == 2
    assert ramar2[2][ramar2[0].index("ram")] == pytest.approx(4_500 * 1.05 * 19_300)
    befolkning = pd.DataFrame({"grupp": ["invanare"], 2024: [19_000.0], 2025: [19_300.0]})
    motor = original("socialnamnden_ifo", befolkning, [2024, 2025], priser={"ifo": 4_500.0}, prisupprakning={2025: 0.03})
    assert ramar2 == till_excel(xlmodel.resursfordelning_ramar(motor), index=False)


def test_resurs_anmarkningar_syns_i_en_cell():
    """Varför en förändring saknas (motorns attrs["anmarkningar"]) som celler: första året utan befolkning året före
    ger en anmärkning per modell; med året före finns ingen, och cellen säger det. Mallens Ramar visar dem (J4)."""
    from pathlib import Path

    import openpyxl

    bef = [["grupp", 2024.0, 2025.0], ["invanare", 19_000.0, 19_200.0]]
    pr = [["komponent", "ar", "pris"], ["ifo", 2024.0, 4_500.0]]
    pkv = [["ar", "pkv"], [2025.0, 0.03]]
    befolkning = pd.DataFrame({"grupp": ["invanare"], 2024: [19_000.0], 2025: [19_200.0]})
    priser = pd.DataFrame({"komponent": ["ifo"], "ar": [2024], "pris": [4_500.0]})
    motor = xlmodel.resursfordelning("socialnamnden_ifo", befolkning, [2024, 2025], priser=priser, prisupprakning={2025: 0.03})
    ut = resurs.XLM_RESURS_ANMARKNINGAR("socialnamnden_ifo", bef, 2024.0, 2025.0, pr, pkv, 4.0)
    assert ut[0] == ["anmärkning"] and [r[0] for r in ut[1:2]] == motor.attrs["anmarkningar"]
    assert "socialnamnden_ifo 2024: förändringen mot 2023" in ut[1][0] and "befolkningen saknar år 2023" in ut[1][0]
    assert ut[2:] == [[""], [""]]  # fylld till fyra rader
    tabell = resurs.XLM_RESURS_TABELL("socialnamnden_ifo", bef, 2024.0, 2025.0, pr, pkv)
    assert tabell[1][tabell[0].index("forandring")] is None  # den tomma cellen som anmärkningen förklarar
    bara_2025 = resurs.XLM_RESURS_ANMARKNINGAR("socialnamnden_ifo", bef, 2025.0, None, pr, pkv)
    assert bara_2025 == [["anmärkning"], [resurs.INGA_ANMARKNINGAR]]
    mall = openpyxl.load_workbook(Path(__file__).parent.parent / "workbooks" / "resursfordelning_socialnamnden.xlsx",
                                  data_only=True)["Ramar"]
    assert mall["J3"].value == "anmärkning" and "befolkningen saknar år" in mall["J4"].value


def test_andrad_modellfil_raknas_om(tmp_path):
    """En egen modell i en YAML-fil: ändras filen (samma storlek) räknar Excel-funktionerna om, i stället för att
    ge det minnet från den gamla filen."""
    import os

    text = ("egen_ifo:\n  namnd: Socialnämnden\n  metod: niva\n  volym_ar: [0]\n  prisenhet: kr\n"
            "  paslag:\n    2005: {value: 0.05, reference: test}\n"
            "  komponenter:\n    ifo:\n      grupp: invanare\n      alder: [0, null]\n      pris:\n        2024: {value: 4500, reference: test}\n")
    fil = tmp_path / "egen.yaml"
    fil.write_text(text, encoding="utf-8")
    os.utime(fil, ns=(1_000_000_000, 1_000_000_000))
    bef = [["grupp", 2024.0], ["invanare", 19_000.0]]
    forst = resurs.XLM_RESURS_RAM(str(fil), bef, 2024.0, None, None)
    assert forst == pytest.approx(4_500 * 1.05 * 19_000)
    fil.write_text(text.replace("0.05", "0.20"), encoding="utf-8")  # samma storlek
    os.utime(fil, ns=(2_000_000_000, 2_000_000_000))
    assert resurs.XLM_RESURS_RAM(str(fil), bef, 2024.0, None, None) == pytest.approx(4_500 * 1.20 * 19_000)
