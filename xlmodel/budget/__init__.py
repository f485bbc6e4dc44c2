"""Budgetblocket Skatter & bidrag (lag 1965:269, lag 2004:773): blocket (``block``), årskalkylen (``kalkyl``),
prognosårgångar (``prognos``, filerna i ``prognoser/``), marginalintäkt (``marginalintakt``), preliminär skatt
och slutavräkning (``skatteintakter``), medföljande data per kommun (``data``), radnamnen (``rader``)."""
from .block import (
    SAKNADE,
    budgetrad,
    ej_angivna,
    jamfor,
    jamfor_reform,
    skatter_och_bidrag,
    skatter_och_bidrag_alla,
    summa_not,
    summera,
)
from .data import DATAKOLUMNER, antaganden_ur_data, kommundata
from .kalkyl import Antaganden
from .marginalintakt import ALDERSGRUPPER, MARGINALKOLUMNER, marginalintakt, standardkostnad_per_aldersgrupp
from .prognos import jamfor_prognoser, prisupprakning_ur_prognos, prognos, prognoser
from .rader import *  # noqa: F401,F403
