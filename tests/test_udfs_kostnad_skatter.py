"""UDF:erna för kostnadsutjämning och Skatter & bidrag med Excel-formade indata, jämförda med motorn."""
import pytest

import xlmodel
import xlmodel.budget
from excelform import nyckelomrade, omrade
from udfs import kostnad, skatter
from udfs._excel import till_excel
from xlmodel import IndataFel
from xlmodel.kostnadsutjamning import DELMODELLER


def _sob_ar(*a, **kw):
    """Blocket med årtal som kolumner (budgetår + planår), som arbetsbokens matrisformler."""
    kw.setdefault("kolumner", "ar")
    return xlmodel.budget.skatter_och_bidrag(*a, **kw)


@pytest.fixture(scope="module")
def exempel():
    ind = xlmodel.exempeldata.kostnadsutjamning(2024)  # SYNTETISK exempeldata
    return ind, xlmodel.kostnadsutjamning(ind, 2024)


def test_kostnad_tabell_ar_motorn(exempel):
    ind, motor = exempel
    ut = kostnad.XLM_KOSTNAD_TABELL(omrade(ind["kommun"]), 2024.0, omrade(ind["lan"]), nyckelomrade(ind["riket"]), None, None)
    assert len(ut) == 291
    assert ut == till_excel(motor)  # hela tabellen
    # lagens invariant (9–10 §§): bidragen och avgifterna tar ut varandra
    assert abs(sum(r[ut[0].index("belopp")] for r in ut[1:])) <= 0.5 * 290


def test_kostnad_vad_om_ar_motorn(exempel):
    ind, motor = exempel
    rad = ind["kommun"][ind["kommun"]["kommunkod"] == "1814"]
    pub = [[d, float(motor.loc["1814", d])] for d in DELMODELLER["kommun"]]
    riket = nyckelomrade(motor.attrs["riket"])
    nytt = float(rad["ohalsotal"].iloc[0]) + 1
    ut = kostnad.XLM_KOSTNAD_VADOM(omrade(rad), 2024.0, "ohalsotal", nytt, pub, riket, None)
    m = xlmodel.kostnadsutjamning_vad_om(rad, 2024, {"ohalsotal": nytt}, dict(pub), dict(riket))
    assert ut[0] == ["post", "fore", "efter", "andring"]
    assert ut == till_excel(m)
    andring = {r[0]: r[3] for r in ut[1:]}
    # förordning 2004:881 bilagan: ohälsotalet ingår bara i IFO-modellen (punkt 6, 17,29 × ohälsotalet), så bara
    # den delmodellen ändras, och strukturkostnaden (Σ delmodeller) och kr/inv (riksgenomsnittet fast) lika mycket
    assert andring["individ_och_familjeomsorg"] > 0
    assert all(andring[d] == 0 for d in DELMODELLER["kommun"] if d != "individ_och_familjeomsorg")
    assert andring["strukturkostnad"] == andring["kr_per_inv"] == andring["individ_och_familjeomsorg"]


def test_kostnad_skalara_former_ar_motorn(exempel):
    """En kommun ur hela tabellen: kr/inv och standardkostnad per delmodell som i tabellformen."""
    ind, motor = exempel
    args = (omrade(ind["kommun"]), 2024.0)
    lan, riket = omrade(ind["lan"]), nyckelomrade(ind["riket"])
    for kod in ("0114", "1814", "2584"):
        assert kostnad.XLM_KOSTNAD_KRINV(*args, float(kod), lan, riket, None, None) == motor.loc[kod, "kr_per_inv"]
        for d in DELMODELLER["kommun"]:
            assert kostnad.XLM_KOSTNAD_STANDARDKOSTNAD(*args, kod, d, lan, riket, None, None) == motor.loc[kod, d]
    # 9–10 §§: kr/inv = strukturkostnad − rikets genomsnitt (hela kronor), strukturkostnad = Σ delmodeller (3 §)
    sk = sum(kostnad.XLM_KOSTNAD_STANDARDKOSTNAD(*args, 1814.0, d, lan, riket, None, None) for d in DELMODELLER["kommun"])
    assert abs(kostnad.XLM_KOSTNAD_KRINV(*args, 1814.0, lan, riket, None, None) - (sk - motor["strukturkostnad_riket"].iloc[0])) <= 0.5
    en = kostnad.XLM_KOSTNAD_TABELL(*args, lan, riket, None, None, "Forskola ")
    assert en == till_excel(motor[["forskola"]])
    with pytest.raises(IndataFel, match="Okänd delmodell 'skola'"):
        kostnad.XLM_KOSTNAD_STANDARDKOSTNAD(*args, 1814.0, "skola", lan, riket, None, None)
    with pytest.raises(IndataFel, match="kommunkod 9999 finns inte"):
        kostnad.XLM_KOSTNAD_KRINV(*args, 9999.0, lan, riket, None, None)
    with pytest.raises(IndataFel, match="kommunkod: värde saknas"):
        kostnad.XLM_KOSTNAD_KRINV(*args, None, lan, riket, None, None)


def test_kostnad_en_kommuns_rad_med_rikets_storheter(exempel):
    """Bara kommunens rad + XLM_KOSTNAD_RIKET ur hela beräkningen ger samma tal som hela tabellen (rikets storheter fasta)."""
    ind, motor = exempel
    lan = omrade(ind["lan"])
    riket_omr = kostnad.XLM_KOSTNAD_RIKET(omrade(ind["kommun"]), 2024.0, lan, nyckelomrade(ind["riket"]), None, None)
    assert riket_omr[0] == ["namn", "varde"]
    assert {r[0]: r[1] for r in riket_omr[1:]} == {**ind["riket"], **motor.attrs["riket"]}
    k = ind["kommun"]
    for kod in ("0114", "1814", "2584"):
        rad = omrade(k[k["kommunkod"] == kod])
        assert kostnad.XLM_KOSTNAD_KRINV(rad, 2024.0, kod, lan, riket_omr, None, None) == motor.loc[kod, "kr_per_inv"]
        assert kostnad.XLM_KOSTNAD_STANDARDKOSTNAD(rad, 2024.0, kod, "aldreomsorg", lan, riket_omr, None, None) == motor.loc[kod, "aldreomsorg"]
    # utan rikets storheter räknas de inte tyst ur den enda raden
    with pytest.raises(IndataFel, match="rikets storheter"):
        kostnad.XLM_KOSTNAD_KRINV(omrade(k[k["kommunkod"] == "1814"]), 2024.0, 1814.0, lan, nyckelomrade(ind["riket"]), None, None)


def test_sob_alla_ar_motorn():
    om = [["variabel", 2026.0], ["lss_utjamning", -250.0]]
    ut = skatter.XLM_SOB_ALLA(2026.0, [["kommunkod"], [1880.0], ["1814"], [None]], None, None, om, None, "tkr")
    motor = xlmodel.skatter_och_bidrag_alla(2026, ["1880", "1814"], {"lss_utjamning": {2026: -250}}, enhet="tkr", kolumner="ar")
    assert ut == till_excel(motor.reset_index(), index=False)
    assert ut[0] == ["kommunkod", "post", 2026] and {r[0] for r in ut[1:]} == {"1880", "1814"}
    # för hand ur SCB OE0115 2026 (kr/inv × folkmängd 1 nov 2025, implicit ur tkr-summan: Lekeberg 8 596,
    # Örebro 160 753), i tkr: kostnadsutjämning 3 550 resp. −2 411 kr/inv, regleringsbidrag 2 799 kr/inv
    tkr = {(r[0], r[1]): r[2] for r in ut[1:]}
    assert tkr[("1814", "Kostnadsutjämning")] == round(3_550 * 8_596 / 1000)  # 30 516
    assert tkr[("1880", "Kostnadsutjämning")] == round(-2_411 * 160_753 / 1000)  # −387 575
    assert tkr[("1814", "Regleringsbidrag/-avgift")] == round(2_799 * 8_596 / 1000)  # 24 060
    assert tkr[("1880", "LSS-utjämning")] == round(-250 * 160_753 / 1000)  # angivet −250 kr/inv
    # varje kommuns rader = blocket för den kommunen (XLM_SOB_BLOCK)
    block = skatter.XLM_SOB_BLOCK(1814.0, 2026.0, None, None, om, None, "tkr")
    assert [r[1:] for r in ut[1:] if r[0] == "1814"] == block[1:]
    standard = skatter.XLM_SOB_ALLA(2026.0, None, None, None, None, None, None)
    assert standard == till_excel(xlmodel.skatter_och_bidrag_alla(2026, kolumner="ar").reset_index(), index=False)
    with pytest.raises(IndataFel, match="Okänd kommunkod 9999"):
        skatter.XLM_SOB_ALLA(2026.0, [[9999.0]], None, None, None, None, None)


def test_skatter_och_bidrag_udfer():
    om = [["variabel", 2026.0, 2027.0], ["lss_utjamning", -250.0, None], ["fastighetsavgift", 160e6, None]]
    ut = skatter.XLM_SOB_BLOCK(1880.0, 2026.0, 1.0, "pahittad_exempel_a", om, None, None)
    motor = _sob_ar("1880", 2026, {"planar": 1, "prognos": "pahittad_exempel_a",
                                                      "lss_utjamning": {2026: -250}, "fastighetsavgift": {2026: 160e6}})
    assert ut[0] == ["post", 2026, 2027]
    assert ut == till_excel(motor)
    assert skatter.XLM_SOB_RAD(1880.0, 2026.0, "Inkomstutjämning") == motor.loc["Inkomstutjämning", 2026]
    varden = skatter.XLM_SOB_VARDEN(1880.0, 2026.0, None, None, None, None)
    assert dict((r[0], r[1]) for r in varden[1:])["skattesats"] == 21.35  # SCB: Örebro 2026
    attrs = _sob_ar("1880", 2026, enhet="kr").attrs
    assert [r[0] for r in varden[1:]] == list(skatter.VARDEN)
    assert all(r[1] == pytest.approx(attrs[r[0]][2026]) for r in varden[1:])
    with pytest.raises(IndataFel, match="Okänd rad"):
        skatter.XLM_SOB_RAD(1880.0, 2026.0, "Finns inte")
    with pytest.raises(IndataFel, match="årtal"):
        skatter.antaganden([["variabel", "x"], ["skattesats", 20.0]])


def test_kostnad_tabell_delmangd(exempel):
    """Ett urval kommuner räknas inte tyst som hela riket: fel utan delmangd, motorns delmängdsresultat med SANT."""
    ind, _ = exempel
    k = ind["kommun"][ind["kommun"]["kommunkod"].str.startswith("18")]
    lan, riket = omrade(ind["lan"]), nyckelomrade(ind["riket"])
    with pytest.raises(IndataFel, match="delmangd=True"):
        kostnad.XLM_KOSTNAD_TABELL(omrade(k), 2024.0, lan, riket, None, None, None, None)
    ut = kostnad.XLM_KOSTNAD_TABELL(omrade(k), 2024.0, lan, riket, None, None, None, True)
    motor = xlmodel.kostnadsutjamning({"kommun": k, "lan": ind["lan"], "riket": ind["riket"]}, 2024, delmangd=True)
    assert ut == till_excel(motor) and len(ut) == 1 + 12
