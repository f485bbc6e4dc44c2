"""Issue 15: tusen olika parametertabeller och överläggsfiler genom ``inkomstutjamning`` får inte minnet att växa
(cachen är en begränsad LRU efter innehåll). Mäts som processens RSS (/proc/self/statm); ingen tidtagning."""
import gc

import numpy as np
import pytest

import xlmodel
import importlib

parametermodul = importlib.import_module("xlmodel.parametrar")
from xlmodel.fel import ParameterFel

from orebro import riket, utfall

G = "inkomstutjamning.garantiniva.kommun"


def _rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096


def test_tusen_tabeller_och_overlagg_utan_minnestillvaxt(tmp_path):
    u, r = utfall(2026), riket(2026)
    fil = tmp_path / "scenario.yaml"

    def kor(i: int) -> float:
        g = 1.10 + i * 1e-5
        a = xlmodel.inkomstutjamning(u, 2026, riket=r, reform={G: g})["kr_per_inv"]
        fil.write_text(f"inkomstutjamning:\n  garantiniva:\n    kommun:\n      values:\n        2026: {{value: {g!r}, reference: scenario}}\n")
        b = xlmodel.inkomstutjamning(u, 2026, riket=r, reform=str(fil))["kr_per_inv"]
        assert a.equals(b)  # tabellen och överlägget är samma parameter
        return float(a.iloc[0])

    for i in range(200):  # fyll cachen (LRU) och alla lata importer
        kor(i)
    gc.collect()
    fore = _rss()
    forsta = [kor(i) for i in range(1_000, 2_000)]  # 1 000 nya tabeller + 1 000 nya överlägg
    gc.collect()
    efter = _rss()
    assert forsta[-1] >= forsta[0]  # högre garantinivå ger inte lägre bidrag (4–5 §§)
    assert efter - fore < 50 * 2**20, f"RSS: +{(efter - fore) / 2**20:.1f} MB"
    assert len(parametermodul._CACHE.poster) <= parametermodul.CACHESTORLEK


def test_overlagg_last_efter_innehall_och_tabellens_fel(tmp_path):
    fil = tmp_path / "o.yaml"
    fil.write_text("inkomstutjamning:\n  garantiniva:\n    kommun:\n      values:\n        2026: {value: 1.17, reference: x}\n")
    assert xlmodel.parametrar(str(fil))[G](2026) == 1.17
    fil.write_text("inkomstutjamning:\n  garantiniva:\n    kommun:\n      values:\n        2026: {value: 1.18, reference: x}\n")
    assert xlmodel.parametrar(str(fil))[G](2026) == 1.18  # samma sökväg, ny text: aldrig gamla tal
    p = xlmodel.parametrar({G: np.float64(1.16)})
    assert p[G](2026) == 1.16 and p[G](2005) == 1.16 and p[G].referens(2026) == parametermodul.EGEN_KALLA
    assert xlmodel.parametrar({G: 1.16}) is p  # cachad efter innehåll
    assert xlmodel.parametrar({"reform": "sou_2024_50", G: {2026: 1.2}})[G](2026) == 1.2
    with pytest.raises(ParameterFel, match="okänd parameter .*Menade du inkomstutjamning.garantiniva.kommun"):
        xlmodel.parametrar({"inkomstutjamning.garantinva.kommun": 1.1})
    with pytest.raises(ParameterFel, match="inget ändligt tal"):
        xlmodel.parametrar({G: "1,16"})
    with pytest.raises(ParameterFel, match="okänd nyckel '99'"):
        xlmodel.parametrar({"inkomstutjamning.skattesats.bidrag.kommun": {"99": 90.0}})
    satser = xlmodel.parametrar({"inkomstutjamning.skattesats.bidrag.kommun": {"18": 90.0}})
    assert satser["inkomstutjamning.skattesats.bidrag.kommun"](2026)["18"] == 90.0
    assert satser["inkomstutjamning.skattesats.bidrag.kommun"](2026)["01"] == xlmodel.parametrar()["inkomstutjamning.skattesats.bidrag.kommun"](2026)["01"]
