"""Parameterlagret: källor, år utan värde, reformöverlägg, lagens invarianter i tabellerna."""
import re

import pytest

from xlmodel import ParameterFel, Parametrar, parametrar, reformer, upprakningsfaktor


KALLA = re.compile(r"SFS|Lag \(|Förordning \(|[Hh]ärledd|SOU|Ds ")


@pytest.mark.parametrize("reform", [None, *reformer()])
def test_varje_varde_har_kalla(reform):
    """Varje värde har en källa i husets format: SFS-nummer/lag/förordning, härledning, SOU eller Ds."""
    p = Parametrar(reform)
    for namn in p.namn():
        for ar, (_, ref) in p[namn].varden.items():
            assert KALLA.search(ref), (namn, ar, ref)


def test_tackning_av_lansvisa_skattesatser():
    """Täckningen i README (Parametrar och reformer): vilka län varje års tabell har."""
    p = parametrar()
    alla = {f"{k:02d}" for k in range(1, 26)} - {"02", "11", "15", "16"}
    assert len(alla) == 21
    for tabell in ("bidrag", "avgift"):
        for niva in ("kommun", "region"):
            t = p[f"inkomstutjamning.skattesats.{tabell}.{niva}"]
            for ar in (*range(2005, 2015),):
                assert set(t(ar)) == {"18"}, (tabell, niva, ar)
            for ar in (2015, 2016, *range(2020, 2027)):
                assert set(t(ar)) == alla, (tabell, niva, ar)
            for ar in (2017, 2018, 2019):
                assert alla - set(t(ar)) == {"04", "10", "17", "20", "24"}, (tabell, niva, ar)


def test_garantiniva_historik():
    p = parametrar()
    assert p["inkomstutjamning.garantiniva.kommun"](2005) == 1.15
    assert p["inkomstutjamning.garantiniva.region"](2019) == 1.10
    assert p["inkomstutjamning.garantiniva.region"](2020) == 1.15
    assert "2019:916" in p["inkomstutjamning.garantiniva.region"].referens(2020)


def test_ar_utan_varde_ger_tydligt_fel():
    p = parametrar()
    with pytest.raises(ParameterFel, match=r"inkomstutjamning.garantiniva.kommun saknar värde för utjämningsår 2027"):
        p["inkomstutjamning.garantiniva.kommun"](2027)
    with pytest.raises(ParameterFel, match=r"upprakningsfaktorer.faktorer saknar värde för utjämningsår 2004"):
        upprakningsfaktor(2004)
    with pytest.raises(ParameterFel, match="Okänd parameter"):
        p["finns.inte"]


def test_bidragssatser_summerar_till_29_08():
    """Lag 7 §: 0,95 × 20,70 + 0,90 × 10,47 = 29,08 för varje län i varje läst tabell (law_income.md §1.5)."""
    p = parametrar()
    for ar in (2015, 2016, 2017, 2020, 2024):
        k = p["inkomstutjamning.skattesats.bidrag.kommun"](ar)
        r = p["inkomstutjamning.skattesats.bidrag.region"](ar)
        assert set(k) == set(r) and len(k) == (16 if ar == 2017 else 21)
        for lan in k:
            assert k[lan] + r[lan] == pytest.approx(29.08), (ar, lan)


def test_avgiftssatser_2024_ar_lagtext_och_summerar_till_26_49():
    """Förordningen 3 § (SFS 2023:683): 85 % av medelskattesatsen 2003, summa 26,49 utom Gotland (17,54 + 8,95)."""
    p = parametrar()
    k = p["inkomstutjamning.skattesats.avgift.kommun"](2024)
    r = p["inkomstutjamning.skattesats.avgift.region"](2024)
    assert k["18"] == 16.93 and r["18"] == 9.56 and k["09"] == 17.54 and r["09"] == 8.95
    for lan in k:
        assert k[lan] + r[lan] == pytest.approx(26.49), lan
    # Gotland 2015–2020: 3 § i dessa lydelser är inte läst; satsen är antagen lika med SFS 2023:683
    for ar in (2015, 2016, 2017, 2020):
        assert p["inkomstutjamning.skattesats.avgift.kommun"](ar)["09"] == 17.54
        assert p["inkomstutjamning.skattesats.avgift.region"](ar)["09"] == 8.95
        assert "antagen" in p["inkomstutjamning.skattesats.avgift.kommun"].referens(ar)


def test_upprakningsfaktorer_lagtext():
    assert upprakningsfaktor(2025) == pytest.approx(1.031 * 1.045)  # SFS 2024:669
    assert upprakningsfaktor(2021) == pytest.approx(1.020 * 1.022)  # SFS 2020:813
    assert "härledd ur scb-utfall" in parametrar()["upprakningsfaktorer.faktorer"].referens(2026).lower()


def test_reform_ar_ett_overlagg():
    assert "sou_2024_50" in reformer()
    lag, ref = Parametrar(), Parametrar("sou_2024_50")
    assert ref["inkomstutjamning.garantiniva.kommun"](2026) == 1.16
    assert ref["inkomstutjamning.garantiniva.kommun"](2025) == 1.15  # förslaget gäller från 2026
    assert lag["inkomstutjamning.garantiniva.kommun"](2026) == 1.15
    assert ref["inkomstutjamning.garantiniva.region"](2026) == lag["inkomstutjamning.garantiniva.region"](2026)
    assert "SOU 2024:50" in ref["inkomstutjamning.garantiniva.kommun"].referens(2026)
    with pytest.raises(ParameterFel, match="Okänd reform"):
        Parametrar("finns_inte")


def test_eget_overlagg_fyller_ett_ar_som_saknas(tmp_path):
    """En användare som har årets bilaga (t.ex. SCB:s beräkningsunderlag för 2025) lägger den i en egen YAML-fil
    och anger sökvägen som ``reform``: året går att räkna, lagens övriga år är orörda, och filen måste finnas."""
    import xlmodel

    lag = parametrar()
    indata = xlmodel.exempeldata.kostnadsutjamning(2024)
    with pytest.raises(ParameterFel, match="2025"):
        xlmodel.kostnadsutjamning(indata, 2025)
    gsk, kpif = (lag[f"kostnadsutjamning.{n}"](2024) for n in ("genomsnittlig_standardkostnad", "kpif"))
    kpif = {**kpif, 2025: 2.0}  # testvärde: 2025 års lista behöver även utjämningsåret
    rader = ["kostnadsutjamning:", "  genomsnittlig_standardkostnad:", "    values:",
             f"      2025: {{value: {dict(gsk)}, reference: 'Testvärden (SFS 2024:1070 bilaga, 2024 års belopp)'}}",
             "  kpif:", "    values:",
             f"      2025: {{value: {dict(kpif)}, reference: 'Testvärden (SFS 2024:1070 bilaga + 2,0 för 2025)'}}"]
    fil = tmp_path / "bilaga_2025.yaml"
    fil.write_text("\n".join(rader) + "\n", encoding="utf-8")
    egen = Parametrar(str(fil))
    assert egen["kostnadsutjamning.genomsnittlig_standardkostnad"](2025) == gsk
    assert egen["inkomstutjamning.garantiniva.kommun"](2026) == 1.15
    res = xlmodel.kostnadsutjamning(indata, 2025, reform=str(fil))
    assert len(res) == 290 and abs(res["belopp"].sum()) <= 290  # lag 9–10 §§: nollsumma (hela kronor per kommun)
    with pytest.raises(ParameterFel, match="finns inte"):
        Parametrar(str(tmp_path / "saknas.yaml"))
    with pytest.raises(ParameterFel, match="Okänd reform"):
        Parametrar("sou_2099")


def test_andrad_overlaggsfil_lases_om(tmp_path):
    """En rättad egen fil ger de nya talen i samma process (Excels UDF-server lever kvar), inte cachens gamla."""
    fil = tmp_path / "egen.yaml"
    for sats in (1.16, 1.175):
        fil.write_text("inkomstutjamning:\n  garantiniva:\n    kommun:\n      values:\n"
                       f"        2026: {{value: {sats}, reference: 'test'}}\n", encoding="utf-8")
        assert parametrar(str(fil))["inkomstutjamning.garantiniva.kommun"](2026) == sats
    assert parametrar()["inkomstutjamning.garantiniva.kommun"](2026) == 1.15  # lag 2004:773 4 §
