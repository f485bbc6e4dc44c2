"""Begränsade cacher efter innehåll (issue 15): samma indata räknas en gång per omräkning, minnet växer inte.

``fryst(v)`` gör ett hashbart värde av indata (tal, text, listor, tabeller, dataclasses, numpy-fält, DataFrames);
``memo(storlek)`` cachar en funktion efter sina argument i en LRU med ``storlek`` platser. Fel cachas inte.
Ett cachat resultat delas mellan anropen: anroparen får inte ändra det.

Ett Excel-område (lista av listor) får som nyckel sina celler serialiserade (``marshal``): en läsning av alla celler
i C. ``Cellomrade`` bär nyckeln genom ett anrop, och ``flyttal`` läser talen ur nyckelns byte i stället för ur
cellerna när raderna har samma form (en tabell med en rad per kommun), så att ett nytt område läses en gång.
"""
from __future__ import annotations

import dataclasses
import functools
import itertools
import marshal
import numbers
import sys
from collections import OrderedDict
from collections.abc import Mapping


#: Cellvärden som ``marshal`` skriver med en egen typkod. Allt annat som den tar (numpy-tal, bytes) skrivs som rå
#: byte utan typ: np.float64(0.0) och np.int64(0), np.bool_(True) och np.int8(1) gav samma byte.
_ENKLA = frozenset({float, str, type(None), bool, int})


class Nyckelobjekt:
    """Bas för objekt som är sin egen nyckel i ``fryst`` (identiteten, utan att innehållet läses): t.ex. ett
    kontrollerat område som en ``memo`` ger samma objekt för samma innehåll."""

    __slots__ = ()


class _Omrade:
    """Ett Excel-område (lista av listor med tal, text, sanningsvärden, tomt) som nyckel: innehållet serialiserat
    (``marshal``, som skiljer heltal, flyttal och sanningsvärden åt) jämförs byte för byte; hashen tar längden,
    början och slutet av byten och (för en större tabell) summan av dem som 8-byteord, så att två versioner av en
    tabell med en ändrad cell mitt i får olika hash (lika hash avgör inget, jämförelsen gör)."""

    __slots__ = ("data", "_hash", "form")

    def __init__(self, data: bytes):
        self.data, self._hash = data, hash((len(data), data[:256], data[-256:], _summa(data)))
        self.form = None  # datarader med samma form (``_form``) när nyckeln skapades; ``flyttal`` tar den en gång

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, annan) -> bool:
        return type(annan) is _Omrade and self.data == annan.data


def _summa(data: bytes) -> int:
    """Byten som 8-byteord summerade (med överslag) i C: en cell som ändras ändrar summan. Små områden: 0 (början
    och slutet täcker dem); upp till 16 kB byternas egen hash (billigare än numpy:s anrop)."""
    if len(data) <= 512:
        return 0
    if len(data) <= 16384:
        return hash(data)
    import numpy as np

    return int(np.frombuffer(data, np.uint64, len(data) // 8).sum())


#: De senaste områdena som nycklar (nyckeln är sig själv): samma innehåll igen ger samma objekt, så att cachernas
#: uppslag känner igen nyckeln på identiteten i stället för att jämföra alla byte igen (begränsat till 64).
_KANON: dict = {}


def _kanon(omrade: _Omrade, rader: list):
    """Nyckeln för ett område: det objekt som redan står för samma innehåll (en jämförelse av byten), annars
    ``omrade`` självt om varje cell är ett av ``_ENKLA``. Bara sådana områden sparas, så lika byte som ett sparat
    område betyder samma celler med samma typer (byten läses tillbaka till just de cellerna). Numpy-tal (skrivna som
    rå byte) ger nyckeln tillsammans med cellernas typer; andra celler None (``fryst`` tar dem en och en)."""
    kanon = _KANON.get(omrade)
    if kanon is None:
        omrade.form = _form(rader, omrade.data)
        if omrade.form is None or not _ENKLA.issuperset(map(type, rader[0])):  # formen: varje datacell enkel
            if not all(type(r) is list for r in rader):
                return None
            typer = tuple(map(type, itertools.chain.from_iterable(rader)))
            if not _ENKLA.issuperset(typer):
                return ("typer", omrade, typer) if all(map(_numpytal, set(typer).difference(_ENKLA))) else None
        if len(_KANON) >= 64:
            del _KANON[next(iter(_KANON))]  # det äldsta
        kanon = _KANON[omrade] = omrade
    return kanon


def _numpytal(typ: type) -> bool:
    """Sant för numpy:s taltyper (np.float64, np.int8, np.bool_ ...): typen bestämmer hur byten läses."""
    np = sys.modules.get("numpy")
    return np is not None and issubclass(typ, (np.number, np.bool_))


class Cellomrade:
    """Ett Excel-område (lista av listor) med sin nyckel beräknad en gång: ``fryst`` ger nyckeln (samma som för
    listorna), och ``flyttal`` läser talen ur nyckelns byte i stället för ur cellerna. Skapas för ett anrop och
    släpps sedan (cachen sparar nyckeln, inte området)."""

    __slots__ = ("rader", "nyckel")

    def __init__(self, rader):
        self.rader = rader
        try:
            self.nyckel = fryst(rader)
        except TypeError:  # en cell som inte kan frysas: ingen nyckel (``memo`` räknar då utan cache)
            self.nyckel = None


#: Typkoderna i ``marshal`` version 2 som ``flyttal`` läser: lista (antal som 4 byte), flyttal (8 byte, little
#: endian), text (längd som 4 byte, sedan UTF-8) och None (tom cell, bara typkoden).
_LISTA, _FLYTTAL, _TEXT, _INGET = b"[", b"g", b"u", b"N"


def flyttal(omrade: Cellomrade):
    """(kolumnernas nummer, värdena som fält kolumn × datarad) för de kolumner som har ett flyttal (Pythons float,
    inte NaN) på varje datarad (rad 2 och framåt), lästa ur nyckelns byte utan att cellerna läses en gång till.

    None när det inte går (se ``_form``) eller när ett tal är NaN (en tom cell: raden kan vara tom); då läser
    anroparen cellerna som förut."""
    nyckel, rader = omrade.nyckel, omrade.rader
    if type(nyckel) is not _Omrade:
        return None
    # formen som prövades när nyckeln skapades (samma anrop) tas en gång; en nyckel som redan fanns prövas igen
    form, nyckel.form = nyckel.form or _form(rader, nyckel.data), None
    if form is None:
        return None
    import numpy as np

    data, start, bredd, n, tal, kolumner = form
    varden = np.empty((len(tal), n))
    for i, j in _foljder(tal):  # flyttalen i en följd av flyttalskolumner ligger med 9 byte emellan
        varden[i:j] = np.ndarray((j - i, n), "<f8", data, start + tal[i], (9, bredd))
    if np.isnan(varden).any() or not np.array_equal(varden[:, 0], [rader[1][j] for j in kolumner]):
        return None  # NaN eller oväntade byte: cellerna läses som förut
    return kolumner, varden


def _form(rader: list, data: bytes) -> tuple[bytes, int, int, int, list[int], list[int]] | None:
    """Datarader (rad 2 och framåt) med samma form i ``data`` (``marshal`` version 2 av ``rader``): (byten att läsa,
    första dataradens plats i dem, en rads längd, antal datarader, flyttalens platser i raden, flyttalskolumnernas
    nummer), eller None.

    Samma form: varje cell är ett flyttal, en text eller tom (None), och radens början, varje cells typkod och varje
    texts längd ligger på samma plats i varje rad som i den första. Då är varje rad uppbyggd som den första (cell för
    cell) och varje cell i en flyttalskolumn ett flyttal. Texter av olika längd i en kolumn (t.ex. kommunens namn):
    se ``_utan_texter``. Rader med bara None sist (för stort markerat) räknas inte. None när det inte är så (en tom
    cell bara i vissa rader, ett heltal, ett sanningsvärde, en kortare rad ...) eller färre än två datarader."""
    if len(rader) < 3 or type(rader[1]) is not list:
        return None
    n = len(rader) - 1
    while n > 2 and type(rader[n]) is list and rader[n].count(None) == len(rader[n]):
        n -= 1
    forsta = marshal.dumps(rader[1], 2)
    start, bredd = 5 + len(marshal.dumps(rader[0], 2)), len(forsta)
    if data[start:start + bredd] != forsta or forsta[:1] != _LISTA:
        return None
    form, tal, kolumner, texter, o = [0, 1, 2, 3, 4], [], [], [], 5  # form: byten som ska vara lika i alla rader
    for j in range(len(rader[1])):
        typ = forsta[o:o + 1]
        if typ == _FLYTTAL:
            form.append(o)
            tal.append(o + 1)
            kolumner.append(j)
            o += 9
        elif typ == _TEXT:
            form.extend(range(o, o + 5))
            texter.append((j, o, int.from_bytes(forsta[o + 1:o + 5], "little")))
            o += 5 + texter[-1][2]
        elif typ == _INGET:
            form.append(o)
            o += 1
        else:
            return None
    if not tal or o != bredd:
        return None
    import numpy as np

    if len(data) >= start + n * bredd:
        celler = np.frombuffer(data, np.uint8, n * bredd, start).reshape(n, bredd)
        if _lika(celler, form):
            return celler, 0, bredd, n, tal, kolumner
    return _utan_texter(rader, data, start, bredd, n, form, tal, kolumner, texter)


def _lika(celler, form: list[int]) -> bool:
    """Sant om varje rad i ``celler`` (rad × byte) har samma byte som den första på platserna ``form``."""
    return bool((celler[:, form] == celler[0, form]).all())


def _utan_texter(rader, data, start, bredd, n, form, tal, kolumner, texter):
    """Som ``_form`` när texterna i en kolumn har olika längd (t.ex. kommunens namn): raderna läses utan de texternas
    innehåll (typkod och längd står kvar), så att de får samma form, och längderna i byten prövas mot cellernas
    (UTF-8). Bitarna mellan texterna har samma längd i varje rad och kopieras rad för rad på en gång."""
    import numpy as np

    try:
        langd = np.array([list(map(len, map(str.encode, [r[j] for r in itertools.islice(rader, 1, n + 1)])))
                          for j, _, _ in texter], dtype=np.int64).reshape(len(texter), n)
    except (TypeError, UnicodeEncodeError, IndexError):  # en cell som inte är text: inte samma form
        return None
    olika = (langd != langd[:, :1]).any(axis=1)
    if not olika.any():
        return None
    texter, langd = [t for t, v in zip(texter, olika.tolist()) if v], langd[olika]
    extra = langd - langd[:, :1]  # längd utöver rad 1:s, per text och rad
    radlangd = bredd + extra.sum(axis=0)
    borjan = start + np.concatenate(([0], np.cumsum(radlangd[:-1])))
    if borjan[-1] + radlangd[-1] > len(data):
        return None
    fore = np.array([o + 5 for _, o, _ in texter])  # där texternas innehåll börjar (rad 1)
    efter = fore + langd[:, 0]
    bitar = zip(np.concatenate(([0], efter)), np.concatenate((fore, [bredd])),
                np.vstack((np.zeros(n, np.int64), np.cumsum(extra, axis=0))))
    u8 = np.frombuffer(data, np.uint8)
    try:  # (en bit utanför byten: inte samma form)
        celler = np.concatenate([np.lib.stride_tricks.sliding_window_view(u8, b - a)[borjan + a + f]
                                 for a, b, f in bitar if b > a], axis=1)
    except (IndexError, ValueError):
        return None
    borttaget = np.concatenate(([0], np.cumsum(langd[:, 0])))

    def flytta(x: list[int]) -> np.ndarray:  # platserna i en rad utan texternas innehåll
        x = np.array(x)
        return x - borttaget[np.searchsorted(efter, x, side="right")]
    langdplatser = flytta([o + 1 for _, o, _ in texter])  # de olika långa texternas längder prövas för sig
    if not _lika(celler, flytta(sorted(set(form).difference(o + i for _, o, _ in texter for i in range(1, 5))))):
        return None
    for p, lang in zip(langdplatser.tolist(), langd):
        if not (np.ascontiguousarray(celler[:, p:p + 4]).view("<u4").ravel() == lang).all():
            return None
    return celler, 0, celler.shape[1], n, flytta(tal).tolist(), kolumner


def _foljder(platser: list[int]):
    """(första, efter sista) för varje följd av platser med 9 byte emellan (flyttal efter varandra)."""
    i = 0
    for j in range(1, len(platser) + 1):
        if j == len(platser) or platser[j] != platser[j - 1] + 9:
            yield i, j
            i = j


def fryst(v):
    """Ett hashbart värde med samma innehåll (heltal och flyttal hålls isär, 0.0 och -0.0 också, NaN är lika med
    NaN)."""
    typ = type(v)
    if typ is float:  # de vanligaste typerna först, utan de abstrakta typkontrollerna nedan (samma nyckel)
        return ("f", "nan" if v != v else v) if v else ("f", repr(v))  # 0.0 och -0.0 hålls isär
    if v is None or typ is str or typ is bool:
        return v
    if typ is Cellomrade:
        if v.nyckel is None:
            raise TypeError("området kan inte frysas")
        return v.nyckel
    if typ is int:
        return ("i", v)
    if typ is tuple:
        return ("tuple", tuple(map(fryst, v)))
    if typ is list:
        if v and type(v[0]) is list:  # ett Excel-område: snabbt när cellerna är Pythons egna värden
            try:
                nyckel = _kanon(_Omrade(marshal.dumps(v, 2)), v)  # version 2: utan referenser, samma innehåll ger samma byte
            except ValueError:  # något annat i en cell (t.ex. en underklass till float): cell för cell
                nyckel = None
            if nyckel is not None:
                return nyckel
        return ("list", tuple(map(fryst, v)))
    if isinstance(v, Nyckelobjekt):
        return v
    if hasattr(typ, "__dataclass_fields__") and not isinstance(v, type):  # dataclass: fälten i ordning
        namn = _falt(typ)
        return (typ.__name__, namn, tuple(map(fryst, map(v.__getattribute__, namn))))
    if isinstance(v, (str, bytes, bool)):
        return v
    if isinstance(v, numbers.Integral):
        return ("i", int(v))
    if isinstance(v, numbers.Real):
        return fryst(float(v))
    if isinstance(v, Mapping):
        return ("d", tuple(sorted(((repr(k), fryst(k), fryst(x)) for k, x in v.items()), key=lambda t: t[0])))
    if hasattr(v, "to_numpy") and hasattr(v, "index"):  # pandas
        kolumner = tuple(map(fryst, getattr(v, "columns", ())))
        return ("pd", kolumner, tuple(map(fryst, v.index)), tuple(map(fryst, v.to_numpy().ravel().tolist())))
    if hasattr(v, "tolist") and hasattr(v, "shape"):  # numpy
        return ("np", tuple(v.shape), fryst(v.tolist()))
    if isinstance(v, (list, tuple, set, frozenset, range)):
        return (type(v).__name__, tuple(fryst(x) for x in (sorted(v, key=repr) if isinstance(v, (set, frozenset)) else v)))
    hash(v)  # okänt men hashbart (t.ex. en enum): som det är; annars TypeError
    return v


@functools.lru_cache(maxsize=256)
def _falt(typ: type) -> tuple[str, ...]:
    """En dataklass fältnamn (``dataclasses.fields`` en gång per klass)."""
    return tuple(f.name for f in dataclasses.fields(typ))


_SAKNAS = object()


class Lru:
    """En LRU-cache där nyckeln är ett innehåll (se ``fryst``)."""

    def __init__(self, storlek: int):
        self.storlek, self.poster = storlek, OrderedDict()

    def hamta(self, nyckel, skapa):
        varde = self.poster.get(nyckel, _SAKNAS)
        if varde is not _SAKNAS:
            self.poster.move_to_end(nyckel)
            return varde
        varde = skapa()
        self.poster[nyckel] = varde
        while len(self.poster) > self.storlek:
            self.poster.popitem(last=False)
        return varde

    def cache_clear(self) -> None:
        self.poster.clear()


def memo(storlek: int = 64):
    """Dekorator: cacha funktionen efter argumentens innehåll i en LRU med ``storlek`` platser."""

    def dekorator(f):
        cache = Lru(storlek)

        @functools.wraps(f)
        def omslag(*args, **kwargs):
            try:
                nyckel = ("kw", fryst(args), fryst(kwargs)) if kwargs else fryst(args)
            except TypeError:  # något som inte kan frysas: räkna utan cache
                return f(*args, **kwargs)
            return cache.hamta(nyckel, lambda: f(*args, **kwargs))

        omslag.cache = cache
        return omslag

    return dekorator
