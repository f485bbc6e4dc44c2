"""Gemensam kontroll av indata: tal, år, koder, tabeller med en rad per kommun, och rimliga gränser.

Varje fel namnger raden (radnummer räknat från 1 och kommunkod) och problemet, på svenska. Storheternas
rimliga gränser och skälen till dem står på ett ställe, ``GRANSER``; ``kontrollera_tabell`` prövar varje
kolumn som har en gräns där, och skalära värden prövas med ``rimlig``. Resultat prövas med ``andliga``.
"""
from __future__ import annotations

import itertools
import math
import numbers
import operator
import re
from collections import abc
from functools import lru_cache
from typing import Iterable, Mapping, Sequence

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


def andlig_tabell(kolumner: dict, index: pd.Index, var: str) -> pd.DataFrame:
    """``pd.DataFrame(kolumner, index=index)`` prövad som ``andliga``: talfälten prövas billigt innan tabellen
    byggs; bara ett oändligt värde låter ``andliga`` leta upp rad och kolumn för felet."""
    ut = pd.DataFrame(kolumner, index=index)
    if any(np.isinf(v).any() for v in kolumner.values() if isinstance(v, (float, np.ndarray)) and np.asarray(v).dtype.kind == "f"):
        andliga(ut, var)
    return ut


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
    if type(varde) is float and math.isfinite(varde):  # det vanliga fallet, utan typkontrollerna nedan
        return varde
    if isinstance(varde, (bool, np.bool_)):
        raise IndataFel(f"{var}: sanningsvärdet {bool(varde)} är inget tal.")
    if isinstance(varde, numbers.Real):
        try:
            f = float(varde)
        except OverflowError:
            raise IndataFel(f"{var}: talet är för stort (utanför flyttalens område).") from None
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
    tabell: pd.DataFrame | Mapping[str, Sequence],
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
    ``tabell`` kan också vara kolumner som en dict (namn → lika långa listor), t.ex. ur ett Excel-område.
    """
    koder, kolumner, varden = kontrollerade_kolumner(
        tabell, kolumner, nyckel=nyckel, kodlangd=kodlangd, kanda_koder=kanda_koder, icke_negativa=icke_negativa,
        positiva=positiva, valfria=valfria, namn=namn)
    return pd.DataFrame(varden.T, index=kodindex(koder, nyckel), columns=kolumner, copy=False)


def kodindex(koder: list[str], nyckel: str) -> pd.Index:
    """Ett nytt index av kontrollerade koder (ett eget objekt: anroparen får byta namn på det)."""
    return pd.Index(koder, name=nyckel)


def kontrollerade_kolumner(
    tabell, kolumner: Iterable[str], *, nyckel: str = "kommunkod", kodlangd: int = 4,
    kanda_koder: Iterable[str] | None = None, icke_negativa: Iterable[str] = (), positiva: Iterable[str] = (),
    valfria: Mapping[str, float] | None = None, namn: str = "indata",
) -> tuple[list[str], list[str], np.ndarray]:
    """Som ``kontrollera_tabell`` utan tabellen: (koder, kolumnnamnen, värdena som fält kolumn × rad). Koderna och
    namnen kan delas med andra anrop: ändra dem inte.

    Kontrollerna prövas på ett numpy-fält för alla kolumner på en gång; först när något är fel (eller en cell
    inte är ett vanligt tal) går den kolumnvisa förklaringen rad för rad, som ger samma fel som förut."""
    las = _Lasare(tabell, nyckel, namn)
    icke_negativa, positiva = frozenset(icke_negativa), frozenset(positiva)
    valfria = dict(valfria or {})
    kolumner = _unika(kolumner) if type(kolumner) is tuple else list(dict.fromkeys(kolumner))
    # valfria som saknas (standardvärdet prövas inte)
    saknade = _INGA if las.kolumnnamn.issuperset(kolumner) else frozenset(kolumner).difference(las.kolumnnamn)
    saknas = [k for k in kolumner if k in saknade and k not in valfria] if saknade else ()
    if saknas:
        raise IndataFel(f"{namn}: kolumn saknas: {', '.join(saknas)}.")
    if las.rader == 0:
        raise IndataFel(f"{namn}: tabellen har inga rader.")
    koder = _koder(las.koder(), kodlangd, kanda_koder, namn)
    n = len(koder)
    varden = np.empty((len(kolumner), n))
    serier: dict[int, Sequence] = {}
    klara = las.block(kolumner, varden)
    for j, k in enumerate(kolumner if len(klara) < len(kolumner) else ()):
        if j in klara:
            continue
        if not las.har(k):
            varden[j] = float(valfria[k])
            continue
        falt = las.falt(k)
        if isinstance(falt, np.ndarray) and falt.dtype.kind in "fiu":
            varden[j] = falt
            continue
        if isinstance(falt, list) and set(map(type, falt)) <= _TALTYPER:
            try:
                varden[j] = falt
                continue
            except OverflowError:  # ett heltal utanför flyttalen: tal() förklarar nedan
                pass
        # objektkolumn (t.ex. ett Excel-område): tal direkt, allt annat förklaras av tal() nedan
        serie = las.serie(k)
        serier[j] = serie
        if pd.api.types.is_numeric_dtype(serie) and not pd.api.types.is_bool_dtype(serie):
            varden[j] = serie.to_numpy(dtype=float)
        else:
            varden[j] = np.fromiter(map(_flyttal, serie.tolist()), float, n)
    dåliga = _dåliga(varden, tuple(kolumner), saknade, icke_negativa, positiva)
    # förklara första felet (eller tolka en objektkolumn rad för rad)
    for j in np.flatnonzero(dåliga.any(axis=1)) if dåliga.any() else ():
        _forklara(varden[j], serier[j] if j in serier else las.serie(kolumner[j]), kolumner[j], dåliga[j], koder,
                  kodlangd, icke_negativa, positiva, namn)
    return koder, kolumner, varden


def _flyttal(v) -> float:
    """Ett vanligt tal som flyttal; allt annat (text, tomt, ett heltal utanför flyttalen) NaN, som ``tal`` förklarar."""
    if type(v) in _TALTYPER:
        try:
            return float(v)
        except OverflowError:
            pass
    return np.nan


_INGA: frozenset = frozenset()
_LISTA = frozenset({list})


@lru_cache(maxsize=64)
def _unika(kolumner: tuple) -> list[str]:
    """Kolumnnamnen utan dubbletter, i ordning (en gång per uppsättning; delas: ändra inte)."""
    return list(dict.fromkeys(kolumner))


class Omradeskolumner(abc.Mapping):
    """Ett områdes kolumner (rubrik → lista med cellerna, som en dict av kolumner) där kolumnerna med ett flyttal
    på varje rad redan är ett fält (``minne.flyttal``: kolumn × rad): ``kontrollerade_kolumner`` tar dem därifrån på
    en gång. Övriga kolumner (t.ex. koderna som text) är listor; en flyttalskolumn blir en lista när den efterfrågas.

    ``rubriker`` och ``nummer``: kolumnernas namn och nummer i området; ``talkolumner``: numren för fältets rader;
    ``datarader``: områdets rader efter rubrikraden (de första lika många som fältets kolumner: tomma rader sist
    räknas inte)."""

    def __init__(self, rubriker: Sequence, nummer: Sequence[int], talkolumner: Sequence[int], tal: np.ndarray,
                 datarader: list[list]):
        plats = {j: i for i, j in enumerate(talkolumner)}
        self.tal, self.rader, self.kolumnnamn = tal, tal.shape[1], frozenset(rubriker)
        self.talrad = {h: plats[j] for h, j in zip(rubriker, nummer) if j in plats}
        self._listor = {h: [r[j] for r in itertools.islice(datarader, self.rader)] for h, j in zip(rubriker, nummer)
                        if j not in plats}
        self._ordning = tuple(rubriker)
        tal.setflags(write=False)

    def __getitem__(self, k) -> list:
        lista = self._listor.get(k)
        if lista is None:
            lista = self._listor[k] = self.tal[self.talrad[k]].tolist()
        return lista

    def __contains__(self, k) -> bool:
        return k in self.kolumnnamn

    def __iter__(self):
        return iter(self._ordning)

    def __len__(self) -> int:
        return len(self._ordning)

    def fyll(self, kolumner: list, varden: np.ndarray) -> set[int] | range:
        """Fyll ``varden`` (kolumn × rad) med de begärda kolumner som finns i fältet; returnerar deras nummer."""
        rader = list(map(self.talrad.get, kolumner))
        if None not in rader:
            np.take(self.tal, rader, axis=0, out=varden)
            return range(len(kolumner))
        par = [(j, i) for j, i in enumerate(rader) if i is not None]
        if par:
            varden[[j for j, _ in par]] = self.tal[[i for _, i in par]]
        return {j for j, _ in par}


class Rubrikplatser:
    """Ett områdes rubrikrad: rubrik → cellens nummer i raden (en gång per rubrikrad; delas, ändra inte)."""

    def __init__(self, platser: dict):
        self.platser, self.kolumnnamn, self._hamtare = platser, frozenset(platser), {}

    def hamtare(self, kolumner: tuple):
        """En funktion rad → de begärda kolumnernas celler i ordning (en gång per uppsättning kolumner)."""
        hamtare = self._hamtare.get(kolumner)
        if hamtare is None:
            if len(self._hamtare) >= 16:
                self._hamtare.clear()
            nummer = [self.platser[k] for k in kolumner]
            hamtare = self._hamtare[kolumner] = (operator.itemgetter(*nummer) if len(nummer) > 1
                                                 else lambda rad, i=nummer[0]: (rad[i],))
        return hamtare


class Radkolumner(abc.Mapping):
    """Ett områdes enda datarad som kolumner (rubrik → lista med radens cell), utan att kolumnerna byggs (en
    kommuns rad i Excel): ``kontrollerade_kolumner`` hämtar de begärda cellerna ur raden på en gång."""

    rader = 1

    def __init__(self, rubriker: Rubrikplatser, rad: list):
        self.rubriker, self.rad, self.kolumnnamn = rubriker, rad, rubriker.kolumnnamn

    def __getitem__(self, k) -> list:
        return [self.rad[self.rubriker.platser[k]]]

    def __contains__(self, k) -> bool:
        return k in self.kolumnnamn

    def __iter__(self):
        return iter(self.rubriker.platser)

    def __len__(self) -> int:
        return len(self.kolumnnamn)

    def celler(self, kolumner: list) -> tuple:
        """De begärda kolumnernas celler i ordning (alla ska finnas)."""
        return self.rubriker.hamtare(tuple(kolumner))(self.rad)


class _Lasare:
    """Kolumnerna ur en DataFrame eller en dict av kolumner (namn → lista), utan att kopiera tabellen."""

    def __init__(self, tabell, nyckel: str, namn: str):
        self.nyckel, self.df = nyckel, None
        if isinstance(tabell, pd.DataFrame):
            self.df, self.kolumnnamn = tabell, set(tabell.columns)
            if nyckel not in self.kolumnnamn and tabell.index.name != nyckel:
                raise IndataFel(f"{namn}: kolumnen {nyckel!r} saknas.")
            self.rader = len(tabell)
        elif isinstance(tabell, (Omradeskolumner, Radkolumner)):  # ett Excel-område: talen eller raden på en gång
            self.kol, self.kolumnnamn, self.rader = tabell, tabell.kolumnnamn, tabell.rader
            if nyckel not in self.kolumnnamn:
                raise IndataFel(f"{namn}: kolumnen {nyckel!r} saknas.")
        elif isinstance(tabell, Mapping):
            self.kol = tabell if set(map(type, tabell.values())) == {list} else {
                k: (v if isinstance(v, (list, np.ndarray)) else list(v)) for k, v in tabell.items()}
            langder = set(map(len, self.kol.values()))
            if len(langder) > 1:
                raise IndataFel(f"{namn}: kolumnerna har olika många rader.")
            if nyckel not in self.kol:
                raise IndataFel(f"{namn}: kolumnen {nyckel!r} saknas.")
            self.kolumnnamn, self.rader = set(self.kol), langder.pop()
        else:
            raise IndataFel(f"{namn}: förväntade en tabell (pandas DataFrame), fick {type(tabell).__name__}.")

    def har(self, k) -> bool:
        return k in self.kolumnnamn

    def block(self, kolumner: list, varden: np.ndarray) -> set[int] | range:
        """Fyll ``varden`` på en gång när alla kolumner finns som listor av vanliga tal (t.ex. ett Excel-område);
        returnerar de ifyllda kolumnernas nummer (inga om något avviker: då kolumn för kolumn)."""
        if self.df is None and isinstance(self.kol, Omradeskolumner):
            return self.kol.fyll(kolumner, varden)
        if self.df is not None or not self.kolumnnamn.issuperset(kolumner):
            return set()
        if type(self.kol) is Radkolumner:
            listor, rad = None, self.kol.celler(kolumner)
        else:
            listor = [self.kol[k] for k in kolumner]
            if not _LISTA.issuperset(map(type, listor)):
                return set()
            rad = [lista[0] for lista in listor] if self.rader == 1 else None
        if rad is not None:  # en rad (en kommuns rad i Excel): typerna på en gång, inga sanningsvärden
            if not _TALTYPER.issuperset(map(type, rad)):
                return set()
            try:
                varden[:, 0] = rad
            except OverflowError:  # ett heltal utanför flyttalen: kolumn för kolumn förklarar
                return set()
            return range(len(kolumner))
        try:  # sum() i C avvisar text, tomt, datum och Decimal; sanningsvärden syns som 0/1 nedan
            for lista in listor:
                sum(lista, 0.0)
            varden[:] = listor
        except Exception:  # noqa: BLE001 - kolumn för kolumn förklarar
            return set()
        j, i = np.nonzero((varden == 0.0) | (varden == 1.0))
        if not all(type(listor[a][b]) in _TALTYPER for a, b in zip(j.tolist(), i.tolist())):
            return set()
        return set(range(len(kolumner)))

    def koder(self) -> list:
        if self.df is None:
            return list(self.kol[self.nyckel])
        if self.nyckel in self.kolumnnamn:
            return self.df[self.nyckel].tolist()
        return self.df.index.tolist()

    def falt(self, k):
        """Kolumnens värden: ett numpy-fält (utan en Series per kolumn när pandas tillåter) eller en lista."""
        if self.df is None:
            return self.kol[k]
        try:
            return self.df._get_column_array(self.df.columns.get_loc(k))  # pandas internt, snabbt
        except (AttributeError, TypeError):
            return None

    def serie(self, k) -> pd.Series:
        if self.df is None:
            v = self.kol[k]
            return pd.Series(v, dtype=v.dtype if isinstance(v, np.ndarray) else object)
        return self.df[k]


def _koder(raa: list, kodlangd: int, kanda_koder, namn: str) -> list[str]:
    """Kontrollerade koder som text (4 eller 2 tecken); fel namnger raden."""
    kanda = kanda_koder if isinstance(kanda_koder, (set, frozenset)) or kanda_koder is None else set(kanda_koder)
    try:
        unika = len(set(raa)) == len(raa)
    except TypeError:  # något ohashbart: loopen förklarar
        unika = False
    if unika and set(map(type, raa)) == {str} and (kanda is None or kanda.issuperset(raa)) and (
            isinstance(kanda, frozenset) and _giltig_mangd(kanda, kodlangd) or _alla_giltiga(raa, kodlangd)):
        return raa  # snabb väg: giltiga, unika, kända koder som text (annars förklarar loopen felet)
    vad = "kommunkod" if kodlangd == 4 else "länskod"
    koder: list[str] = []
    sedda: dict[str, int] = {}
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
    return koder


def _alla_giltiga(koder, kodlangd: int) -> bool:
    return all(len(r) == kodlangd and r.isdigit() for r in koder)


@lru_cache(maxsize=16)
def _giltig_mangd(kanda: frozenset, kodlangd: int) -> bool:
    """Sant om alla kända koder har rätt form (då räcker det att en kod är känd); en gång per mängd."""
    return all(type(r) is str for r in kanda) and _alla_giltiga(kanda, kodlangd)


def _grans(k: str) -> tuple[float, float]:
    """(undre, övre) gräns för storheten ``k`` ur ``GRANSER``, ±inf där gräns saknas."""
    undre, ovre, _ = GRANSER.get(k, (None, None, ""))
    return (-np.inf if undre is None else undre), (np.inf if ovre is None else ovre)


def _dåliga(varden: np.ndarray, kolumner: tuple, saknade: frozenset, icke_negativa: frozenset,
            positiva: frozenset) -> np.ndarray:
    """Mask (kolumn × rad) över värden som inte är ändliga, negativa/icke-positiva där det är förbjudet eller
    utanför ``GRANSER``; valfria kolumner som saknas (standardvärdet) prövas inte."""
    undre, ovre, provas = _granser(kolumner, saknade, icke_negativa, positiva)
    with np.errstate(invalid="ignore"):  # gränserna är ändliga: NaN och ±inf faller utanför
        fel = ~((varden >= undre[:, None]) & (varden <= ovre[:, None]))
    if provas is not None:
        fel[~provas] = False
    return fel


@lru_cache(maxsize=64)
def _granser(namn: tuple, saknade: frozenset, icke_negativa: frozenset, positiva: frozenset) -> tuple[np.ndarray, ...]:
    """Minsta och största tillåtna värde och om kolumnen prövas (None: alla), som fält (en gång per
    kolumnuppsättning). Gränserna är ändliga (±största flyttalet), så att ``undre <= v <= ovre`` också utesluter NaN
    och ±inf; kravet > 0 är undre gräns = minsta positiva flyttalet."""
    storst = np.finfo(float).max
    undre = np.array([max(_grans(k)[0], 0.0) if k in icke_negativa else _grans(k)[0] for k in namn]).clip(-storst)
    undre = np.array([max(u, np.nextafter(0.0, 1.0)) if k in positiva and k not in saknade else u
                      for k, u in zip(namn, undre.tolist())])
    ovre = np.array([_grans(k)[1] for k in namn]).clip(max=storst)
    provas = np.array([k not in saknade for k in namn], dtype=bool)
    for falt in (undre, ovre, provas):
        falt.setflags(write=False)  # delas mellan anropen
    return undre, ovre, (None if provas.all() else provas)


def _forklara(varden: np.ndarray, serie: pd.Series, k: str, dåliga: np.ndarray, koder: list[str], kodlangd: int,
              icke_negativa: set, positiva: set, namn: str) -> None:
    """Den kolumnvisa kontrollen för en kolumn med misstänkta värden: tolka cellen (``tal``) eller ge felet."""
    vad = "kommunkod" if kodlangd == 4 else "länskod"
    for i in np.flatnonzero(dåliga):
        plats = f"{namn} rad {i + 1} ({vad} {koder[i]}), kolumn {k}"
        v = tal(serie.iloc[i], plats)
        if k in icke_negativa and v < 0:
            raise IndataFel(f"{plats}: negativt värde {v:g} är inte tillåtet.")
        if k in positiva and v <= 0:
            raise IndataFel(f"{plats}: värdet måste vara större än noll (är {v:g}).")
        varden[i] = v
    if k in GRANSER:
        undre, ovre = _grans(k)
        for i in np.flatnonzero(~((varden >= undre) & (varden <= ovre))):
            rimlig(varden[i], k, f"{namn} rad {i + 1} ({vad} {koder[i]}), kolumn {k}")


def valda_lasningar(lasningar: Mapping | None, standard: Mapping[str, str], val: Mapping[str, set]) -> dict:
    """Läsningarna för en beräkning: ``standard`` med de angivna bytta; okänt namn eller val ger ``IndataFel``."""
    ut = dict(standard)
    for namn, varde in (lasningar or {}).items():
        if namn not in ut:
            raise IndataFel(f"Okänd läsning {namn!r}. Kända: {', '.join(ut)}.")
        ut[namn] = varde
    for namn, varde in ut.items():
        if varde not in val[namn]:
            raise IndataFel(f"Läsningen {namn}={varde!r} är ogiltig; välj bland {', '.join(sorted(val[namn]))}.")
    return ut


def kontrollera_ar(ar) -> int:
    """Ett utjämningsår som heltal; annars ``IndataFel``."""
    if type(ar) is int and 1990 <= ar <= 2100:  # redan kontrollerat (det vanliga i motorns inre anrop)
        return ar
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
    """Avrunda till närmaste hela krontal, halva kronor bort från noll (förordning 2004:881 4 §). Ett tal (float)
    ger ett tal, samma som fältens sign(x) · floor(|x| + 0,5)."""
    if type(x) is float:
        if 0 < x < math.inf:
            return float(math.floor(x + 0.5))
        if -math.inf < x < 0:
            return -float(math.floor(-x + 0.5))
        return float(np.sign(x) * np.floor(abs(x) + 0.5))  # 0, NaN och ±inf som fälten
    x = np.asarray(x, dtype=float)
    return np.sign(x) * np.floor(np.abs(x) + 0.5)
