"""Sparade värden i formelcellerna: arbetsboken visar motorns tal i alla program, även utan xlwings.

Excel sparar i varje formelcell det senast beräknade värdet (``<v>`` i bladets XML) och visar det när filen
öppnas; openpyxl skriver bara formeln. ``med_sparade_varden`` räknar därför varje formel som xlmodel skriver
(ett ``XLM_``-anrop, en referens ``=Blad!B4`` och ``=$B$4+1``) med samma Python-funktioner som Excel anropar
via xlwings, och skriver resultatet som sparat värde; en matrisformel får ett värde i varje cell av sitt område,
fördelat som Excel gör med klassiska xlwings (1×1 och 1×N upprepas, det som inte täcks blir ``#N/A``, ett fel
blir felets text i varje cell). ``calcPr`` får Excels aktuella ``calcId`` och ingen ``fullCalcOnLoad``, så
Excel räknar inte om vid öppning: talen står kvar tills användaren ändrar en indatacell (då räknar Excel de
beroende cellerna, med xlwings live, utan xlwings blir de ``#NAME?``). Andra formler (användarens egna) rörs inte.
"""
from __future__ import annotations

import datetime as dt
import functools
import importlib
import io
import math
import numbers
import re
import zipfile

from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet.formula import ArrayFormula

from .arbetsbok import escape

CALC_ID = "191029"  # Excel 2019/365; ett lägre calcId får Excel att räkna om hela boken vid öppning
FELVARDEN = {"#N/A", "#NAME?", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NULL!"}
_OGILTIGA = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_KOORD = re.compile(r"([A-Z]+)(\d+)")
_REF = re.compile(r"^(?:(?:'((?:[^']|'')+)'|([^\W\d][\w.]*))!)?\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$")
_XLM = re.compile(r"(XLM_\w+)\((.*)\)", re.S | re.I)
_TAL = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


class _Okand(Exception):
    """En formel som xlmodel inte skrivit (användarens egen): dess sparade värde lämnas orört."""


class Fel(str):
    """Ett Excel-felvärde i en cell, t.ex. ``#N/A``."""


def udf(namn: str):
    """Python-funktionen bakom en ``XLM_``-funktion (ur UDF-modulerna i ``udfs``)."""
    if namn in _UDF_MODUL:
        return getattr(importlib.import_module(_UDF_MODUL[namn]), namn)
    moduler = _udf_kallor()
    for m in sorted(moduler, key=lambda m: f"def {namn}(" not in moduler[m]):  # de som definierar den först
        f = getattr(importlib.import_module(f"udfs.{m}"), namn, None)
        if callable(f):
            _UDF_MODUL[namn] = f"udfs.{m}"
            return f
    raise _Okand(namn)


@functools.lru_cache(maxsize=1)
def _udf_kallor() -> dict[str, str]:
    """UDF-modulernas namn → källtext, läst en gång: modulen som definierar en funktion importeras, inte alla
    (de drar in allt)."""
    from pathlib import Path

    import udfs

    ut = {}
    for fil in sorted(f for mapp in udfs.__path__ for f in Path(mapp).glob("[!_]*.py")):  # som pkgutil.iter_modules
        ut.setdefault(fil.stem, fil.read_text(encoding="utf-8"))
    return ut


_UDF_MODUL: dict[str, str] = {}  # funktionsnamn → UDF-modul (funktionen själv hämtas varje gång)


def fel_text(e: Exception) -> str:
    """Det cellen visar när en UDF höjer ett fel under klassiska xlwings (se ``udfs._excel.excel_fel``): xlmodels
    korta svenska meddelande; andra fel visas av pywin32 som "Unexpected Python Error: …"."""
    from ..fel import XlmodelFel
    if isinstance(e, XlmodelFel):
        return str(e)
    return f"Unexpected Python Error: {type(e).__name__}: {e}"


def klassisk_fordelning(res, rader: int, kolumner: int, fel: bool = False) -> list[list]:
    """Ett UDF-resultat utlagt på ett matrisområde rader × kolumner som Excel gör med klassiska xlwings:
    None/NaN blir ``""``; 1×1 blir en skalär och 1×N en rad (``XLPython.CallUDF``), och Excel upprepar en
    skalär i alla celler, en rad nedåt och en kolumn åt sidan; celler utanför resultatet blir ``#N/A``.
    ``fel=True``: ``res`` är felets text, som VBA-omslaget returnerar som en skalär."""
    if fel or not isinstance(res, (list, tuple)):
        tab = [[res]]
    elif res and not isinstance(res[0], (list, tuple)):
        tab = [list(res)]
    else:
        tab = [list(r) for r in res] or [[""]]
    tab = [["" if v is None or (isinstance(v, float) and math.isnan(v)) else v for v in r] for r in tab]
    hojd, bredd = len(tab), max(len(r) for r in tab)
    ut = []
    for i in range(rader):
        ii = 0 if hojd == 1 else i
        rad = []
        for j in range(kolumner):
            jj = 0 if bredd == 1 else j
            rad.append(tab[ii][jj] if ii < hojd and jj < len(tab[ii]) else Fel("#N/A"))
        ut.append(rad)
    return ut


def _argument(text: str) -> list[str]:
    """Argumenten i ett funktionsanrop (text mellan parenteserna), delade vid kommatecken på översta nivån."""
    delar, djup, i, start, cit = [], 0, 0, 0, None
    while i < len(text):
        c = text[i]
        if cit:
            if c == cit and text[i + 1:i + 2] == cit:
                i += 1
            elif c == cit:
                cit = None
        elif c in "\"'":
            cit = c
        elif c == "(":
            djup += 1
        elif c == ")":
            djup -= 1
        elif c == "," and djup == 0:
            delar.append(text[start:i].strip())
            start = i + 1
        i += 1
    delar.append(text[start:].strip())
    return delar if delar != [""] else []


def _excelvarde(v):
    """Ett cellvärde som xlwings ger det till en UDF: tal som float, tom som None."""
    if v is None or v == "" or isinstance(v, Fel):
        return None
    if isinstance(v, bool):
        return v
    if isinstance(v, numbers.Real):  # också numpy-tal i en arbetsbok som inte sparats än
        return float(v)
    return v


class Berakning:
    """Värdena i en openpyxl-arbetsbok (läst med formler, eller byggd och inte sparad än): ``varde(blad, "B4")``.
    Läser bara befintliga celler (skapar inga: en byggd bok sparas sedan oförändrad)."""

    def __init__(self, wb, strikt: bool = False):
        self.wb, self.strikt = wb, strikt
        self.varden: dict[tuple[str, str], object] = {}
        self.omraden: dict[str, list] = {}
        self.formler: dict[tuple[str, str], tuple[str, str | None]] = {}
        self.celler = {ws.title: ws._cells for ws in wb.worksheets}  # (rad, kolumn) → cell, utan wb[blad] per uppslag
        for ws in wb.worksheets:
            for _, c in sorted(ws._cells.items()):
                v = c.value
                if isinstance(v, ArrayFormula):
                    self.formler[(ws.title, c.coordinate)] = (v.text, v.ref)
                    self.omraden.setdefault(ws.title, []).append((*range_boundaries(v.ref), c.coordinate))
                elif isinstance(v, str) and v.startswith("="):
                    self.formler[(ws.title, c.coordinate)] = (v, None)
        self._formelblad = {blad for blad, _ in self.formler}  # blad med minst en formel
        self._pagar: set = set()
        self._omradesvarden: dict[tuple, list] = {}

    def alla(self) -> dict[tuple[str, str], object]:
        """Varje formelcell som kunde räknas (matrisformler: varje cell i området) → värde."""
        ut = {}
        for (blad, ref), (_, omr) in self.formler.items():
            try:
                self.varde(blad, ref)
            except _Okand:
                continue
            if omr is None:  # en cell
                ut[(blad, ref)] = self.varden[(blad, ref)]
                continue
            k0, r0, k1, r1 = range_boundaries(omr)
            for r in range(r0, r1 + 1):
                for k in range(k0, k1 + 1):
                    nyckel = (blad, f"{get_column_letter(k)}{r}")
                    ut[nyckel] = self.varden[nyckel]
        return ut

    def varde(self, blad: str, ref: str):
        nyckel = (blad, ref)
        if nyckel in self.varden:
            return self.varden[nyckel]
        if nyckel not in self.formler:
            kol, rad = _KOORD.match(ref).groups()
            k, r = column_index_from_string(kol), int(rad)
            for k0, r0, k1, r1, ankare in self.omraden.get(blad, []):
                if k0 <= k <= k1 and r0 <= r <= r1 and ankare != ref:
                    self.varde(blad, ankare)
                    return self.varden[nyckel]
            if blad not in self.celler:
                raise _Okand(blad)
            cell = self.celler[blad].get((r, k))
            return None if cell is None else cell.value
        if nyckel in self._pagar:
            raise _Okand(f"cirkelreferens {blad}!{ref}")
        self._pagar.add(nyckel)
        try:
            text, omr = self.formler[nyckel]
            self._rakna(blad, ref, text, omr)
        finally:
            self._pagar.discard(nyckel)
        return self.varden[nyckel]

    def _referens(self, blad: str, text: str):
        m = _REF.match(text)
        if not m:
            raise _Okand(text)
        flik = (m[1].replace("''", "'") if m[1] else m[2]) or blad
        if not m[5]:
            return _excelvarde(self.varde(flik, f"{m[3]}{m[4]}"))
        nyckel = (flik, m[3], m[4], m[5], m[6])
        if nyckel not in self._omradesvarden:  # ett område läses en gång per beräkning (t.ex. bladet Data)
            k0, r0, k1, r1 = range_boundaries(f"{m[3]}{m[4]}:{m[5]}{m[6]}")
            if flik in self.celler and flik not in self._formelblad:
                celler = self.celler[flik]  # inga formler i bladet: cellernas värden direkt
                tab = [[_excelvarde(None if (c := celler.get((r, k))) is None else c.value) for k in range(k0, k1 + 1)]
                       for r in range(r0, r1 + 1)]
            else:
                tab = [[_excelvarde(self.varde(flik, f"{get_column_letter(k)}{r}")) for k in range(k0, k1 + 1)]
                       for r in range(r0, r1 + 1)]
            self._omradesvarden[nyckel] = tab
        return [list(rad) for rad in self._omradesvarden[nyckel]]  # en egen kopia till varje anrop

    def _arg(self, blad: str, text: str):
        if text == "":
            return None
        if text.startswith('"') and text.endswith('"'):
            return text[1:-1].replace('""', '"')
        if text.upper() in ("TRUE", "FALSE"):
            return text.upper() == "TRUE"
        if _TAL.fullmatch(text):
            return float(text)
        return self._referens(blad, text)

    def _rakna(self, blad: str, ref: str, text: str, omr: str | None) -> None:
        formel = text[1:].strip() if text.startswith("=") else text.strip()
        k0, r0, k1, r1 = range_boundaries(omr) if omr else (0, 0, 0, 0)  # en cell: ``ref``
        m = _XLM.fullmatch(formel)
        if m:
            funktion = udf(m[1].upper())
            args = [self._arg(blad, a) for a in _argument(m[2])]
            try:
                tab = klassisk_fordelning(funktion(*args), r1 - r0 + 1, k1 - k0 + 1)
            except Exception as e:  # noqa: BLE001 - cellen visar felet som text, som i Excel
                if self.strikt:
                    raise
                tab = klassisk_fordelning(fel_text(e), r1 - r0 + 1, k1 - k0 + 1, fel=True)
        elif (r := _REF.match(formel)) and not r[5]:  # en ensam referens (=Budget!B4): cellens värde, tom = 0
            v = self.varde((r[1].replace("''", "'") if r[1] else r[2]) or blad, f"{r[3]}{r[4]}")
            tab = [[0 if v is None else v]]
        else:
            tab = [[_Uttryck(self, blad, formel).varde()]]
        if not omr:
            self.varden[(blad, ref)] = tab[0][0]
            return
        for i, r in enumerate(range(r0, r1 + 1)):
            for j, k in enumerate(range(k0, k1 + 1)):
                self.varden[(blad, f"{get_column_letter(k)}{r}")] = tab[i][j]


_TOKEN = re.compile(r"\s*(?:(?P<ref>(?:(?:'(?:[^']|'')+'|[^\W\d][\w.]*)!)?\$?[A-Z]{1,3}\$?\d+(?![\w(]))"
                    r"|(?P<tal>\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|(?P<text>\"(?:[^\"]|\"\")*\")|(?P<op>[-+*/()]))")


class _Uttryck:
    """En enkel formel med Excels regler: referenser, tal, text, + − × ÷, parenteser och unärt minus (tom cell
    = 0, text i räkning = #VALUE!, fel följer med, division med noll = #DIV/0!). Annat är ``_Okand``."""

    def __init__(self, berakning: "Berakning", blad: str, text: str):
        self.b, self.blad, self.tokens, pos = berakning, blad, [], 0
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if not m or m.end() == pos:
                if text[pos:].strip():
                    raise _Okand(text)
                break
            self.tokens.append((m.lastgroup, m.group(m.lastgroup)))
            pos = m.end()
        self.i = 0

    def varde(self):
        v = self._summa()
        if self.i != len(self.tokens):
            raise _Okand("formel")
        return 0 if v is None else v

    def _nasta(self, *ops):
        if self.i < len(self.tokens) and self.tokens[self.i][0] == "op" and self.tokens[self.i][1] in ops:
            self.i += 1
            return self.tokens[self.i - 1][1]
        return None

    def _summa(self):
        v = self._produkt()
        while (op := self._nasta("+", "-")):
            v = _rakneop(op, v, self._produkt())
        return v

    def _produkt(self):
        v = self._faktor()
        while (op := self._nasta("*", "/")):
            v = _rakneop(op, v, self._faktor())
        return v

    def _faktor(self):
        if self._nasta("-"):
            return _rakneop("*", -1, self._faktor())
        if self._nasta("+"):
            return self._faktor()
        if self._nasta("("):
            v = self._summa()
            if not self._nasta(")"):
                raise _Okand("parentes")
            return v
        if self.i >= len(self.tokens):
            raise _Okand("slut")
        typ, text = self.tokens[self.i]
        self.i += 1
        if typ == "tal":
            return float(text)
        if typ == "text":
            return text[1:-1].replace('""', '"')
        if typ == "ref":
            r = _REF.match(text)
            return self.b.varde((r[1].replace("''", "'") if r[1] else r[2]) or self.blad, f"{r[3]}{r[4]}")
        raise _Okand(text)


def _rakneop(op: str, a, b):
    for v in (a, b):
        if isinstance(v, Fel):
            return v
    a, b = (0 if v is None else v for v in (a, b))
    if isinstance(a, str) or isinstance(b, str) or isinstance(a, bool) or isinstance(b, bool):
        return Fel("#VALUE!")
    if op == "/" and b == 0:
        return Fel("#DIV/0!")
    return {"+": a + b, "-": a - b, "*": a * b, "/": a / b if op == "/" else 0}[op]


# ---------------------------------------------------------------------------------------------- XML


@functools.lru_cache(maxsize=8)
def _monster(p: str) -> dict[str, re.Pattern]:
    """Bladets XML-mönster för namnrymdsprefixet ``p`` (oftast tomt), kompilerade en gång."""
    e = re.escape(p)
    return {"c": re.compile(rf"<{e}c\b([^>]*?)(/?)>", re.S), "f": re.compile(rf"<{e}f\b[^>]*?(?:/>|>.*?</{e}f>)", re.S),
            "sheetData": re.compile(rf"<{e}sheetData\b[^>]*?(/?)>"), "row": re.compile(rf"<{e}row\b([^>]*?)(?:/>|>(.*?)</{e}row>)", re.S),
            "cell": re.compile(rf"<{e}c\b[^>]*?(?:/>|>.*?</{e}c>)", re.S), "dimension": re.compile(rf'<{e}dimension\b[^>]*\bref="([^"]+)"')}


_TYP = re.compile(r'\s+t="[^"]*"')
_RADNR = re.compile(r'\br="(\d+)"')
_CELLKOL = re.compile(r'\br="([A-Z]+)\d+"')
_STIL = re.compile(r'\ss="\d+"')
_SPANS = re.compile(r'\s+spans="[^"]*"')


def _cellxml(p: str, gammal: str, ref: str, v, formel: bool) -> str:
    """Cellen ``gammal`` (XML) med värdet ``v``: formeln (``<f>``) och stilen behålls, typ och värde byts."""
    m = _monster(p)["c"].match(gammal)
    attr = _TYP.sub("", m.group(1)) if m else f' r="{ref}"'
    inre = "" if not m or m.group(2) else gammal[m.end():gammal.rindex(f"</{p}c>")]
    f = _monster(p)["f"].search(inre)
    return _cell_med_varde(p, attr, f.group(0) if f else "", v, formel)


def _cell_med_varde(p: str, attr: str, f: str, v, formel: bool) -> str:
    """En cell med attributen ``attr`` (utan typ), formeln ``f`` (XML, eller tom) och värdet ``v``."""
    if v is None:
        return f"<{p}c{attr}>{f}</{p}c>" if f else f"<{p}c{attr}/>"
    if isinstance(v, Fel) or (isinstance(v, str) and v in FELVARDEN and formel):
        typ, innehall = ' t="e"', f"<{p}v>{v}</{p}v>"
    elif isinstance(v, bool):
        typ, innehall = ' t="b"', f"<{p}v>{int(v)}</{p}v>"
    elif isinstance(v, (int, float)):
        if isinstance(v, float) and not math.isfinite(v):
            typ, innehall = ' t="e"', f"<{p}v>#NUM!</{p}v>"
        else:
            typ, innehall = "", f"<{p}v>{int(v) if isinstance(v, int) else repr(float(v))}</{p}v>"
    else:
        text = escape(_OGILTIGA.sub("", str(v))[:32767])
        if formel:
            typ, innehall = ' t="str"', f"<{p}v>{text}</{p}v>"
        else:
            typ, innehall = ' t="inlineStr"', f'<{p}is><{p}t>{text}</{p}t></{p}is>'
    return f"<{p}c{attr}{typ}>{f}{innehall}</{p}c>"


def skriv_i_blad(xml: bytes, nya: dict[str, tuple[object, bool]]) -> bytes:
    """Bladets XML med cellerna ``nya`` ({"B4": (värde, formelcell)}) satta; saknade celler och rader skapas
    (en ny cell får stilen från cellen till vänster), allt annat i bladet lämnas som det var."""
    if not nya:
        return xml
    text = xml.decode("utf-8")
    rot = re.search(r"<((?:[\w.-]+:)?)worksheet\b", text)
    p = rot.group(1)
    monster = _monster(p)
    sd = monster["sheetData"].search(text)
    if sd.group(1):
        start = slut = sd.end()
        fore, efter = text[:sd.start()] + f"<{p}sheetData>", f"</{p}sheetData>" + text[sd.end():]
    else:
        start, slut = sd.end(), text.index(f"</{p}sheetData>", sd.end())
        fore, efter = text[:start], text[slut:]
    rader: dict[int, list] = {}
    for m in monster["row"].finditer(text, start, slut):
        nr = int(_RADNR.search(m.group(1)).group(1))
        celler = {}
        for c in monster["cell"].finditer(m.group(2) or ""):
            kol = _CELLKOL.search(c.group(0)).group(1)
            celler[column_index_from_string(kol)] = c.group(0)
        rader[nr] = [m.group(1), celler, False]
    return _dimension(fore + rader_med_varden(rader, nya, p) + efter, p, nya).encode("utf-8")


def rader_med_varden(rader: dict[int, list], nya: dict[str, tuple[object, bool]], p: str = "") -> str:
    """Raderna i ``sheetData`` med cellerna ``nya`` satta. ``rader``: {radnummer: [radens attribut som XML-text,
    {kolumn: cellens XML, eller för en cell i ``nya`` (attributen utan typ, formelns XML)}, False]} (ändras).
    Saknade celler och rader skapas; en ny cell får stilen från cellen till vänster."""
    for ref, (v, formel) in nya.items():
        kol, nr = _KOORD.match(ref).groups()
        k, nr = column_index_from_string(kol), int(nr)
        rad = rader.setdefault(nr, [f' r="{nr}"', {}, True])
        rad[2] = True
        gammal = rad[1].get(k)
        if isinstance(gammal, tuple):  # redan delad: (attributen utan typ, formeln)
            rad[1][k] = _cell_med_varde(p, *gammal, v, formel)
            continue
        if gammal is None:
            vanster = [c if isinstance(c, str) else f"<{p}c{c[0]}>" for kk, c in sorted(rad[1].items()) if kk < k]
            stil = _STIL.search(vanster[-1].split(">")[0]) if vanster else None
            gammal = f'<{p}c r="{ref}"{stil.group(0) if stil else ""}/>'
        rad[1][k] = _cellxml(p, gammal, ref, v, formel)
    delar = []
    for nr in sorted(rader):
        attr, celler, andrad = rader[nr]
        if andrad:
            attr = _SPANS.sub("", attr)
        inre = "".join(celler[k] for k in sorted(celler))
        delar.append(f"<{p}row{attr}>{inre}</{p}row>" if inre else f"<{p}row{attr}/>")
    return "".join(delar)


def _dimension(text: str, p: str, nya) -> str:
    m = _monster(p)["dimension"].search(text)
    if not m:
        return text
    k0, r0, k1, r1 = range_boundaries(m.group(1) if ":" in m.group(1) else f"{m.group(1)}:{m.group(1)}")
    for ref in nya:
        kol, nr = _KOORD.match(ref).groups()
        k, r = column_index_from_string(kol), int(nr)
        k0, r0, k1, r1 = min(k0, k), min(r0, r), max(k1, k), max(r1, r)
    ny = f"{get_column_letter(k0)}{r0}:{get_column_letter(k1)}{r1}"
    return text[:m.start(1)] + ny + text[m.end(1):]


def utan_omrakning_vid_oppning(wbxml: bytes) -> bytes:
    """``calcPr`` med Excels aktuella ``calcId`` och utan ``fullCalcOnLoad``: Excel visar de sparade värdena."""
    from .arbetsbok import satt_calcpr
    return satt_calcpr(wbxml, {"calcId": CALC_ID}, bort=("fullCalcOnLoad",))


def med_sparade_varden(paket: bytes, statiska: dict[str, dict[str, object]] | None = None, strikt: bool = False,
                       varden: dict | None = None, tid: dt.datetime | None = None) -> bytes:
    """Arbetsboken (xlsx som bytes) med motorns värde sparat i varje formelcell xlmodel skrivit och utan
    omräkning vid öppning. ``statiska``: {blad: {"A1": värde}} skrivs som vanliga värden (t.ex. Rapport).
    ``strikt``: ett fel i en UDF höjs (en ny mall får inte ha fel), annars sparas felets text som i Excel.
    ``varden``: redan räknade värden (``Berakning(wb).alla()`` på boken innan den sparades), annars läses
    paketet och räknas. ``tid``: fast tidsstämpel i zip-posterna och i ``docProps/core.xml`` (``created``,
    ``modified``), så att samma bok blir byte för byte samma fil."""
    from .arbetsbok import _struktur

    if varden is None:
        import openpyxl

        varden = Berakning(openpyxl.load_workbook(io.BytesIO(paket), keep_links=False), strikt).alla()
    per_blad: dict[str, dict] = {}
    for (blad, ref), v in varden.items():
        per_blad.setdefault(blad, {})[ref] = (v, True)
    for blad, celler in (statiska or {}).items():
        per_blad.setdefault(blad, {}).update({ref: (v, False) for ref, v in celler.items()})
    ut = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(paket)) as zin:
        wbdel, blad, _ = _struktur(zin)
        delar = {blad[n]: n for n in per_blad if n in blad}
        with zipfile.ZipFile(ut, "w", zipfile.ZIP_DEFLATED) as zut:
            for info in zin.infolist():
                data = zin.read(info.filename)
                if info.filename in delar:
                    data = skriv_i_blad(data, per_blad[delar[info.filename]])
                elif info.filename == wbdel:
                    data = utan_omrakning_vid_oppning(data)
                if tid is None:
                    zut.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
                    continue
                if info.filename == "docProps/core.xml":
                    stampel = tid.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                    data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stampel, data)
                ny = zipfile.ZipInfo(info.filename, date_time=tid.timetuple()[:6])
                ny.compress_type, ny.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
                zut.writestr(ny, data)
    return ut.getvalue()
