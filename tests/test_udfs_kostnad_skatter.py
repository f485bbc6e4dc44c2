"""UDF:erna för kostnadsutjämning och Skatter & bidrag med Excel-formade indata, jämförda med motorn."""
import numpy as np
import pytest

import xlmodel
from udfs import kostnad, skatter
from xlmodel import IndataFel
from xlmodel.kostnadsutjamning import DELMODELLER


def _f(v):
    return float(v) if isinstance(v, (int, float, np.integer, np.floating)) else v


def _omrade(df):
    return [list(df.columns)] + [[_f(v) for v in r] for r in df.itertuples(index=False)]


@pytest.fixture(scope="module")
def exempel():
    ind = xlmodel.exempeldata.kostnadsutjamning(2024)  # SYNTETISK exempeldata
    return ind, xlmodel.kostnadsutjamning(ind, 2024)


def test_kostnad_tabell_ar_motorn(exempel):
    ind, motor = exempel
    ut = kostnad.XLM_KOSTNAD_TABELL(_omrade(ind["kommun"]), 2024.0, _omrade(ind["lan"]),
                                    [[n, _f(v)] for n, v in ind["riket"].items()], None, None)
    assert len(ut) == 291
    kol = ut[0].index("kr_per_inv")
    assert [r[kol] for r in ut[1:]] == motor["kr_per_inv"].tolist()
    # lagens invariant (9–10 §§): bidragen och avgifterna tar ut varandra
    assert abs(sum(r[ut[0].index("belopp")] for r in ut[1:])) <= 0.5 * 290


def test_kostnad_vad_om_ar_motorn(exempel):
    ind, motor = exempel
    rad = ind["kommun"][ind["kommun"]["kommunkod"] == "1814"]
    pub = [[d, float(motor.loc["1814", d])] for d in DELMODELLER["kommun"]]
    riket = [[n, _f(v)] for n, v in motor.attrs["riket"].items()]
    nytt = float(rad["ohalsotal"].iloc[0]) + 1
    ut = kostnad.XLM_KOSTNAD_VADOM(_omrade(rad), 2024.0, "ohalsotal", nytt, pub, riket, None)
    m = xlmodel.kostnadsutjamning_vad_om(rad, 2024, {"ohalsotal": nytt}, dict(pub), dict(riket))
    assert ut[0] == ["post", "fore", "efter", "andring"]
    assert {r[0]: r[2] for r in ut[1:]} == m["efter"].to_dict()
    assert {r[0]: r[3] for r in ut[1:]}["forskola"] == 0  # bara IFO påverkas av ohälsotalet (9 §)


def test_skatter_och_bidrag_udfer():
    om = [["variabel", 2026.0, 2027.0], ["lss_utjamning", -250.0, None], ["fastighetsavgift", 160e6, None]]
    ut = skatter.XLM_SOB_BLOCK(1880.0, 2026.0, 1.0, "exempel_prognos_a", om, None, None)
    motor = xlmodel.skatter_och_bidrag("1880", 2026, {"planar": 1, "prognos": "exempel_prognos_a",
                                                      "lss_utjamning": {2026: -250}, "fastighetsavgift": {2026: 160e6}})
    assert ut[0] == ["post", 2026, 2027]
    for rad in ut[1:]:
        for a, v in zip((2026, 2027), rad[1:]):
            m = motor.loc[rad[0], a]
            assert (v is None and m != m) or v == pytest.approx(m)
    assert skatter.XLM_SOB_RAD(1880.0, 2026.0, "Inkomstutjämning") == motor.loc["Inkomstutjämning", 2026]
    varden = skatter.XLM_SOB_VARDEN(1880.0, 2026.0, None, None, None, None)
    assert dict((r[0], r[1]) for r in varden[1:])["skattesats"] == 21.35  # SCB: Örebro 2026
    with pytest.raises(IndataFel, match="Okänd rad"):
        skatter.XLM_SOB_RAD(1880.0, 2026.0, "Finns inte")
    with pytest.raises(IndataFel, match="årtal"):
        skatter.antaganden([["variabel", "x"], ["skattesats", 20.0]])
