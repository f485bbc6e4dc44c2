"""Gemensam kontroll av indatatabeller: en rad per kommun, kommunkod som 4-teckenssträng.

Varje fel namnger raden (radnummer räknat från 1 och kommunkod) och problemet, på svenska.
"""
from __future__ import annotations

import math
import numbers
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from .fel import IndataFel


def normalisera_kod(varde, langd: int = 4, vad: str = "kommunkod") -> str:
    """Gör en kommunkod (4 tecken) eller länskod (2 tecken) av ett tal eller en text; ledande nolla behålls.

    ``180`` och ``"180"`` blir ``"0180"``. Allt annat än siffror ger ``IndataFel``.
    """
    if isinstance(varde, bool) or varde is None:
        raise IndataFel(f"Ogiltig {vad} {varde!r}.")
    if isinstance(varde, numbers.Real):
        if isinstance(varde, float) and (math.isnan(varde) or not varde.is_integer()):
            raise IndataFel(f"Ogiltig {vad} {varde!r}.")
        varde = str(int(varde))
    text = str(varde).strip()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    if not text.isdigit() or len(text) > langd:
        raise IndataFel(f"Ogiltig {vad} {varde!r}: ska vara {langd} siffror.")
    return text.zfill(langd)


def tal(varde, var: str) -> float:
    """Ett tal ur en cell. Text (även "0,5"), tomt och NaN ger ``IndataFel`` som säger var."""
    if isinstance(varde, bool):
        raise IndataFel(f"{var}: sanningsvärdet {varde} är inget tal.")
    if isinstance(varde, numbers.Real):
        f = float(varde)
        if math.isnan(f):
            raise IndataFel(f"{var}: värde saknas (NaN).")
        if math.isinf(f):
            raise IndataFel(f"{var}: oändligt värde.")
        return f
    if varde is None or (isinstance(varde, str) and not varde.strip()):
        raise IndataFel(f"{var}: värde saknas (tom cell).")
    if isinstance(varde, str):
        raise IndataFel(
            f"{var}: texten {varde!r} är inget tal. Skriv talet som tal, inte som text "
            "(decimalkomma i en textcell läses inte)."
        )
    raise IndataFel(f"{var}: {varde!r} är inget tal.")


def kontrollera_tabell(
    tabell: pd.DataFrame,
    kolumner: Iterable[str],
    *,
    nyckel: str = "kommunkod",
    kodlangd: int = 4,
    kanda_koder: Iterable[str] | None = None,
    icke_negativa: Iterable[str] = (),
    positiva: Iterable[str] = (),
    valfria: Mapping[str, float] | None = None,
    namn: str = "indata",
) -> pd.DataFrame:
    """Kontrollera och normalisera en tabell med en rad per kommun (eller region).

    Returnerar en ny tabell med index ``nyckel`` (kod som sträng) och de begärda kolumnerna som float.
    Fel: saknad kolumn, okänd eller dubblerad kod, saknat värde, text i talkolumn, negativt värde där
    det inte får förekomma. ``valfria`` ger kolumner som får saknas helt, med sitt standardvärde.
    """
    if not isinstance(tabell, pd.DataFrame):
        raise IndataFel(f"{namn}: förväntade en tabell (pandas DataFrame), fick {type(tabell).__name__}.")
    df = tabell.copy()
    if nyckel not in df.columns:
        if df.index.name == nyckel:
            df = df.reset_index()
        else:
            raise IndataFel(f"{namn}: kolumnen {nyckel!r} saknas.")
    valfria = dict(valfria or {})
    kolumner = list(kolumner)
    saknas = [k for k in kolumner if k not in df.columns and k not in valfria]
    if saknas:
        raise IndataFel(f"{namn}: kolumn saknas: {', '.join(saknas)}.")
    if df.empty:
        raise IndataFel(f"{namn}: tabellen har inga rader.")
    kanda = set(kanda_koder) if kanda_koder is not None else None
    vad = "kommunkod" if kodlangd == 4 else "länskod"
    koder: list[str] = []
    ut: dict[str, list[float]] = {k: [] for k in kolumner}
    icke_negativa, positiva = set(icke_negativa), set(positiva)
    for radnr, (_, rad) in enumerate(df.iterrows(), start=1):
        try:
            kod = normalisera_kod(rad[nyckel], kodlangd, vad)
        except IndataFel as e:
            raise IndataFel(f"{namn} rad {radnr}: {e}") from None
        plats = f"{namn} rad {radnr} ({vad} {kod})"
        if kanda is not None and kod not in kanda:
            raise IndataFel(f"{plats}: okänd {vad} {kod}.")
        if kod in koder:
            raise IndataFel(f"{plats}: {vad} {kod} förekommer två gånger (även på rad {koder.index(kod) + 1}).")
        koder.append(kod)
        for k in kolumner:
            v = tal(rad[k], f"{plats}, kolumn {k}") if k in df.columns else float(valfria[k])
            if k in icke_negativa and v < 0:
                raise IndataFel(f"{plats}, kolumn {k}: negativt värde {v:g} är inte tillåtet.")
            if k in positiva and v <= 0:
                raise IndataFel(f"{plats}, kolumn {k}: värdet måste vara större än noll (är {v:g}).")
            ut[k].append(v)
    resultat = pd.DataFrame({k: np.asarray(v, dtype=float) for k, v in ut.items()}, index=pd.Index(koder, name=nyckel))
    return resultat


def kontrollera_ar(ar) -> int:
    """Ett utjämningsår som heltal; annars ``IndataFel``."""
    try:
        f = tal(ar, "utjämningsår")
    except IndataFel:
        raise IndataFel(f"Ogiltigt utjämningsår {ar!r}.") from None
    if not f.is_integer() or not 1990 <= f <= 2100:
        raise IndataFel(f"Ogiltigt utjämningsår {ar!r}.")
    return int(f)


def avrunda_krontal(x):
    """Avrunda till närmaste hela krontal, halva kronor bort från noll (förordning 2004:881 4 §)."""
    x = np.asarray(x, dtype=float)
    return np.sign(x) * np.floor(np.abs(x) + 0.5)
