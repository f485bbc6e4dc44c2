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
import os
import re
import zipfile
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference, ScatterChart, Series
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula

from .fel import IndataFel
from .utskrift import RUBRIKSTIL, spara_atomiskt

GUL = PatternFill("solid", fgColor="FFFF99")
UDF_MODULER = "udfs.inkomst;udfs.system;udfs.lss;udfs.ds1999;udfs.kostnad;udfs.skatter;udfs.resurs"
FAST_TID = dt.datetime(2026, 1, 1)
INSTALLATION = [
    "Installation (Windows + Excel): pip install xlmodel (eller pip install -e . i projektmappen)",
    "xlwings addin install, öppna mallen, klicka 'Import Functions' i xlwings-fliken",
    "UDF-modulerna står i fliken xlwings.conf. Gula celler är indata; allt annat räknas.",
]


def ny_arbetsbok() -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "xlmodel"
    wb.properties.created = wb.properties.modified = FAST_TID
    return wb


def spara(wb: Workbook, sokvag) -> None:
    """Spara atomiskt och frys tidsstämplarna: ``modified``/``created`` i docProps/core.xml och zip-posternas
    datum blir ``FAST_TID`` (openpyxl skriver annars sparandetiden), så att bygget blir byte för byte lika."""
    spara_atomiskt(wb, sokvag)
    with zipfile.ZipFile(sokvag) as z:
        delar = [(i, z.read(i.filename)) for i in z.infolist()]
    stampel = FAST_TID.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info, innehall in delar:
            if info.filename == "docProps/core.xml":
                innehall = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stampel, innehall)
            ny = zipfile.ZipInfo(info.filename, date_time=FAST_TID.timetuple()[:6])
            ny.compress_type, ny.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
            z.writestr(ny, innehall)
    tmp = Path(sokvag).with_name(f".{Path(sokvag).name}.tid")
    tmp.write_bytes(buf.getvalue())
    os.replace(tmp, sokvag)


def konf_flik(wb: Workbook) -> None:
    """Fliken ``xlwings.conf`` som pekar ut UDF-modulerna (xlwings läser den före användarens inställningar)."""
    ws = wb.create_sheet("xlwings.conf")
    ws.append(["UDF Modules", UDF_MODULER])
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 60


def om_flik(wb: Workbook, titel: str, rader: list[str], kallor: list[str]) -> None:
    ws = wb.create_sheet("Om", 0)
    ws["A1"] = titel
    ws["A1"].font = Font(bold=True, size=14)
    for text in ["", *rader, "", *INSTALLATION, "", "Källor:", *kallor]:
        ws.append([text])
    ws.column_dimensions["A"].width = 120


def rubrikrad(ws, rad: int, kolumn: int, rubriker: list[str]) -> None:
    for j, r in enumerate(rubriker):
        c = ws.cell(row=rad, column=kolumn + j, value=r)
        c.font, c.fill = RUBRIKSTIL["font"], RUBRIKSTIL["fill"]
        ws.column_dimensions[get_column_letter(kolumn + j)].width = max(12, min(28, len(str(r)) + 2))


def indatatabell(ws, df: pd.DataFrame, rad: int = 1, kolumn: int = 1, format_: str = "#,##0.0") -> str:
    """Skriv en indatatabell (gula celler) med rubrikrad; returnerar dess område, t.ex. 'A1:F289'."""
    rubrikrad(ws, rad, kolumn, list(df.columns))
    for i, rad_v in enumerate(df.itertuples(index=False), start=rad + 1):
        for j, v in enumerate(rad_v):
            c = ws.cell(row=i, column=kolumn + j, value=None if pd.isna(v) else (v.item() if hasattr(v, "item") else v))
            c.fill = GUL
            if isinstance(c.value, float):
                c.number_format = format_
    return f"{get_column_letter(kolumn)}{rad}:{get_column_letter(kolumn + df.shape[1] - 1)}{rad + len(df)}"


def indatacell(ws, ref: str, etikett: str, varde, format_: str | None = None) -> str:
    """En etikett i kolumnen före och ett gult indatavärde; returnerar absolut referens med fliknamn."""
    c = ws[ref]
    ws.cell(row=c.row, column=c.column - 1, value=etikett)
    c.value, c.fill = varde, GUL
    if format_:
        c.number_format = format_
    return f"'{ws.title}'!${get_column_letter(c.column)}${c.row}"


def matrisformel(ws, overst: str, rader: int, kolumner: int, formel: str, rubriker: list[str] | None = None) -> str:
    """En tabellfunktion som fast matrisformel över rader × kolumner med början i ``overst``."""
    c = ws[overst]
    omrade = f"{overst}:{get_column_letter(c.column + kolumner - 1)}{c.row + rader - 1}"
    ws[overst] = ArrayFormula(omrade, formel)
    for j in range(kolumner):
        ws.column_dimensions[get_column_letter(c.column + j)].width = 16
        ws.cell(row=c.row, column=c.column + j).font = Font(bold=True)
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
    ws.freeze_panes = "B2"

    s = wb.create_sheet("Schabloner")
    s["A1"] = "Schabloner och val (Ds 1999:72 avsnitt 5.1.3–5.1.4)"
    s["A1"].font = Font(bold=True, size=12)
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
            c.number_format = "#,##0"
    ut.freeze_panes = "B2"
    diagram = ScatterChart()
    diagram.title = "Faktisk kostnad mot standardkostnad, kr/inv"
    diagram.x_axis.title, diagram.y_axis.title = "standardkostnad", "kostnad RS 1998"
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
    r["A1"].font = Font(bold=True, size=12)
    ramomr = matrisformel(r, "A3", len(RESURS_AR) + 1, 8, f"=XLM_RESURS_RAMAR({args})")
    for rad in r.iter_rows(min_row=4, max_row=len(RESURS_AR) + 3, min_col=3, max_col=8):
        for c in rad:
            c.number_format = "#,##0.0" if c.column == 4 else "#,##0"
    diagram = BarChart()
    diagram.title, diagram.y_axis.title = "Ram per år, mnkr", "mnkr"
    diagram.add_data(Reference(r, min_col=4, min_row=3, max_row=len(RESURS_AR) + 3), titles_from_data=True)
    diagram.set_categories(Reference(r, min_col=2, min_row=4, max_row=len(RESURS_AR) + 3))
    r.add_chart(diagram, "A12")

    d = wb.create_sheet("Detalj", 2)
    n_komp = len(RESURS_PRISER)
    detaljomr = matrisformel(d, "A1", n_komp * len(RESURS_AR) + 1, 15, f"=XLM_RESURS_TABELL({args})")

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


DATAOMRADE = "'Data'!$A$1:$M$60"  # tomma rader hoppas över; plats för fler år vid uppdatering


def dolj_na(ws, omrade: str) -> None:
    """Celler som visar #N/A (matrisformeln är större än resultatet, t.ex. år efter planåren) visas tomma."""
    ws.conditional_formatting.add(omrade, FormulaRule(formula=[f"ISNA({omrade.split(':')[0]})"], font=Font(color="FFFFFF")))


def bygg_skatter_och_bidrag(sokvag, kommunkod: str = "1880", ar: int = 2026, prognos: str = "exempel_prognos_a",
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
    from .skatter_och_bidrag import RADER, antaganden_ur_data, skatter_och_bidrag

    n_ar = SOB_MAX_PLANAR + 1
    sista = get_column_letter(1 + n_ar)  # J
    std_kol = 3 + n_ar  # L: standardvärdena bredvid de gula cellerna
    text_kol = std_kol + n_ar + 1  # V
    wb = ny_arbetsbok()
    ind = wb.create_sheet("Indata")
    ind["A1"] = "Skatter och bidrag: indata"
    ind["A1"].font = Font(bold=True, size=14)
    ind.column_dimensions["A"].width = 26
    ind.column_dimensions[get_column_letter(text_kol)].width = 90
    kod = indatacell(ind, "B3", "Kommunkod", kommunkod)
    bar = indatacell(ind, "B4", "Budgetår", ar)
    plan = indatacell(ind, "B5", "Planår efter budgetåret (0–8)", SOB_PLANAR)
    prog = indatacell(ind, "B6", "Prognosfil (antaganden)", prognos)
    ref = indatacell(ind, "B7", "Reform (tomt = gällande lag)", None)
    ind["C5"] = "0–8 planår; kolumnerna efter sista planåret lämnas tomma."
    ind["C6"] = "exempel_prognos_a/b är PÅHITTADE exempel: byt mot en fil med cirkulärets tal."
    start = 10
    ind.cell(row=start - 1, column=1, value="Egna antaganden per år (tomma gula celler = standard ur data och prognosfil)").font = Font(bold=True)
    ind.cell(row=start - 1, column=std_kol, value="Standard (ur medföljande data och prognosfil, utan egna antaganden)").font = Font(bold=True)
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
        ind.cell(row=i, column=1, value=namn)
        for j in range(n_ar):
            c = ind.cell(row=i, column=2 + j, value=egna.get(namn, {}).get(ar + j))
            c.fill = GUL
        ind.cell(row=i, column=text_kol, value=SOB_ANTAGANDEN[namn])
    ant = f"'Indata'!$A${start}:${sista}${start + len(SOB_ANTAGANDEN)}"
    # gula celler efter sista planåret används inte: grå
    ind.conditional_formatting.add(f"B{start + 1}:{sista}{start + len(SOB_ANTAGANDEN)}", FormulaRule(
        formula=[f"COLUMN(B{start + 1})-2>{plan.split('!')[1]}"], fill=PatternFill("solid", bgColor="D9D9D9")))
    vrad = start + len(SOB_ANTAGANDEN) + 3
    ind.cell(row=vrad - 1, column=1, value="Värden som används (ur data, prognos och egna antaganden)").font = Font(bold=True)
    args = f"{kod},{bar},{plan},{prog},{ant},{ref}"
    dataarg = "" if data is None else f",{DATAOMRADE}"
    varden = matrisformel(ind, f"A{vrad}", len(_SOB_VARDEN) + 1, 1 + n_ar, f"=XLM_SOB_VARDEN({args}{dataarg})")
    dolj_na(ind, varden)

    # Standardvärdena: samma funktioner utan egna antaganden (tomt antagandeområde).
    st = wb.create_sheet("Standard")
    st["A1"] = "Standardvärden: medföljande data och prognosfil, utan egna antaganden (visas bredvid de gula cellerna i Indata)"
    st["A1"].font = Font(bold=True, size=12)
    st.column_dimensions["A"].width = 44
    std_args = f"{kod},{bar},{plan},{prog},\"\",{ref}"
    std_omr = {
        "varden": (3, matrisformel(st, "A3", len(_SOB_VARDEN) + 1, 1 + n_ar, f"=XLM_SOB_VARDEN({std_args}{dataarg})"), list(_SOB_VARDEN)),
        "krinv": (13, matrisformel(st, "A13", len(RADER) + 1, 1 + n_ar, f"=XLM_SOB_BLOCK({std_args},\"kr_per_inv\"{dataarg})"), RADER),
    }
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
            c.number_format = "#,##0.00" if namn == "skattesats" else "#,##0"
    dolj_na(ind, f"{get_column_letter(std_kol)}{start + 1}:{get_column_letter(std_kol + n_ar - 1)}{start + len(SOB_ANTAGANDEN)}")

    b = wb.create_sheet("Budget", 1)
    b["A1"] = "Skatteintäkter, generella statsbidrag och utjämning"
    b["A1"].font = Font(bold=True, size=14)
    krinv_kol = get_column_letter(n_ar + 3)
    b["A2"], b[f"{krinv_kol}2"] = "mnkr", "kr per invånare"
    blockrader = len(RADER) + 1
    mnkr = matrisformel(b, "A3", blockrader, 1 + n_ar, f"=XLM_SOB_BLOCK({args},\"mnkr\"{dataarg})")
    krinv = matrisformel(b, f"{krinv_kol}3", blockrader, 1 + n_ar, f"=XLM_SOB_BLOCK({args},\"kr_per_inv\"{dataarg})")
    dolj_na(b, mnkr)
    dolj_na(b, krinv)
    b.column_dimensions["A"].width = 52
    b.column_dimensions[krinv_kol].width = 52
    for rad in b.iter_rows(min_row=4, max_row=3 + len(RADER)):
        for c in rad:
            if c.column > 1 and c.column != n_ar + 3:
                c.number_format = "#,##0.0" if c.column <= n_ar + 1 else "#,##0"
    # Noten: räknas ur blocket (tomma rader för LSS-utjämning och fastighetsavgift inom planåren).
    lss_rad, fast_rad = 4 + RADER.index("LSS-utjämning"), 4 + RADER.index("Kommunal fastighetsavgift")
    notrad = 4 + len(RADER) + 1
    text = SOB_NOT.format(lss=rad_for["lss_utjamning"], fast=rad_for["fastighetsavgift"])
    b[f"A{notrad}"] = f"=IF(COUNT(B{lss_rad}:{sista}{fast_rad})<2*({plan}+1),\"{text}\",\"\")"
    b[f"A{notrad}"].font = Font(bold=True, color="C00000")
    diagram = BarChart()
    diagram.title, diagram.y_axis.title = "Skatter och generella bidrag, mnkr", "mnkr"
    for post in ("Summa skatteintäkter", "Summa generella statsbidrag och utjämning"):
        r = 4 + RADER.index(post)
        diagram.add_data(Reference(b, min_col=1, max_col=1 + n_ar, min_row=r, max_row=r), from_rows=True, titles_from_data=True)
    diagram.set_categories(Reference(b, min_col=2, max_col=1 + n_ar, min_row=3, max_row=3))
    diagram.grouping, diagram.overlap = "stacked", 100
    diagram.width, diagram.height = 22, 10
    b.add_chart(diagram, f"A{notrad + 3}")

    for namn, (rubrik, poster, variabler) in SOB_DELAR.items():
        ws = wb.create_sheet(namn)
        ws["A1"] = rubrik
        ws["A1"].font = Font(bold=True, size=13)
        ws.column_dimensions["A"].width = 44
        rad = 3
        for enhet, kol0, fmt in (("mnkr", 1, "#,##0.0"), ("kr per invånare", n_ar + 3, "#,##0")):
            rubrikrad(ws, rad, 1, [enhet])
            for j in range(n_ar):
                ws.cell(row=rad, column=2 + j, value=f"=Budget!{get_column_letter(kol0 + 1 + j)}3").font = Font(bold=True)
            for i, post in enumerate(poster, start=rad + 1):
                ws.cell(row=i, column=1, value=post)
                for j in range(n_ar):
                    c = ws.cell(row=i, column=2 + j, value=f"=Budget!{get_column_letter(kol0 + 1 + j)}{4 + RADER.index(post)}")
                    c.number_format = fmt
            rad += len(poster) + 2
        if variabler:
            rubrikrad(ws, rad, 1, ["underlag"])
        for i, v in enumerate(variabler, start=rad + 1):
            ws.cell(row=i, column=1, value=v)
            for j in range(n_ar):
                c = ws.cell(row=i, column=2 + j, value=f"=Indata!{get_column_letter(2 + j)}{vrad + 1 + list(_SOB_VARDEN).index(v)}")
                c.number_format = "#,##0.00" if v in ("skattesats", "upprakningsfaktor") else "#,##0"
        dolj_na(ws, f"B3:{sista}{rad + len(variabler)}")

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
        "SCB OE0115 och OE0101 (Örebro län), SCB TAB2017 och Skatteverket (skattesatser)."])
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

    from .dataimport import kontrollera_xlsx
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
