"""Beräkna mallarbetsböcker utan Excel: ``formulas`` med xlmodels UDF:er registrerade (tech.md §3.1).

Argumenten ges till UDF:erna i xlwings klassiska former: en cell som skalär (tal som float, tom som None),
ett område som lista av listor. Resultatet och felen som klassiska xlwings lämnar dem till Excel: ett fel blir
felets text (VBA-omslagets ``Err.Description``; xlmodels korta svenska meddelande) som fyller hela
matrisområdet, ett 1×1-resultat blir en skalär och 1×N en rad (``XLPython.CallUDF``), som Excel upprepar över
området (``xlmodel.excel.sparade.klassisk_fordelning`` gör samma sak för de sparade värdena).
"""
from __future__ import annotations

import functools
import importlib
import math
import pkgutil
import re
import tempfile
from pathlib import Path

import formulas
import openpyxl
import numpy as np
import schedula as sh
from formulas.functions import wrap_func
from formulas.tokens.operand import XlError
import pandas as pd
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_from_string, column_index_from_string, range_boundaries
from openpyxl.worksheet.formula import ArrayFormula


def udf_moduler() -> list[str]:
    """De UDF-moduler som finns i paketet ``udfs`` (alla utom ``_``-moduler), t.ex. ``udfs.ds1999`` när den finns."""
    import udfs
    return sorted(f"udfs.{m.name}" for m in pkgutil.iter_modules(udfs.__path__) if not m.name.startswith("_"))


def _cell(v):
    if v is sh.EMPTY or isinstance(v, XlError) or (isinstance(v, str) and v == ""):
        return None
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, float, np.integer, np.floating)):
        return float(v)  # Excel skickar alltid tal som flyttal
    return v


def _arg(a):
    a = np.asarray(a, dtype=object)
    if a.size == 1:
        return _cell(a.ravel()[0])
    return [[_cell(v) for v in rad] for rad in a.reshape(a.shape[0], -1).tolist()]


def _ut(res):
    if np.ndim(res) == 0:
        res = [[res]]
    elif np.ndim(res) == 1:
        res = [res]
    tab = np.asarray([[("" if v is None else v) for v in rad] for rad in res], dtype=object)
    if tab.shape == (1, 1):
        return tab[0, 0]  # XLPython.CallUDF: 1×1 blir en skalär, som Excel upprepar i hela området
    return tab


def _klassiskt(f):
    """UDF:en som klassiska xlwings kör den: ett fel blir felets text i cellen (``sparade.fel_text``)."""
    from xlmodel.excel.sparade import fel_text

    def anrop(*a):
        try:
            return _ut(f(*(_arg(x) for x in a)))
        except Exception as e:  # noqa: BLE001 - som VBA-omslaget: Err.Description i cellen
            return fel_text(e)
    return anrop


def registrera_udfs() -> list[str]:
    """Registrera alla ``XLM_``-funktioner i UDF-modulerna hos ``formulas``; returnerar namnen."""
    namn = []
    for modulnamn in udf_moduler():
        modul = importlib.import_module(modulnamn)
        for n, f in vars(modul).items():
            if n.startswith("XLM_") and callable(f):
                formulas.get_functions()[n.upper()] = wrap_func(_klassiskt(f))
                namn.append(n)
    return sorted(set(namn))


def _utan_sparade_varden(sokvag, mapp: Path) -> Path:
    """En kopia (samma filnamn) utan sparade formelvärden: openpyxl läser annars de sparade värdena i en
    matrisformels övriga celler som konstanter, och ``formulas`` skulle låta dem gå före formelns resultat."""
    wb = openpyxl.load_workbook(sokvag)
    for ws in wb.worksheets:
        for rad in list(ws.iter_rows()):
            for c in rad:
                if isinstance(c.value, ArrayFormula):
                    k0, r0, k1, r1 = range_boundaries(c.value.ref)
                    for r in range(r0, r1 + 1):
                        for k in range(k0, k1 + 1):
                            if (r, k) != (c.row, c.column):
                                ws.cell(row=r, column=k).value = None
    ut = mapp / Path(sokvag).name
    wb.save(ut)
    return ut


class Bok:
    """En beräknad arbetsbok. ``varde("Flik", "B3")`` ger cellens beräknade värde."""

    def __init__(self, sokvag: str | Path):
        registrera_udfs()
        self.fil = Path(sokvag).name
        with tempfile.TemporaryDirectory() as mapp:
            self.modell = formulas.ExcelModel().loads(str(_utan_sparade_varden(sokvag, Path(mapp)))).finish()
        self.losning = self.modell.calculate()
        self.konstanter = openpyxl.load_workbook(sokvag)

    def nyckel(self, flik: str, ref: str) -> str:
        return f"'[{self.fil}]{flik.upper()}'!{ref}"

    def berakna(self, andringar: dict[tuple[str, str], object]) -> None:
        """Ändra indataceller {(flik, cell): värde} och räkna om."""
        self.losning = self.modell.calculate(inputs={self.nyckel(f, r): v for (f, r), v in andringar.items()})

    def varde(self, flik: str, ref: str):
        kol, rad = coordinate_from_string(ref)
        kol = column_index_from_string(kol)
        prefix = f"'[{self.fil}]{flik.upper()}'!"
        if prefix + ref in self.losning:
            return _cell(np.asarray(self.losning[prefix + ref].value).ravel()[0])
        for k, v in self.losning.items():
            if k.startswith(prefix) and ":" in k:
                m = re.match(r"([A-Z]+)(\d+):([A-Z]+)(\d+)$", k[len(prefix):])
                if not m:
                    continue
                k0, r0, k1, r1 = column_index_from_string(m[1]), int(m[2]), column_index_from_string(m[3]), int(m[4])
                if k0 <= kol <= k1 and r0 <= rad <= r1:
                    return _cell(np.asarray(v.value)[rad - r0, kol - k0])
        v = self.konstanter[flik][ref].value  # en konstant som ingen formel läser finns inte i lösningen
        if isinstance(v, str) and v.startswith("="):
            raise KeyError(f"{flik}!{ref} är en formel som inte räknats")
        return _cell(v) if v is not None else None

    def omrade(self, flik: str, ref: str) -> list[list]:
        a, b = ref.split(":")
        (ka, ra), (kb, rb) = coordinate_from_string(a), coordinate_from_string(b)
        ka, kb = column_index_from_string(ka), column_index_from_string(kb)
        from openpyxl.utils import get_column_letter
        return [[self.varde(flik, f"{get_column_letter(k)}{r}") for k in range(ka, kb + 1)] for r in range(ra, rb + 1)]

    def ra(self, flik: str, ref: str):
        """Cellens beräknade värde som det visas: fel som text ('#N/A'), tom som None."""
        prefix = f"'[{self.fil}]{flik.upper()}'!"
        if prefix + ref in self.losning:
            x = np.asarray(self.losning[prefix + ref].value, dtype=object).ravel()[0]
            return str(x) if isinstance(x, XlError) else _cell(x)
        if getattr(self, "_omraden", (None,))[0] is not self.losning:  # områdena i lösningen, per flik
            omr: dict = {}
            for k, v in self.losning.items():
                blad, _, cell = k.rpartition("!")
                if ":" in cell and re.fullmatch(r"[A-Z]+\d+:[A-Z]+\d+", cell):
                    omr.setdefault(blad + "!", []).append((*range_boundaries(cell), v))
            self._omraden = (self.losning, omr)
        kol, rad = coordinate_from_string(ref)
        kol = column_index_from_string(kol)
        for k0, r0, k1, r1, v in self._omraden[1].get(prefix, []):
            if k0 <= kol <= k1 and r0 <= rad <= r1:
                x = np.asarray(v.value, dtype=object)[rad - r0, kol - k0]
                return str(x) if isinstance(x, XlError) else _cell(x)
        return self.varde(flik, ref)


# --- Jämförelse av varje UDF-driven cell med motorn -------------------------------------------------------------

def formelceller(sokvag) -> dict[tuple[str, str], tuple[str, str | None]]:
    """Varje formelcell: {(flik, cell): (formel, matrisområde eller None)}; en matrisformels alla celler ingår."""
    wb = openpyxl.load_workbook(sokvag)
    ut = {}
    for ws in wb.worksheets:
        for rad in ws.iter_rows():
            for c in rad:
                v = c.value
                if isinstance(v, ArrayFormula):
                    k0, r0, k1, r1 = range_boundaries(v.ref)
                    for r in range(r0, r1 + 1):
                        for k in range(k0, k1 + 1):
                            ut[(ws.title, f"{get_column_letter(k)}{r}")] = (v.text, v.ref)
                elif isinstance(v, str) and v.startswith("="):
                    ut[(ws.title, c.coordinate)] = (v, None)
    return ut


def _strangfria(formel: str) -> str:
    return re.sub(r'"[^"]*"', '""', formel)


@functools.lru_cache(maxsize=None)
def referenser(formel: str, flik: str) -> frozenset[tuple[str, str]]:
    """Cellerna en formel läser: {(flik, cell)} (områden utvidgade)."""
    ut = set()
    for m in re.finditer(r"(?:'((?:[^']|'')+)'|([^\W\d][\w.]*))!\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?"
                         r"|(?<![\w!$'])\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?(?![\w(])", _strangfria(formel)):
        if m[3]:
            blad, a, b = (m[1] or m[2]).replace("''", "'"), f"{m[3]}{m[4]}", f"{m[5] or m[3]}{m[6] or m[4]}"
        else:
            blad, a, b = flik, f"{m[7]}{m[8]}", f"{m[9] or m[7]}{m[10] or m[8]}"
        k0, r0, k1, r1 = range_boundaries(f"{a}:{b}")
        ut |= {(blad, f"{get_column_letter(k)}{r}") for k in range(k0, k1 + 1) for r in range(r0, r1 + 1)}
    return frozenset(ut)


def udf_drivna(sokvag) -> tuple[dict, set]:
    """(formelceller, de celler som anropar en ``XLM_``-funktion eller beror på en sådan, transitivt)."""
    celler = formelceller(sokvag)
    drivna = {k for k, (f, _) in celler.items() if "XLM_" in _strangfria(f).upper()}
    las = {k: referenser(f, k[0]) for k, (f, _) in celler.items()}
    andrat = True
    while andrat:
        nya = {k for k in celler if k not in drivna and las[k] & drivna}
        drivna |= nya
        andrat = bool(nya)
    return celler, drivna


def excelform(df: pd.DataFrame, index: bool = True) -> list[list]:
    """Motorns tabell i den form en matrisformel visar: rubrikrad, sedan raderna (index först om ``index``)."""
    d = df.rename_axis(df.index.name or "post").reset_index() if index else df
    return [list(d.columns), *[list(r) for r in d.itertuples(index=False, name=None)]]


def _lika(fatt, vantat) -> bool:
    if vantat is None or (isinstance(vantat, float) and math.isnan(vantat)) or vantat == "":
        return fatt is None or fatt == ""
    if isinstance(vantat, (int, float, np.integer, np.floating)) and not isinstance(vantat, bool):
        return isinstance(fatt, (int, float)) and math.isclose(fatt, float(vantat), rel_tol=1e-9, abs_tol=1e-9)
    return str(fatt) == str(vantat)


def jamfor_med_motorn(bok: Bok, sokvag, tabeller: dict[tuple[str, str], list[list]],
                      celler: dict[tuple[str, str], object] | None = None) -> int:
    """Jämför VARJE UDF-driven cell i arbetsboken med motorn; returnerar antalet jämförda celler.

    ``tabeller``: {(flik, översta cell): motorns tabell i ``excelform``} för varje matrisformel med ett ``XLM_``-anrop.
    Celler i matrisområdet utanför tabellen ska visa #N/A (som i Excel). En beroende formel som bara är en
    referens (``=Budget!B4``) ska visa den refererade cellens förväntade värde; andra beroende formler ska ges i
    ``celler`` ({(flik, cell): värde}). En UDF-driven cell som inte kan jämföras är ett fel.
    """
    formler, drivna = udf_drivna(sokvag)
    vantat: dict = {}
    for (flik, overst), tab in tabeller.items():
        formel, omr = formler[(flik, overst)]
        k0, r0, k1, r1 = range_boundaries(omr or f"{overst}:{overst}")
        assert len(tab) <= r1 - r0 + 1 and max(map(len, tab)) <= k1 - k0 + 1, f"{flik}!{omr}: motorns tabell är större"
        for r in range(r0, r1 + 1):
            for k in range(k0, k1 + 1):
                i, j = r - r0, k - k0
                vantat[(flik, f"{get_column_letter(k)}{r}")] = tab[i][j] if i < len(tab) and j < len(tab[i]) else "#N/A"
    vantat.update(celler or {})

    def forvantat(nyckel, djup=0):
        if nyckel in vantat:
            return vantat[nyckel]
        formel, _ = formler[nyckel]
        m = re.fullmatch(r"=(?:'((?:[^']|'')+)'|([^\W\d][\w.]*))?!?\$?([A-Z]{1,3})\$?(\d+)", formel.strip())
        if not m or djup > 20:
            raise AssertionError(f"{nyckel[0]}!{nyckel[1]} ({formel}) beror på en UDF men har inget förväntat värde")
        mal = ((m[1] or m[2] or nyckel[0]).replace("''", "'"), f"{m[3]}{m[4]}")
        return vantat.setdefault(nyckel, forvantat(mal, djup + 1) if mal in formler else bok.ra(*mal))

    fel = []
    for nyckel in sorted(drivna):
        v, f = forvantat(nyckel), bok.ra(*nyckel)
        if not _lika(f, v):
            fel.append(f"{nyckel[0]}!{nyckel[1]}: mallen {f!r}, motorn {v!r}")
    assert not fel, f"{len(fel)} av {len(drivna)} celler skiljer sig:\n" + "\n".join(fel[:20])
    return len(drivna)
