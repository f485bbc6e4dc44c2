"""Parameterlagret: källor, år utan värde, reformöverlägg, lagens invarianter i tabellerna."""
import pytest

from xlmodel import ParameterFel, Parametrar, parametrar, reformer, upprakningsfaktor


def test_varje_varde_har_kalla():
    p = parametrar()
    for namn in p.namn():
        for ar, (_, ref) in p[namn].varden.items():
            assert ref.strip(), (namn, ar)


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
    for ar in (2015, 2016, 2020, 2024):
        k = p["inkomstutjamning.skattesats.bidrag.kommun"](ar)
        r = p["inkomstutjamning.skattesats.bidrag.region"](ar)
        assert set(k) == set(r) and len(k) == 21
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
