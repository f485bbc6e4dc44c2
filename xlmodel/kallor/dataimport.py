"""Import av öppna data: SCB:s PC-Axis-filer (.px) och SCB/Kolada-exporter (CSV, xlsx) till motorns indatatabeller.

* ``las_px(fil)`` läser en PC-Axis-fil till en tidy tabell: en kolumn per variabel (värdetexten), ``<variabel>_kod``
  när filen har CODES, ``varde`` (float, NaN där data saknas) och ``symbol`` (saknadmarkören, t.ex. ``".."``).
  Nyckelorden (DECIMALS, ELIMINATION, UNITS, NOTE ...) finns i ``PxFil.meta``. Teckenkodning: UTF-8 om filen är
  giltig UTF-8, annars CODEPAGE (iso-8859-1 läses som cp1252) eller CHARSET ("ANSI" = cp1252, "OEM" = cp850).
  ``"-"`` (DATASYMBOLNIL, SCB: "noll, inget finns att redovisa") blir NaN med ``symbol == "-"``: anroparen väljer
  om det ska vara 0.
* ``las_skattesatser_px(fil)``: SCB-tabellen "Kommunalskatter efter region och år" (TAB2017) till en rad per
  kommun och år: ``kommunkod, kommun, ar, skattesats_total, skattesats_kommun, skattesats_region``.
* ``importera(fil, matt, ...)``: en SCB- eller Kolada-export (bred: en kolumn per mått och ev. år i rubriken,
  som SCB:s "Skatteunderlag, kronor 2026"; eller lång: kolumner för mått/KPI, år, kön och värde, som Kolada)
  till en tabell med en rad per kommun och år. Kommunkoden hålls som 4 tecken med ledande nolla även om filen
  lagrat den som tal (180 → "0180"); "1880 Örebro" delas i kod och namn. Enheter i rubriken (tkr, mnkr) räknas
  om till kronor; kr per invånare där ett belopp väntas är ett fel.
* ``importera_inkomstunderlag(fil, ar)``: ``kommunkod, skatteunderlag (kr), folkmangd`` för
  ``xlmodel.inkomstutjamning`` (folkmängden ska vara den 1 november året före utjämningsåret).

Alla importer ger ett ``Importresultat``: ``.tabell`` (godkända rader) och ``.avvisade`` (varje avvisad rad med
radnummer i filen, kod, år och orsak på svenska); ``.kontrollera()`` ger tabellen eller ``IndataFel`` om någon rad
avvisats. Osäkra filer: filer över ``MAX_FILSTORLEK`` vägras; xlsx öppnas bara om zip-innehållet packat upp är
högst ``MAX_UPPACKAT`` och ingen del har orimlig packningsgrad (zip-bomb), XML tolkas med defusedxml (inga
entiteter eller externa referenser) och formler räknas aldrig: bara de värden Excel sparat i filen läses.
"""
from __future__ import annotations

import csv
import io
import math
import numbers
import re
import zipfile
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from ..fel import IndataFel
from .referensdata import kommuner

MAX_FILSTORLEK = 50 * 1024 * 1024  # byte; större filer vägras
MAX_UPPACKAT = 200 * 1024 * 1024  # byte; summan av xlsx-delarnas uppackade storlek
MAX_PACKNINGSGRAD = 200  # uppackad/packad storlek för en enskild xlsx-del över 1 MB

SAKNAS = {".", "..", "...", "....", ".....", "......", "-", ""}  # PX-datasymboler och tomt
AVVISADE_KOLUMNER = ["rad", "kod", "ar", "orsak"]


@dataclass
class Importresultat:
    """Resultatet av en import: ``tabell`` (godkända rader), ``avvisade`` (rad, kod, ar, orsak), ``anteckningar``."""

    tabell: pd.DataFrame
    avvisade: pd.DataFrame
    anteckningar: list[str] = field(default_factory=list)

    def kontrollera(self) -> pd.DataFrame:
        """Tabellen om inga rader avvisats, annars ``IndataFel`` som räknar upp de avvisade raderna."""
        if len(self.avvisade):
            rader = _radtexter(self.avvisade.head(10))
            fler = f" ... och {len(self.avvisade) - 10} till" if len(self.avvisade) > 10 else ""
            raise IndataFel(f"{len(self.avvisade)} rader avvisades: " + "; ".join(rader) + fler)
        return self.tabell


def _radtexter(avvisade: pd.DataFrame) -> list[str]:
    return [f"rad {r.rad} ({r.kod}): {r.orsak}" for r in avvisade.itertuples()]


def beskriv_avvisade(avvisade: pd.DataFrame, namn: str) -> str:
    """Alla avvisade rader (kolumnerna ``AVVISADE_KOLUMNER``): en sammanfattande rad och sedan en rad per avvisad rad."""
    return "\n".join([f"{namn}: {len(avvisade)} rader avvisades (rättas i filen):", *("  " + t for t in _radtexter(avvisade))])


# ---------------------------------------------------------------------------------------------- filer


def _kontrollera_storlek(fil: Path) -> None:
    if not fil.is_file():
        raise IndataFel(f"Filen {fil} finns inte.")
    storlek = fil.stat().st_size
    if storlek > MAX_FILSTORLEK:
        raise IndataFel(f"Filen {fil.name} är {storlek / 1e6:.0f} MB; största tillåtna är {MAX_FILSTORLEK / 1e6:.0f} MB.")


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
            f"{fil.name} packas upp till {uppackat / 1e6:.0f} MB (största tillåtna {MAX_UPPACKAT / 1e6:.0f} MB); "
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
    """
    import openpyxl

    if not openpyxl.DEFUSEDXML:
        raise IndataFel("Paketet defusedxml saknas; xlsx-filer från andra läses inte utan det (pip install defusedxml).")
    from defusedxml import DefusedXmlException

    fil = Path(fil)
    kontrollera_xlsx(fil)
    def otillaten(e: BaseException) -> BaseException | None:
        while e is not None:  # openpyxl slår in tolkningsfel i egna undantag
            if isinstance(e, DefusedXmlException):
                return e
            e = e.__cause__ or e.__context__
        return None

    try:
        wb = openpyxl.load_workbook(fil, read_only=True, data_only=True, keep_links=False)
    except Exception as e:
        d = otillaten(e)
        if d is not None:
            raise IndataFel(f"{fil.name}: otillåten XML i filen ({type(d).__name__}); filen öppnas inte.") from None
        raise IndataFel(f"{fil.name} kunde inte läsas som xlsx: {e}") from None
    try:
        if blad is not None and blad not in wb.sheetnames:
            raise IndataFel(f"{fil.name}: bladet {blad!r} finns inte (blad: {', '.join(wb.sheetnames)}).")
        ws = wb[blad] if blad is not None else wb.worksheets[0]
        return [list(rad) for rad in ws.iter_rows(values_only=True)]
    except IndataFel:
        raise
    except Exception as e:
        d = otillaten(e)
        if d is not None:
            raise IndataFel(f"{fil.name}: otillåten XML i filen ({type(d).__name__}); filen öppnas inte.") from None
        raise IndataFel(f"{fil.name} kunde inte läsas som xlsx: {e}") from None
    finally:
        wb.close()


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


# ---------------------------------------------------------------------------------------------- PC-Axis


@dataclass
class PxFil:
    """En inläst PC-Axis-fil: ``tabell`` (tidy), ``meta`` (nyckelord → värde) och ``variabler`` (STUB + HEADING)."""

    tabell: pd.DataFrame
    meta: dict
    variabler: list[str]


def _px_text(data: bytes, encoding: str | None) -> str:
    if encoding:
        return data.decode(encoding)
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    huvud = data[:5000].decode("latin-1")
    kodsida = re.search(r'CODEPAGE\s*=\s*"([^"]+)"', huvud)
    teckenset = re.search(r'CHARSET\s*=\s*"([^"]+)"', huvud)
    kod = kodsida.group(1).lower() if kodsida else ("cp850" if teckenset and teckenset.group(1).upper() == "OEM" else "cp1252")
    if kod.replace("_", "-") in ("iso-8859-1", "latin1", "latin-1", "windows-1252"):
        kod = "cp1252"
    try:
        return data.decode(kod)
    except (UnicodeDecodeError, LookupError):
        return data.decode("latin-1")


def _till_semikolon(text: str, i: int) -> int:
    """Index för nästa ';' utanför citattecken från ``i``."""
    inne = False
    for j in range(i, len(text)):
        c = text[j]
        if c == '"':
            inne = not inne
        elif c == ";" and not inne:
            return j
    raise IndataFel("PX-filen är avbruten: ett nyckelord saknar avslutande ';'.")


def _px_varde(ra: str):
    """Ett nyckelords värde: lista av strängar om värdet är citerat, annars råtexten (t.ex. 2, YES, TLIST(...))."""
    ra = ra.strip()
    if '"' not in ra or ra.upper().startswith("TLIST("):
        return ra
    ut, akt, efter_komma = [], None, True
    for m in re.finditer(r'"([^"]*)"|(,)|(\S)', ra):
        if m.group(1) is not None:
            del_ = re.sub(r"\r?\n", "", m.group(1))
            akt = del_ if akt is None else akt + del_  # "abc" "def" på olika rader = en sträng
            efter_komma = False
        elif m.group(2):
            if efter_komma:
                raise IndataFel(f"PX-filen: tomt element i listan {ra[:60]!r}.")
            ut.append(akt)
            akt, efter_komma = None, True
        else:
            raise IndataFel(f"PX-filen: oväntat tecken {m.group(3)!r} i värdet {ra[:60]!r}.")
    if akt is not None:
        ut.append(akt)
    return ut


def _lista(v) -> list[str]:
    return v if isinstance(v, list) else [v]


def las_px(fil, encoding: str | None = None) -> PxFil:
    """Läs en PC-Axis-fil (SCB) till en tidy tabell, se modulens beskrivning."""
    fil = Path(fil)
    _kontrollera_storlek(fil)
    text = _px_text(fil.read_bytes(), encoding)
    meta: dict = {}
    data_text = None
    i = 0
    while i < len(text):
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            break
        lika = text.find("=", i)
        if lika < 0:
            raise IndataFel(f"PX-filen: text utan nyckelord efter tecken {i}: {text[i:i + 40]!r}.")
        nyckel = text[i:lika].strip()
        if nyckel == "DATA":
            slut = _till_semikolon(text, lika + 1)
            data_text = text[lika + 1:slut]
            break
        m = re.fullmatch(r'([A-Za-z0-9-]+)(?:\[([^\]]+)\])?(?:\((.*)\))?', nyckel, re.S)
        if not m:
            raise IndataFel(f"PX-filen: ogiltigt nyckelord {nyckel[:60]!r}.")
        slut = _till_semikolon(text, lika + 1)
        namn, sprak, arg = m.group(1).upper(), m.group(2), m.group(3)
        argument = tuple(re.findall(r'"([^"]*)"', arg)) if arg else ()
        if sprak is None:  # andra språkversioner ([en]) sparas med språket i nyckeln
            meta[(namn, *argument) if argument else namn] = _px_varde(text[lika + 1:slut])
        else:
            meta[(f"{namn}[{sprak}]", *argument) if argument else f"{namn}[{sprak}]"] = _px_varde(text[lika + 1:slut])
        i = slut + 1
    if data_text is None:
        raise IndataFel("PX-filen saknar DATA.")
    if "KEYS" in {k[0] if isinstance(k, tuple) else k for k in meta}:
        raise IndataFel("PX-filen använder KEYS (gles lagring); bara hela tabeller läses. Exportera utan KEYS.")
    variabler = _lista(meta.get("STUB", [])) + _lista(meta.get("HEADING", []))
    variabler = [v for v in variabler if v]
    if not variabler:
        raise IndataFel("PX-filen saknar STUB och HEADING.")
    varden, koder = [], []
    for v in variabler:
        if ("VALUES", v) not in meta:
            raise IndataFel(f"PX-filen saknar VALUES för variabeln {v!r}.")
        vals = _lista(meta[("VALUES", v)])
        kod = meta.get(("CODES", v))
        if kod is not None and len(_lista(kod)) != len(vals):
            raise IndataFel(f"PX-filen: variabeln {v!r} har {len(vals)} VALUES men {len(_lista(kod))} CODES.")
        varden.append(vals)
        koder.append(_lista(kod) if kod is not None else None)

    tal, symboler = [], []
    for nr, tecken in enumerate(re.findall(r'"[^"]*"|[^\s,]+', data_text), start=1):
        t = tecken.strip('"')
        if t in SAKNAS:
            tal.append(np.nan)
            symboler.append(t)
            continue
        try:
            tal.append(float(t))
        except ValueError:
            raise IndataFel(f"PX-filen: datavärde nr {nr} ({tecken!r}) är varken tal eller känd saknadmarkör.") from None
        symboler.append(None)
    vantat = math.prod(len(v) for v in varden)
    if len(tal) != vantat:
        raise IndataFel(
            f"PX-filen har {len(tal)} datavärden men variablerna ({' × '.join(str(len(v)) for v in varden)}) "
            f"kräver {vantat}."
        )
    # Datavärdena ligger radvis: STUB-variablerna först, den sista variabeln varierar snabbast.
    index = list(product(*[range(len(v)) for v in varden]))
    kolumner: dict[str, list] = {}
    for k, (v, vals, kod) in enumerate(zip(variabler, varden, koder)):
        kolumner[v] = [vals[ix[k]] for ix in index]
        if kod is not None:
            kolumner[f"{v}_kod"] = [kod[ix[k]] for ix in index]
    kolumner["varde"] = tal
    kolumner["symbol"] = symboler
    return PxFil(tabell=pd.DataFrame(kolumner), meta=meta, variabler=variabler)


_SKATTEKOLUMNER = {"total": "skattesats_total", "kommun": "skattesats_kommun", "region": "skattesats_region"}


def _skattedel(text: str) -> str | None:
    t = text.lower()
    if "total" in t:
        return "total"
    if "region" in t or "landsting" in t:
        return "region"
    if "kommun" in t:
        return "kommun"
    return None


def las_skattesatser_px(fil, encoding: str | None = None, summatolerans: float = 0.01) -> Importresultat:
    """SCB TAB2017 "Kommunalskatter efter region och år" (PX) → en rad per kommun och år.

    Kolumner: ``kommunkod, kommun, ar, skattesats_total, skattesats_kommun, skattesats_region`` (procent).
    Avvisas: okänd eller ogiltig kommunkod, saknat värde ("..") och rader där kommun + region avviker från
    total med mer än ``summatolerans`` procentenheter (SCB: avvikelser på en hundradel är avrundning).
    """
    px = las_px(fil, encoding)
    df = px.tabell
    innehall = _lista(px.meta.get("CONTVARIABLE", ""))[0]
    tid = next((v for v in px.variabler if ("TIMEVAL", v) in px.meta), None) or next(
        (v for v in px.variabler if v.lower() in ("år", "ar", "tid")), None)
    ovriga = [v for v in px.variabler if v not in (innehall, tid)]
    if innehall not in px.variabler or tid is None or len(ovriga) != 1:
        raise IndataFel(f"{Path(fil).name}: väntade variablerna region, år och tabellinnehåll, fick {px.variabler}.")
    region = ovriga[0]
    df = df.assign(_del=df[innehall].map(_skattedel))
    if set(df["_del"].dropna()) != set(_SKATTEKOLUMNER) or df["_del"].isna().any():
        raise IndataFel(f"{Path(fil).name}: tabellinnehållet ska vara total, till kommun och till region; "
                        f"fick {sorted(set(df[innehall]))}.")
    kodkol = f"{region}_kod" if f"{region}_kod" in df else region
    tidkol = f"{tid}_kod" if f"{tid}_kod" in df else tid
    kanda = set(kommuner()["kommunkod"])
    rader, avvisade = [], []
    for radnr, ((kod, namn, ar), grupp) in enumerate(df.groupby([kodkol, region, tidkol], sort=False), start=1):
        orsaker = []
        if not re.fullmatch(r"\d{4}", str(kod)):
            orsaker.append(f"ogiltig kommunkod {kod!r} (ska vara 4 siffror)")
        elif kod not in kanda:
            orsaker.append(f"okänd kommunkod {kod}")
        if not re.fullmatch(r"\d{4}", str(ar)):
            orsaker.append(f"ogiltigt år {ar!r}")
        varden = dict(zip(grupp["_del"], zip(grupp["varde"], grupp["symbol"])))
        for del_, (v, sym) in varden.items():
            if isinstance(sym, str):
                orsaker.append(f"{_SKATTEKOLUMNER[del_]} saknas ({sym!r})")
        if not orsaker:
            t, k, r = (varden[d][0] for d in ("total", "kommun", "region"))
            if abs(k + r - t) > summatolerans + 1e-9:
                orsaker.append(f"kommun {k:.2f} + region {r:.2f} = {k + r:.2f} men total är {t:.2f}")
        if orsaker:
            avvisade.append({"rad": radnr, "kod": str(kod), "ar": ar, "orsak": "; ".join(orsaker)})
            continue
        rader.append({"kommunkod": kod, "kommun": namn, "ar": int(ar),
                      **{_SKATTEKOLUMNER[d]: varden[d][0] for d in ("total", "kommun", "region")}})
    tabell = pd.DataFrame(rader, columns=["kommunkod", "kommun", "ar", *_SKATTEKOLUMNER.values()])
    def forsta(nyckel, standard="okänt"):
        return _lista(px.meta.get(nyckel, standard))[0]

    uppdaterad = forsta(("LAST-UPDATED", df[innehall].iloc[0]), forsta("LAST-UPDATED"))
    anteckningar = [f"{Path(fil).name}: {forsta('TITLE', '')}, källa {forsta('SOURCE')}, uppdaterad {uppdaterad}."]
    return Importresultat(tabell.sort_values(["kommunkod", "ar"], ignore_index=True),
                          pd.DataFrame(avvisade, columns=AVVISADE_KOLUMNER), anteckningar)


# ---------------------------------------------------------------------------------------------- CSV/xlsx

_KODNAMN = ["kommunkod", "kommun-id", "kommunid", "municipality_id", "municipality", "regionkod", "region", "kod",
            "kommun", "id"]
_NAMNNAMN = ["kommunnamn", "kommun", "namn", "municipality_name", "region"]
_ARNAMN = ["år", "ar", "year", "period", "tid", "utjämningsår", "utjamningsar"]
_MATTNAMN = ["kpi", "tabellinnehåll", "contentscode", "mått", "matt", "variabel"]
_VARDENAMN = ["värde", "varde", "value"]
_KONNAMN = ["kön", "kon", "gender"]
_TOTALT = {"t", "totalt", "total", "män och kvinnor", "båda könen"}

_ENHETER = [  # (mönster i rubrik/enhet, faktor till kr eller antal, namn); första träff gäller
    (r"kr\s*/\s*inv|kronor per inv|kr per inv|per invånare|/inv\b", None, "kr per invånare"),
    (r"\bmdkr\b|miljarder kronor|mdr kr", 1e9, "miljarder kronor"),
    (r"\bmnkr\b|\bmkr\b|miljoner kronor|milj\.? kr", 1e6, "miljoner kronor"),
    (r"\btkr\b|tusental kronor|tusen kronor|1000-tal kronor|1 000-tal kronor|tusentals kronor", 1e3, "tusental kronor"),
    (r"\bkronor\b|\bkr\b", 1.0, "kronor"),
    (r"\bantal\b|\bpersoner\b|\bst\b|\bprocent\b|%", 1.0, None),
]
_ENHETSFAKTOR = {"kr": 1.0, "kronor": 1.0, "tkr": 1e3, "mnkr": 1e6, "mkr": 1e6, "mdkr": 1e9, "antal": 1.0,
                 "st": 1.0, "procent": 1.0}


def _enhet(text: str) -> tuple[float | None, str | None] | None:
    for monster, faktor, namn in _ENHETER:
        if re.search(monster, text, re.I):
            return faktor, namn
    return None


def _norm(text) -> str:
    return re.sub(r"\s+", " ", str(text if text is not None else "")).strip().lower()


def _tom(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or (isinstance(v, str) and not v.strip())


def _kod(v) -> tuple[str | None, str | None, str | None]:
    """(kommunkod, namn, fel). Tal och text; "1880 Örebro" delas; 3 siffror = tappad ledande nolla."""
    if isinstance(v, bool) or _tom(v):
        return None, None, "kommunkod saknas"
    if isinstance(v, numbers.Real):
        if not float(v).is_integer():
            return None, None, f"ogiltig kommunkod {v!r}"
        siffror, namn = str(int(v)), None
    else:
        m = re.fullmatch(r"\s*(\d+)(?:\.0)?(?:\s+(.*?))?\s*", str(v), re.S)
        if not m:
            return None, None, f"ingen kommunkod i {str(v)[:40]!r}"
        siffror, namn = m.group(1), m.group(2) or None
    if len(siffror) <= 2:
        return None, namn, f"koden {siffror} har {len(siffror)} siffror: län eller riket, ingen kommunkod"
    if len(siffror) > 4:
        return None, namn, f"ogiltig kommunkod {siffror} (mer än 4 siffror)"
    return siffror.zfill(4), namn, None


def _ar(v) -> tuple[int | None, str | None]:
    if isinstance(v, numbers.Real) and not isinstance(v, bool) and float(v).is_integer():
        v = str(int(v))
    t = str(v).strip() if not _tom(v) else ""
    if re.fullmatch(r"\d{4}", t) and 1990 <= int(t) <= 2100:
        return int(t), None
    return None, f"ogiltigt år {v!r}" if t else "år saknas"


def _tal(v, decimal: str) -> tuple[float | None, str | None]:
    if isinstance(v, bool):
        return None, f"{v!r} är inget tal"
    if isinstance(v, numbers.Real):
        f = float(v)
        return (None, "värde saknas") if math.isnan(f) else ((None, "oändligt värde") if math.isinf(f) else (f, None))
    if _tom(v):
        return None, "värde saknas (tom cell)"
    t = str(v).strip().strip('"')
    if t in SAKNAS:
        return None, f"värde saknas ({t!r})"
    t = re.sub(r"[\s\u00a0\u202f]", "", t).replace("\u2212", "-")
    if decimal == ",":
        t = t.replace(".", "") if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", t) else t
        t = t.replace(",", ".")
    if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?", t):
        return None, f"{str(v)[:40]!r} är inget tal"
    return float(t), None


def _rubrikrad(rader: list[list]) -> int:
    """Första raden med minst två ifyllda celler (SCB-exporter kan ha titelrader före rubrikerna)."""
    for i, rad in enumerate(rader):
        if sum(not _tom(c) for c in rad) >= 2:
            return i
    raise IndataFel("Filen har ingen rubrikrad (ingen rad med minst två ifyllda celler).")


def _las(kalla, blad: str | None) -> tuple[list[str], list[tuple[int, list]], str, str]:
    """(rubriker, [(radnummer i filen, celler)], decimaltecken, namn)."""
    if isinstance(kalla, pd.DataFrame):
        df = kalla.reset_index() if kalla.index.name else kalla
        return ([str(c) for c in df.columns], [(i + 2, list(r)) for i, r in enumerate(df.itertuples(index=False))],
                ".", "tabell")
    fil = Path(kalla)
    andelse = fil.suffix.lower()
    if andelse in (".xlsx", ".xlsm"):
        rader, decimal = las_xlsx(fil, blad), "."
    elif andelse in (".csv", ".txt", ".tsv"):
        rader, sep = las_csv(fil)
        decimal = "," if sep in (";", "\t") else "."
    elif andelse == ".px":
        raise IndataFel(f"{fil.name}: använd las_px för PC-Axis-filer.")
    else:
        raise IndataFel(f"{fil.name}: okänd filtyp {andelse!r} (läser .csv och .xlsx; .xls: spara om som .xlsx).")
    h = _rubrikrad(rader)
    rubriker = ["" if c is None else str(c) for c in rader[h]]
    data = [(h + 2 + i, list(r) + [None] * (len(rubriker) - len(r))) for i, r in enumerate(rader[h + 1:])]
    return rubriker, [(nr, r) for nr, r in data if not all(_tom(c) for c in r)], decimal, fil.name


def _hitta(rubriker: list[str], namn: Sequence[str], utom: Iterable[int] = ()) -> int | None:
    norm = [_norm(r) for r in rubriker]
    for n in namn:
        for i, r in enumerate(norm):
            if r == n and i not in utom:
                return i
    return None


def _kodkolumn(rubriker: list[str], rader: list[tuple[int, list]]) -> int:
    def kodlik(i):
        celler = [r[i] for _, r in rader[:200] if not _tom(r[i])]
        return celler and sum(_kod(c)[2] is None or "siffror" in (_kod(c)[2] or "") for c in celler) >= len(celler) / 2

    for n in _KODNAMN:
        i = _hitta(rubriker, [n])
        if i is not None and kodlik(i):
            return i
    for i in range(len(rubriker)):
        if kodlik(i) and _ar(rubriker[i])[0] is None:
            return i
    raise IndataFel("Hittar ingen kolumn med kommunkoder (t.ex. 'region' med '1880 Örebro' eller 'kommunkod').")


def importera(
    kalla,
    matt: Mapping[str, str | Sequence[str]],
    *,
    ar: int | None = None,
    enhet: Mapping[str, str] | None = None,
    heltal: Iterable[str] = (),
    icke_negativa: Iterable[str] = (),
    positiva: Iterable[str] = (),
    kanda_koder: Iterable[str] | None = None,
    blad: str | None = None,
) -> Importresultat:
    """Importera en SCB/Kolada-export (CSV, xlsx eller DataFrame) till en rad per kommun och år.

    ``matt``: utkolumn → sökord (ett eller flera, skiftlägesokänsliga) som identifierar källkolumnen i en bred fil
    (delsträng av rubriken, t.ex. ``"skatteunderlag"`` för "Skatteunderlag, kronor 2026") eller måttets värde i en
    lång fil (exakt KPI-id eller delsträng, t.ex. ``"N01951"``). ``ar``: behåll bara detta år (och ange det när
    filen saknar år). ``enhet``: källans enhet per utkolumn när rubriken inte säger den ("kr", "tkr", "mnkr",
    "antal"). Belopp räknas om till kronor. Avvisade rader rapporteras med radnummer och orsak.
    """
    rubriker, rader, decimal, namn = _las(kalla, blad)
    heltal, icke_negativa, positiva = set(heltal), set(icke_negativa), set(positiva)
    kanda = set(kanda_koder) if kanda_koder is not None else set(kommuner()["kommunkod"])
    enhet = dict(enhet or {})
    for mal, e in enhet.items():
        if e.lower() not in _ENHETSFAKTOR:
            raise IndataFel(f"Okänd enhet {e!r} för {mal} (känd: {', '.join(_ENHETSFAKTOR)}).")
    sokord = {mal: [s.lower() for s in ([m] if isinstance(m, str) else list(m))] for mal, m in matt.items()}
    anteckningar: list[str] = []

    kodkol = _kodkolumn(rubriker, rader)
    namnkol = _hitta(rubriker, _NAMNNAMN, utom=[kodkol])
    arkol = _hitta(rubriker, _ARNAMN, utom=[kodkol])
    mattkol = _hitta(rubriker, _MATTNAMN, utom=[kodkol])
    vardekol = _hitta(rubriker, _VARDENAMN, utom=[kodkol])
    konkol = _hitta(rubriker, _KONNAMN, utom=[kodkol])
    enhetkol = _hitta(rubriker, ["enhet", "unit"], utom=[kodkol])

    def faktor(mal: str, text: str, var: str) -> float:
        hittad = _enhet(text)
        if mal in enhet:
            if hittad and hittad[1] and hittad[0] != _ENHETSFAKTOR[enhet[mal].lower()]:
                anteckningar.append(f"{mal}: {var} säger {hittad[1]}, men enhet={enhet[mal]!r} angavs och används.")
            return _ENHETSFAKTOR[enhet[mal].lower()]
        if hittad is None:
            return 1.0
        f, beskr = hittad
        if f is None and "per_inv" not in mal:
            raise IndataFel(f"{namn}: {var} är i {beskr}, men {mal} ska vara ett belopp. Välj rätt kolumn eller mått.")
        if f not in (None, 1.0):
            anteckningar.append(f"{mal}: {var} är i {beskr}; omräknat till kronor (× {f:g}).")
        return 1.0 if f is None else f

    # Källor: (utkolumn, kolumnindex, år ur rubriken, faktor; None = per rad i en lång fil)
    kallor: list[tuple[str, int, int | None, float | None]] = []
    lang = mattkol is not None and vardekol is not None
    if lang:
        kallor = [(mal, vardekol, None, None) for mal in sokord]
    else:
        for mal, ord_ in sokord.items():
            hittade = [i for i, r in enumerate(rubriker) if i != kodkol and any(o in _norm(r) for o in ord_)]
            if not hittade:
                raise IndataFel(f"{namn}: ingen kolumn för {mal} (sökte {', '.join(map(repr, ord_))} i rubrikerna).")
            arsrubrik = {i: re.search(r"(?:^|\D)((?:19|20)\d\d)\s*$", rubriker[i]) for i in hittade}
            utan_ar = [i for i in hittade if not arsrubrik[i]]
            if len(utan_ar) > 1 or (utan_ar and len(hittade) > 1):
                raise IndataFel(f"{namn}: flera kolumner passar {mal}: "
                                f"{', '.join(repr(rubriker[i]) for i in hittade)}. Ange ett mer precist sökord.")
            for i in hittade:
                a = int(arsrubrik[i].group(1)) if arsrubrik[i] else None
                if ar is not None and a is not None and a != ar:
                    continue
                kallor.append((mal, i, a, faktor(mal, rubriker[i], f"kolumnen {rubriker[i]!r}")))
            if not any(k[0] == mal for k in kallor):
                raise IndataFel(f"{namn}: {mal} finns inte för år {ar}.")
        arslosa = [k for k in kallor if k[2] is None]
        rubrikar = sorted({k[2] for k in kallor if k[2] is not None})
        if arslosa and rubrikar and ar is None and arkol is None:  # blandad rubrik: "Skatteunderlag 2026", "Folkmängd"
            utan = ", ".join(repr(rubriker[k[1]]) for k in arslosa)
            if len(rubrikar) > 1:
                raise IndataFel(f"{namn}: kolumnen {utan} saknar år i rubriken men filen har flera år "
                                f"({', '.join(map(str, rubrikar))}); ange ar eller skriv året i rubriken.")
            kallor = [(m, i, rubrikar[0] if a is None else a, f) for m, i, a, f in kallor]
            anteckningar.append(f"{namn}: {utan} saknar år i rubriken; filens enda år {rubrikar[0]} används.")

    poster: dict[tuple[str, int | None], dict] = {}  # (kod, år) → {mal: (värde, rad)}
    namn_for: dict[str, str] = {}
    avvisade: list[dict] = []
    avvisade_nycklar: set = set()

    def avvisa(rad, kod, a, orsak):
        avvisade.append({"rad": rad, "kod": kod, "ar": a, "orsak": orsak})
        if kod is not None:
            avvisade_nycklar.add((kod, a))

    for radnr, rad in rader:
        kod, kodnamn, fel = _kod(rad[kodkol])
        radnamn = kodnamn or (str(rad[namnkol]).strip() if namnkol is not None and not _tom(rad[namnkol]) else None)
        radtext = str(rad[kodkol]).strip() if not _tom(rad[kodkol]) else ""
        if fel is None and kod not in kanda:
            fel = f"okänd kommunkod {kod}"
        if konkol is not None and _norm(rad[konkol]) not in _TOTALT:
            continue  # Kolada: bara totalt för båda könen
        mal_for_rad = list(sokord)
        if lang:
            matttext = _norm(rad[mattkol])
            mal_for_rad = [m for m, o in sokord.items() if any(x == matttext or x in matttext for x in o)]
            if not mal_for_rad:
                continue  # ett mått som inte efterfrågas
        a_rad, arfel = (None, None)
        if arkol is not None:
            a_rad, arfel = _ar(rad[arkol])
            if a_rad is not None and ar is not None and a_rad != ar:
                continue
        for mal, i, a_rubrik, f in kallor:
            if mal not in mal_for_rad:
                continue
            a = a_rad if arkol is not None else (a_rubrik if a_rubrik is not None else ar)
            if fel is not None:
                avvisa(radnr, kod or radtext[:40], a, fel)
                continue
            if arfel is not None:
                avvisa(radnr, kod, None, arfel)
                continue
            if f is None:  # lång fil: enheten per rad ur enhetskolumnen eller måttet
                text = str(rad[enhetkol]) if enhetkol is not None and not _tom(rad[enhetkol]) else str(rad[mattkol])
                f = faktor(mal, text, f"måttet {rad[mattkol]!r}")
            v, vfel = _tal(rad[i], decimal)
            if vfel is None:
                v = round(v * f, 6)  # tkr med decimaler → hela kronor utan flyttalsbrus
                if mal in heltal and abs(v - round(v)) > 1e-9:
                    vfel = f"{mal} {v:g} är inget heltal"
                elif (mal in icke_negativa or mal in positiva) and v < 0:
                    vfel = f"{mal} är negativt ({v:g})"
                elif mal in positiva and v == 0:
                    vfel = f"{mal} måste vara större än noll"
            else:
                vfel = f"{mal}: {vfel}"
            post = poster.setdefault((kod, a), {})
            if mal in post:  # två värden för samma kommun och år: inget av dem används
                forsta = post[mal][1]
                avvisa(radnr, kod, a, f"dubblett: {kod} år {a} finns redan på rad {forsta}")
                avvisa(forsta, kod, a, f"dubblett: {kod} år {a} förekommer igen på rad {radnr}; ingen av raderna används")
                continue
            post[mal] = (v, radnr)
            if vfel is not None:
                avvisa(radnr, kod, a, vfel)
        if kod is not None and radnamn and kod not in namn_for:
            namn_for[kod] = radnamn

    ut = []
    for (kod, a), post in poster.items():
        if (kod, a) in avvisade_nycklar:
            continue
        saknas = [m for m in sokord if m not in post]
        if saknas:
            rad = min(r for _, r in post.values())
            avvisa(rad, kod, a, f"{', '.join(saknas)} saknas för {kod} år {a}")
            continue
        ut.append({"kommunkod": kod, "kommun": namn_for.get(kod), "ar": a, **{m: post[m][0] for m in sokord}})
    tabell = pd.DataFrame(ut, columns=["kommunkod", "kommun", "ar", *sokord])
    if tabell["ar"].isna().all():
        tabell = tabell.drop(columns="ar")
    else:
        tabell["ar"] = tabell["ar"].astype("Int64")
    if tabell["kommun"].isna().all():
        tabell = tabell.drop(columns="kommun")
    for m in heltal:
        tabell[m] = tabell[m].astype("int64")
    sortering = [k for k in ("kommunkod", "ar") if k in tabell]
    avv = pd.DataFrame(avvisade, columns=AVVISADE_KOLUMNER)
    if len(avv):  # en rad per (rad, kod, år) med alla orsaker
        avv = (avv.groupby(["rad", "kod", "ar"], dropna=False, sort=False)["orsak"]
               .agg(lambda o: "; ".join(dict.fromkeys(o))).reset_index())
    avv = avv.sort_values("rad", kind="stable", ignore_index=True).astype({"ar": "Int64"})
    return Importresultat(tabell.sort_values(sortering, ignore_index=True), avv, anteckningar)


def importera_inkomstunderlag(kalla, ar: int | None = None, **kw) -> Importresultat:
    """Indata till ``xlmodel.inkomstutjamning``: ``kommunkod``, ``skatteunderlag`` (kr), ``folkmangd``.

    Söker kolumnerna "skatteunderlag" och "folkmängd"/"antal invånare" (ändra med ``matt=``). Skatteunderlaget ska ha
    utjämningsårets etikett (inkomstår ``ar`` − 2, ej uppräknat) och folkmängden vara den 1 november året före.
    En fil med flera år kräver ``ar``.
    """
    matt = kw.pop("matt", {"skatteunderlag": ["skatteunderlag"], "folkmangd": ["folkmängd", "folkmangd", "antal invånare", "invånare totalt"]})
    res = importera(kalla, matt, ar=ar, heltal=["folkmangd"], icke_negativa=["skatteunderlag"],
                    positiva=["folkmangd"], **kw)
    if "ar" in res.tabell and res.tabell["ar"].nunique() > 1:
        raise IndataFel(f"Filen har flera år ({', '.join(map(str, sorted(res.tabell['ar'].unique())))}): ange ar.")
    return res
