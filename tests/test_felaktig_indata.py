"""Reproduktioner ur ../shared/reference/audits/reliability.md: felaktig indata ska ge ett tydligt fel eller rätt tal."""
import pytest

from udfs import inkomst


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
