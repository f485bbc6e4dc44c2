"""Mallarbetsböcker som anropar xlmodels Excel-funktioner (UDF:er) levande. Byggs av kod:

    xlmodel bygg-mallar            # skriver workbooks/*.xlsx

Varje mall har en flik ``Om`` (vad, installation, källor), en flik ``xlwings.conf`` (UDF-modulerna), gula
indataceller och formler i filens engelska form (``,`` som avskiljare). Tabellfunktionerna skrivs som
matrisformler av fast storlek (klassisk Ctrl+Skift+Retur-form) så att de fungerar i alla Excelversioner.
Byggandet är deterministiskt: samma indata ger byte för byte samma fil. openpyxl skriver sparandetiden i
``docProps/core.xml`` och i zip-posternas datum; ``spara`` skriver därför om filen med ``FAST_TID`` på båda ställena.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference, ScatterChart, Series
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula

from .fel import IndataFel
from .arbetsbok import skriv_atomiskt
from .utskrift import FORMAT, RUBRIKSTIL, TYPSNITT, axlar_synliga, fet, rubrik, utskrift_liggande

GUL = PatternFill("solid", fgColor="FFFF99")
GRA = PatternFill("solid", fgColor="D9D9D9")
VIT = PatternFill("solid", fgColor="FFFFFF", bgColor="FFFFFF")
UDF_MODULER = "udfs.inkomst;udfs.system;udfs.lss;udfs.ds1999;udfs.kostnad;udfs.skatter;udfs.resurs"
FAST_TID = dt.datetime(2026, 1, 1)
INSTALLATION = [
    "Installation (Windows + Excel): pip install -e . i en klon av xlmodel-repot (installera inte från PyPI)",
    "xlwings addin install, öppna mallen, klicka 'Import Functions' i xlwings-fliken",
    "UDF-modulerna står i fliken xlwings.conf. Gula celler är indata; allt annat räknas.",
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
    """Spara atomiskt med frysta tidsstämplar: ``modified``/``created`` i docProps/core.xml och zip-posternas
    datum blir ``FAST_TID`` (openpyxl skriver annars sparandetiden), så att bygget blir byte för byte lika."""
    rå = io.BytesIO()
    wb.save(rå)
    stampel = FAST_TID.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(rå) as inn, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as ut:
        for info in inn.infolist():
            innehall = inn.read(info.filename)
            if info.filename == "docProps/core.xml":
                innehall = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stampel, innehall)
            ny = zipfile.ZipInfo(info.filename, date_time=FAST_TID.timetuple()[:6])
            ny.compress_type, ny.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
            ut.writestr(ny, innehall)
    skriv_atomiskt(sokvag, lambda tmp: Path(tmp).write_bytes(buf.getvalue()))


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
    ws.column_dimensions["A"].width = 125


def bredd(ws, kolumn: int | str, minst: float) -> None:
    """Kolumnbredd minst ``minst`` tecken; en bredare kolumn (t.ex. en etikettkolumn) förblir bredare."""
    kol = kolumn if isinstance(kolumn, str) else get_column_letter(kolumn)
    gammal = ws.column_dimensions[kol].width if kol in ws.column_dimensions else 0
    ws.column_dimensions[kol].width = max(gammal or 0, minst)


def rubrikstil(ws, omrade: str) -> None:
    """Blå rubrikstil (vit fet text) på ett område, t.ex. årsraden i en matrisformel: första kolumnen
    vänsterställd (etiketter), övriga högerställda som talen under."""
    for rad in ws[omrade]:
        for c in rad:
            c.font, c.fill = RUBRIKSTIL["font"], RUBRIKSTIL["fill"]
            if c.column > rad[0].column:
                c.alignment = Alignment(horizontal="right")


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


def matrisformel(ws, overst: str, rader: int, kolumner: int, formel: str, rubriker: list[str] | None = None) -> str:
    """En tabellfunktion som fast matrisformel över rader × kolumner med början i ``overst``."""
    c = ws[overst]
    omrade = f"{overst}:{get_column_letter(c.column + kolumner - 1)}{c.row + rader - 1}"
    ws[overst] = ArrayFormula(omrade, formel)
    for j in range(kolumner):
        bredd(ws, c.column + j, 14)
        ws.cell(row=c.row, column=c.column + j).font = fet()
    return omrade


def bygg_lss_ds1999(sokvag) -> Path:
    """Mall 3: LSS-utjämning enligt Ds 1999:72 modell 1: Tabell G in, Tabell H ut, med spärreglerna."""
    from .lss_ds1999 import ds1999_tabell_g, ds1999_tabell_h

    g = ds1999_tabell_g()
    h = ds1999_tabell_h().set_index("kommun")
    kolumner = ["kommun", "invanare", "pk12_red_per10k", "boende_per10k", "daglig_per10k"]
    indata = g[kolumner].dropna().copy()  # rader med i.u. i tabell G kan inte räknas
    indata["kostnad"] = h["kostnad_rs98"].reindex(indata["kommun"]).to_numpy()

    wb = ny_arbetsbok()
    ws = wb.create_sheet("Tabell G")
    omrade = indatatabell(ws, indata)
    format_omrade(ws, f"F2:F{len(indata) + 1}", FORMAT["kr_per_inv"])
    ws.freeze_panes = "B2"
    ws.sheet_properties.tabColor = "FFC000"
    kolumnforklaring(ws, "H2", {
        "kommun": "kommunens namn", "invanare": "invånare 1998",
        "pk12_red_per10k": "personkrets 1–2 (reducerad), personer per 10 000 invånare",
        "boende_per10k": "personer i särskilt boende per 10 000 invånare",
        "daglig_per10k": "personer i daglig verksamhet per 10 000 invånare",
        "kostnad": "kommunens LSS-kostnad enligt RS 1998, kr/inv (Tabell H)"})

    s = wb.create_sheet("Schabloner")
    s["A1"] = "Schabloner och val (Ds 1999:72 avsnitt 5.1.3–5.1.4)"
    s["A1"].font = fet(size=12)
    s.column_dimensions["A"].width = 52
    s.column_dimensions["B"].width = 14
    ref = [
        indatacell(s, "B3", "Personkrets 1–2, kr per person", 102_000, "#,##0"),
        indatacell(s, "B4", "Särskilt boende, kr per person", 500_000, "#,##0"),
        indatacell(s, "B5", "Daglig verksamhet, kr per person", 138_000, "#,##0"),
        indatacell(s, "B6", "Andel av boendeschablonen (1 eller 0,9)", 1, "0.00"),
        indatacell(s, "B7", "Spärregler (1 = ja, 0 = nej)", 1, "0"),
        indatacell(s, "B8", "Rikets genomsnittliga LSS-kostnad, kr/inv", 1_750, "#,##0"),
    ]
    ut = wb.create_sheet("Tabell H")
    antal_kol = 11  # kommun + 10 resultatkolumner (se XLM_LSS1999_TABELL)
    formel = f"=XLM_LSS1999_TABELL('Tabell G'!{omrade},{','.join(ref)})"
    utomrade = matrisformel(ut, "A1", len(indata) + 1, antal_kol, formel)
    for rad in ut.iter_rows(min_row=2, max_row=len(indata) + 1, min_col=3, max_col=antal_kol):
        for c in rad:
            c.number_format = FORMAT["antal"] if c.column == 3 else FORMAT["kr_per_inv"]
    rubrikstil(ut, f"A1:{get_column_letter(antal_kol)}1")
    for j in range(4, antal_kol + 1):
        ut.column_dimensions[get_column_letter(j)].width = 22  # rubrikerna är funktionens kolumnnamn
    ut.freeze_panes = "C2"
    kolumnforklaring(ut, "M28", {
        "invanare": "invånare", "standardkostnad": "kommunens standardkostnad, kr/inv",
        "standardkostnad_riket": "rikets standardkostnad (vägt), kr/inv", "kostnad": "faktisk kostnad RS 1998, kr/inv",
        "bidrag_utan_sparr / bidrag_med_sparr": "bidrag (+) eller avgift (−), kr/inv, utan och med spärreglerna",
        "netto_utan_sparr / netto_med_sparr": "kostnad minus bidrag, kr/inv", "sparregler_tillampade": "SANT om spärreglerna används"})
    diagram = ScatterChart()
    diagram.title = "Faktisk kostnad mot standardkostnad, kr/inv"
    diagram.x_axis.title, diagram.y_axis.title = "Standardkostnad, kr/inv", "Kostnad RS 1998, kr/inv"
    axlar_synliga(diagram)
    diagram.legend = None
    diagram.x_axis.numFmt = diagram.y_axis.numFmt = "#,##0"
    serie = Series(Reference(ut, min_col=6, min_row=2, max_row=len(indata) + 1),  # kostnad
                   Reference(ut, min_col=4, min_row=2, max_row=len(indata) + 1), title="kommuner")  # standardkostnad
    serie.marker.symbol, serie.graphicalProperties.line.noFill = "circle", True
    diagram.series.append(serie)
    diagram.width, diagram.height = 20, 12
    ut.add_chart(diagram, "M3")

    om_flik(wb, "LSS-utjämning enligt Ds 1999:72, modell 1", [
        "Tabell G (personer per 10 000 invånare, Socialstyrelsen 1999) in, Tabell H ut.",
        f"Tabell H räknas av =XLM_LSS1999_TABELL(...) i {utomrade} (matrisformel).",
        "Ändra schablonerna i fliken Schabloner, eller siffrorna i Tabell G, så räknas Tabell H om.",
        f"{len(g) - len(indata)} kommuner med i.u. i Tabell G saknas (kan inte räknas).",
    ], ["Ds 1999:72 Utjämning av LSS-kostnader mellan kommuner, bilaga 2 tabell G och bilaga 3 tabell H."])
    konf_flik(wb)
    spara(wb, sokvag)
    return Path(sokvag)


# Exempelvärden för mallen Resursfördelning socialnämnden: en tänkt kommun med ca 19 000 invånare.
# De är ILLUSTRATIVA (inte en verklig kommuns prognos eller priser) och ska ersättas av användaren.
RESURS_AR = list(range(2025, 2030))
RESURS_BEFOLKNING = {  # grupp: (antal år 1, årlig förändring)
    "invanare": (19_000, 120), "65-79": (3_050, 20), "80-89": (930, 45), "90-w": (185, 8), "hsl_volym": (4_165, 73),
    "lss_bostad_vuxna": (38, 1), "lss_bostad_barn": (1, 0), "lss_familjehem": (1, 0), "lss_personlig_assistans_lss": (6, 0),
    "lss_personlig_assistans_sfb": (14, 0), "lss_daglig_verksamhet": (62, 2), "lss_korttidsvistelse": (12, 0),
    "lss_korttidstillsyn": (5, 0), "lss_avlosarservice": (4, 0), "lss_ledsagarservice": (6, 0), "lss_kontaktperson": (20, 0),
}
RESURS_PRISER = {  # komponent: kr per volymenhet år 1 (exempel)
    "ifo": 4_500, "65-79 år": 22_000, "80-89 år": 125_000, "90- år": 330_000, "halso_och_sjukvard": 5_200,
    "bostad_vuxna": 1_250_000, "bostad_barn": 1_562_500, "familjehem": 562_500, "personlig_assistans_lss": 700_000,
    "personlig_assistans_sfb": 350_000, "daglig_verksamhet": 290_000, "korttidsvistelse": 600_000,
    "korttidstillsyn": 330_000, "avlosarservice": 150_000, "ledsagarservice": 150_000, "kontaktperson": 60_000,
}
RESURS_MODELLER = "socialnamnden_ifo;socialnamnden_aldreomsorg;socialnamnden_lss;socialnamnden_hsl"


def bygg_resursfordelning(sokvag) -> Path:
    """Mall 2: Resursfördelning socialnämnden (seed 001): befolkning per grupp och år, priser, ramar, diagram."""
    wb = ny_arbetsbok()
    ws = wb.create_sheet("Befolkning")
    bef = pd.DataFrame(
        [[g, *[n + d * i for i in range(len(RESURS_AR))]] for g, (n, d) in RESURS_BEFOLKNING.items()],
        columns=["grupp", *RESURS_AR],
    )
    bef_omr = indatatabell(ws, bef, format_="#,##0")
    ws.column_dimensions["A"].width = 30
    ws.freeze_panes = "B2"
    ws.sheet_properties.tabColor = "FFC000"
    ws.cell(row=len(bef) + 3, column=1, value="Antal 31 december (befolkningsprognos; LSS: antal insatser). Exempelvärden: ersätt med kommunens.")

    p = wb.create_sheet("Priser")
    pr = pd.DataFrame([[k, RESURS_AR[0], v] for k, v in RESURS_PRISER.items()], columns=["komponent", "ar", "pris"])
    pr_omr = indatatabell(p, pr, format_="#,##0")
    p.column_dimensions["A"].width = 28
    pkv = pd.DataFrame({"ar": RESURS_AR[1:], "pkv": [0.03] * (len(RESURS_AR) - 1)})
    pkv_omr = indatatabell(p, pkv, rad=1, kolumn=5, format_="0.0%")
    p.cell(row=len(pr) + 3, column=1, value="Pris år 1 i kr per volymenhet (IFO: kommunens standardkostnad kr/inv). Senare år räknas upp med PKV.")

    st = wb.create_sheet("Inställningar")
    st.column_dimensions["A"].width = 30
    st.column_dimensions["B"].width = 70
    modell = indatacell(st, "B1", "Modeller", RESURS_MODELLER)
    fran = indatacell(st, "B2", "Första budgetår", RESURS_AR[0])
    till = indatacell(st, "B3", "Sista budgetår", RESURS_AR[-1])

    args = f"{modell},'Befolkning'!{bef_omr},{fran},{till},'Priser'!{pr_omr},'Priser'!{pkv_omr}"
    r = wb.create_sheet("Ramar", 1)
    r["A1"] = "Socialnämndens ram per år"
    r["A1"].font = fet(size=12)
    ramomr = matrisformel(r, "A3", len(RESURS_AR) + 1, 8, f"=XLM_RESURS_RAMAR({args})")
    for rad in r.iter_rows(min_row=4, max_row=len(RESURS_AR) + 3, min_col=3, max_col=8):
        for c in rad:
            c.number_format = FORMAT["mnkr"] if c.column == 4 else FORMAT["kr_per_inv"]
    rubrikstil(r, "A3:H3")
    r.column_dimensions["A"].width = 16
    r.freeze_panes = "A4"
    r["A2"] = "Belopp i kronor; ram_mnkr i miljoner kronor. Förändringen mot året före delas upp i volym-, pris- och påslagseffekt."
    diagram = BarChart()
    diagram.title, diagram.y_axis.title = "Socialnämndens ram per år, mnkr", "mnkr"
    diagram.add_data(Reference(r, min_col=4, min_row=3, max_row=len(RESURS_AR) + 3), titles_from_data=True)
    diagram.set_categories(Reference(r, min_col=2, min_row=4, max_row=len(RESURS_AR) + 3))
    axlar_synliga(diagram)
    diagram.legend = None
    diagram.y_axis.numFmt = "#,##0"
    diagram.width, diagram.height = 18, 9
    r.add_chart(diagram, "A12")

    d = wb.create_sheet("Detalj", 2)
    n_komp = len(RESURS_PRISER)
    detaljomr = matrisformel(d, "A1", n_komp * len(RESURS_AR) + 1, 15, f"=XLM_RESURS_TABELL({args})")
    rubrikstil(d, "A1:O1")
    for kol, fmt in zip("EFHIJKLMNO", (FORMAT["antal"], FORMAT["antal"], FORMAT["antal"], "0%", FORMAT["kr_per_inv"],
                                        FORMAT["mnkr"], *[FORMAT["kr_per_inv"]] * 4)):
        format_omrade(d, f"{kol}2:{kol}{n_komp * len(RESURS_AR) + 1}", fmt)
    d.column_dimensions["B"].width = 26
    d.column_dimensions["D"].width = 24
    d.freeze_panes = "E2"

    om_flik(wb, "Resursfördelning socialnämnden", [
        "Volym multiplicerat med ett ersättningsbelopp per volymenhet (seed 001): IFO, äldreomsorg, LSS, hälso- och sjukvård.",
        "IFO = kommunens standardkostnad för IFO (kr/inv) × (1 + påslag: 10 % före 2023, 5 % från 2023) × invånare.",
        "LSS = Σ antal insatser × genomsnittskostnad per insats (LSS-utjämningens prislappar).",
        f"Ramarna räknas av =XLM_RESURS_RAMAR(...) i Ramar!{ramomr}; varje komponent i Detalj!{detaljomr}.",
        "Förändringen mot året före delas upp i volym-, pris- och påslagseffekt.",
        "Befolkning och priser är EXEMPELVÄRDEN för en tänkt kommun: ersätt de gula cellerna med kommunens egna.",
        "Kriterier (seed 001): opåverkbarhet, låga kostnader, stabilitet utan tröskeleffekter, offentliga data senast i februari.",
    ], ["Seed 001: Uppdrag resursfördelningsmodell socialnämnden.", "Förordning (2008:776) 5 § och bilaga (LSS-prislappar)."])
    konf_flik(wb)
    spara(wb, sokvag)
    return Path(sokvag)


SOB_ANTAGANDEN = {  # variabel i xlmodel.Antaganden: förklaring
    "skattesats": "Kommunens skattesats, procent (tomt: 2025/2026 ur data, sedan oförändrad)",
    "folkmangd": "Befolkningsprognos: invånare 1 november året före (tomt: rikets takt)",
    "skatteunderlag_okning": "Rikets skatteunderlag, ökning i procent per inkomstår (tomt: prognosfilen)",
    "kostnadsutjamning": "Kostnadsutjämning, kr/inv (tomt: SCB:s utfall, sedan oförändrad)",
    "lss_utjamning": "LSS-utjämning, kr/inv (ingår inte i medföljande data: fyll i)",
    "strukturbidrag": "Strukturbidrag, kr/inv (tomt: SCB:s utfall)",
    "inforandebidrag": "Införandebidrag, kr/inv (tomt: SCB:s utfall)",
    "regleringspost": "Regleringsbidrag (+) / -avgift (−), kr/inv (tomt: SCB:s utfall, sedan prognosfilen)",
    "fastighetsavgift": "Kommunal fastighetsavgift, kr (ingår inte i medföljande data: fyll i)",
    "ovriga_bidrag": "Övriga generella statsbidrag, kr",
}
SOB_PLANAR = 3  # förvalt antal planår (gul cell Indata!B5)
SOB_MAX_PLANAR = 8  # matrisformlerna rymmer budgetår + 8 planår (Antaganden.planar: 0–8)
# Standardvärdet bredvid varje gul cell: (flik Standard, rad i dess tabell) eller en text när data saknas.
SOB_STANDARD = {
    "skattesats": ("varden", "skattesats"), "folkmangd": ("varden", "folkmangd"),
    "skatteunderlag_okning": "prognosfilen", "kostnadsutjamning": ("krinv", "Kostnadsutjämning"),
    "lss_utjamning": "ej i data: fyll i", "strukturbidrag": ("krinv", "Strukturbidrag"),
    "inforandebidrag": ("krinv", "Införandebidrag"), "regleringspost": ("krinv", "Regleringsbidrag/-avgift"),
    "fastighetsavgift": "ej i data: fyll i", "ovriga_bidrag": "tomt = 0",
}
# En flik per del av utjämningen och bidragen: flik: (rubrik, budgetrader, värden ur XLM_SOB_VARDEN)
SOB_DELAR = {
    "Skatteintäkter": ("Skatteintäkter (lag 1965:269 4–6 §§)", ["Kommunalskatt", "Slutavräkning året innan",
                       "Slutavräkning innevarande år", "Summa skatteintäkter"], ["folkmangd", "skattesats", "upprakningsfaktor"]),
    "Inkomstutjämning": ("Inkomstutjämning (lag 2004:773 3–7 §§)", ["Inkomstutjämning"],
                         ["skattekraft", "medelskattekraft", "inkomstutjamning_kr_per_inv", "folkmangd"]),
    "Kostnadsutjämning": ("Kostnadsutjämning (lag 2004:773 8–11 §§)", ["Kostnadsutjämning"], []),
    "LSS-utjämning": ("LSS-utjämning (lag 2008:342; fylls i i Indata, ingår inte i medföljande data)", ["LSS-utjämning"], []),
    "Strukturbidrag": ("Strukturbidrag (förordning 2004:881 7 §)", ["Strukturbidrag"], []),
    "Införandebidrag": ("Införandebidrag (lag 2004:773 17 §)", ["Införandebidrag"], []),
    "Regleringspost": ("Regleringsbidrag/-avgift (lag 2004:773 15–16 §§)", ["Regleringsbidrag/-avgift"], []),
    "Fastighetsavgift och övriga": ("Kommunal fastighetsavgift (lag 2007:1398) och övriga generella statsbidrag",
                                    ["Kommunal fastighetsavgift", "Övriga generella statsbidrag"], []),
}
SOB_NOT = ("Obs: LSS-utjämning och/eller kommunal fastighetsavgift är inte ifyllda i Indata (rad {lss} och {fast}) "
           "för alla år: summaraderna saknar dessa delar. Fyll i de gula cellerna.")


# Talformat per antagande (gula celler och standardvärdena bredvid) och per värde ur XLM_SOB_VARDEN.
SOB_FORMAT = {"skattesats": FORMAT["skattesats"], "folkmangd": FORMAT["antal"], "skatteunderlag_okning": FORMAT["procent"],
              "fastighetsavgift": FORMAT["tkr"], "ovriga_bidrag": FORMAT["tkr"]}  # övriga: kr/inv
VARDE_ETIKETT = {  # värdena ur XLM_SOB_VARDEN: (svensk etikett, talformat)
    "folkmangd": ("Folkmängd 1 november året före", FORMAT["antal"]),
    "skattesats": ("Skattesats, procent", FORMAT["skattesats"]),
    "upprakningsfaktor": ("Uppräkningsfaktor för skatteunderlaget", FORMAT["faktor"]),
    "skattekraft": ("Skattekraft (uppräknad), kr/inv", FORMAT["kr_per_inv"]),
    "medelskattekraft": ("Medelskattekraft i riket (uppräknad), kr/inv", FORMAT["kr_per_inv"]),
    "inkomstutjamning_kr_per_inv": ("Inkomstutjämning, kr/inv", FORMAT["kr_per_inv"]),
}
AR_BREDD = 10  # årskolumnerna

DATAOMRADE = "'Data'!$A$1:$M$60"  # tomma rader hoppas över; plats för fler år vid uppdatering


def dolj_na(ws, omrade: str) -> None:
    """Celler som visar #N/A (matrisformeln är större än resultatet, t.ex. år efter planåren) visas tomma: vit
    text på vit botten (även i en blå rubrikrad)."""
    ws.conditional_formatting.add(omrade, FormulaRule(formula=[f"ISNA({omrade.split(':')[0]})"], font=Font(color="FFFFFF"), fill=VIT))


def varden_stil(ws, rad0: int, sista: str, etikettkol: int) -> None:
    """XLM_SOB_VARDEN-tabellen med början på rad ``rad0``: blå årsrad, talformat per värde och en svensk
    etikett i kolumn ``etikettkol`` (kolumn A är funktionens variabelnamn)."""
    rubrikstil(ws, f"A{rad0}:{sista}{rad0}")
    for i, v in enumerate(_SOB_VARDEN, start=rad0 + 1):
        etikett, fmt = VARDE_ETIKETT[v]
        format_omrade(ws, f"B{i}:{sista}{i}", fmt)
        ws.cell(row=i, column=etikettkol, value=etikett).font = Font(name=TYPSNITT, italic=True)


def summarader(ws, forsta: int, poster, sista: str) -> None:
    """Summaraderna (poster som börjar med "Summa") i fetstil med en tunn linje över."""
    for i, post in enumerate(poster, start=forsta):
        if str(post).startswith("Summa"):
            for c in ws[f"A{i}:{sista}{i}"][0]:
                c.font, c.border = fet(), Border(top=Side("thin"))


def bygg_skatter_och_bidrag(sokvag, kommunkod: str = "1880", ar: int = 2026, prognos: str = "pahittad_exempel_a",
                            data: pd.DataFrame | None = None, egna: dict | None = None) -> Path:
    """Mall 1: Skatter och bidrag: Indata (gula celler, standardvärdet bredvid), budgetblocket i mnkr och kr/inv,
    en flik per del, diagram.

    Matrisformlerna rymmer budgetåret och 8 planår (9 årskolumner); med färre planår visar kolumnerna efter
    sista planåret #N/A som Excel, dolt med villkorsstyrd formatering.
    Med ``data`` (en tabell per utjämningsår, se ``skatter_och_bidrag.kommundata``) blir arbetsboken kommunens
    egen: bladet Data håller datat, formlerna läser det och bladet Beräknat har motorns värden som tal. Båda är
    datablad i uppdateringskontraktet (``_xlmodel``), så ``xlmodel uppdatera`` kan byta dem utan att röra indata.
    ``egna``: {variabel: {år: värde}} som skrivs i de gula antagandecellerna (t.ex. LSS-utjämning).
    """
    from .arbetsbok import skapa_kontrakt
    from .budget import RADER, antaganden_ur_data, skatter_och_bidrag

    n_ar = SOB_MAX_PLANAR + 1
    sista = get_column_letter(1 + n_ar)  # J
    std_kol = 3 + n_ar  # L: standardvärdena bredvid de gula cellerna
    text_kol = 2 + n_ar  # K: förklaringen mellan de gula cellerna och standardvärdena
    wb = ny_arbetsbok()
    ind = wb.create_sheet("Indata")
    rubrik(ind, "A1", "Skatter och bidrag: indata")
    ind["A2"] = "Skriv i de gula cellerna. Tomma gula celler ger standardvärdet (kolumn L–T)."
    ind.sheet_properties.tabColor = "FFC000"
    ind.column_dimensions["A"].width = 30
    ind.column_dimensions["K"].width = 62
    kod = indatacell(ind, "B3", "Kommunkod", kommunkod)
    bar = indatacell(ind, "B4", "Budgetår", ar)
    plan = indatacell(ind, "B5", "Planår efter budgetåret (0–8)", SOB_PLANAR)
    prog = indatacell(ind, "B6", "Prognosfil (antaganden)", prognos)
    ref = indatacell(ind, "B7", "Reform (tomt = gällande lag)", None)
    ind["C5"] = "0–8 planår; kolumnerna efter sista planåret lämnas tomma."
    ind["C6"] = "pahittad_exempel_a/b är PÅHITTADE exempel: byt mot en fil med cirkulärets tal."
    ind["B6"].alignment = ind["B3"].alignment = Alignment(horizontal="left")
    ind["D3"], ind["D3"].fill = "Gul: indata, skriv här", GUL
    ind["D4"], ind["D4"].fill = "Grå: efter sista planåret, används inte", GRA
    for c in ("D3", "D4"):
        ind[c].font = Font(name=TYPSNITT, italic=True)
    start = 10
    ind.cell(row=start - 1, column=1, value="Egna antaganden per år (tomma gula celler = standard ur data och prognosfil)").font = fet()
    ind.cell(row=start - 1, column=std_kol, value="Standard (ur medföljande data och prognosfil, utan egna antaganden)").font = fet()
    rubrikrad(ind, start, 1, ["variabel"])
    for j in range(n_ar):
        for kol in (2 + j, std_kol + j):
            c = ind.cell(row=start, column=kol, value=f"={bar.split('!')[1]}+{j}" if j else f"={bar.split('!')[1]}")
            c.font, c.fill = RUBRIKSTIL["font"], RUBRIKSTIL["fill"]
    egna = egna or {}
    okanda = [k for k in egna if k not in SOB_ANTAGANDEN]
    if okanda:
        raise IndataFel(f"Okänt antagande {okanda[0]!r}; kända är {', '.join(SOB_ANTAGANDEN)}.")
    rad_for = {namn: i for i, namn in enumerate(SOB_ANTAGANDEN, start=start + 1)}
    for namn, i in rad_for.items():
        ind.cell(row=i, column=1, value=namn)  # variabelnamnet läses av XLM_SOB_*: förklaringen står i kolumn K
        for j in range(n_ar):
            c = ind.cell(row=i, column=2 + j, value=egna.get(namn, {}).get(ar + j))
            c.fill, c.number_format = GUL, SOB_FORMAT.get(namn, FORMAT["kr_per_inv"])
        ind.cell(row=i, column=text_kol, value=SOB_ANTAGANDEN[namn])
    for i in range(start, start + len(SOB_ANTAGANDEN) + 1):
        ind.cell(row=i, column=text_kol).alignment = Alignment(indent=1)
    ind.cell(row=start, column=text_kol, value="Förklaring")
    rubrikstil(ind, f"{get_column_letter(text_kol)}{start}:{get_column_letter(text_kol)}{start}")
    ant = f"'Indata'!$A${start}:${sista}${start + len(SOB_ANTAGANDEN)}"
    # gula celler efter sista planåret används inte: grå
    ind.conditional_formatting.add(f"B{start + 1}:{sista}{start + len(SOB_ANTAGANDEN)}", FormulaRule(
        formula=[f"COLUMN(B{start + 1})-2>{plan.split('!')[1]}"], fill=PatternFill("solid", bgColor=GRA.fgColor.rgb[-6:])))
    vrad = start + len(SOB_ANTAGANDEN) + 3
    ind.cell(row=vrad - 1, column=1, value="Värden som används (ur data, prognos och egna antaganden)").font = fet()
    args = f"{kod},{bar},{plan},{prog},{ant},{ref}"
    dataarg = "" if data is None else f",{DATAOMRADE}"
    varden = matrisformel(ind, f"A{vrad}", len(_SOB_VARDEN) + 1, 1 + n_ar, f"=XLM_SOB_VARDEN({args}{dataarg})")
    varden_stil(ind, vrad, sista, text_kol)
    dolj_na(ind, varden)

    # Standardvärdena: samma funktioner utan egna antaganden (tomt antagandeområde).
    st = wb.create_sheet("Standard")
    rubrik(st, "A1", "Standardvärden: medföljande data och prognosfil, utan egna antaganden (visas bredvid de gula cellerna i Indata)", 12)
    st["A12"] = "Budgetblocket utan egna antaganden, kr per invånare"
    st["A12"].font = fet()
    st.column_dimensions["A"].width = 44
    st.column_dimensions["K"].width = 44
    std_args = f"{kod},{bar},{plan},{prog},\"\",{ref}"
    std_omr = {
        "varden": (3, matrisformel(st, "A3", len(_SOB_VARDEN) + 1, 1 + n_ar, f"=XLM_SOB_VARDEN({std_args}{dataarg})"), list(_SOB_VARDEN)),
        "krinv": (13, matrisformel(st, "A13", len(RADER) + 1, 1 + n_ar, f"=XLM_SOB_BLOCK({std_args},\"kr_per_inv\"{dataarg})"), RADER),
    }
    varden_stil(st, 3, sista, 11)
    rubrikstil(st, f"A13:{sista}13")
    format_omrade(st, f"B14:{sista}{13 + len(RADER)}", FORMAT["kr_per_inv"])
    summarader(st, 14, RADER, sista)
    st.freeze_panes = "B4"
    for _, omr, _ in std_omr.values():
        dolj_na(st, omr)
    for namn, i in rad_for.items():
        kalla = SOB_STANDARD[namn]
        if isinstance(kalla, str):
            ind.cell(row=i, column=std_kol, value=f"standard: {kalla}")
            continue
        rad0, _, rader = std_omr[kalla[0]]
        for j in range(n_ar):
            c = ind.cell(row=i, column=std_kol + j, value=f"=Standard!{get_column_letter(2 + j)}{rad0 + 1 + rader.index(kalla[1])}")
            c.number_format = SOB_FORMAT.get(namn, FORMAT["kr_per_inv"])
    for i in rad_for.values():
        if isinstance(ind.cell(row=i, column=std_kol).value, str) and ind.cell(row=i, column=std_kol).value.startswith("standard:"):
            ind.cell(row=i, column=std_kol).font = Font(name=TYPSNITT, italic=True, color="7F7F7F")
    for j in range(1, 2 * n_ar + 3):
        if j > 1 and j != text_kol:
            ind.column_dimensions[get_column_letter(j)].width = AR_BREDD
    ind.column_dimensions["B"].width = 18  # prognosfilens namn
    ind.freeze_panes = f"B{start + 1}"
    dolj_na(ind, f"{get_column_letter(std_kol)}{start + 1}:{get_column_letter(std_kol + n_ar - 1)}{start + len(SOB_ANTAGANDEN)}")

    b = wb.create_sheet("Budget", 1)
    rubrik(b, "A1", "Skatteintäkter, generella statsbidrag och utjämning")
    b.sheet_properties.tabColor = "1F4E78"
    krinv_kol = get_column_letter(n_ar + 3)
    b["A2"], b[f"{krinv_kol}2"] = "mnkr (miljoner kronor)", "kr per invånare"
    b["A2"].font = b[f"{krinv_kol}2"].font = fet()
    blockrader = len(RADER) + 1
    mnkr = matrisformel(b, "A3", blockrader, 1 + n_ar, f"=XLM_SOB_BLOCK({args},\"mnkr\"{dataarg})")
    krinv = matrisformel(b, f"{krinv_kol}3", blockrader, 1 + n_ar, f"=XLM_SOB_BLOCK({args},\"kr_per_inv\"{dataarg})")
    dolj_na(b, mnkr)
    dolj_na(b, krinv)
    b.column_dimensions["A"].width = 57
    b.column_dimensions[krinv_kol].width = 57
    for j in range(2, 2 * n_ar + 3):
        if j != n_ar + 3:
            b.column_dimensions[get_column_letter(j)].width = AR_BREDD
    b.column_dimensions[get_column_letter(n_ar + 2)].width = 3
    for rad in b.iter_rows(min_row=4, max_row=3 + len(RADER)):
        for c in rad:
            if c.column > 1 and c.column != n_ar + 3:
                c.number_format = FORMAT["mnkr"] if c.column <= n_ar + 1 else FORMAT["kr_per_inv"]
    rubrikstil(b, f"A3:{sista}3")
    rubrikstil(b, f"{krinv_kol}3:{get_column_letter(2 * n_ar + 3)}3")
    summarader(b, 4, RADER, get_column_letter(2 * n_ar + 3))
    b.freeze_panes = "B4"
    utskrift_liggande(b)
    # Noten: räknas ur blocket (tomma rader för LSS-utjämning och fastighetsavgift inom planåren).
    lss_rad, fast_rad = 4 + RADER.index("LSS-utjämning"), 4 + RADER.index("Kommunal fastighetsavgift")
    notrad = 4 + len(RADER) + 1
    text = SOB_NOT.format(lss=rad_for["lss_utjamning"], fast=rad_for["fastighetsavgift"])
    b[f"A{notrad}"] = f"=IF(COUNT(B{lss_rad}:{sista}{fast_rad})<2*({plan}+1),\"{text}\",\"\")"
    b[f"A{notrad}"].font = fet(color="C00000")
    diagram = BarChart()
    diagram.title, diagram.y_axis.title = "Skatteintäkter och generella statsbidrag, mnkr", "mnkr"
    for post in ("Summa skatteintäkter", "Summa generella statsbidrag och utjämning"):
        r = 4 + RADER.index(post)
        diagram.add_data(Reference(b, min_col=1, max_col=1 + n_ar, min_row=r, max_row=r), from_rows=True, titles_from_data=True)
    # årtalen ur Indata (alltid tal): Budgets årsrad visar #N/A efter sista planåret
    diagram.set_categories(Reference(ind, min_col=2, max_col=1 + n_ar, min_row=start, max_row=start))
    diagram.grouping, diagram.overlap = "stacked", 100
    diagram.y_axis.numFmt = "#,##0"
    axlar_synliga(diagram)
    diagram.width, diagram.height = 22, 10
    b.add_chart(diagram, f"A{notrad + 3}")

    for namn, (titel, poster, variabler) in SOB_DELAR.items():
        ws = wb.create_sheet(namn)
        rubrik(ws, "A1", titel, 13)
        ws.column_dimensions["A"].width = 44
        for j in range(n_ar):
            ws.column_dimensions[get_column_letter(2 + j)].width = AR_BREDD
        rad = 3
        for enhet, kol0, fmt in (("mnkr", 1, FORMAT["mnkr"]), ("kr per invånare", n_ar + 3, FORMAT["kr_per_inv"])):
            rubrikrad(ws, rad, 1, [enhet])
            for j in range(n_ar):
                ws.cell(row=rad, column=2 + j, value=f"=Budget!{get_column_letter(kol0 + 1 + j)}3")
            rubrikstil(ws, f"A{rad}:{sista}{rad}")
            for i, post in enumerate(poster, start=rad + 1):
                ws.cell(row=i, column=1, value=post)
                for j in range(n_ar):
                    c = ws.cell(row=i, column=2 + j, value=f"=Budget!{get_column_letter(kol0 + 1 + j)}{4 + RADER.index(post)}")
                    c.number_format = fmt
            summarader(ws, rad + 1, poster, sista)
            rad += len(poster) + 2
        if variabler:
            rubrikrad(ws, rad, 1, ["Underlag"])
            for j in range(n_ar):
                ws.cell(row=rad, column=2 + j, value=f"=Budget!{get_column_letter(2 + j)}3")
            rubrikstil(ws, f"A{rad}:{sista}{rad}")
        for i, v in enumerate(variabler, start=rad + 1):
            etikett, fmt = VARDE_ETIKETT[v]
            ws.cell(row=i, column=1, value=etikett)
            for j in range(n_ar):
                c = ws.cell(row=i, column=2 + j, value=f"=Indata!{get_column_letter(2 + j)}{vrad + 1 + list(_SOB_VARDEN).index(v)}")
                c.number_format = fmt
        ws.freeze_panes = "B4"
        utskrift_liggande(ws)
        dolj_na(ws, f"B3:{sista}{rad + len(variabler)}")

    steg = [
        "Indata: skriv kommunkod (B3) och budgetår (B4), välj antal planår (B5) och prognosfil (B6).",
        "Jämför med standardvärdena i kolumn L–T och skriv egna antaganden i de gula cellerna (rad 11–20): "
        "skattesats, befolkningsprognos, LSS-utjämning, fastighetsavgift m.m. Förklaringen står i kolumn K.",
        "Budget: budgetblocket i mnkr (kolumn B–J) och kr per invånare (kolumn M–U), med diagram under.",
        "Flikarna Skatteintäkter … Fastighetsavgift och övriga visar varje del för sig med underlag.",
        "Skriv ut fliken Budget: den är inställd på liggande A4, en sida i bredd.",
    ]
    om_flik(wb, "Skatter och bidrag", [
        "Motorn bakom SKR:s modell Skatter & bidrag, öppen: budgetblocket med skatteintäkter, generella statsbidrag och utjämning.",
        "Skriv kommunkod och budgetår i Indata; standardvärden hämtas ur medföljande data (SCB, Örebro läns kommuner 2005–2026)",
        "och visas bredvid varje gul cell (fliken Standard räknar dem).",
        "Egna antaganden (skattesats, befolkningsprognos, utjämningsdelar) skrivs i de gula cellerna och går före standard.",
        f"Budgetblocket räknas av =XLM_SOB_BLOCK(...) i Budget!{mnkr} (mnkr) och Budget!{krinv} (kr/inv).",
        f"Planår: 0–{SOB_MAX_PLANAR} (Indata!B5). Matrisformlerna rymmer {SOB_MAX_PLANAR} planår; kolumnerna efter sista planåret är tomma.",
        "LSS-utjämning och kommunal fastighetsavgift ingår inte i medföljande data: fyll i dem, annars saknas de i summaraderna",
        "(en röd not under budgetblocket säger till).",
        "En flik per del: skatteintäkter, inkomst-, kostnads- och LSS-utjämning, struktur-, införandebidrag, regleringspost, fastighetsavgift.",
        "Inkomstutjämningen räknas av xlmodel; kostnadsutjämning, struktur-, införandebidrag och regleringspost är SCB:s utfall.",
        "Rikets folkmängd 1 november i medföljande data är KALIBRERAD ur SCB:s utfall, inte officiell.",
    ], ["Lag (2004:773) och förordning (2004:881) om kommunalekonomisk utjämning; lag (1965:269).",
        "SCB OE0115 och OE0101 (Örebro län), SCB TAB2017 och Skatteverket (skattesatser)."], steg=steg)
    if data is not None:
        ds = wb.create_sheet("Data")
        skriv_dataflik(ds, data)
        beraknat = skatter_och_bidrag(kommunkod, ar, antaganden_ur_data(data, {"prognos": prognos, "planar": SOB_PLANAR, **egna}))
        skriv_dataflik(wb.create_sheet("Beräknat"), beraknat.reset_index())
        wb["Om"].append([f"Data: bladet Data (kommun {kommunkod}); Beräknat: motorns värden som tal (mnkr) när filen skrevs."])
        wb["Om"].append(["Uppdatera med nya data utan att förlora indata: xlmodel uppdatera ARBETSBOK --data NYA_DATA.csv"])
        skapa_kontrakt(wb, ["Data", "Beräknat"])
    konf_flik(wb)
    spara(wb, sokvag)
    return Path(sokvag)


def skriv_dataflik(ws, df: pd.DataFrame) -> None:
    """Ett datablad i kontraktets form: rubrikrad på rad 1, data från rad 2, inga formatmallar (se ``arbetsbok``)."""
    ws.append([str(c) for c in df.columns])
    for rad in df.itertuples(index=False):
        ws.append([None if pd.isna(v) else (v.item() if hasattr(v, "item") else v) for v in rad])


def las_indata(arbetsbok) -> dict:
    """Användarens indata ur en Skatter och bidrag-arbetsbok: kommunkod, år, planår, prognos, reform och de
    egna antagandena (gula celler) som en dict för ``Antaganden``. Läser bara, rör inget. En formel i en
    indatacell ger det värde Excel senast sparade; saknas ett sparat värde är det ett fel (formler räknas inte)."""
    from openpyxl import load_workbook

    from .kallor.dataimport import kontrollera_xlsx
    kontrollera_xlsx(arbetsbok)
    wb = load_workbook(arbetsbok, read_only=True, data_only=False)
    cache = load_workbook(arbetsbok, read_only=True, data_only=True)
    try:
        if "Indata" not in wb.sheetnames:
            raise IndataFel(f"{Path(arbetsbok).name} saknar bladet Indata: den är ingen Skatter och bidrag-arbetsbok från xlmodel.")
        ws, sparat = wb["Indata"], cache["Indata"]

        def cell(rad: int, kol: int):
            v = ws.cell(row=rad, column=kol).value
            if isinstance(v, str) and v.startswith("=") or hasattr(v, "text"):  # formel (eller matrisformel)
                v = sparat.cell(row=rad, column=kol).value
                if v is None:
                    raise IndataFel(f"Formel i indatacell Indata!{get_column_letter(kol)}{rad} utan sparat värde: "
                                    "öppna och spara boken i Excel, eller skriv ett tal.")
            return v

        varde = {r: cell(r, 2) for r in range(3, 8)}
        try:
            ar = int(varde[4])
        except (TypeError, ValueError):
            raise IndataFel(f"Indata!B4 (budgetår) är {varde[4]!r}, inget år.") from None
        ut = {"kommunkod": str(varde[3]), "ar": ar, "reform": varde[7] or None,
              "antaganden": {"planar": varde[5], "prognos": varde[6]}}
        for i, namn in enumerate(SOB_ANTAGANDEN, start=11):
            per_ar = {ar + j: cell(i, 2 + j) for j in range(SOB_MAX_PLANAR + 1)}
            per_ar = {a: v for a, v in per_ar.items() if v is not None}
            if per_ar:
                ut["antaganden"][namn] = per_ar
        return ut
    finally:
        wb.close()
        cache.close()


_SOB_VARDEN = ("folkmangd", "skattesats", "upprakningsfaktor", "skattekraft", "medelskattekraft", "inkomstutjamning_kr_per_inv")

MALLAR = {
    "skatter_och_bidrag.xlsx": bygg_skatter_och_bidrag,
    "lss_ds1999_72.xlsx": bygg_lss_ds1999,
    "resursfordelning_socialnamnden.xlsx": bygg_resursfordelning,
}


def bygg_alla(mapp: str | Path = "workbooks") -> list[Path]:
    """Bygg alla mallar till ``mapp``."""
    mapp = Path(mapp)
    return [bygg(mapp / namn) for namn, bygg in MALLAR.items()]
