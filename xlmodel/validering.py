"""Gemensam kontroll av indata: tal, år, koder, tabeller med en rad per kommun, och rimliga gränser.

Varje fel namnger raden (radnummer räknat från 1 och kommunkod) och problemet, på svenska. Storheternas
rimliga gränser och skälen till dem står på ett ställe, ``GRANSER``; ``kontrollera_tabell`` prövar varje
kolumn som har en gräns där, och skalära värden prövas med ``rimlig``. Resultat prövas med ``andliga``.
"""
from __future__ import annotations

import math
import numbers
import re
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from .fel import IndataFel


#: Storhet → (undre, övre, skäl). Gränserna är vida: de fångar en storhet i fel enhet eller form (en andel där
#: procent väntas, 0,5 invånare), inte ovanliga men möjliga värden. None = ingen gräns åt det hållet.
GRANSER: dict[str, tuple[float | None, float | None, str]] = {
    "folkmangd": (1, None, "en folkmängd är minst 1 invånare (0,5 eller 1e-300 invånare ger orimliga kr/inv)"),
    "folkmangd_1nov": (1, None, "en folkmängd är minst 1 invånare"),
    "invanare": (1, None, "en kommun har minst 1 invånare"),
    "skattesats": (1, 60, "skattesatsen anges i procent, t.ex. 21,35 (inte som andel 0,2135); över 60 % är orimligt"),
    "tatortsgrad": (0, 1, "tätortsgraden är en andel mellan 0 och 1"),
    "pkv": (-0.5, 0.5, "pris- och lönekompensationen anges som andel, t.ex. 0,025 för 2,5 %"),
    "standardkostnad_riket": (0, None, "rikets standardkostnad (kr/inv) kan inte vara negativ"),
    "riket": (0, None, "rikets uppgifter (lärarlön, antal, skatteunderlag, folkmängd) är positiva"),
}


def rimlig(varde: float, storhet: str, var: str) -> float:
    """``varde`` om det ligger inom ``GRANSER[storhet]``, annars ``IndataFel`` som säger var, gränsen och skälet."""
    undre, ovre, skal = GRANSER[storhet]
    if (undre is not None and varde < undre) or (ovre is not None and varde > ovre):
        spann = (f"minst {undre:g}" if ovre is None else f"högst {ovre:g}" if undre is None
                 else f"mellan {undre:g} och {ovre:g}")
        raise IndataFel(f"{var}: {varde:g} är orimligt ({storhet} ska vara {spann}: {skal}).")
    return varde


def andliga(resultat, var: str):
    """Ett resultat (tal eller tabell) utan ±inf: ett oändligt resultat kommer av orimligt stora eller små indata."""
    if isinstance(resultat, pd.DataFrame):
        tal_ = resultat.select_dtypes("number")
        dåliga = np.isinf(tal_.to_numpy(dtype=float))
        if dåliga.any():
            r, k = (int(i[0]) for i in np.nonzero(dåliga))
            raise IndataFel(f"{var}: resultatet i kolumnen {tal_.columns[k]} (rad {r + 1}, {tal_.index[r]}) är inte "
                            "ändligt; indata är orimligt stora eller små.")
    elif isinstance(resultat, numbers.Real) and math.isinf(resultat):
        raise IndataFel(f"{var}: resultatet är inte ändligt; indata är orimligt stora eller små.")
    return resultat


#: Svensk taltext: siffror med blanksteg (även hårt) mellan tusentalen och ev. decimalkomma, t.ex. "20 000 000".
_SVENSK_TALTEXT = re.compile(r"[+\-−]?(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:,\d+)?")


def taltext(varde, var: str) -> float:
    """Som ``tal`` men läser också svensk taltext ("20 000 000", "2,5"): ett tal som skrivits som text i ett område."""
    if isinstance(varde, str) and _SVENSK_TALTEXT.fullmatch(varde.strip()):
        return tal(float(re.sub(r"[ \u00a0\u202f]", "", varde.strip()).replace(",", ".").replace("−", "-")), var)
    return tal(varde, var)


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
    if isinstance(varde, (bool, np.bool_)):
        raise IndataFel(f"{var}: sanningsvärdet {bool(varde)} är inget tal.")
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


_TALTYPER = frozenset({float, int, np.float64, np.int64})  # inte bool (tal() vägrar sanningsvärden)


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
    kanda = kanda_koder if isinstance(kanda_koder, (set, frozenset)) or kanda_koder is None else set(kanda_koder)
    vad = "kommunkod" if kodlangd == 4 else "länskod"
    koder: list[str] = []
    sedda: dict[str, int] = {}
    raa = df[nyckel].tolist()
    if all(type(r) is str and len(r) == kodlangd and r.isdigit() for r in raa) and len(set(raa)) == len(raa) and (
            kanda is None or all(r in kanda for r in raa)):
        raa, koder = [], raa  # snabb väg: giltiga, unika koder som text (annars förklarar loopen felet)
    for radnr, rå in enumerate(raa, start=1):
        try:
            kod = normalisera_kod(rå, kodlangd, vad)
        except IndataFel as e:
            raise IndataFel(f"{namn} rad {radnr}: {e}") from None
        if kanda is not None and kod not in kanda:
            raise IndataFel(f"{namn} rad {radnr} ({vad} {kod}): okänd {vad} {kod}.")
        if kod in sedda:
            raise IndataFel(f"{namn} rad {radnr} ({vad} {kod}): {vad} {kod} förekommer två gånger (även på rad {sedda[kod]}).")
        sedda[kod] = radnr
        koder.append(kod)
    icke_negativa, positiva = set(icke_negativa), set(positiva)
    ut: dict[str, np.ndarray] = {}
    for k in kolumner:
        if k not in df.columns:
            ut[k] = np.full(len(koder), float(valfria[k]))
            continue
        serie = df[k]
        if pd.api.types.is_numeric_dtype(serie) and not pd.api.types.is_bool_dtype(serie):
            varden = serie.to_numpy(dtype=float)
            dåliga = ~np.isfinite(varden)
        else:  # objektkolumn (t.ex. ett Excel-område): tal direkt, allt annat förklaras av tal() nedan
            varden = np.fromiter((float(v) if type(v) in _TALTYPER else np.nan for v in serie.tolist()), float, len(koder))
            dåliga = ~np.isfinite(varden)
        if k in icke_negativa:
            dåliga |= varden < 0
        if k in positiva:
            dåliga |= varden <= 0
        for i in np.flatnonzero(dåliga):  # förklara första felet (eller tolka en objektkolumn rad för rad)
            plats = f"{namn} rad {i + 1} ({vad} {koder[i]}), kolumn {k}"
            v = tal(serie.iloc[i], plats)
            if k in icke_negativa and v < 0:
                raise IndataFel(f"{plats}: negativt värde {v:g} är inte tillåtet.")
            if k in positiva and v <= 0:
                raise IndataFel(f"{plats}: värdet måste vara större än noll (är {v:g}).")
            varden[i] = v
        if k in GRANSER:
            for i in np.flatnonzero(~((varden >= (GRANSER[k][0] if GRANSER[k][0] is not None else -np.inf))
                                      & (varden <= (GRANSER[k][1] if GRANSER[k][1] is not None else np.inf)))):
                rimlig(varden[i], k, f"{namn} rad {i + 1} ({vad} {koder[i]}), kolumn {k}")
        ut[k] = varden
    return pd.DataFrame(ut, index=pd.Index(koder, name=nyckel))


def kontrollera_ar(ar) -> int:
    """Ett utjämningsår som heltal; annars ``IndataFel``."""
    try:
        f = tal(ar, "utjämningsår")
    except IndataFel:
        raise IndataFel(f"Ogiltigt utjämningsår {ar!r}.") from None
    if not f.is_integer():
        raise IndataFel(f"Ogiltigt utjämningsår {f:g}".replace(".", ",") + ": ett år är ett helt tal (t.ex. 2026).")
    if not 1990 <= f <= 2100:
        raise IndataFel(f"Ogiltigt utjämningsår {ar!r}.")
    return int(f)


def avrunda_krontal(x):
    """Avrunda till närmaste hela krontal, halva kronor bort från noll (förordning 2004:881 4 §)."""
    x = np.asarray(x, dtype=float)
    return np.sign(x) * np.floor(np.abs(x) + 0.5)
