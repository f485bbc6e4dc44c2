"""Issue 15: en kommuns rad räknas på Python-tal. Operatorerna (``xlmodel.operatorer``), avrundningen till hela
kronor och inkomstutjämningen för en kommun ger på tal exakt samma tal som numpy ger på fält, också i kanterna
(±0, NaN, ±inf, negativa tal under roten, halva kronor)."""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import xlmodel
from xlmodel import operatorer as op
from xlmodel.fel import IndataFel
from xlmodel.kallor.referensdata import kommunkoder, lanskoder
from xlmodel.inkomstutjamning import inkomstutjamning_falt, inkomstutjamning_tal
from xlmodel.validering import avrunda_krontal

KANTER = [0.0, -0.0, 0.5, -0.5, 1.5, -2.5, 1e-300, -1e-300, 2.0 ** 52 + 0.5, 2.0 ** 53, -(2.0 ** 60), 1e308,
          math.inf, -math.inf, math.nan, 3.0, -7.25, 1234.4999999999998]
tal = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(KANTER))


def samma(tal_svar, falt_svar) -> bool:
    """Samma tal bit för bit (tecknet på noll spelar roll; NaN är lika med NaN), och ett tal (float), inget fält."""
    a, b = np.float64(tal_svar), np.float64(np.asarray(falt_svar, dtype=float).reshape(-1)[0])
    return type(tal_svar) is float and (a.tobytes() == b.tobytes() or (np.isnan(a) and np.isnan(b)))


@settings(max_examples=400, deadline=None)
@given(tal, tal)
def test_operatorerna_pa_tal_som_numpy_pa_falt(a, b):
    fa, fb = np.array([a]), np.array([b])
    assert samma(op.storst(a, b), np.maximum(fa, fb))
    assert samma(op.minst(a, b), np.minimum(fa, fb))
    assert samma(op.absolut(a), np.abs(fa))
    assert samma(op.noll_for_nan(a), np.where(np.isnan(fa), 0.0, fa))
    assert samma(op.om(a > b, a, b), np.where(fa > fb, fa, fb))
    assert op.om(a > b, "bidrag", "avgift") == np.where(fa > fb, "bidrag", "avgift")[0]
    with np.errstate(invalid="ignore", over="ignore"):
        assert samma(op.rot(a), np.sqrt(fa))
        assert samma(op.kvadrat(a), np.square(fa))


@settings(max_examples=400, deadline=None)
@given(tal)
def test_avrundning_till_hela_kronor_pa_tal_som_pa_falt(x):
    assert samma(avrunda_krontal(x), avrunda_krontal(np.array([x])))


def test_avrundning_halva_kronor_bort_fran_noll():
    assert [avrunda_krontal(x) for x in (0.5, -0.5, 1.4999999999999998, 2.5, -2.5)] == [1.0, -1.0, 1.0, 3.0, -3.0]


def test_operatorerna_tar_falt_som_numpy():
    x = np.array([-1.0, 0.0, 2.0, np.nan])
    assert np.array_equal(op.storst(x, 0.0), np.maximum(x, 0.0), equal_nan=True)
    assert np.array_equal(op.om(x > 0, x, -x), np.where(x > 0, x, -x), equal_nan=True)


@pytest.mark.parametrize("niva", ["kommun", "region"])
def test_inkomstutjamning_for_en_kommun_pa_tal_som_pa_falt(niva):
    """Varje kommun (region) med hypotetiska folkmängder (kostnadsutjämningens eftersläpning): samma kr/inv."""
    riket = xlmodel.riket(2025)
    rng = np.random.default_rng(18)
    koder = sorted(kommunkoder() if niva == "kommun" else lanskoder())
    n = rng.uniform(2_000, 20_000, len(koder)).round()
    su = n * rng.uniform(150_000, 420_000, len(koder))
    falt = inkomstutjamning_falt(koder, su, n, 2025, riket, niva=niva)
    for i, kod in enumerate(koder):
        assert inkomstutjamning_tal(kod, float(su[i]), float(n[i]), 2025, riket, niva=niva) == falt[i], kod


def test_inkomstutjamning_pa_tal_med_fel_indata_ger_faltens_fel():
    riket = xlmodel.riket(2025)
    for su, n in ((-1.0, 1000.0), (1e9, 0.0), (math.nan, 1000.0)):
        with pytest.raises(IndataFel) as pa_tal:
            inkomstutjamning_tal("1880", su, n, 2025, riket)
        with pytest.raises(IndataFel) as pa_falt:
            inkomstutjamning_falt(["1880"], [su], [n], 2025, riket)
        assert str(pa_tal.value) == str(pa_falt.value)
