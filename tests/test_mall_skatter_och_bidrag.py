"""Mallen Skatter och bidrag: beräknas med formulas + UDF:erna och jämförs med motorn; en ändrad
skattesats och befolkningsprognos flyttar blocket som motorn säger."""
import pytest

import xlmodel
from xlmodel.mallar import SOB_PLANAR, bygg_skatter_och_bidrag
from xlmodel.skatter_och_bidrag import RADER
from xlformler import Bok

ANT = {"prognos": "exempel_prognos_a", "planar": SOB_PLANAR}


@pytest.fixture(scope="module")
def bok(tmp_path_factory):
    return Bok(bygg_skatter_och_bidrag(tmp_path_factory.mktemp("mall") / "sob.xlsx"))


def _block(bok, kolumn="A"):
    slut = chr(ord(kolumn) + SOB_PLANAR + 1)
    rader = bok.omrade("Budget", f"{kolumn}3:{slut}{3 + len(RADER)}")
    return [int(a) for a in rader[0][1:]], {r[0]: r[1:] for r in rader[1:]}


def _jamfor(bok, motor, kolumn="A"):
    ar, block = _block(bok, kolumn)
    assert ar == list(motor.columns)
    for post in RADER:
        for a, v in zip(ar, block[post]):
            m = motor.loc[post, a]
            assert (v is None and m != m) or v == pytest.approx(m), (post, a)


def test_blocket_ar_motorns(bok):
    _jamfor(bok, xlmodel.skatter_och_bidrag("1880", 2026, ANT))
    _jamfor(bok, xlmodel.skatter_och_bidrag("1880", 2026, ANT, enhet="kr_per_inv"), kolumn="G")
    assert bok.varde("Inkomstutjämning", "B4") == pytest.approx(xlmodel.skatter_och_bidrag("1880", 2026, ANT).loc["Inkomstutjämning", 2026])
    assert bok.varde("Budget", "A4") == "Kommunalskatt"


def test_andrad_skattesats_och_befolkning_flyttar_blocket(bok):
    # rad 11 skattesats, 12 folkmängd, 15 LSS-utjämning, 19 fastighetsavgift; kolumn B = 2026, C = 2027, D = 2028
    bok.berakna({("Indata", "C11"): 22.0, ("Indata", "D12"): 170_000, ("Indata", "B15"): -250, ("Indata", "B19"): 150e6})
    motor = xlmodel.skatter_och_bidrag("1880", 2026, {**ANT, "skattesats": {2027: 22.0}, "folkmangd": {2028: 170_000},
                                                      "lss_utjamning": {2026: -250}, "fastighetsavgift": {2026: 150e6}})
    _jamfor(bok, motor)
    _, block = _block(bok)
    fore = xlmodel.skatter_och_bidrag("1880", 2026, ANT)
    assert block["Kommunalskatt"][1] > fore.loc["Kommunalskatt", 2027]  # 22,00 mot 21,35 procent
    assert block["Summa skatteintäkter, generella statsbidrag och utjämning"][0] is not None  # nu när LSS och fastighetsavgift finns


def test_byte_av_kommun_hamtar_dess_data(bok):
    bok.berakna({("Indata", "B3"): "1860"})
    _jamfor(bok, xlmodel.skatter_och_bidrag("1860", 2026, ANT))
