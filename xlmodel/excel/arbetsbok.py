"""Säker uppdatering av en användares arbetsbok och säker CSV-export.

Kontraktet mellan xlmodel och en arbetsboksmall (xlsx/xlsm, skapad med openpyxl eller xlsxwriter):

* Bladet ``_xlmodel`` (gärna dolt) listar i kolumn A de **datablad** som xlmodel äger, ett bladnamn per rad
  (en rubrik ``datablad`` i A1 får finnas). ``skapa_kontrakt(wb, datablad)`` lägger till det i en openpyxl-mall.
* Ett datablad skrivs om i sin helhet vid uppdatering: alla celler ersätts av den nya tabellen (rubrikrad på rad
  1, data från rad 2; ett namngivet index, t.ex. ``kommunkod``, blir första kolumnen). Kvar från mallen blir bara
  bladets egenskaper (flikfärg, kodnamn, kolumnbredder, fönsterinställningar), utskriftsinställningar och
  diagram/bilder (``drawing``). Datablad får inte ha Excel-tabeller, cellkommentarer eller gula indataceller;
  då vägras uppdateringen. Formler i andra blad som pekar på databladen räknas om när filen öppnas
  (``fullCalcOnLoad``).
* Alla andra blad (t.ex. Indata med gula indataceller, fyllning FFFF00 eller FFFF99, användarens egna blad),
  namn, makron (vbaProject.bin), diagram, bilder, kommentarer, villkorsstyrd formatering, dynamiska matriser och
  formatmallar rörs inte: arbetsboken uppdateras på zip-nivå och varje del utom de omskrivna databladen,
  ``workbook.xml`` (bara ``calcPr``), ``calcChain.xml`` (tas bort, Excel bygger om den) och de två
  förteckningar som nämner den kopieras **byte för byte**. Därför överlever allt som openpyxl annars tappar vid
  en öppna-spara-runda (diagram, bilder, dynamiska matriser, VBA).

Formelvärden som Excel sparat i användarbladen (cachade värden) är de gamla tills boken öppnats i Excel, som
räknar om allt vid öppning; den som läser cachade värden (pandas, openpyxl ``data_only``) ser de gamla. Prövat:
LibreOffice 7.4 öppnar uppdaterade böcker (från openpyxl- och xlsxwriter-mallar, med diagram) och räknar med de
nya datavärdena när omräkning vid inläsning är påslagen. Inte prövat i Excel självt.

Uppdateringen skriver först en temporär fil i samma mapp, kontrollerar den, kopierar den gamla filen till
``<namn>_backup_ÅÅÅÅMMDD-TTMMSS.xlsx`` och byter sedan atomiskt (``os.replace``). Avbryts den före bytet är
originalet orört; den temporära filen tas bort (dödas processen hårt kan en fil ``.<namn>-*.xlmodel.tmp`` bli
kvar, aldrig en halvskriven arbetsbok).

``skriv_csv`` skriver en tabell som CSV där textceller som börjar med ``= + - @``, tab eller radbrytning
föregås av ``'`` (skydd mot formelinjektion); tal, även negativa, förblir tal.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import io
import math
import numbers
import os
import posixpath
import re
import shutil
import signal
import stat
import tempfile
import threading
import time
import zipfile
from pathlib import Path
from typing import Mapping

import numpy as np
import pandas as pd

from ..kallor.filer import kontrollera_xlsx
from ..fel import IndataFel

KONTRAKTBLAD = "_xlmodel"
INDATAFARGER = {"FFFF00", "FFFF99"}  # RGB för gula indataceller

_RELNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKGRELNS = "http://schemas.openxmlformats.org/package/2006/relationships"
_MAINNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# Element efter sheetData som behålls på ett omskrivet datablad (i schemats ordning).
_BEHALL = {"sheetProtection", "printOptions", "pageMargins", "pageSetup", "headerFooter", "drawing",
           "legacyDrawingHF", "drawingHF", "picture"}
_OTILLATNA = {"tableParts": "en Excel-tabell", "legacyDrawing": "cellkommentarer"}
_OGILTIGA_TECKEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def escape(text: str) -> str:
    """Text i XML (``&``, ``<``, ``>``) som ``xml.sax.saxutils.escape``, utan den modulens import av urllib och ssl."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


# ---------------------------------------------------------------------------------------------- kontraktet

def ar_indatacell(cell) -> bool:
    """Sant om cellen är gulfylld (FFFF00 eller FFFF99): en användarcell som xlmodel aldrig skriver över."""
    fill = getattr(cell, "fill", None)
    if fill is None or fill.fill_type != "solid":
        return False
    rgb = getattr(fill.fgColor, "rgb", None)
    return isinstance(rgb, str) and rgb[-6:].upper() in INDATAFARGER


def skapa_kontrakt(wb, datablad) -> None:
    """Lägg till (eller ersätt) det dolda bladet ``_xlmodel`` som listar ``datablad`` i en openpyxl-arbetsbok."""
    if KONTRAKTBLAD in wb.sheetnames:
        del wb[KONTRAKTBLAD]
    ws = wb.create_sheet(KONTRAKTBLAD)
    ws["A1"] = "datablad"
    for i, namn in enumerate(datablad, start=2):
        if namn not in wb.sheetnames:
            raise IndataFel(f"Databladet {namn!r} finns inte i arbetsboken.")
        ws.cell(row=i, column=1, value=namn)
    ws.sheet_state = "hidden"


def datablad(arbetsbok) -> list[str]:
    """Bladnamnen som ``_xlmodel`` listar (de blad xlmodel äger och skriver om)."""
    import openpyxl

    arbetsbok = Path(arbetsbok)
    kontrollera_xlsx(arbetsbok)
    wb = openpyxl.load_workbook(arbetsbok, read_only=True, data_only=True, keep_links=False)
    try:
        return _datablad(wb, arbetsbok.name)
    finally:
        wb.close()


def _datablad(wb, namn: str) -> list[str]:
    if KONTRAKTBLAD not in wb.sheetnames:
        raise IndataFel(f"{namn} saknar bladet {KONTRAKTBLAD}: den är inte en xlmodel-arbetsbok och uppdateras inte.")
    blad = []
    for (v,) in wb[KONTRAKTBLAD].iter_rows(min_col=1, max_col=1, values_only=True):
        if v is not None and str(v).strip() and not (not blad and str(v).strip().lower() == "datablad"):
            blad.append(str(v).strip())
    if KONTRAKTBLAD in blad:
        raise IndataFel(f"{namn}: {KONTRAKTBLAD} kan inte lista sig själv som datablad.")
    return blad


# ---------------------------------------------------------------------------------------------- zip-delar


def _xml(data: bytes):
    from defusedxml.ElementTree import fromstring

    return fromstring(data)


def _rels_for(del_: str) -> str:
    mapp, fil = posixpath.split(del_)
    return posixpath.join(mapp, "_rels", fil + ".rels")


def _mal(bas: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(bas), target))


def _struktur(z: zipfile.ZipFile) -> tuple[str, dict[str, str], str | None]:
    """(arbetsboksdel, {bladnamn: bladdel}, calcChain-del eller None)."""
    rot = _xml(z.read("_rels/.rels"))
    wbdel = next(_mal("", r.get("Target")) for r in rot.iter(f"{{{_PKGRELNS}}}Relationship")
                 if r.get("Type", "").endswith("/officeDocument"))
    rels = {r.get("Id"): r for r in _xml(z.read(_rels_for(wbdel))).iter(f"{{{_PKGRELNS}}}Relationship")}
    blad = {s.get("name"): _mal(wbdel, rels[s.get(f"{{{_RELNS}}}id")].get("Target"))
            for s in _xml(z.read(wbdel)).iter(f"{{{_MAINNS}}}sheet")}
    calc = next((_mal(wbdel, r.get("Target")) for r in rels.values() if r.get("Type", "").endswith("/calcChain")), None)
    return wbdel, blad, calc


def _element(text: str, start: int) -> tuple[str, int]:
    """(lokalt namn, slutindex) för det XML-element som börjar vid ``start``."""
    m = re.compile(r"<((?:[\w.-]+:)?([\w.-]+))\b[^>]*?(/?)>", re.S).match(text, start)
    if not m:
        raise IndataFel(f"Oväntad XML i ett datablad nära {text[start:start + 40]!r}.")
    if m.group(3):
        return m.group(2), m.end()
    slut = text.find(f"</{m.group(1)}>", m.end())
    if slut < 0:
        raise IndataFel(f"Oavslutat element {m.group(1)} i ett datablad.")
    return m.group(2), slut + len(m.group(1)) + 3


def _cellvarde(v, ref: str, p: str = "") -> str:
    if v is None or v is pd.NA or v is pd.NaT:
        return ""
    if isinstance(v, (bool, np.bool_)):
        return f'<{p}c r="{ref}" t="b"><{p}v>{int(bool(v))}</{p}v></{p}c>'
    if isinstance(v, numbers.Integral):
        return f'<{p}c r="{ref}"><{p}v>{int(v)}</{p}v></{p}c>'
    if isinstance(v, numbers.Real):
        f = float(v)
        if math.isnan(f):
            return ""
        return f'<{p}c r="{ref}"><{p}v>{f!r}</{p}v></{p}c>' if math.isfinite(f) else _cellvarde(str(f), ref, p)
    if isinstance(v, (dt.date, dt.datetime, pd.Timestamp)):
        v = v.isoformat()
    text = _OGILTIGA_TECKEN.sub("", str(v))[:32767]
    return f'<{p}c r="{ref}" t="inlineStr"><{p}is><{p}t>{escape(text)}</{p}t></{p}is></{p}c>'


def _bladxml(original: bytes, df: pd.DataFrame, namn: str) -> bytes:
    """Ett nytt datablad: mallens bladegenskaper + den nya tabellen (inline-strängar, inga formatmallar)."""
    from openpyxl.utils import get_column_letter

    text = original.decode("utf-8")
    for lokalt, beskr in _OTILLATNA.items():
        if re.search(rf"<(?:\w+:)?{lokalt}\b", text):
            raise IndataFel(f"Databladet {namn!r} har {beskr}; xlmodel skriver om hela databladet, så mallen "
                            "får inte ha sådant där. Flytta det till ett annat blad.")
    rot = re.search(r"<((?:[\w.-]+:)?)worksheet\b[^>]*>", text)
    sd = rot and re.search(rf"<{re.escape(rot.group(1))}sheetData\b[^>]*?(/?)>", text)
    if not sd:
        raise IndataFel(f"Databladet {namn!r} är inget vanligt kalkylblad.")
    p = rot.group(1)
    fore = re.sub(r"<(?:[\w.-]+:)?dimension\b[^>]*/>", "", text[rot.end():sd.start()])
    sd_slut = sd.end() if sd.group(1) else text.index(f"</{p}sheetData>", sd.end()) + len(f"</{p}sheetData>")
    efter, i = [], sd_slut
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if text.startswith(f"</{p}worksheet>", i) or i >= len(text):
            break
        lokalt, slut = _element(text, i)
        if lokalt in _BEHALL:
            efter.append(text[i:slut])
        i = slut

    tabell = df.reset_index() if df.index.name is not None or isinstance(df.index, pd.MultiIndex) else df
    kolumner = [str(c) for c in tabell.columns]
    if not kolumner:
        raise IndataFel(f"Ny data för {namn!r} har inga kolumner.")
    rader = [kolumner] + tabell.astype(object).to_numpy().tolist()
    bokstav = [get_column_letter(j) for j in range(1, len(kolumner) + 1)]
    delar = []
    for r, rad in enumerate(rader, start=1):
        celler = "".join(_cellvarde(v, f"{bokstav[j]}{r}", p) for j, v in enumerate(rad))
        delar.append(f'<{p}row r="{r}">{celler}</{p}row>')
    dim = f"A1:{bokstav[-1]}{len(rader)}" if kolumner else "A1"
    ny = (text[:rot.end()] + f'<{p}dimension ref="{dim}"/>' + fore
          + f"<{p}sheetData>" + "".join(delar) + f"</{p}sheetData>" + "".join(efter) + f"</{p}worksheet>")
    return ny.encode("utf-8")


def _placera_dimension(xml: bytes) -> bytes:
    """Lägg ``dimension`` efter ``sheetPr`` om en sådan finns (schemaordning: sheetPr, dimension, sheetViews ...)."""
    text = xml.decode("utf-8")
    dm = re.search(r"<(?:[\w.-]+:)?dimension\b[^>]*/>", text)
    sp = re.search(r"<((?:[\w.-]+:)?)sheetPr\b[^>]*?(/?)>", text)
    if not dm or not sp or sp.start() < dm.start():
        return xml
    slut = sp.end() if sp.group(2) else text.index(f"</{sp.group(1)}sheetPr>", sp.end()) + len(f"</{sp.group(1)}sheetPr>")
    sheetpr = text[sp.start():slut]
    text = text[:sp.start()] + text[slut:]
    text = text.replace(dm.group(0), sheetpr + dm.group(0), 1)
    return text.encode("utf-8")


def satt_calcpr(wbxml: bytes, satt: dict[str, str], bort=()) -> bytes:
    """``workbook.xml`` med attributen ``satt`` i ``calcPr`` (elementet skapas om det saknas) och ``bort`` borttagna."""
    text = wbxml.decode("utf-8")
    m = re.search(r"<((?:[\w.-]+:)?)calcPr\b([^>]*?)(/?)>", text)
    nya = "".join(f' {k}="{v}"' for k, v in satt.items())
    if m:
        attr = m.group(2)
        for k in (*satt, *bort):
            attr = re.sub(rf'\s+{k}="[^"]*"', "", attr)
        return (text[:m.start()] + f"<{m.group(1)}calcPr{nya}{attr}{m.group(3)}>" + text[m.end():]).encode("utf-8")
    p = re.search(r"<((?:[\w.-]+:)?)workbook\b", text).group(1)
    slut = max(text.rfind(f"</{p}{e}>") + len(f"</{p}{e}>") if text.rfind(f"</{p}{e}>") >= 0 else -1
               for e in ("sheets", "functionGroups", "externalReferences", "definedNames"))
    return (text[:slut] + f"<{p}calcPr{nya}/>" + text[slut:]).encode("utf-8")


def _berakna_vid_oppning(wbxml: bytes) -> bytes:
    return satt_calcpr(wbxml, {"fullCalcOnLoad": "1"})


def _utan_calcchain(data: bytes, calc: str) -> bytes:
    """Ta bort calcChain ur [Content_Types].xml eller arbetsbokens rels (Excel bygger om den)."""
    text = data.decode("utf-8")
    text = re.sub(rf'<Override\b[^>]*PartName="/{re.escape(calc)}"[^>]*/>', "", text)
    text = re.sub(r'<Relationship\b[^>]*Type="[^"]*/calcChain"[^>]*/>', "", text)
    return text.encode("utf-8")


# ---------------------------------------------------------------------------------------------- uppdatering


def _backupnamn(fil: Path) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    kandidat = fil.with_name(f"{fil.stem}_backup_{stamp}{fil.suffix}")
    n = 2
    while kandidat.exists():
        kandidat = fil.with_name(f"{fil.stem}_backup_{stamp}-{n}{fil.suffix}")
        n += 1
    return kandidat


def _kontrollera_datablad(fil: Path, nya: Mapping[str, pd.DataFrame]) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(fil, read_only=True, keep_links=False)
    try:
        agda = _datablad(wb, fil.name)
        for namn, df in nya.items():
            if namn not in agda:
                raise IndataFel(f"Bladet {namn!r} är inget datablad i {fil.name} (datablad: {', '.join(agda) or 'inga'}); "
                                "xlmodel skriver bara över blad som listas i _xlmodel.")
            if namn not in wb.sheetnames:
                raise IndataFel(f"Databladet {namn!r} listas i _xlmodel men finns inte i {fil.name}.")
            if not isinstance(df, pd.DataFrame):
                raise IndataFel(f"Ny data för {namn!r} ska vara en tabell (DataFrame), fick {type(df).__name__}.")
            for rad in wb[namn].iter_rows():
                for cell in rad:
                    if getattr(cell, "value", None) is not None and ar_indatacell(cell):
                        raise IndataFel(f"Databladet {namn!r} har en gul indatacell ({cell.coordinate}); xlmodel "
                                        "skriver aldrig över indataceller. Flytta den till ett indatablad.")
    finally:
        wb.close()


def uppdatera_arbetsbok(arbetsbok, nya_data: Mapping[str, pd.DataFrame], *, backup: bool = True,
                        sparade_varden: bool = False, statiska: Mapping[str, Mapping] | None = None) -> Path | None:
    """Ersätt databladen ``nya_data`` (bladnamn → tabell) i ``arbetsbok``; allt annat bevaras byte för byte.

    ``sparade_varden``: räkna xlmodels formler och spara värdena (``sparade.med_sparade_varden``) i stället för
    ``fullCalcOnLoad``; ``statiska`` ({blad: {"A1": värde}}) skrivs då som vanliga värden (t.ex. Rapport).
    Returnerar sökvägen till säkerhetskopian (``None`` om ``backup=False``). Se modulens beskrivning.
    """
    fil = Path(arbetsbok)
    kontrollera_xlsx(fil)
    if not nya_data:
        raise IndataFel("Ingen ny data att skriva.")
    with las_for_skrivning(fil):
        fore = _fingeravtryck(fil)
        _kontrollera_datablad(fil, nya_data)
        with zipfile.ZipFile(fil) as zin:
            wbdel, blad, calc = _struktur(zin)
            ersatt = {blad[namn]: _placera_dimension(_bladxml(zin.read(blad[namn]), df, namn))
                      for namn, df in nya_data.items()}
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zut:
                for info in zin.infolist():
                    namn = info.filename
                    if namn == calc:
                        continue
                    data = zin.read(namn)
                    if namn in ersatt:
                        data = ersatt[namn]
                    elif namn == wbdel:
                        data = _berakna_vid_oppning(data)
                    elif calc and namn in ("[Content_Types].xml", _rels_for(wbdel)):
                        data = _utan_calcchain(data, calc)
                    zut.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
        nytt = buf.getvalue()
        if sparade_varden:
            from .sparade import med_sparade_varden
            nytt = med_sparade_varden(nytt, {k: dict(v) for k, v in (statiska or {}).items()})

        def ersatt_med_nytt(tmp):
            Path(tmp).write_bytes(nytt)
            with zipfile.ZipFile(tmp) as kontroll:
                if kontroll.testzip() is not None:
                    raise IndataFel("Den nya arbetsboken blev felaktig; originalet är orört.")
            kopia = None
            if _fingeravtryck(fil) != fore:
                raise IndataFel(f"{fil.name} ändrades medan den uppdaterades (sparad i Excel eller av en annan "
                                "körning); inget skrevs. Kör igen.")
            if backup:
                kopia = _backupnamn(fil)
                shutil.copy2(fil, kopia)
            return kopia

        try:
            return _skriv_atomiskt_last(fil, ersatt_med_nytt)
        except PermissionError:
            raise IndataFel(f"{fil.name} kunde inte ersättas (öppen i Excel eller skrivskyddad); "
                            "originalet är orört.") from None


# ---------------------------------------------------------------------------------------------- säker skrivning


def _fingeravtryck(fil: Path) -> tuple:
    s = fil.stat()
    return s.st_mtime_ns, s.st_size, s.st_ino


def _excel_har_oppen(fil: Path) -> bool:
    return (fil.parent / f"~${fil.name}").exists()


def _tmp_monster(fil: Path):
    return re.compile(rf"^\.{re.escape(fil.stem)}-[A-Za-z0-9_]{{8}}\.xlmodel\.tmp$")


def stada_gamla_tmp(fil) -> list[Path]:
    """Ta bort kvarlämnade temporära filer ``.<namn>-XXXXXXXX.xlmodel.tmp`` för ``fil`` (från en körning som
    dödats hårt). Anropas med låset taget, så ingen annan xlmodel-körning skriver dem just då."""
    fil = Path(fil)
    monster, borta = _tmp_monster(fil), []
    if fil.parent.is_dir():
        for p in fil.parent.iterdir():
            if monster.match(p.name):
                try:
                    p.unlink()
                    borta.append(p)
                except OSError:
                    pass
    return borta


@contextlib.contextmanager
def las_for_skrivning(fil):
    """Lås ``fil`` för skrivning: ett lås (``_Las`` på ``_lasfil``) så att två körningar
    inte skriver samtidigt, Excels ägarfil ``~$<namn>`` (boken är öppen i Excel) och skrivskydd vägras, gamla
    temporära filer städas bort, och SIGTERM avbryter så att temporära filer tas bort."""
    fil = Path(fil)
    if _excel_har_oppen(fil):
        raise IndataFel(f"{fil.name} verkar vara öppen i Excel (låsfilen ~${fil.name} finns). Stäng den först.")
    if fil.exists() and not fil.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise IndataFel(f"{fil.name} är skrivskyddad; inget skrevs. Ta bort skrivskyddet om boken ska skrivas om.")
    las = _Las(_lasfil(fil))
    if not las.ta(LAS_TIMEOUT):
        raise IndataFel(f"{fil.name} skrivs redan av en annan xlmodel-körning; vänta tills den är klar och "
                        "försök igen.")
    gammal = None
    if threading.current_thread() is threading.main_thread():
        gammal = signal.signal(signal.SIGTERM, _sigterm)
    try:
        stada_gamla_tmp(fil)
        yield fil
    finally:
        if gammal is not None:
            signal.signal(signal.SIGTERM, gammal)
        las.release()


LAS_TIMEOUT = 30  # sekunder att vänta på en annan körnings lås


class _Las:
    """Ett exklusivt lås på en låsfil. På POSIX ``fcntl.flock`` direkt — samma lås som ``filelock`` tar där, så
    de två utesluter varandra — eftersom att importera ``filelock`` kostar ~17 ms av huvudjobbet; annars
    (Windows) ``filelock``."""

    def __init__(self, sokvag: Path):
        self.sokvag, self.fd, self.las = sokvag, None, None

    def ta(self, timeout: float) -> bool:
        """Ta låset, vänta högst ``timeout`` sekunder; False om en annan håller det."""
        try:
            import fcntl
        except ImportError:
            from filelock import FileLock, Timeout
            self.las = FileLock(str(self.sokvag))
            try:
                self.las.acquire(timeout=timeout)
            except Timeout:
                return False
            return True
        slut = time.monotonic() + timeout
        fd = os.open(self.sokvag, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                self.fd = fd
                return True
            except BlockingIOError:
                if time.monotonic() >= slut:
                    os.close(fd)
                    return False
                time.sleep(0.05)

    def release(self) -> None:
        if self.las is not None:
            self.las.release()
        elif self.fd is not None:
            os.close(self.fd)  # stänger fd och släpper därmed flock-låset
            self.fd = None


def _lasfil(fil: Path) -> Path:
    """Låsfilen för ``fil``: i en egen mapp under systemets temp-mapp (inte bredvid boken), namngiven efter
    bokens fullständiga sökväg."""
    import hashlib

    mapp = Path(tempfile.gettempdir()) / "xlmodel-las"
    mapp.mkdir(exist_ok=True)
    return mapp / (hashlib.sha256(str(fil.resolve()).encode()).hexdigest()[:32] + ".lock")


def _sigterm(signum, frame):  # noqa: ARG001
    raise SystemExit(128 + signum)


def _skriv_atomiskt_last(fil: Path, skriv):
    """Med låset taget: ``skriv(tmp)`` skriver en temporär fil i samma mapp, som sedan byter namn atomiskt till
    ``fil`` (om Excel inte öppnat boken under tiden). Den temporära filen tas bort på varje väg."""
    fil.parent.mkdir(parents=True, exist_ok=True)
    fd, tmpnamn = tempfile.mkstemp(prefix=f".{fil.stem}-", suffix=".xlmodel.tmp", dir=fil.parent)
    os.close(fd)
    try:
        svar = skriv(tmpnamn)
        with open(tmpnamn, "rb+") as f:
            os.fsync(f.fileno())
        behorighet_som(tmpnamn, fil)
        if _excel_har_oppen(fil):
            raise IndataFel(f"{fil.name} öppnades i Excel under tiden (~${fil.name}); inget skrevs.")
        os.replace(tmpnamn, fil)
        return svar
    finally:
        if os.path.exists(tmpnamn):
            os.unlink(tmpnamn)


# ---------------------------------------------------------------------------------------------- CSV

_FARLIGA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def _skydda(v):
    """Text som ett kalkylprogram kan tolka som formel får ``'`` först, också efter en radbrytning eller tab
    inne i cellen (ett program som delar raden där ser annars en ny cell som börjar med ``=``)."""
    if isinstance(v, str):
        v = re.sub(r"([\r\n\t])(?=[=+\-@])", r"\1'", v)
        if v.startswith(_FARLIGA_START):
            return "'" + v
    return v


def _umask() -> int:
    nu = os.umask(0)
    os.umask(nu)
    return nu


def behorighet_som(tmp, mal) -> None:
    """Ge den temporära filen ``tmp`` (mkstemp: 0600) målets behörigheter, eller 0666 & ~umask för en ny fil."""
    if Path(mal).exists():
        shutil.copymode(mal, tmp)
    else:
        os.chmod(tmp, 0o666 & ~_umask())


def skriv_atomiskt(sokvag, skriv) -> Path:
    """Skriv ``sokvag`` via en temporär fil i samma mapp (``skriv(tmp)`` skriver den) och byt namn atomiskt;
    vid fel lämnas målet orört och den temporära filen tas bort. Saknade mappar skapas; behörigheterna blir
    den gamla filens, eller 0666 minus umask för en ny fil (``behorighet_som``). Med lås och kontroller som
    ``las_for_skrivning`` (öppen i Excel, skrivskyddad, en annan körning)."""
    fil = Path(sokvag)
    fil.parent.mkdir(parents=True, exist_ok=True)
    with las_for_skrivning(fil):
        _skriv_atomiskt_last(fil, skriv)
    return fil


def skriv_csv(df: pd.DataFrame, path, *, sep: str = ";", decimal: str = ",") -> Path:
    """Skriv ``df`` som CSV (UTF-8 med BOM, ``;`` och decimalkomma som svensk Excel) utan formelinjektion.

    Textceller (och rubriker) som börjar med ``= + - @``, tab eller radbrytning får ett inledande ``'``, likaså
    varje sådant tecken efter en radbrytning eller tab inne i cellen; celler med CR/LF citeras (radslut CRLF); tal
    skrivs som tal, även negativa. Ett namngivet index (t.ex. ``kommunkod``) skrivs som första kolumn.
    Filen skrivs först temporärt och byts sedan atomiskt (saknade mappar skapas).
    """
    if not isinstance(df, pd.DataFrame):
        raise IndataFel(f"skriv_csv: förväntade en tabell (DataFrame), fick {type(df).__name__}.")
    ut = df.reset_index() if df.index.name is not None or isinstance(df.index, pd.MultiIndex) else df.copy()
    ut.columns = [_skydda(str(c)) for c in ut.columns]
    for k in ut.columns:
        if not (pd.api.types.is_numeric_dtype(ut[k]) or pd.api.types.is_bool_dtype(ut[k])):
            ut[k] = ut[k].map(lambda v: _skydda(v) if not isinstance(v, float) or math.isnan(v)
                              else repr(v).replace(".", decimal))  # tal i en blandad kolumn förblir tal
    # radslut CRLF: då citeras varje cell med CR eller LF, så ingen ny rad börjar mitt i en cell
    return skriv_atomiskt(path, lambda tmp: ut.to_csv(tmp, sep=sep, decimal=decimal, index=False, encoding="utf-8-sig",
                                                      lineterminator="\r\n"))
