"""Omvandling mellan Excels cellformer och motorns tabeller. Ingen beräkning här.

Excel (klassiska xlwings-UDF:er) skickar: en cell som skalär (tal som float, tom som None), ett område
som lista av listor. Ett fel i en klassisk UDF visas som felets text i cellen, därför höjs korta svenska
meddelanden (``XlmodelFel``); oväntade Python-fel görs om till ett svenskt meddelande.
"""
from __future__ import annotations

import functools
import itertools
import inspect
import math

import numpy as np
import pandas as pd
import xlwings as xw

from xlmodel.fel import IndataFel, XlmodelFel
from xlmodel.minne import Cellomrade, flyttal
from xlmodel.niva import nyckel
from xlmodel.validering import Omradeskolumner, Radkolumner, Rubrikplatser, normalisera_kod, taltext


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
            return _andligt(func(*args, **kwargs), func.__name__)
        except XlmodelFel as e:
            raise com_fel(e) from None
        except Exception as e:  # noqa: BLE001 - cellen ska visa ett begripligt meddelande
            raise com_fel(svenskt_fel(func.__name__, e)) from e

    return omslag


def com_fel(e: XlmodelFel) -> Exception:
    """Felet som Excel ska visa. Under klassiska xlwings (Windows, pywin32) ett COM-undantag med meddelandet som
    beskrivning: VBA-omslaget som Import Functions skriver (``On Error GoTo failed … XLM_X = Err.Description``)
    lägger då bara den korta svenska texten i cellen, i stället för pywin32:s "Unexpected Python Error: …"; i en
    matrisformel fyller texten hela området. Utan pywin32 (Linux, testerna) felet självt."""
    try:
        from win32com.server.exception import COMException
    except ImportError:
        return e
    return COMException(description=str(e), scode=-2147352567)  # DISP_E_EXCEPTION


_INF = frozenset({math.inf, float("-inf")})

#: De senaste områdena som prövats av ``_andligt`` (id → objektet, som hålls kvar så att id:t inte återanvänds): ett
#: cachat resultat (samma lista igen ur en UDF:s minne) prövas inte cell för cell vid varje omräkning. Begränsat
#: till 8 områden om högst 1 000 rader × 50 kolumner (minnet växer inte).
_PROVADE: dict = {}


def _andligt(ut, namn: str):
    """Ett UDF-resultat utan ±inf (en cell med inf vore ett tyst orimligt tal)."""
    if isinstance(ut, list) and _PROVADE.get(id(ut)) is ut:
        return ut
    for v in ((ut if isinstance(ut, list) else [ut]) if _kanske_inf(ut) else ()):
        for x in (v if isinstance(v, list) else [v]):
            if isinstance(x, float) and math.isinf(x):
                raise IndataFel(f"{namn}: resultatet är inte ändligt; indata är orimligt stora eller små.")
    if isinstance(ut, list) and 1 < len(ut) <= 1000 and (not isinstance(ut[0], list) or len(ut[0]) <= 50):
        if len(_PROVADE) >= 8:
            _PROVADE.pop(next(iter(_PROVADE)))
        _PROVADE[id(ut)] = ut
    return ut


def _kanske_inf(ut) -> bool:
    """Falskt när ett område (lista av listor) säkert saknar ±inf: en mängdjämförelse över cellerna på en gång."""
    try:
        return not (isinstance(ut, list) and ut and all(type(r) is list for r in ut)
                    and _INF.isdisjoint(itertools.chain.from_iterable(ut)))
    except TypeError:  # en cell som inte kan hashas: cell för cell
        return True


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


#: Sanningsvärden som text (gemener): Excels svenska och engelska SANT/FALSKT, 1/0 och Ja/Nej.
SANNINGSVARDEN = {"sant": True, "true": True, "1": True, "ja": True,
                  "falskt": False, "false": False, "0": False, "nej": False}


def sant(v, standard: bool, namn: str = "sanningsvärde") -> bool:
    """Ett sanningsvärde ur en cell: tom = ``standard``; SANT/FALSKT, TRUE/FALSE, 1/0, Ja/Nej (text eller tal).
    Allt annat (t.ex. "yes", "#N/A", "0,5", 2) är ett fel, aldrig FALSKT i tysthet."""
    if tom(v):
        return standard
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, float)) and v in (0, 1):
        return v == 1
    if isinstance(v, str) and v.strip().lower() in SANNINGSVARDEN:
        return SANNINGSVARDEN[v.strip().lower()]
    raise IndataFel(f"{namn}: {v!r} är inget sanningsvärde; skriv SANT eller FALSKT (1/0, Ja/Nej) eller lämna tomt.")


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
    if not isinstance(omrade, (list, tuple)):
        return tom(omrade)
    return all(tom(v) for r in omrade for v in (r if isinstance(r, (list, tuple)) else (r,)))  # utan kopia


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
    rubriker, kol = _omradets_kolumner(omrade, namn)
    return pd.DataFrame(dict(zip(rubriker, kol)), columns=list(rubriker), dtype=object)


def kolumner(omrade, namn: str = "indata") -> dict:
    """Som ``tabell`` men som kolumner (rubrik → lista med cellerna), utan pandas: för motorns snabba vägar."""
    return dict(zip(*_omradets_kolumner(omrade, namn)))


def _omradets_kolumner(omrade, namn: str) -> tuple[list, list[list]]:
    """(rubrikerna, kolumnerna) ur ett område med rubrikrad, utan helt tomma rader och kolumner (se ``tabell``)."""
    rader = omrade if type(omrade) is list and all(type(r) is list for r in omrade) else som_2d(omrade)  # bara läses
    rader = [r for r in rader if not all(tom(v) for v in r)]  # (stannar vid första icke-tomma cellen)
    if len(rader) < 2:
        raise IndataFel(f"{namn}: området behöver en rubrikrad och minst en datarad.")
    rubrik = rader[0]
    behall, rubriker, _ = _rubriker(rubrik, namn)
    if any(len(r) < len(rubrik) for r in rader):  # en kortare rad: de saknade cellerna är tomma
        rader = [r if len(r) >= len(rubrik) else list(itertools.islice(itertools.chain(r, itertools.repeat(None)), len(rubrik)))
                 for r in rader]
    if len(rader) == 2:  # en datarad (t.ex. en kommuns rad): kolumnerna direkt
        return rubriker, [[rader[1][i]] for i in behall]
    kol = list(zip(*rader[1:]))
    return rubriker, [list(kol[i]) for i in behall]


def talkolumner(omrade, namn: str = "indata"):
    """Som ``kolumner`` för ett ``Cellomrade`` (ett områdes nyckel beräknad): en enda datarad (en kommuns rad) läses
    direkt ur raden (``Radkolumner``); när varje datarad har samma form läses talen ur nyckeln (``minne.flyttal``) i
    stället för ur cellerna, som ``Omradeskolumner`` (samma kolumner); annars som ``kolumner``."""
    rader = omrade.rader if isinstance(omrade, Cellomrade) else omrade
    if (len(rader) == 2 and type(rader[0]) is list and type(rader[1]) is list and len(rader[1]) >= len(rader[0])
            and not tom(rader[1][0])):
        behall, _, platser = _rubriker(rader[0], namn)
        if behall:
            return Radkolumner(platser, rader[1])
    tal = flyttal(omrade) if isinstance(omrade, Cellomrade) else None
    if tal is None or len(rader[1]) < len(rader[0]):  # (en kortare rad fylls med tomma celler i kolumner)
        return kolumner(rader, namn)
    behall, rubriker, _ = _rubriker(rader[0], namn)
    if not behall:  # första raden är tom: kolumner tar bort den
        return kolumner(rader, namn)
    return Omradeskolumner(rubriker, behall, *tal, rader[1:])


def _rubriker(rubrik: list, namn: str) -> tuple[tuple, tuple, Rubrikplatser]:
    """(kolumnerna som behålls, deras rubriker, rubrikernas platser) ur rubrikraden; samma rubrik två gånger är ett
    fel."""
    try:
        behall, rubriker, platser = _rubrikrad(tuple(rubrik), tuple(map(type, rubrik)))  # typerna: True, 1 och 1.0 är lika
    except TypeError:  # en cell som inte kan hashas
        behall, rubriker, platser = _rubrikrad.__wrapped__(rubrik, ())
    if platser is None:
        raise IndataFel(f"{namn}: samma rubrik förekommer två gånger.")
    return behall, rubriker, platser


@functools.lru_cache(maxsize=256)
def _rubrikrad(rubrik: tuple, _typer: tuple) -> tuple[tuple, tuple, Rubrikplatser | None]:
    """(kolumnerna som behålls, deras rubriker, deras platser; None när en rubrik står två gånger) ur rubrikraden;
    en gång per rubrikrad (samma område igen)."""
    behall = tuple(i for i, h in enumerate(rubrik) if not tom(h))
    rubriker = tuple(_rubrik(rubrik[i]) for i in behall)
    return behall, rubriker, Rubrikplatser(dict(zip(rubriker, behall))) if len(set(rubriker)) == len(rubriker) else None


def _rubrik(v):
    """Rubrik ur en cell: text till gemener; ett årtal (2025.0) till heltal."""
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return str(v).strip().lower()


def _ascii(v) -> str:
    return str(v).strip().lower().translate(str.maketrans("åäö", "aao"))


def _excelfel(v) -> bool:
    """Text som är ett Excel-fel (#N/A, #SAKNAS!, #DIV/0! ...): en trasig uppslagning, aldrig data."""
    return isinstance(v, str) and v.strip().startswith("#") and len(v.strip()) > 1


def nyckelvarden(omrade, namn: str, rubriker: tuple | None = None, nyckel=None) -> dict:
    """Ett område med två kolumner (nyckel, tal) → dict. Tomma rader hoppas över.

    Första raden är en rubrikrad bara om den är ``rubriker`` (per kolumn ett namn eller en tuple med
    alternativ; skiftläge och å/ä/ö spelar ingen roll), annars
    är den data. Värdet är ett tal (svensk taltext som "20 000 000" läses); en nyckel som förekommer två gånger,
    ett värde som saknas, ett sanningsvärde eller ett Excel-fel (#N/A) är fel som namnger raden.
    ``nyckel``: en funktion som kontrollerar nyckeln (t.ex. ``kontrollera_ar``), annars en text eller ett heltal.
    Nyckeln ``kalla`` (källans text, som i ``attrs["riket"]``) behåller sin text.
    """
    ut, sedda = {}, {}
    for radnr, rad in enumerate(som_2d(omrade), start=1):
        rad = [*rad, None, None]  # en rad med färre än två celler: de saknade är tomma
        if all(tom(v) for v in rad):
            continue
        if radnr == 1 and rubriker and all(_ascii(v) in (r if isinstance(r, tuple) else (r,))
                                           for v, r in zip(rad, rubriker)):
            continue
        plats = f"{namn} rad {radnr}"
        if tom(rad[0]) or _excelfel(rad[0]) or isinstance(rad[0], bool):
            raise IndataFel(f"{plats}: ogiltig nyckel {rad[0]!r}" + (" (tom cell)" if tom(rad[0]) else "") + ".")
        if _excelfel(rad[1]):
            raise IndataFel(f"{plats}, värde: Excel-felet {rad[1].strip()} (en trasig formel eller uppslagning).")
        k = rad[0].strip() if isinstance(rad[0], str) else rad[0]
        if nyckel is not None:
            k = nyckel(k)
        elif isinstance(k, float) and k.is_integer():
            k = int(k)
        jamfor = _ascii(k)
        if jamfor in sedda:
            raise IndataFel(f"{plats}: nyckeln {k} förekommer två gånger (även på rad {sedda[jamfor]}).")
        sedda[jamfor] = radnr
        ut[k] = rad[1] if k == "kalla" else taltext(rad[1], f"{plats}, värde")  # kalla: källans text
    if not ut:
        raise IndataFel(f"{namn}: inga värden.")
    return ut


def koder(omrade, namn: str, niva: str = "kommun") -> list[str]:
    """Ett område med koder (en per cell, ev. rubriken ``kommunkod``/``lanskod`` först) → lista med koder.
    Text som inte är en kod (ett namn, "#N/A") är ett fel som namnger raden, aldrig en rad som hoppas över."""
    ut = []
    celler = [v for r in som_2d(omrade) for v in r]
    for radnr, v in enumerate(celler, start=1):
        if tom(v) or (radnr == 1 and _ascii(v) == nyckel(niva)):
            continue
        try:
            ut.append(kod(v, niva))
        except IndataFel:
            raise IndataFel(f"{namn} rad {radnr}: ogiltig {'kommunkod' if niva == 'kommun' else 'länskod'} {v!r}.") from None
    return ut


def till_excel(df: pd.DataFrame, index: bool = True, rubriker: bool = True, bredd: int | None = None,
               hojd: int | None = None) -> list[list]:
    """DataFrame → lista av listor med rubrikrad (för en spillande matrisformel). NaN blir tom cell.
    ``rubriker=False``: bara talen, utan rubrikrad och index (rubrikerna står då som text i bladet), varje rad
    fylld med tomma celler till ``bredd`` kolumner: en fast matrisformel för längsta horisonten visar då tomt
    (inte #N/A) efter sista året, och en enda kolumn upprepas inte över området som Excel annars gör.
    ``hojd``: på samma sätt tomma rader till minst ``hojd`` rader (med rubrikraden), för en matrisformel som rymmer
    den längsta horisonten (aldrig färre rader än tabellen)."""
    if hojd:
        rader = till_excel(df, index, rubriker, bredd)
        tom_rad = ["" for _ in (rader[0] if rader else [""])]
        return [rad for rad, _ in itertools.zip_longest(rader, range(int(hojd)), fillvalue=tom_rad)]
    if not rubriker:
        return [list(itertools.islice(itertools.chain(rad, itertools.repeat("")), bredd or len(rad)))
                for rad in _celler(df, False)]
    namn = df.index.name or "post"
    rubrik = [int(c) if isinstance(c, (int, np.integer)) else float(c) if isinstance(c, (float, np.floating)) else str(c)
              for c in ([namn, *df.columns] if index else df.columns)]  # scenariernas värden (XLM_SCENARIER) som tal
    return [rubrik, *_celler(df, index)]


def _celler(df: pd.DataFrame, index: bool) -> list[list]:
    """Tabellens rader som celler (``_cell``), kolumn för kolumn: ett numpy-fält av tal på en gång med ``tolist``."""
    if index and (isinstance(df.index, pd.MultiIndex) or (df.index.name or "post") in df.columns) or not hasattr(
            df, "_get_column_array"):  # ovanligt (eller annan pandas): rad för rad som förut
        d = df.rename_axis(df.index.name or "post").reset_index() if index else df
        return [[_cell(v) for v in rad] for rad in d.itertuples(index=False, name=None)]
    kol = [*([_cellkolumn(df.index._values)] if index else []),  # pandas internt: utan en Series per kolumn
           *(_cellkolumn(df._get_column_array(j)) for j in range(df.shape[1]))]
    return [list(r) for r in zip(*kol)] if kol else [[] for _ in range(len(df))]


def _cellkolumn(v) -> list:
    """En kolumns värden som celler, samma som ``_cell`` på varje värde som pandas ger vid iteration."""
    if isinstance(v, np.ndarray) and v.dtype.kind in "fiub":
        lista = v.tolist()
        return [None if x != x else x for x in lista] if v.dtype.kind == "f" and np.isnan(v).any() else lista
    lista = v.tolist() if isinstance(v, pd.api.extensions.ExtensionArray) else list(v)  # t.ex. text (dtype str)
    return lista if set(map(type, lista)) <= _OFORANDRADE else [_cell(x) for x in lista]


_OFORANDRADE = frozenset({str, int, bool, type(None)})  # värden som _cell lämnar som de är


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
