"""Gemensamma byggstenar för mallarbetsböckerna (xlmodel.excel.mallar): ny bok, atomiskt och
deterministiskt sparande, Om- och xlwings.conf-flikar, gula indataceller, matrisformler och stilar."""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.writer.excel import ExcelWriter

from .arbetsbok import skriv_atomiskt
from .bladdata import BladMedVarden
from .sparade import Berakning, _dimension, med_sparade_varden
from .utskrift import FORMAT, RUBRIKSTIL, TYPSNITT, fet, radhojd_efter_text, rubrik, satt_stil, utskrift_liggande

GUL = PatternFill("solid", fgColor="FFFF99")
GRA = PatternFill("solid", fgColor="D9D9D9")
VIT = PatternFill("solid", fgColor="FFFFFF", bgColor="FFFFFF")
UDF_MODULER = "udfs.inkomst;udfs.system;udfs.lss;udfs.ds1999;udfs.kostnad;udfs.skatter;udfs.resurs;udfs.marginal"
FAST_TID = dt.datetime(2026, 1, 1)
INSTALLATION = [
    "Installation (Windows + Excel): pip install -e . i en klon av xlmodel-repot (installera inte från PyPI)",
    "xlwings addin install, öppna mallen, klicka 'Import Functions' i xlwings-fliken",
    "UDF-modulerna står i fliken xlwings.conf. Gula celler är indata; allt annat räknas.",
    "Efter Import Functions: tryck Ctrl+Alt+F9 (räkna om allt) så att formlerna knyts till funktionerna.",
    "Utan xlwings: varje formelcell har talen som xlmodel räknade när filen skrevs (sparade värden); de syns i Excel, "
    "i Skyddad vy, Excel på webben, på Mac och i förhandsvisningar.",
    "Ändrar du en gul cell utan xlwings blir de celler som beror på den #NAME? (Excel känner inte XLM_-funktionerna): "
    "ångra (Ctrl+Z), eller kör xlmodel uppdatera / bygg om boken. LibreOffice räknar om vid öppning: läs bladet Rapport där.",
]
# Teckenförklaringen i Om: (text, fyllning, typsnitt) — cellen visar själv hur det ser ut.
FORKLARING = [
    ("Gul cell: indata. Skriv dina egna värden här; allt annat räknas av arbetsboken.", GUL, None),
    ("Blå rad: rubrik (år eller kolumnnamn).", RUBRIKSTIL["fill"], RUBRIKSTIL["font"]),
    ("Röd text: varning, t.ex. delar som saknas i en summa.", None, Font(name=TYPSNITT, bold=True, color="C00000")),
    ("mnkr = miljoner kronor med en decimal; kr/inv = kronor per invånare i hela kronor; tkr = tusental kronor.", None, None),
    ("Negativa tal visas röda med minustecken (en avgift eller ett avdrag); positiva är intäkter och bidrag.", None, None),
]


def ny_arbetsbok() -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "xlmodel"
    wb.properties.created = wb.properties.modified = FAST_TID
    return wb


def spara(wb: Workbook, sokvag) -> None:
    """Spara atomiskt med motorns värden sparade i formelcellerna (``sparade.med_sparade_varden``) och frysta tidsstämplar: ``modified``/``created`` i docProps/core.xml och zip-posternas
    datum blir ``FAST_TID`` (openpyxl skriver annars sparandetiden), så att bygget blir byte för byte lika.
    Värdena skrivs in när bladen skrivs (``bladdata``); bara blad som openpyxl skrev själv får dem efteråt."""
    varden = Berakning(wb, strikt=True).alla()  # på boken i minnet: den läses inte in igen
    paket, kvar = _okomprimerad_med_varden(wb, varden)
    paket = med_sparade_varden(paket, strikt=True, varden=kvar, tid=FAST_TID)
    skriv_atomiskt(sokvag, lambda tmp: Path(tmp).write_bytes(paket))


class _Skrivare(ExcelWriter):
    """openpyxl:s ``ExcelWriter`` med varje blad i minnet i stället för i en temporär fil (att skapa och ta bort
    en fil per blad kostar mer än att skriva bladen), och med de sparade värdena ``nya`` ({blad: {"B4": (värde,
    True)}}) skrivna i bladen (``bladdata.BladMedVarden``); ``kvar`` får värdena för blad som openpyxl skrev
    själv. Bladens zip-poster får samma filläge som openpyxl:s temporära filer (vanlig fil, 0600), så paketet
    blir detsamma."""

    def __init__(self, wb, arkiv, nya: dict | None = None):
        super().__init__(wb, arkiv)
        self.nya, self.kvar = nya or {}, {}

    def write_worksheet(self, ws):  # som ExcelWriter.write_worksheet
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts, ws._drawing.images = ws._charts, ws._images
        nya = self.nya.get(ws.title)
        blad = BladMedVarden(ws, io.BytesIO(), nya) if nya else WorksheetWriter(ws, out=io.BytesIO())
        blad.write()
        ws._rels = blad._rels
        if not nya:
            xml = blad.read()
        elif blad.data is None:
            xml = blad.read()
            self.kvar.update({(ws.title, ref): v for ref, (v, _) in nya.items()})
        else:
            xml = _dimension(blad.xml().decode("utf-8"), "", nya).encode("utf-8")
        info = zipfile.ZipInfo(ws.path[1:], date_time=FAST_TID.timetuple()[:6])
        info.external_attr = 0o100600 << 16
        self._archive.writestr(info, xml)
        self.manifest.append(ws)


def _okomprimerad(wb: Workbook) -> bytes:
    """Boken som okomprimerat xlsx-paket i minnet (``med_sparade_varden`` komprimerar en gång)."""
    return _okomprimerad_med_varden(wb, {})[0]


def _okomprimerad_med_varden(wb: Workbook, varden: dict) -> tuple[bytes, dict]:
    """Som ``_okomprimerad`` med värdena ({(blad, "B4"): värde}, ``Berakning.alla``) skrivna i bladen; ger
    paketet och de värden som ännu inte skrivits (blad som openpyxl skrev själv)."""
    nya: dict[str, dict] = {}
    for (blad, ref), v in varden.items():
        nya.setdefault(blad, {})[ref] = (v, True)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED, allowZip64=True) as arkiv:
        skrivare = _Skrivare(wb, arkiv, nya)
        skrivare.write_data()
    return buf.getvalue(), skrivare.kvar


def konf_flik(wb: Workbook) -> None:
    """Fliken ``xlwings.conf`` som pekar ut UDF-modulerna (xlwings läser den före användarens inställningar)."""
    ws = wb.create_sheet("xlwings.conf")
    ws.append(["UDF Modules", UDF_MODULER])
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 60


def om_flik(wb: Workbook, titel: str, rader: list[str], kallor: list[str], steg: list[str] | None = None,
            forklaring: list[tuple] | None = None) -> None:
    """Fliken Om först: vad mallen gör, så här gör du (numrerade steg), förklaring av färger och enheter,
    installation och källor."""
    ws = wb.create_sheet("Om", 0)
    rubrik(ws, "A1", titel)
    ws.sheet_properties.tabColor = "1F4E78"

    def avsnitt(namn: str, texter) -> None:
        ws.append([])
        ws.append([namn])
        ws.cell(row=ws.max_row, column=1).font = fet(size=12)
        for t in texter:
            text, fyll, typsnitt = t if isinstance(t, tuple) else (t, None, None)
            ws.append([text])
            c = ws.cell(row=ws.max_row, column=1)
            if fyll is not None:
                c.fill = fyll
            if typsnitt is not None:
                c.font = typsnitt

    avsnitt("Om mallen", rader)
    if steg:
        avsnitt("Så här gör du", [f"{i}. {t}" for i, t in enumerate(steg, start=1)])
    avsnitt("Förklaring", forklaring or FORKLARING)
    avsnitt("Installation", INSTALLATION)
    avsnitt("Källor", kallor)
    ws.column_dimensions["A"].width = 105
    # långa rader radbryts i kolumnen och sidan skrivs ut en sida bred (rader spillde annars över på en andra sida)
    satt_stil((rad[0] for rad in ws.iter_rows(min_row=2)), alignment=Alignment(wrap_text=True, vertical="top"))
    radhojd_efter_text(ws, range(2, ws.max_row + 1), 1, 115, 15)  # bredd 105 med 11 punkter: ~115 tecken per rad
    utskrift_liggande(ws)


def vardeblad(wb: Workbook, titel: str, forklaring: str, tabell: pd.DataFrame, kolumner: dict[str, tuple[str, str | None]],
              anmarkningar: list[str] | None = None, index: int = 1):
    """Bladet Rapport (på plats ``index``, efter Om): ``tabell`` som värden, motorns tal när filen skrevs, med svenska
    rubriker och talformat (``kolumner``: kolumn → (rubrik, talformat eller None)) och ``anmarkningar`` under. Det
    läses i varje kalkylprogram, också där XLM_-funktionerna inte finns (LibreOffice visar dem som #NAME?)."""
    ws = wb.create_sheet("Rapport", index)
    ws.sheet_properties.tabColor = "00B050"
    rubrik(ws, "A1", titel)
    ws["A2"] = forklaring
    rubrikrad(ws, 4, 1, [r for r, _ in kolumner.values()])
    rubrikstil(ws, f"A4:{get_column_letter(len(kolumner))}4")  # rubrikerna över talen högerställda som talen
    for c in ws[4][1:len(kolumner)]:  # långa rubriker radbryts i sin kolumn (högst tre rader)
        c.alignment = Alignment(horizontal="right", vertical="bottom", wrap_text=True)
    ws.row_dimensions[4].height = 15 * min(3, max(1, -(-max(len(r) for r, _ in kolumner.values()) // 26)))
    for i, rad in enumerate(tabell[list(kolumner)].itertuples(index=False), start=5):
        for k, v in enumerate(rad, start=1):
            ws.cell(row=i, column=k, value=None if pd.isna(v) else v)
    sista = 4 + len(tabell)
    for k, (_, fmt) in enumerate(kolumner.values(), start=1):
        if fmt:
            format_omrade(ws, f"{get_column_letter(k)}5:{get_column_letter(k)}{sista}", fmt)
    ws.column_dimensions["A"].width = 20
    if anmarkningar is not None:
        ws.cell(row=sista + 2, column=1, value="Anmärkningar").font = fet()
        for i, text in enumerate(anmarkningar or ["Inga."], start=sista + 3):
            ws.cell(row=i, column=1, value=text)
    ws.freeze_panes = "B5"
    ws.print_title_rows = "4:4"
    utskrift_liggande(ws)
    return ws


def bredd(ws, kolumn: int | str, minst: float) -> None:
    """Kolumnbredd minst ``minst`` tecken; en bredare kolumn (t.ex. en etikettkolumn) förblir bredare."""
    kol = kolumn if isinstance(kolumn, str) else get_column_letter(kolumn)
    gammal = ws.column_dimensions[kol].width if kol in ws.column_dimensions else 0
    ws.column_dimensions[kol].width = max(gammal or 0, minst)


def rubrikstil(ws, omrade: str) -> None:
    """Blå rubrikstil (vit fet text) på ett område, t.ex. årsraden i en matrisformel: första kolumnen
    vänsterställd (etiketter), övriga högerställda som talen under."""
    for rad in ws[omrade]:
        satt_stil(rad, font=RUBRIKSTIL["font"], fill=RUBRIKSTIL["fill"])
        satt_stil(rad[1:], alignment=Alignment(horizontal="right"))


def format_omrade(ws, omrade: str, format_: str, font: Font | None = None) -> None:
    for rad in ws[omrade]:
        for c in rad:
            c.number_format = format_
            if font is not None:
                c.font = font


def rubrikrad(ws, rad: int, kolumn: int, rubriker: list[str]) -> None:
    for j, r in enumerate(rubriker):
        c = ws.cell(row=rad, column=kolumn + j, value=r)
        c.font, c.fill = RUBRIKSTIL["font"], RUBRIKSTIL["fill"]
        bredd(ws, kolumn + j, max(12, min(28, len(str(r)) + 2)))


def indatatabell(ws, df: pd.DataFrame, rad: int = 1, kolumn: int = 1, format_: str = "#,##0.0") -> str:
    """Skriv en indatatabell (gula celler) med rubrikrad; returnerar dess område, t.ex. 'A1:F289'."""
    rubrikrad(ws, rad, kolumn, list(df.columns))
    for i, rad_v in enumerate(df.itertuples(index=False), start=rad + 1):
        for j, v in enumerate(rad_v):
            c = ws.cell(row=i, column=kolumn + j, value=None if pd.isna(v) else (v.item() if hasattr(v, "item") else v))
            c.fill = GUL
            if isinstance(c.value, float):
                c.number_format = format_
            elif isinstance(c.value, int) and not isinstance(c.value, bool) and not 1900 <= c.value <= 2100:
                c.number_format = FORMAT["antal"]  # hela tal med tusentalsavgränsare; årtal orörda
    return f"{get_column_letter(kolumn)}{rad}:{get_column_letter(kolumn + df.shape[1] - 1)}{rad + len(df)}"


def kolumnforklaring(ws, ref: str, forklaring: dict[str, str]) -> None:
    """En förklaring av tabellens kolumnnamn (som funktionerna läser eller skriver och därför inte översätts),
    med början i ``ref``: en rad per kolumn, "namn: betydelse"."""
    c = ws[ref]
    ws.cell(row=c.row, column=c.column, value="Kolumnerna:").font = fet()
    for i, (namn, text) in enumerate(forklaring.items(), start=c.row + 1):
        ws.cell(row=i, column=c.column, value=f"{namn}: {text}").font = Font(name=TYPSNITT, italic=True)


def indatacell(ws, ref: str, etikett: str, varde, format_: str | None = None) -> str:
    """En etikett i kolumnen före och ett gult indatavärde; returnerar absolut referens med fliknamn."""
    c = ws[ref]
    ws.cell(row=c.row, column=c.column - 1, value=etikett)
    c.value, c.fill = varde, GUL
    ws.cell(row=c.row, column=c.column - 1).font = Font(name=TYPSNITT)
    if format_:
        c.number_format = format_
    return f"'{ws.title}'!${get_column_letter(c.column)}${c.row}"


def matrisformel(ws, overst: str, rader: int, kolumner: int, formel: str, rubrikrad: bool = True) -> str:
    """En tabellfunktion som fast matrisformel över rader × kolumner med början i ``overst`` (``rubrikrad``:
    funktionens första rad är rubriker, i fetstil)."""
    c = ws[overst]
    omrade = f"{overst}:{get_column_letter(c.column + kolumner - 1)}{c.row + rader - 1}"
    ws[overst] = ArrayFormula(omrade, formel)
    for j in range(kolumner):
        bredd(ws, c.column + j, 14)
        if rubrikrad:
            ws.cell(row=c.row, column=c.column + j).font = fet()
    return omrade


def dolj_na(ws, omrade: str) -> None:
    """Celler som visar #N/A (matrisformeln är större än resultatet, t.ex. år efter planåren) visas tomma: vit
    text på vit botten (även i en blå rubrikrad)."""
    ws.conditional_formatting.add(omrade, FormulaRule(formula=[f"ISNA({omrade.split(':')[0]})"], font=Font(color="FFFFFF"), fill=VIT))



def summarader(ws, forsta: int, poster, sista: str) -> None:
    """Summaraderna (poster som börjar med "Summa") i fetstil med en tunn linje över."""
    for i, post in enumerate(poster, start=forsta):
        if str(post).startswith("Summa"):
            satt_stil(ws[f"A{i}:{sista}{i}"][0], font=fet(), border=Border(top=Side("thin")))


def skriv_dataflik(ws, df: pd.DataFrame) -> None:
    """Ett datablad i kontraktets form: rubrikrad på rad 1, data från rad 2, inga formatmallar (se ``arbetsbok``)."""
    ws.append([str(c) for c in df.columns])
    df = df.copy(deep=False)
    df.attrs = {}  # pandas kopierar attrs (t.ex. källorna per år) djupt för varje kolumn som itertuples läser
    for rad in df.itertuples(index=False):
        ws.append([None if pd.isna(v) else (v.item() if hasattr(v, "item") else v) for v in rad])


