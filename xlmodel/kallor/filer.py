"""Filer in: storleksgränser, säker läsning av xlsx och CSV, och ``Importresultat`` (godkända och avvisade rader).

Osäkra filer: filer över ``MAX_FILSTORLEK`` vägras; xlsx öppnas bara om zip-innehållet packat upp är högst
``MAX_UPPACKAT`` och ingen del har orimlig packningsgrad (zip-bomb), XML tolkas med defusedxml (inga entiteter
eller externa referenser) och formler räknas aldrig: bara de värden Excel sparat i filen läses. En skadad fil
(fel CRC, trasig XML, saknad del) ger "filen är skadad". Filhandtag stängs på varje felväg. Felutskriften för
avvisade rader är begränsad: de första ``MAX_FELRADER`` raderna och antalet.
"""
from __future__ import annotations

import csv
import io
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import ParseError
from xml.parsers.expat import ExpatError

import pandas as pd

from ..fel import IndataFel

MAX_FILSTORLEK = 50 * 1024 * 1024  # byte; större filer vägras
MAX_UPPACKAT = 200 * 1024 * 1024  # byte; summan av xlsx-delarnas uppackade storlek
MAX_PACKNINGSGRAD = 200  # uppackad/packad storlek för en enskild xlsx-del över 1 MB

SAKNAS = {".", "..", "...", "....", ".....", "......", "-", ""}  # PX-datasymboler och tomt
AVVISADE_KOLUMNER = ["rad", "kod", "ar", "orsak"]

MAX_FELRADER = 50  # avvisade rader som skrivs ut; resten räknas


@dataclass
class Importresultat:
    """Resultatet av en import: ``tabell`` (godkända rader), ``avvisade`` (rad, kod, ar, orsak), ``anteckningar``."""

    tabell: pd.DataFrame
    avvisade: pd.DataFrame
    anteckningar: list[str] = field(default_factory=list)

    def kontrollera(self) -> pd.DataFrame:
        """Tabellen om inga rader avvisats, annars ``IndataFel`` som räknar upp de första tio avvisade raderna."""
        if len(self.avvisade):
            rader = _radtexter(self.avvisade.head(10))
            fler = f" ... och {_antal(len(self.avvisade) - 10)} till" if len(self.avvisade) > 10 else ""
            raise IndataFel(f"{_antal(len(self.avvisade))} rader avvisades: " + "; ".join(rader) + fler)
        return self.tabell


def _radtexter(avvisade: pd.DataFrame) -> list[str]:
    return [f"rad {r.rad} ({r.kod}): {r.orsak}" for r in avvisade.itertuples()]


def _antal(n: int) -> str:
    """Ett antal med blanksteg mellan tusentalen (100 000)."""
    return f"{n:,}".replace(",", " ")


def beskriv_avvisade(avvisade: pd.DataFrame, namn: str) -> str:
    """De avvisade raderna (kolumnerna ``AVVISADE_KOLUMNER``): en sammanfattande rad, de första ``MAX_FELRADER``
    raderna och hur många fler (den största tillåtna filen kan annars ge en miljon rader fel)."""
    n = len(avvisade)
    rader = [f"{namn}: {_antal(n)} rader avvisades (rättas i filen):",
             *("  " + t for t in _radtexter(avvisade.head(MAX_FELRADER)))]
    if n > MAX_FELRADER:
        rader.append(f"  ... och {_antal(n - MAX_FELRADER)} rader till.")
    return "\n".join(rader)





def _kontrollera_storlek(fil: Path) -> None:
    if not fil.is_file():
        raise IndataFel(f"Filen {fil} finns inte.")
    storlek = fil.stat().st_size
    if storlek > MAX_FILSTORLEK:
        raise IndataFel(f"Filen {fil.name} är {_mb(storlek)}; största tillåtna är {_mb(MAX_FILSTORLEK)}.")


def _mb(byte: int) -> str:
    """Storlek i MB som gränserna anges (1 MB = 1 048 576 byte)."""
    return f"{byte / 2**20:.0f} MB"


def kontrollera_xlsx(fil) -> None:
    """Vägra en xlsx-fil som är för stor, inte är en zip-fil eller är en zip-bomb (kontrolleras före öppning)."""
    fil = Path(fil)
    _kontrollera_storlek(fil)
    if not zipfile.is_zipfile(fil):
        raise IndataFel(f"{fil.name} är ingen xlsx-fil (inte ett zip-arkiv). Spara den som .xlsx.")
    with zipfile.ZipFile(fil) as z:
        delar = z.infolist()
    uppackat = sum(d.file_size for d in delar)
    if uppackat > MAX_UPPACKAT:
        raise IndataFel(
            f"{fil.name} packas upp till {_mb(uppackat)} (största tillåtna {_mb(MAX_UPPACKAT)}); "
            "filen öppnas inte (möjlig zip-bomb)."
        )
    for d in delar:
        if d.file_size > 1_000_000 and d.file_size > MAX_PACKNINGSGRAD * max(d.compress_size, 1):
            raise IndataFel(
                f"{fil.name}: delen {d.filename} är packad {d.file_size // max(d.compress_size, 1)} gånger; "
                "filen öppnas inte (möjlig zip-bomb)."
            )


def las_xlsx(fil, blad: str | None = None) -> list[list]:
    """Cellvärdena i ett blad (standard: det första) som rader. Säker läsning av en främmande fil.

    Formler räknas inte: en formelcell ger det värde Excel senast sparade (``None`` om inget sparats).
    Otillåten XML (entiteter) och en skadad fil ger var sitt svenska fel; filen stängs på varje väg.
    """
    import openpyxl

    if not openpyxl.DEFUSEDXML:
        raise IndataFel("Paketet defusedxml saknas; xlsx-filer från andra läses inte utan det (pip install defusedxml).")
    fil = Path(fil)
    kontrollera_xlsx(fil)
    with open(fil, "rb") as fh, xlsx_fel(fil):
        wb = openpyxl.load_workbook(fh, read_only=True, data_only=True, keep_links=False)
        try:
            if blad is not None and blad not in wb.sheetnames:
                raise IndataFel(f"{fil.name}: bladet {blad!r} finns inte (blad: {', '.join(wb.sheetnames)}).")
            ws = wb[blad] if blad is not None else wb.worksheets[0]
            return [list(rad) for rad in ws.iter_rows(values_only=True)]
        finally:
            wb.close()


#: Fel som en skadad xlsx-fil ger i zipfile, zlib, XML-tolken och openpyxl (fel CRC, trasig komprimering,
#: saknad del, avbruten XML, ogiltigt attributvärde).
SKADAD = (zipfile.BadZipFile, zlib.error, EOFError, KeyError, IndexError, ParseError, ExpatError, ValueError, TypeError)


@contextmanager
def xlsx_fel(fil: Path):
    """Gör tolkningsfel när en xlsx-fil läses till svenska ``IndataFel``: otillåten XML (entiteter, externa
    referenser) eller "filen är skadad". Andra fel (programfel) går igenom oförändrade."""
    from defusedxml import DefusedXmlException

    try:
        yield
    except IndataFel:
        raise
    except (DefusedXmlException, *SKADAD) as e:
        d = e
        while d is not None and not isinstance(d, DefusedXmlException):  # openpyxl slår in tolkningsfel
            d = d.__cause__ or d.__context__
        if d is not None:
            raise IndataFel(f"{Path(fil).name}: otillåten XML i filen ({type(d).__name__}); filen öppnas inte.") from None
        raise IndataFel(f"{Path(fil).name}: filen är skadad och kan inte läsas ({_SKADAD_TEXT.get(type(e), 'trasigt innehåll')}). "
                        "Öppna den i Excel och spara om den, eller exportera på nytt.") from None


_SKADAD_TEXT = {zipfile.BadZipFile: "fel kontrollsumma eller trasigt zip-arkiv", zlib.error: "trasig komprimering",
                KeyError: "en del saknas i arkivet", IndexError: "bladet saknas", ParseError: "ogiltig XML",
                ExpatError: "ogiltig XML", EOFError: "filen är avkortad"}


def _avkoda(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def las_csv(fil) -> tuple[list[list], str]:
    """Raderna i en CSV-fil (UTF-8 eller cp1252; avgränsare , ; eller tab) och avgränsaren."""
    fil = Path(fil)
    _kontrollera_storlek(fil)
    text = _avkoda(fil.read_bytes())
    prov = "\n".join(text.splitlines()[:20])
    antal = {sep: sum(line.count(sep) for line in prov.splitlines()) for sep in (";", "\t", ",")}
    sep = max(antal, key=lambda s: antal[s]) if any(antal.values()) else ","
    return [rad for rad in csv.reader(io.StringIO(text), delimiter=sep)], sep


