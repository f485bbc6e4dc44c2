"""Skriv resultat till Excel-filer: svenska rubriker, talformat, ett diagram, källor. Skrivs atomiskt
(temporär fil i samma mapp som sedan byter namn), så en avbruten skrivning lämnar aldrig en halv fil."""
from __future__ import annotations

import os

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.axis import ChartLines
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter

from .arbetsbok import skriv_atomiskt
from ..parametrar import parametrar, reform_antagande
from ..utjamning import RUBRIKER

TYPSNITT = "Calibri"  # anges uttryckligen: utan namn väljer t.ex. LibreOffice ett serifftypsnitt
RUBRIKSTIL = dict(font=Font(name=TYPSNITT, bold=True, color="FFFFFF"), fill=PatternFill("solid", fgColor="1F4E78"))
# Talformat som i SKR:s Skatter & bidrag: mnkr med en decimal, kr/inv och tkr i hela kronor, tusentalsavgränsare
# (visas som mellanslag med svenska inställningar) och negativa tal röda med minustecken.
FORMAT = {"kr_per_inv": "#,##0;[Red]-#,##0", "tkr": "#,##0;[Red]-#,##0", "mnkr": "#,##0.0;[Red]-#,##0.0",
          "andel": "0.0%", "antal": "#,##0", "skattesats": "0.00", "faktor": "0.0000", "procent": "0.0"}


def rubrik(ws, ref: str, text: str, storlek: int = 14) -> None:
    """Flikens rubrik i fetstil."""
    ws[ref] = text
    ws[ref].font = Font(name=TYPSNITT, bold=True, size=storlek)


def fet(**kw) -> Font:
    return Font(name=TYPSNITT, bold=True, **kw)


_STIL_ID = {"font": "fontId", "fill": "fillId", "border": "borderId", "alignment": "alignmentId"}


def satt_stil(celler, **stil) -> None:
    """Samma stil (``font``, ``fill``, ``border``, ``alignment``) på många celler, som att sätta attributen cell för
    cell: openpyxl slår upp stilobjektet i boken (hashar hela objektet) för den första cellen, de övriga får
    samma index."""
    celler = iter(celler)
    forsta = next(celler, None)
    if forsta is None:
        return
    for namn, v in stil.items():
        setattr(forsta, namn, v)
    index = [(_STIL_ID[namn], getattr(forsta._style, _STIL_ID[namn])) for namn in stil]
    for c in celler:
        if not c._style:  # som openpyxl:s StyleDescriptor
            c._style = StyleArray()
        for falt, i in index:
            setattr(c._style, falt, i)


def utskrift_liggande(ws) -> None:
    """Utskrift liggande A4, anpassad till en sida i bredd."""
    ws.page_setup.orientation, ws.page_setup.paperSize = "landscape", ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0


def radhojd_efter_text(ws, rader, kolumn: int, tecken_per_rad: int, punkter_per_rad: float) -> None:
    """Radhöjd efter den radbrutna texten i ``kolumn``: kalkylprogrammen (LibreOffice, Excel vid utskrift) räknar inte
    om en rads höjd när filen öppnas, så en lång radbruten text skulle annars överlappa raden under."""
    for r in rader:
        text = ws.cell(row=r, column=kolumn).value
        if isinstance(text, str) and len(text) > tecken_per_rad:
            ws.row_dimensions[r].height = punkter_per_rad * -(-len(text) // tecken_per_rad) + 3


def axlar_synliga(diagram) -> None:
    """openpyxl 3.1 skriver inte ``c:delete`` för axlarna, och Excel döljer dem då: sätt dem uttryckligen."""
    diagram.x_axis.delete = diagram.y_axis.delete = False
    diagram.legend.position = "b"


def spara_atomiskt(wb: Workbook, sokvag: str | os.PathLike) -> None:
    """Spara arbetsboken atomiskt (``arbetsbok.skriv_atomiskt``): vid fel lämnas målet orört."""
    skriv_atomiskt(sokvag, wb.save)


def _format_for(kolumn: str) -> str:
    if kolumn == "skattekraft_andel":
        return FORMAT["andel"]
    if kolumn.endswith("tkr") or "tkr_" in kolumn:
        return FORMAT["tkr"]
    if kolumn in ("folkmangd", "invanare"):
        return FORMAT["antal"]
    return FORMAT["kr_per_inv"]


def skriv_tabell(ws, df: pd.DataFrame, rubriker: dict[str, str], rad: int = 1) -> None:
    """Skriv en tabell (index = kommunkod eller kommunnamn) med rubrikrad, talformat och låst rubrik och
    namnkolumn (kolumn A, och B när den är kommunens namn)."""
    index = df.index.name or "kommunkod"
    kolumner = [index, *df.columns]
    for j, k in enumerate(kolumner, start=1):
        c = ws.cell(row=rad, column=j, value=rubriker.get(k, INDEXRUBRIK.get(k, k)))
        c.font, c.fill = RUBRIKSTIL["font"], RUBRIKSTIL["fill"]
        text = j == 1 or k in ("namn", "kommun")
        c.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left" if text else "right")
        # bred nog för rubrikens längsta ord (radbrytning mellan orden, inte inne i dem)
        ord_ = max(len(w) for w in str(c.value).split() or [""])
        ws.column_dimensions[get_column_letter(j)].width = max(16 if k in ("namn", "kommun") else 12, min(20, round(ord_ * 1.15) + 2))
    for i, (kod, varden) in enumerate(df.iterrows(), start=rad + 1):
        ws.cell(row=i, column=1, value=str(kod))
        for j, k in enumerate(df.columns, start=2):
            v = varden[k]
            if isinstance(v, (bool, np.bool_)):
                v = "Ja" if v else "Nej"
            c = ws.cell(row=i, column=j, value=None if pd.isna(v) else (v.item() if hasattr(v, "item") else v))
            if isinstance(c.value, (int, float)):
                c.number_format = _format_for(k)
    ws.freeze_panes = ws.cell(row=rad + 1, column=3 if "namn" in df.columns[:1] else 2)
    ws.sheet_view.zoomScale = 90
    utskrift_liggande(ws)


INDEXRUBRIK = {"kommunkod": "Kommunkod", "kommun": "Kommun"}
LSS1999_RUBRIKER = {  # kommandot lss-1999 (Ds 1999:72 modell 1, Tabell H)
    "invanare": "Invånare", "standardkostnad": "Standardkostnad, kr/inv", "standardkostnad_riket": "Standardkostnad (riksnivå), kr/inv",
    "kostnad": "Kostnad RS 1998, kr/inv", "bidrag_utan_sparr": "Bidrag/avgift utan spärr, kr/inv",
    "bidrag_med_sparr": "Bidrag/avgift med spärr, kr/inv", "netto_utan_sparr": "Nettokostnad utan spärr, kr/inv",
    "netto_med_sparr": "Nettokostnad med spärr, kr/inv", "sparregler_tillampade": "Spärregel tillämpad",
    **{f"{k}_{v}": f"{t}, {n}" for k, t in (("standardkostnad", "Standardkostnad"), ("bidrag_utan_sparr", "Bidrag utan spärr"),
                                          ("bidrag_med_sparr", "Bidrag med spärr"))
       for v, n in (("tabell_h", "Tabell H"), ("skillnad", "skillnad mot H"))},
}


def skriv_arbetsbok(flikar: dict[str, pd.DataFrame], sokvag, rubriker: dict[str, str], om: list[list]) -> Workbook:
    """En flik per tabell (index = kommunkod) med svenska rubriker och talformat, och en Om-flik först."""
    wb = Workbook()
    wb.remove(wb.active)
    for namn, df in flikar.items():
        ws = wb.create_sheet(namn)
        skriv_tabell(ws, df, rubriker)
        ws.row_dimensions[1].height = 60
    fl = wb.create_sheet("Om", 0)
    for r in [*om, [], *FORKLARING]:
        fl.append(r)
        if len(r) == 1 and r[0].endswith(":"):
            fl.cell(row=fl.max_row, column=1).font = fet()  # avsnittsrubrik
    for rad in fl.iter_rows(min_row=2):
        for c in rad:
            c.alignment = Alignment(horizontal="left", vertical="top")
    rubrik(fl, "A1", om[0][0] if om and om[0] else "")
    for kol, bredd in zip("ABCD", (38, 40, 14, 90)):
        fl.column_dimensions[kol].width = bredd
    utskrift_liggande(fl)
    return wb


FORKLARING = [
    ["Förklaring:"],
    ["kr/inv", "kronor per invånare, i hela kronor"],
    ["tkr", "tusental kronor"],
    ["Negativa tal", "röda med minustecken: en avgift (kommunen betalar), positiva tal är ett bidrag"],
    ["Kolumnerna", "rubrikraden och kolumnen med kommunen är låsta; sortera eller filtrera fritt (Data > Filter)"],
]


def stapeldiagram(ws, df: pd.DataFrame, kolumn: str, titel: str) -> None:
    """Stapeldiagram över en kolumn per kommun (kategorier = kolumn B, kommunens namn), under tabellen."""
    kol = list(df.columns).index(kolumn) + 2
    diagram = BarChart()
    diagram.title, diagram.y_axis.title = titel, "kr/inv"
    diagram.add_data(Reference(ws, min_col=kol, min_row=1, max_row=len(df) + 1), titles_from_data=True)
    diagram.set_categories(Reference(ws, min_col=2, min_row=2, max_row=len(df) + 1))
    axlar_synliga(diagram)
    diagram.legend = None  # en serie: titeln säger vad staplarna är
    diagram.y_axis.numFmt = "#,##0"
    diagram.y_axis.majorGridlines = ChartLines()
    diagram.width, diagram.height = 22, 10
    ws.add_chart(diagram, f"B{len(df) + 4}")


def _om_utjamning(ar_lista, reform: str | None, kalla: str) -> list[list]:
    p = parametrar(reform)
    rader = [
        ["Kommunalekonomisk utjämning per kommun (xlmodel)"],
        ["Regler", f"lag (2004:773), förordning (2004:881){' + reform ' + reform if reform else ''}"],
        *([["Antagande", reform_antagande(reform)]] if reform else []),
        ["Indata", kalla.split("\n")[0]],
        *[["Obs", rad] for rad in kalla.split("\n")[1:]],  # rikstotalernas källa och approximationer, en per rad
        ["Inkomstutjämning", "beräknad av xlmodel; övriga delar som givna (t.ex. SCB:s publicerade kr/inv)"],
        ["Folkmängd", "1 november året före utjämningsåret; rikets värde för medföljande data är KALIBRERAT (ej officiellt)"],
        [],
        ["Parametrar:"],
        ["Parameter", "Utjämningsår", "Värde", "Källa"],
    ]
    for ar in ar_lista:
        for namn, (etikett, visa) in OM_PARAMETRAR.items():
            rader.append([etikett, ar, visa(p[namn](ar)), p[namn].referens(ar)])
    return rader


OM_PARAMETRAR = {  # parameter: (svensk etikett, visning av värdet)
    "upprakningsfaktorer.faktorer": ("Uppräkningsfaktorer för skatteunderlaget",
                                     lambda v: " × ".join(f"{f:.5f}".replace(".", ",") for f in (v if isinstance(v, (list, tuple)) else [v]))),
    "inkomstutjamning.garantiniva.kommun": ("Garantinivå, andel av medelskattekraften", lambda v: f"{v:.0%}".replace("%", " %")),
}


def skriv_utjamning(resultat: dict[int, pd.DataFrame], sokvag, reform: str | None = None, kalla: str = "") -> None:
    """En flik per utjämningsår, ett stapeldiagram över summan per kommun för sista året och en Om-flik."""
    rubriker = {**RUBRIKER, "scb_summa_tkr": "SCB:s utfall, tkr", "scb_inkomstutjamning": "SCB:s inkomstutjämning, kr/inv"}
    wb = skriv_arbetsbok({f"Utjämning {ar}": df for ar, df in resultat.items()}, sokvag, rubriker, _om_utjamning(resultat, reform, kalla))
    sista_ar, sista = max(resultat.items())
    stapeldiagram(wb[f"Utjämning {sista_ar}"], sista, "summa_kr_per_inv", f"Utjämning {sista_ar}, kr per invånare")
    spara_atomiskt(wb, sokvag)


def skriv_jamforelse(tabell: pd.DataFrame, ar: int, sokvag, kalla: str = "") -> None:
    """Lag mot reform per kommun, med skillnaden och ett diagram över skillnaden i kr/inv."""
    reform = tabell.attrs["reform"]
    forst = [k for k in ("namn", "folkmangd") if k in tabell.columns]
    summor = [k for k in tabell.columns if k.startswith(("summa_kr_per_inv_", "summa_tkr_"))]
    tabell = tabell[[*forst, *summor, *(k for k in tabell.columns if k not in forst + summor)]]  # summorna först
    wb = skriv_arbetsbok({f"Lag mot {reform}"[:31]: tabell}, sokvag, RUBRIKER, _om_utjamning([ar], reform, kalla))
    stapeldiagram(wb.worksheets[1], tabell, "summa_kr_per_inv_skillnad", f"Reform {reform} mot lag {ar}, kr per invånare")
    spara_atomiskt(wb, sokvag)


DECIMALER = {"andel": 4, "ovrigt": 1}  # CSV-utdata: andelar med 4 decimaler, kr/inv, tkr, kr och mnkr med en


def avrunda(df: pd.DataFrame) -> pd.DataFrame:
    """Flyttalskolumner avrundade för CSV-utdata och databladet Beräknat: andelar (``*_andel``) till 4 decimaler,
    allt annat (kr/inv, tkr, kr, mnkr) till en decimal; en kolumn med bara hela tal (t.ex. folkmängd) skrivs
    som heltal. Heltal och text orörda."""
    ut = df.copy()
    for k in ut.columns:
        if pd.api.types.is_float_dtype(ut[k]):
            v = ut[k].round(DECIMALER["andel"] if str(k).endswith("andel") else DECIMALER["ovrigt"])
            hela = v.dropna()
            ut[k] = v.astype("Int64") if len(hela) and (hela == hela.round()).all() and hela.abs().max() < 2**53 else v
    return ut




def ej_angivna_text(ej_angivna) -> str:
    """Anmärkningen när budgetblockets summarader räknats utan några delar (``attrs["ej_angivna"]``)."""
    return (f"Obs: {', '.join(ej_angivna)} är inte angivna när filen skrevs; summaraderna omfattar bara de "
            "angivna delarna. Fyll i de gula cellerna i Indata (eller --lss-utjamning/--fastighetsavgift).")
