"""Omvandling mellan Excels cellformer och motorns tabeller. Ingen beräkning här.

Excel (klassiska xlwings-UDF:er) skickar: en cell som skalär (tal som float, tom som None), ett område
som lista av listor. Ett fel i en klassisk UDF visas som felets text i cellen, därför höjs korta svenska
meddelanden (``XlmodelFel``); oväntade Python-fel görs om till ett svenskt meddelande.
"""
from __future__ import annotations

import functools
import inspect
import math

import numpy as np
import pandas as pd
import xlwings as xw

from xlmodel.fel import IndataFel, XlmodelFel
from xlmodel.niva import nyckel
from xlmodel.validering import normalisera_kod


#: Pythons vanliga fel som korta svenska meddelanden (Python-texten kan vara engelsk).
PYTHONFEL = (
    (ZeroDivisionError, "division med noll"),
    (KeyError, "{arg} saknas"),
    (IndexError, "området har för få rader eller kolumner"),
    (ValueError, "ogiltigt värde"),
    (TypeError, "fel slags värde (tal, text eller område)"),
)


def svenskt_fel(namn: str, e: Exception) -> XlmodelFel:
    """Ett Python-fel som kort svensk text: ``Fel i <funktion>: <vad>``; okända fel namnger felklassen."""
    for typ, text in PYTHONFEL:
        if isinstance(e, typ):
            return XlmodelFel(f"Fel i {namn}: {text.format(arg=repr(e.args[0]) if e.args else 'ett värde')}.")
    return XlmodelFel(f"Fel i {namn}: oväntat fel ({type(e).__name__}).")


def excel_fel(func):
    """Låt xlmodels egna fel (IndataFel, ParameterFel) gå igenom oförändrade; gör andra fel till kort svensk text."""

    @functools.wraps(func)
    def omslag(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except XlmodelFel:
            raise
        except Exception as e:  # noqa: BLE001 - cellen ska visa ett begripligt meddelande
            raise svenskt_fel(func.__name__, e) from e

    return omslag


class Omrade(str):
    """Hjälptexten för ett områdesargument: ``excelfunktion`` ger argumentet ndim=2 (alltid lista av listor)."""


#: Hjälptexter som är desamma i flera moduler; en moduls egna texter går före.
GEMENSAMMA = dict(
    ar="Utjämningsår",
    folkmangd="Folkmängd 1 november året före utjämningsåret",
    niva="\"kommun\" (standard) eller \"region\"",
    reform="Tomt = gällande lag, eller t.ex. \"sou_2024_50\"",
)


def excelfunktion(kategori: str, texter: dict):
    """Dekoratorfabrik för en moduls UDF:er: ``@fabrik(**egna)`` ger ``@xw.func(category=kategori)``, ett
    ``@xw.arg`` per argument i signaturen med texten ur ``egna``, ``texter`` eller ``GEMENSAMMA`` (en ``Omrade``-text
    ger ndim=2) och ``excel_fel``. Ett argument utan text är ett fel redan när modulen läses in."""
    texter = {**GEMENSAMMA, **texter}

    def fabrik(**egna):
        def inner(f):
            argument = inspect.signature(f).parameters
            okanda = [n for n in egna if n not in argument]
            if okanda:
                raise TypeError(f"{f.__name__}: hjälptext för okänt argument {', '.join(okanda)}.")
            g = excel_fel(f)
            for namn in argument:
                doc = egna.get(namn, texter.get(namn))
                if doc is None:
                    raise TypeError(f"{f.__name__}: argumentet {namn} saknar hjälptext.")
                g = xw.arg(namn, doc=str(doc), **({"ndim": 2} if isinstance(doc, Omrade) else {}))(g)
            return xw.func(category=kategori)(g)
        return inner

    return fabrik


def kravs(v, namn: str):
    """Ett obligatoriskt cellvärde: tom cell ger IndataFel ``<namn>: värde saknas (tom cell).``"""
    if tom(v):
        raise IndataFel(f"{namn}: värde saknas (tom cell).")
    return v


def sant(v, standard: bool) -> bool:
    """Ett sanningsvärde ur en cell: tom = ``standard``; text "1", "ja", "sant", "true" = sant, annan text falskt."""
    if tom(v):
        return standard
    if isinstance(v, str):
        return v.strip().lower() in ("1", "ja", "sant", "true")
    return bool(v)


def kod(v, niva: str = "kommun") -> str:
    """Kommunkod (4 tecken) eller länskod (2 tecken, niva="region") ur en cell; 180 blir "0180"."""
    return normalisera_kod(kravs(v, nyckel(niva)), 4 if niva == "kommun" else 2,
                           "kommunkod" if niva == "kommun" else "länskod")


def en_rad(**kolumner) -> pd.DataFrame:
    """En tabell med en rad ur celler, {kolumn: värde} (dtype object: motorn tolkar värdena)."""
    return pd.DataFrame({k: [v] for k, v in kolumner.items()}, dtype=object)


def kommunrad(kommunkod, niva: str, **kolumner) -> pd.DataFrame:
    """En kommuns (regioner: länets) rad ur celler: nyckelkolumnen med koden normaliserad (``kod``), sedan ``kolumner``."""
    return en_rad(**{nyckel(niva): kod(kommunkod, niva)}, **kolumner)


def rad(resultat: pd.DataFrame, nyckel, namn: str = "kommunkod") -> pd.Series:
    """Raden för en kommun (kod eller namn) i motorns resultat; saknas den ges ett svenskt fel."""
    if nyckel not in resultat.index:
        raise IndataFel(f"{namn} {nyckel} finns inte bland indatas rader.")
    return resultat.loc[nyckel]


def tom(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip()) or (isinstance(v, float) and math.isnan(v))


def tomt(omrade) -> bool:
    """Ett valfritt område som är tomt: tom cell, eller bara tomma celler (ndim=2 ger [[None]])."""
    return all(tom(v) for r in som_2d(omrade) for v in r)


def valfri(v, standard=None):
    """Ett valfritt argument: tom cell (None) ger standardvärdet."""
    return standard if tom(v) else v


def som_2d(omrade) -> list[list]:
    """Skalär, 1-D lista eller lista av listor → lista av listor."""
    if omrade is None:
        return []
    if not isinstance(omrade, (list, tuple)):
        return [[omrade]]
    if omrade and not isinstance(omrade[0], (list, tuple)):
        return [list(omrade)]
    return [list(r) for r in omrade]


def tabell(omrade, namn: str = "indata") -> pd.DataFrame:
    """Ett område med rubrikrad → DataFrame. Helt tomma rader och kolumner (markerat för stort) tas bort.

    Rubrikerna görs till gemener utan blanksteg i kanterna; kolumnen ``kommunkod`` behålls som den är
    (motorn normaliserar 180 → "0180").
    """
    rader = som_2d(omrade)
    rader = [r for r in rader if not all(tom(v) for v in r)]
    if len(rader) < 2:
        raise IndataFel(f"{namn}: området behöver en rubrikrad och minst en datarad.")
    rubrik = rader[0]
    behall = [i for i, h in enumerate(rubrik) if not tom(h)]
    rubriker = [_rubrik(rubrik[i]) for i in behall]
    if len(set(rubriker)) != len(rubriker):
        raise IndataFel(f"{namn}: samma rubrik förekommer två gånger.")
    data = [[r[i] if i < len(r) else None for i in behall] for r in rader[1:]]
    return pd.DataFrame(data, columns=rubriker, dtype=object)


def _rubrik(v):
    """Rubrik ur en cell: text till gemener; ett årtal (2025.0) till heltal."""
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return str(v).strip().lower()


def nyckelvarden(omrade, namn: str) -> dict:
    """Ett område med två kolumner (nyckel, värde), med eller utan rubrikrad → dict. Tomma rader hoppas över."""
    ut = {}
    for rad in som_2d(omrade):
        if len(rad) < 2 or tom(rad[0]) or tom(rad[1]):
            continue
        if isinstance(rad[1], str) and not ut and isinstance(rad[0], str):
            continue  # rubrikrad
        nyckel = int(rad[0]) if isinstance(rad[0], float) and rad[0].is_integer() else rad[0]
        ut[nyckel] = rad[1]
    if not ut:
        raise IndataFel(f"{namn}: inga värden.")
    return ut


def till_excel(df: pd.DataFrame, index: bool = True) -> list[list]:
    """DataFrame → lista av listor med rubrikrad (för en spillande matrisformel). NaN blir tom cell."""
    d = df.rename_axis(df.index.name or "post").reset_index() if index else df
    rubrik = [int(c) if isinstance(c, (int, np.integer)) else float(c) if isinstance(c, (float, np.floating)) else str(c)
              for c in d.columns]  # scenariernas värden (XLM_SCENARIER) som tal
    rader = [[_cell(v) for v in rad] for rad in d.itertuples(index=False, name=None)]
    return [rubrik, *rader]


def _cell(v):
    if isinstance(v, (np.floating, float)):
        return None if math.isnan(v) else float(v)
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.bool_):
        return bool(v)
    return v


def riket(skatteunderlag, folkmangd) -> dict | None:
    """Rikstotaler ur två celler. Båda tomma: None, dvs. motorn väljer (raderna om de är hela landet, annars de
    medföljande rikstotalerna ``xlmodel.riket(ar)``, annars ett fel som säger vad som ska anges)."""
    if tom(skatteunderlag) and tom(folkmangd):
        return None
    return {"skatteunderlag": skatteunderlag, "folkmangd": folkmangd}
