"""Operatorer som ger samma tal för numpy-fält och för enskilda tal (float).

Den snabba vägen för en kommuns rad (issue 15) räknar formlerna på Python-tal: numpy:s ufuncs kostar ~0,5–1 µs per
anrop på ett tal, Pythons egna operationer några tiotal ns. Formlerna skrivs en gång med de här operatorerna; ett
fält går till numpy, ett tal till samma IEEE 754-operation (kvadratrot, största/minsta och villkor är exakta), så att
talen blir desamma bit för bit (tests/test_kostnad_snabb.py jämför varje kommun med tabellen). Som numpy ger NaN
NaN: ``storst``/``minst`` sprider NaN, ``rot`` av ett negativt tal är NaN; vid lika tal (0 och −0) ger
``storst``/``minst`` det andra, som numpy.
"""
from __future__ import annotations

import math

import numpy as np

_NAN = float("nan")


def storst(a, b):
    """``np.maximum(a, b)``."""
    if type(a) is float and type(b) is float:
        return a if a > b or a != a else b  # som numpy: b vid lika (±0), NaN sprids
    return np.maximum(a, b)


def minst(a, b):
    """``np.minimum(a, b)``."""
    if type(a) is float and type(b) is float:
        return a if a < b or a != a else b
    return np.minimum(a, b)


def om(villkor, a, b):
    """``np.where(villkor, a, b)``: a där villkoret gäller, annars b."""
    if type(villkor) is bool:
        return a if villkor else b
    return np.where(villkor, a, b)


def absolut(x):
    """``np.abs(x)``."""
    return abs(x) if type(x) is float else np.abs(x)


def rot(x):
    """``np.sqrt(x)`` (NaN för ett negativt tal, som numpy)."""
    if type(x) is float:
        return math.sqrt(x) if x >= 0 else _NAN
    return np.sqrt(x)


def kvadrat(x):
    """``np.square(x)``: x·x (inte ``x ** 2``, som kan avrunda annorlunda)."""
    return x * x if type(x) is float else np.square(x)


def noll_for_nan(x):
    """``np.where(np.isnan(x), 0.0, x)``: 0 där talet saknas (NaN)."""
    if type(x) is float:
        return 0.0 if x != x else x
    return np.where(np.isnan(x), 0.0, x)
