"""SOU 2024:50 (förslag, ej lag) som överlägg: de två namngivna antagandena om regionernas skattesatser, år före
reformen som fel (aldrig en tyst kopia av lagen), lag och reform sida vid sida i blocket och i arbetsboken,
och överlägget mot de rapporterade effekterna (tests/fixtures/sou_2024_50_reported_effects.csv)."""
import csv
import math
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import xlmodel
from xlformler import Bok, excelform
from xlmodel.budget import RADER
from xlmodel.cli import main
from xlmodel.excel.mall_reform import BLAD, RAD_LAG
from xlmodel.excel.mallar import bygg_skatter_och_bidrag
from xlmodel.fel import ParameterFel
from xlmodel.kallor.referensdata import orebro_lan_riket, orebro_lan_underlag
from xlmodel.parametrar import kontrollera_reformar, om_reform, parametrar

EFFEKTER = Path(__file__).parent / "fixtures" / "sou_2024_50_reported_effects.csv"
JUST = "inkomstutjamning.skattesatsjustering"


def test_tva_namngivna_antaganden_for_regionernas_skattesatser():
    """Lag 2004:773 7 §: bidrag 95 % (kommuner) och 90 % (regioner) av medelskattesatsen 2003 (20,70 och 10,47),
    avgift 85 %. sou_2024_50: regionerna 95 % av 2003: +0,05 × 10,47 = +0,5235. sou_2024_50_bas2022: satserna på
    2022 års nivå (SKR: 20,67 och 11,56): regioner bidrag 0,95 × 11,56 − 0,90 × 10,47 = +1,559 (≈ +1,56),
    avgift 0,85 × (11,56 − 10,47) = +0,9265; kommuner 0,95 × (−0,03) = −0,0285 och 0,85 × (−0,03) = −0,0255."""
    a, b = parametrar("sou_2024_50"), parametrar("sou_2024_50_bas2022")
    assert a[f"{JUST}.bidrag.region"](2026) == pytest.approx(0.05 * 10.47)
    assert a[f"{JUST}.bidrag.kommun"](2026) == a[f"{JUST}.avgift.region"](2026) == 0
    assert b[f"{JUST}.bidrag.region"](2026) == pytest.approx(0.95 * 11.56 - 0.90 * 10.47, abs=1e-9)
    assert b[f"{JUST}.avgift.region"](2026) == pytest.approx(0.85 * (11.56 - 10.47))
    assert b[f"{JUST}.bidrag.kommun"](2026) == pytest.approx(0.95 * (20.67 - 20.70))
    assert b[f"{JUST}.avgift.kommun"](2026) == pytest.approx(0.85 * (20.67 - 20.70))
    # varianten ärver allt annat ur grunden (om_reformen.grund): garantinivå och LSS-förslagen
    for namn in ("inkomstutjamning.garantiniva.kommun", "lss_utjamning.antal_matningar", "lss_utjamning.befolkning"):
        assert a[namn](2026) == b[namn](2026) != parametrar()[namn](2026)
    assert "2003" in om_reform("sou_2024_50")["antagande"] and "2022" in om_reform("sou_2024_50_bas2022")["antagande"]
    assert om_reform("sou_2024_50_bas2022")["regleringspost"] == om_reform("sou_2024_50")["regleringspost"]


def test_region_orebro_2026_med_bada_antagandena_for_hand():
    """Region Örebro (18) 2026, bidragsregion: kr/inv = (sats/100) × (1,15 × MSK − SK), med MSK 293 568,13 och
    SK 265 176,11 (SCB OE0101, F 1,08569), lagens sats 10,08. Gapet 1,15 × MSK − SK = 72 427,2 kr ger med
    +0,5235 procentenheter +379 kr/inv och med +1,559 +1 129 kr/inv."""
    reg = xlmodel.region_underlag(orebro_lan_underlag(2026)[["kommunkod", "skatteunderlag", "folkmangd"]])
    riket = orebro_lan_riket(2026)
    ut = {r: xlmodel.inkomstutjamning(reg, 2026, niva="region", riket=riket, reform=r).iloc[0]
          for r in (None, "sou_2024_50", "sou_2024_50_bas2022")}
    lag = ut[None]
    gap = 1.15 * lag["medelskattekraft"] - lag["skattekraft"]
    assert round(gap, 1) == 72_427.2 and lag["skattesats"] == 10.08
    assert ut["sou_2024_50"]["kr_per_inv_exakt"] - lag["kr_per_inv_exakt"] == pytest.approx(0.005235 * gap)
    assert ut["sou_2024_50_bas2022"]["kr_per_inv_exakt"] - lag["kr_per_inv_exakt"] == pytest.approx(0.01559 * gap)
    assert (ut["sou_2024_50"]["kr_per_inv"] - lag["kr_per_inv"], ut["sou_2024_50_bas2022"]["kr_per_inv"] - lag["kr_per_inv"]) == (379, 1129)


def test_ar_fore_reformen_ar_ett_fel():
    assert om_reform("sou_2024_50")["forsta_ar"] == om_reform("sou_2024_50_bas2022")["forsta_ar"] == 2026
    with pytest.raises(ParameterFel, match="gäller från utjämningsår 2026: år 2023 har inga reformvärden"):
        kontrollera_reformar("sou_2024_50", 2023)
    with pytest.raises(ParameterFel, match="åren 2022–2025 har inga reformvärden"):
        xlmodel.skatter_och_bidrag("1814", 2022, {"planar": 3}, reform="sou_2024_50")
    with pytest.raises(ParameterFel, match="från utjämningsår 2026"):
        xlmodel.jamfor_utjamning(orebro_lan_underlag(2025), 2025, "sou_2024_50", riket=orebro_lan_riket(2025))
    with pytest.raises(ParameterFel, match="från utjämningsår 2026"):
        xlmodel.marginalintakt("1814", 2025, pd.DataFrame({"inkomst": [0.0]}), reform="sou_2024_50")
    # ett block som börjar före reformen men når in i den: bara reformens år jämförs
    jmf = xlmodel.jamfor_reform("1814", 2025, "sou_2024_50", {"planar": 1, "prognos": "pahittad_exempel_a"})
    assert list(jmf.columns.get_level_values(0).unique()) == [2026] and jmf.attrs["utelamnade"] == [2025]


def test_grund_i_en_cirkel_och_overlagg_utan_varden(tmp_path):
    fil = tmp_path / "cirkel.yaml"
    fil.write_text(f"om_reformen: {{grund: {fil}}}\n", encoding="utf-8")
    with pytest.raises(ParameterFel, match="cirkel"):
        om_reform(str(fil))
    tom = tmp_path / "tom.yaml"
    tom.write_text("om_reformen: {namn: Tom}\n", encoding="utf-8")
    with pytest.raises(ParameterFel, match="inga parametervärden"):
        kontrollera_reformar(str(tom), 2026)


@pytest.mark.parametrize("argv", [
    ["jamfor", "--reform", "sou_2024_50", "--ar", "2023", "-o", "j.csv"],
    ["jamfor", "--reform", "sou_2024_50_bas2022", "--ar", "2025", "-o", "j.xlsx"],
    ["utjamning", "--reform", "sou_2024_50", "--ar", "2025-2026", "-o", "u.csv"],
    ["skatter-och-bidrag", "--kommun", "1814", "--ar", "2022", "--reform", "sou_2024_50", "-o", "s.xlsx"],
])
def test_kommandoraden_ar_fore_reformen_slutkod_2(argv, tmp_path, monkeypatch, capsys):
    """Förr: `jamfor --reform sou_2024_50 --ar 2023` skrev nollor med slutkod 0."""
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    fel = capsys.readouterr().err.strip()
    assert fel.startswith("xlmodel: Reformen sou_2024_50") and "gäller från utjämningsår 2026" in fel
    assert "Traceback" not in fel and not list(tmp_path.iterdir())  # ingen utfil


def test_jamfor_anger_antagandet(tmp_path, capsys):
    assert main(["jamfor", "--reform", "sou_2024_50_bas2022", "--ar", "2026", "-o", str(tmp_path / "j.xlsx")]) == 0
    ut = capsys.readouterr().out
    assert "Antagande: SOU 2024:50 Nätt och jämnt, länsvisa skattesatser på 2022 års nivå (sou_2024_50_bas2022)" in ut
    om = {r[0]: r[1] for r in openpyxl.load_workbook(tmp_path / "j.xlsx")["Om"].iter_rows(values_only=True) if r and r[0]}
    assert "sou_2024_50_bas2022" in om["Antagande"] and "2022" in om["Antagande"]


def test_garantinivan_116_procent_for_hand_orebro_lan_2026():
    """Alla 12 kommuner i Örebro län är bidragskommuner med bidragssatsen 19,00 % (förordning 2004:881 2 §):
    bidraget 0,19 × (g × MSK − SK) per invånare ökar med 0,19 × 0,01 × MSK = 0,19 × 2 935,68 ≈ 557,8 kr/inv
    när g går från 115 till 116 % (kr/inv avrundas till hela kronor, därav ±1)."""
    jmf = xlmodel.jamfor_utjamning(orebro_lan_underlag(2026), 2026, "sou_2024_50", riket=orebro_lan_riket(2026))
    msk = 1.08569 * orebro_lan_riket(2026)["skatteunderlag"] / orebro_lan_riket(2026)["folkmangd"]
    assert len(jmf) == 12 and round(0.19 * 0.01 * msk, 1) == 557.8
    assert ((jmf["inkomstutjamning_skillnad"] - 0.19 * 0.01 * msk).abs() <= 1).all()
    assert (jmf["summa_kr_per_inv_skillnad"] == jmf["inkomstutjamning_skillnad"]).all()  # övriga delar givna
    assert "sou_2024_50" in jmf.attrs["antagande"]


def _rapporterat(enhet: str) -> float:
    with EFFEKTER.open(encoding="utf-8") as f:
        rader = [r for r in csv.DictReader(line for line in f if not line.startswith("#"))]
    rad = next(r for r in rader if r["enhet"] == enhet and r["matt"] == "förändring mot i dag")
    assert rad["enhet_varde"] == "kr/inv" and rad["omfattning"] == "alla förslag sammantagna"
    return float(rad["varde"].lstrip(">"))


def test_overlagget_mot_rapporterade_effekter_laxa():
    """Laxå (1860), den enda kommunen i de rapporterade effekterna med medföljande data: TT (juli 2024) "över
    3 000 kronor mer per invånare" för alla förslag sammantagna.

    Överlägget uttrycker bara inkomstutjämningens delar (garantinivå 116 %, regionernas satser) och LSS-
    strukturen; de nya delmodellerna i kostnadsutjämningen (som enligt TT ger de största effekterna, via
    åldersstrukturen) och införandebidraget har okända formler. Toleransen är därför ensidig och kan inte vara
    snävare: överläggets del ska ha samma tecken som den rapporterade summan och inte vara större (0 < del ≤ 3 000).
    Delen är 0,19 × 0,01 × MSK ≈ 558 kr/inv, under en femtedel av det rapporterade; resten ligger i det som
    inte kunnat uttryckas. Båda antagandena om regionerna ger samma kommundel (±30 kr/inv: kommunernas
    satser flyttas bara −0,0285 procentenheter med 2022 års bas)."""
    rapporterat = _rapporterat("Laxå")
    assert rapporterat == 3000
    for reform in ("sou_2024_50", "sou_2024_50_bas2022"):
        jmf = xlmodel.jamfor_utjamning(orebro_lan_underlag(2026), 2026, reform, riket=orebro_lan_riket(2026))
        del_ = jmf.loc["1860", "summa_kr_per_inv_skillnad"]
        assert 0 < del_ <= rapporterat
        assert abs(del_ - 558) <= 30
        assert del_ / rapporterat < 0.2


def test_block_och_arbetsbok_med_reform_sida_vid_sida(tmp_path, capsys):
    """`skatter-och-bidrag --reform`: utskriften och bladet Reform har blocket enligt lag och reform och
    skillnaden; varje cell i bladet är motorns (``jamfor_reform``). Lekeberg 2026: inkomstutjämningen ökar med
    ≈ 557,8 kr/inv × 8 596 invånare ≈ 4,8 mnkr (garantinivån, se ovan); inget annat ändras."""
    fil = tmp_path / "r.xlsx"
    assert main(["skatter-och-bidrag", "--kommun", "1814", "--ar", "2026", "--reform", "sou_2024_50", "-o", str(fil)]) == 0
    ut = capsys.readouterr().out
    assert "Lag mot reform sou_2024_50 (mnkr; bladet Reform)" in ut and "Antagande: SOU 2024:50 Nätt och jämnt (sou_2024_50)" in ut
    data = xlmodel.budget.kommundata("1814")
    ant = xlmodel.budget.antaganden_ur_data(data, {"prognos": "harledd_ur_scb", "planar": 3})
    jmf = xlmodel.jamfor_reform("1814", 2026, "sou_2024_50", ant)
    skillnad = jmf.xs("Skillnad", axis=1, level=1)
    assert skillnad.loc["Inkomstutjämning", 2026] == pytest.approx(4.8)
    assert (skillnad.drop(index=[r for r in skillnad.index if "Inkomstutj" in r or r.startswith(("Summa", "varav"))])
            .fillna(0) == 0).all().all()
    bok = Bok(fil)
    hojd = len(RADER) + 1
    lag, ref = jmf.attrs["lag"], jmf.attrs["med_reform"]
    for rad0, block in ((RAD_LAG, lag), (RAD_LAG + hojd + 2, ref)):
        vantat = excelform(block)
        fatt = bok.omrade(BLAD, f"A{rad0}:E{rad0 + hojd - 1}")
        assert [[None if isinstance(v, float) and math.isnan(v) else v for v in r] for r in vantat] == fatt
    sk0 = RAD_LAG + 2 * (hojd + 2)
    fatt = bok.omrade(BLAD, f"A{sk0 + 1}:E{sk0 + hojd - 1}")
    for rad in fatt:
        for ar, v in zip(range(2026, 2030), rad[1:]):
            s = skillnad.loc[rad[0], ar]
            assert (v is None) if pd.isna(s) else v == pytest.approx(s, abs=1e-9), (rad[0], ar)
    assert bok.ra(BLAD, f"F{sk0}") == "#N/A" and bok.ra(BLAD, f"F{sk0 + 5}") is None  # efter sista planåret
    assert "Antagande: SOU 2024:50" in bok.ra(BLAD, "A2")


def test_overlagget_mot_rapporterade_effekter_alla_namngivna_kommuner():
    """Alla kommuner med ett belopp eller tecken i de rapporterade effekterna (TT juli 2024, alla förslag
    sammantagna), med överläggets kommundel: garantinivån 116 % (sou_2024_50 år 2026) lagd på 2025 års underlag
    för alla 290 kommuner (det senaste som medföljer; reformen gäller från 2026). För hand: bidragskommuner får
    b × 0,01 × MSK, avgiftskommuner betalar a × 0,01 × MSK mindre (lag 2004:773 5–6 §§), MSK 2025 = 282 096 kr.

    Vinnarna (> 3 000 eller > 4 000 kr/inv): överläggets del har samma tecken och är mindre (ensidig tolerans,
    som för Laxå ovan). Förlorarna (Stockholm −1 642, Lomma −2 784, Danderyd, Lidingö, Vellinge < 0) är
    avgiftskommuner: överläggets del är POSITIV (lägre avgift), så förlusten måste komma ur det överlägget inte
    kan uttrycka (kostnadsutjämningen: för Stockholm IFO ensam −1 004 kr/inv enligt remissyttrandet). Kontrollen
    är att delen är mindre än förlusten, så att summorna går ihop med de andra delarna."""
    with EFFEKTER.open(encoding="utf-8") as f:
        rader = [r for r in csv.DictReader(line for line in f if not line.startswith("#"))
                 if r["typ"] == "kommun" and r["matt"] == "förändring mot i dag"]
    assert len(rader) == 11
    u = xlmodel.underlag(2025)
    g = parametrar("sou_2024_50")["inkomstutjamning.garantiniva.kommun"](2026)
    lag = xlmodel.inkomstutjamning(u, 2025)
    med = xlmodel.inkomstutjamning(u, 2025, reform={"inkomstutjamning.garantiniva.kommun": g})
    del_ = med["kr_per_inv_exakt"] - lag["kr_per_inv_exakt"]
    msk = lag["medelskattekraft"].iloc[0]
    assert round(msk) == 282_096
    kod = dict(zip(xlmodel.kommuner()["namn"], xlmodel.kommuner()["kommunkod"]))
    for r in rader:
        k = kod[r["enhet"]]
        assert del_[k] == pytest.approx(lag.loc[k, "skattesats"] / 100 * 0.01 * msk), r["enhet"]  # handräkningen
        varde = r["varde"]
        if varde.startswith(">"):  # vinnare
            assert lag.loc[k, "typ"] == "bidrag" and 0 < del_[k] < float(varde[1:]), r["enhet"]
        else:  # förlorare: avgiftskommuner, överläggets del motsatt tecken och mindre än förlusten
            assert lag.loc[k, "typ"] == "avgift" and del_[k] > 0, r["enhet"]
            if not varde.startswith("<"):
                assert del_[k] < abs(float(varde)), r["enhet"]
    assert round(del_[kod["Stockholm"]]) == 479 and round(del_[kod["Laxå"]]) == 536
