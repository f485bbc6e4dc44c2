"""Mall 1: Skatter och bidrag (skatter_och_bidrag.xlsx), även huvudjobbets arbetsbok med kommunens data."""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import ClassVar
from pathlib import Path

import pandas as pd
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..budget.kalkyl import rutnat_ur_antaganden
from ..budget.rader import _KR, _KR_PER_INV, SLUTAVR_FG
from ..fel import IndataFel
from .mall import (GRA, GUL, VIT, dolj_na, fet, format_omrade, indatacell, konf_flik, matrisformel, ny_arbetsbok, om_flik,
                   rubrikrad, rubrikstil, skriv_dataflik, spara, summarader)
from .mall_kanslighet import kanslighet_blad
from .mall_marginal import marginalintakt_blad
from .mall_reform import reform_blad
from .rapport import skriv_rapport
from .utskrift import FORMAT, RUBRIKSTIL, TYPSNITT, axlar_synliga, rubrik, utskrift_liggande

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
    "bokford_slutavrakning": "Bokförd slutavräkning för inkomståret före kolumnens år (i förra bokslutet), kr; "
                             "raden Slutavräkning året innan = ny beräkning − bokfört",
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
    "bokford_slutavrakning": "ej i data: fyll i (planåren: planens egen beräkning)",
}
# En flik per del av utjämningen och bidragen: flik: (rubrik, budgetrader, värden ur XLM_SOB_VARDEN)
SOB_DELAR = {
    "Skatteintäkter": ("Skatteintäkter (lag 1965:269 4–6 §§)", ["Kommunalskatt", "Slutavräkning året innan",
                       "Slutavräkning innevarande år", "Summa skatteintäkter"], ["folkmangd", "skattesats", "upprakningsfaktor"]),
    "Inkomstutjämning": ("Inkomstutjämning (lag 2004:773 3–7 §§)", ["Inkomstutjämning"],
                         ["skattekraft", "medelskattekraft", "inkomstutjamning_kr_per_inv", "folkmangd"]),
    "Kostnadsutjämning": ("Kostnadsutjämning (lag 2004:773 8–10 §§)", ["Kostnadsutjämning"], []),
    "LSS-utjämning": ("LSS-utjämning (lag 2008:342; fylls i i Indata, ingår inte i medföljande data)", ["LSS-utjämning"], []),
    "Strukturbidrag": ("Strukturbidrag (lag 2004:773 11–12 §§)", ["Strukturbidrag"], []),
    "Införandebidrag": ("Införandebidrag (lag 2004:773 13 §)", ["Införandebidrag"], []),
    "Regleringspost": ("Regleringsbidrag/-avgift (lag 2004:773 15–16 §§)", ["Regleringsbidrag/-avgift"], []),
    "Fastighetsavgift och övriga": ("Kommunal fastighetsavgift (lag 2007:1398) och övriga generella statsbidrag",
                                    ["Kommunal fastighetsavgift", "Övriga generella statsbidrag"], []),
}


# Talformat per antagande (gula celler och standardvärdena bredvid) och per värde ur XLM_SOB_VARDEN.
SOB_FORMAT = {"skattesats": FORMAT["skattesats"], "folkmangd": FORMAT["antal"], "skatteunderlag_okning": FORMAT["procent"],
              "fastighetsavgift": FORMAT["tkr"], "ovriga_bidrag": FORMAT["tkr"],
              "bokford_slutavrakning": FORMAT["tkr"]}  # övriga: kr/inv
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


def varden_stil(ws, rad0: int, sista: str, etikettkol: int) -> None:
    """XLM_SOB_VARDEN-tabellen med början på rad ``rad0``: blå årsrad, talformat per värde och en svensk
    etikett i kolumn ``etikettkol`` (kolumn A är funktionens variabelnamn)."""
    rubrikstil(ws, f"A{rad0}:{sista}{rad0}")
    for i, v in enumerate(_SOB_VARDEN, start=rad0 + 1):
        etikett, fmt = VARDE_ETIKETT[v]
        format_omrade(ws, f"B{i}:{sista}{i}", fmt)
        ws.cell(row=i, column=etikettkol, value=etikett).font = Font(name=TYPSNITT, italic=True)



def blocktabell(ws, rad0: int, kol0: int, rubriktext: str, etiketter, formel: str, n_ar: int) -> str:
    """En tabell ur XLM_SOB_BLOCK/XLM_SOB_VARDEN med ``rubriker`` FALSKT: rubriktext och radnamn som text,
    årtalen som referenser till Indatas årsrad (vanliga formler) och matrisformeln bara över talen, så att
    rubrikerna aldrig blir #NAME? utan xlwings. Kolumner efter sista planåret (#N/A) visas tomma."""
    ws.cell(row=rad0, column=kol0, value=rubriktext)
    for j in range(n_ar):
        ws.cell(row=rad0, column=kol0 + 1 + j, value=f"=Indata!{get_column_letter(2 + j)}$10")
    for i, e in enumerate(etiketter, start=rad0 + 1):
        ws.cell(row=i, column=kol0, value=e)
    forsta, sista = get_column_letter(kol0 + 1), get_column_letter(kol0 + n_ar)
    omr = matrisformel(ws, f"{forsta}{rad0 + 1}", len(etiketter), n_ar, formel, rubrikrad=False)
    dolj_na(ws, omr)
    ws.conditional_formatting.add(f"{forsta}{rad0}:{sista}{rad0}", FormulaRule(
        formula=[f"NOT(ISNUMBER({forsta}{rad0 + 1}))"], font=Font(color="FFFFFF"), fill=VIT))
    return omr


@dataclass
class _Mall:
    """Det som mallens blad delar: årskolumnerna, Indatas celler (kommunkod, budgetår, planår, prognos, reform, de
    gula antagandena) och raderna för antagandena och de värden som används."""

    #: Årskolumnerna: budgetår + planår som matrisformlerna rymmer (B–J); förklaringen (K); standardvärdena (L–T).
    n_ar: ClassVar[int] = SOB_MAX_PLANAR + 1
    sista: ClassVar[str] = get_column_letter(1 + n_ar)  # J
    text_kol: ClassVar[int] = 2 + n_ar  # K
    std_kol: ClassVar[int] = 3 + n_ar  # L
    kod: str
    bar: str
    plan: str
    prog: str
    ref: str
    start: int  # rubrikraden för antagandena (årtalen) i Indata
    rad_for: dict  # antagande → rad i Indata
    ant: str  # antagandeområdet
    vrad: int  # rubrikraden för de värden som används (XLM_SOB_VARDEN) i Indata
    dataarg: str  # bladet Data som argument ("" utan data)
    datakomma: str

    @property
    def args(self) -> str:
        return f"{self.kod},{self.bar},{self.plan},{self.prog},{self.ant},{self.ref}"

    def varde(self, namn: str) -> str:
        """Budgetårets cell i Indata för ett värde ur XLM_SOB_VARDEN."""
        return f"'Indata'!$B${self.vrad + 1 + _SOB_VARDEN.index(namn)}"


def bygg_skatter_och_bidrag(sokvag, kommunkod: str = "1880", ar: int = 2026, prognos: str = "harledd_ur_scb",
                            data: pd.DataFrame | None = None, egna: dict | None = None, reform: str | None = None,
                            datum: str | None = None) -> Path:
    """Mall 1: Skatter och bidrag: Indata (gula celler, standardvärdet bredvid), budgetblocket i mnkr och kr/inv,
    en flik per del, diagram.

    Matrisformlerna rymmer budgetåret och 8 planår (9 årskolumner); med färre planår visar kolumnerna efter
    sista planåret #N/A som Excel, dolt med villkorsstyrd formatering.
    Med ``data`` (en tabell per utjämningsår, se ``skatter_och_bidrag.kommundata``) blir arbetsboken kommunens
    egen: bladet Data håller datat, formlerna läser det och bladet Beräknat har motorns värden som tal. Båda är
    datablad i uppdateringskontraktet (``_xlmodel``), så ``xlmodel uppdatera`` kan byta dem utan att röra indata.
    ``egna``: {variabel: {år: värde}} som skrivs i de gula antagandecellerna (t.ex. LSS-utjämning).
    ``reform``: ett reformöverlägg; ger bladet Reform med blocket enligt lag och reform och skillnaden (``mall_reform``).
    Bladet Rapport (efter Om) har blocket som värden; ``datum`` (text) anges där som beräkningsdag.
    Varje formelcell får motorns värde sparat (``mall.spara``).
    """
    from .arbetsbok import skapa_kontrakt
    from ..budget import RADER, skatter_och_bidrag

    wb = ny_arbetsbok()
    ind, m = _indatablad(wb, kommunkod, ar, prognos, egna or {}, data)
    _standardblad(wb, ind, m)
    with warnings.catch_warnings():  # noten under budgetblocket säger samma sak som motorns varning
        warnings.simplefilter("ignore")
        antaganden = _antaganden(data, prognos, egna)
        blocket = skatter_och_bidrag(kommunkod, ar, antaganden, kolumner="ar")
        # Rapport: kolumnerna som i kommunernas budgetar (Bokslut, Budget, Plan), bara värden.
        rapport = [skatter_och_bidrag(kommunkod, ar, antaganden, enhet=e) for e in ("mnkr", "kr_per_inv")]
    mnkr, krinv = _budgetblad(wb, ind, m, budgetnot(blocket, m.rad_for))
    for namn, (titel, poster, variabler) in SOB_DELAR.items():
        _delblad(wb.create_sheet(namn), m, titel, poster, variabler)
    if reform:  # bladet Reform: lag och reform sida vid sida (xlmodel skatter-och-bidrag --reform)
        reform_blad(wb, reform, ar, f"{m.kod},{m.bar},{m.plan},{m.prog},{m.ant}", m.datakomma, RADER, m.n_ar)
    marginalintakt_blad(wb, m.kod, m.bar, m.prog, m.ant, m.ref, m.datakomma, m.varde("medelskattekraft"))
    kanslighet_blad(wb, m.kod, m.bar, m.ref, m.varde)
    _om(wb, mnkr, krinv)
    prognostext = f" Planåren: prognosfilen {prognos}" + (" (PÅHITTAT exempel, inte SKR:s cirkulär)." if str(prognos).startswith(("exempel", "pahittad")) else ".")
    skriv_rapport(wb, *rapport, kommunkod, ar, datakalla(data) + prognostext, datum)
    if data is not None:
        ds = wb.create_sheet("Data")
        skriv_dataflik(ds, data)
        skriv_dataflik(wb.create_sheet("Beräknat"), blocket.reset_index())
        wb["Om"].append([f"Data: bladet Data (kommun {kommunkod}); Beräknat: motorns värden som tal (mnkr) när filen skrevs."])
        wb["Om"].append(["Uppdatera med nya data utan att förlora indata: xlmodel uppdatera ARBETSBOK --data NYA_DATA.csv"])
        skapa_kontrakt(wb, ["Data", "Beräknat"])
    konf_flik(wb)
    spara(wb, sokvag)
    return Path(sokvag)


def _indatablad(wb, kommunkod: str, ar: int, prognos: str, egna: dict, data) -> tuple:
    """Bladet Indata: kommun, år, planår, prognos och reform, de gula antagandena per år med förklaring och de
    värden som används (XLM_SOB_VARDEN). Returnerar bladet och ``_Mall``."""
    n_ar, std_kol, text_kol, sista = _Mall.n_ar, _Mall.std_kol, _Mall.text_kol, _Mall.sista
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
    ind["C6"] = "harledd_ur_scb = härledd ur medföljande SCB-utfall (standard); pahittad_exempel_a/b är PÅHITTADE exempel; en egen fil: xlmodel prognos ny --fran-cirkular."
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
    okanda = [k for k in egna if k not in SOB_ANTAGANDEN]
    if okanda:
        raise IndataFel(f"Okänt antagande {okanda[0]!r}; kända är {', '.join(SOB_ANTAGANDEN)}.")
    rad_for = {namn: i for i, namn in enumerate(SOB_ANTAGANDEN, start=start + 1)}
    rutnat = rutnat_ur_antaganden(egna)  # kolumnerna är budgetår
    for namn, i in rad_for.items():
        ind.cell(row=i, column=1, value=namn)  # variabelnamnet läses av XLM_SOB_*: förklaringen står i kolumn K
        for j in range(n_ar):
            c = ind.cell(row=i, column=2 + j, value=rutnat.get(namn, {}).get(ar + j))
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
    m = _Mall(kod, bar, plan, prog, ref, start, rad_for, ant, vrad, '""' if data is None else DATAOMRADE,
              "" if data is None else f",{DATAOMRADE}")
    blocktabell(ind, vrad, 1, "variabel", _SOB_VARDEN, f"=XLM_SOB_VARDEN({m.args},{m.dataarg},FALSE)", n_ar)
    varden_stil(ind, vrad, sista, text_kol)
    return ind, m


def _standardblad(wb, ind, m: _Mall) -> None:
    """Bladet Standard (samma funktioner utan egna antaganden: tomt antagandeområde) och standardvärdena bredvid
    de gula cellerna i Indata."""
    from ..budget import RADER

    n_ar, sista, std_kol = m.n_ar, m.sista, m.std_kol
    st = wb.create_sheet("Standard")
    rubrik(st, "A1", "Standardvärden: medföljande data och prognosfil, utan egna antaganden (visas bredvid de gula cellerna i Indata)", 12)
    st["A12"] = "Budgetblocket utan egna antaganden, kr per invånare"
    st["A12"].font = fet()
    st.column_dimensions["A"].width = 44
    st.column_dimensions["K"].width = 44
    std_args = f"{m.kod},{m.bar},{m.plan},{m.prog},\"\",{m.ref}"
    std_omr = {
        "varden": (3, blocktabell(st, 3, 1, "variabel", _SOB_VARDEN, f"=XLM_SOB_VARDEN({std_args},{m.dataarg},FALSE)", n_ar),
                   list(_SOB_VARDEN)),
        "krinv": (13, blocktabell(st, 13, 1, "Post", RADER, f"=XLM_SOB_BLOCK({std_args},\"kr_per_inv\",{m.dataarg},FALSE)", n_ar),
                  RADER),
    }
    varden_stil(st, 3, sista, 11)
    rubrikstil(st, f"A13:{sista}13")
    format_omrade(st, f"B14:{sista}{13 + len(RADER)}", FORMAT["kr_per_inv"])
    summarader(st, 14, RADER, sista)
    st.freeze_panes = "B4"
    for namn, i in m.rad_for.items():
        kalla = SOB_STANDARD[namn]
        if isinstance(kalla, str):
            ind.cell(row=i, column=std_kol, value=f"standard: {kalla}")
            continue
        rad0, _, rader = std_omr[kalla[0]]
        for j in range(n_ar):
            c = ind.cell(row=i, column=std_kol + j, value=f"=Standard!{get_column_letter(2 + j)}{rad0 + 1 + rader.index(kalla[1])}")
            c.number_format = SOB_FORMAT.get(namn, FORMAT["kr_per_inv"])
    for i in m.rad_for.values():
        if isinstance(ind.cell(row=i, column=std_kol).value, str) and ind.cell(row=i, column=std_kol).value.startswith("standard:"):
            ind.cell(row=i, column=std_kol).font = Font(name=TYPSNITT, italic=True, color="7F7F7F")
    for j in range(1, 2 * n_ar + 3):
        if j > 1 and j != m.text_kol:
            ind.column_dimensions[get_column_letter(j)].width = AR_BREDD
    ind.column_dimensions["B"].width = 18  # prognosfilens namn
    ind.freeze_panes = f"B{m.start + 1}"
    dolj_na(ind, f"{get_column_letter(std_kol)}{m.start + 1}:{get_column_letter(std_kol + n_ar - 1)}{m.start + len(SOB_ANTAGANDEN)}")


def _budgetblad(wb, ind, m: _Mall, not_: str) -> tuple[str, str]:
    """Bladet Budget: budgetblocket i mnkr och kr/inv (XLM_SOB_BLOCK), noten (``not_``, text när filen skrevs) och
    diagrammet. Returnerar blockens områden (mnkr, kr/inv)."""
    from ..budget import RADER

    n_ar, sista = m.n_ar, m.sista
    b = wb.create_sheet("Budget", 1)
    rubrik(b, "A1", "Skatteintäkter, generella statsbidrag och utjämning")
    b.sheet_properties.tabColor = "1F4E78"
    krinv_kol = get_column_letter(n_ar + 3)
    b["A2"], b[f"{krinv_kol}2"] = "mnkr (miljoner kronor)", "kr per invånare"
    b["A2"].font = b[f"{krinv_kol}2"].font = fet()
    mnkr = blocktabell(b, 3, 1, "Post", RADER, f"=XLM_SOB_BLOCK({m.args},\"mnkr\",{m.dataarg},FALSE)", n_ar)
    krinv = blocktabell(b, 3, n_ar + 3, "Post", RADER, f"=XLM_SOB_BLOCK({m.args},\"kr_per_inv\",{m.dataarg},FALSE)", n_ar)
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
    notrad = 4 + len(RADER) + 1
    b[f"A{notrad}"] = not_
    b[f"A{notrad}"].font = fet(color="C00000")
    diagram = BarChart()
    diagram.title, diagram.y_axis.title = "Skatteintäkter och generella statsbidrag, mnkr", "mnkr"
    for post in ("Summa skatteintäkter", "Summa generella statsbidrag och utjämning"):
        r = 4 + RADER.index(post)
        diagram.add_data(Reference(b, min_col=1, max_col=1 + n_ar, min_row=r, max_row=r), from_rows=True, titles_from_data=True)
    # årtalen ur Indata (alltid tal): Budgets årsrad visar #N/A efter sista planåret
    diagram.set_categories(Reference(ind, min_col=2, max_col=1 + n_ar, min_row=m.start, max_row=m.start))
    diagram.grouping, diagram.overlap = "stacked", 100
    diagram.y_axis.numFmt = "#,##0"
    axlar_synliga(diagram)
    diagram.width, diagram.height = 22, 10
    b.add_chart(diagram, f"A{notrad + 3}")
    return mnkr, krinv


def _delblad(ws, m: _Mall, titel: str, poster: list[str], variabler: list[str]) -> None:
    """En flik per del: delens budgetrader i mnkr och kr/inv (ur Budget) och dess underlag (ur Indata)."""
    from ..budget import RADER

    n_ar, sista = m.n_ar, m.sista
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
            c = ws.cell(row=i, column=2 + j, value=f"=Indata!{get_column_letter(2 + j)}{m.vrad + 1 + list(_SOB_VARDEN).index(v)}")
            c.number_format = fmt
    ws.freeze_panes = "B4"
    utskrift_liggande(ws)
    dolj_na(ws, f"B3:{sista}{rad + len(variabler)}")


def _om(wb, mnkr: str, krinv: str) -> None:
    """Fliken Om: vad mallen är, stegen och källorna."""
    steg = [
        "Indata: skriv kommunkod (B3) och budgetår (B4), välj antal planår (B5) och prognosfil (B6).",
        f"Jämför med standardvärdena i kolumn L–T och skriv egna antaganden i de gula cellerna (rad 11–{10 + len(SOB_ANTAGANDEN)}): "
        "skattesats, befolkningsprognos, LSS-utjämning, fastighetsavgift, bokförd slutavräkning m.m. Förklaringen står i kolumn K.",
        "Budget: budgetblocket i mnkr (kolumn B–J) och kr per invånare (kolumn M–U), med diagram under.",
        "Flikarna Skatteintäkter … Fastighetsavgift och övriga visar varje del för sig med underlag.",
        "Skriv ut fliken Budget: den är inställd på liggande A4, en sida i bredd.",
    ]
    om_flik(wb, "Skatter och bidrag", [
        "En öppen motor för budgetblocket skatteintäkter, generella statsbidrag och utjämning (samma rader som kommunernas budgetar). "
        "Inte SKR:s modell och inte knuten till SKR.",
        "Skriv kommunkod och budgetår i Indata; standardvärden hämtas ur medföljande data (SCB, alla 290 kommuner; för Örebro läns kommuner också SCB:s utfall per del)",
        "och visas bredvid varje gul cell (fliken Standard räknar dem).",
        "Egna antaganden (skattesats, befolkningsprognos, utjämningsdelar) skrivs i de gula cellerna och går före standard.",
        f"Budgetblocket räknas av =XLM_SOB_BLOCK(...) i Budget!{mnkr} (mnkr) och Budget!{krinv} (kr/inv).",
        f"Planår: 0–{SOB_MAX_PLANAR} (Indata!B5). Matrisformlerna rymmer {SOB_MAX_PLANAR} planår; kolumnerna efter sista planåret är tomma.",
        "LSS-utjämning och kommunal fastighetsavgift ingår inte i medföljande data: fyll i dem, annars saknas de i summaraderna",
        "(en röd not under budgetblocket säger till).",
        "En flik per del: skatteintäkter, inkomst-, kostnads- och LSS-utjämning, struktur-, införandebidrag, regleringspost, fastighetsavgift.",
        "Inkomstutjämningen räknas av xlmodel; kostnadsutjämning, struktur- och införandebidrag är SCB:s utfall för Örebro läns kommuner "
        "(övriga kommuner fyller i dem); regleringsposten är SCB:s riksgemensamma kr/inv.",
        "Rikets folkmängd 1 november i medföljande data är KALIBRERAD ur SCB:s utfall, inte officiell.",
    ], ["Lag (2004:773) och förordning (2004:881) om kommunalekonomisk utjämning; lag (1965:269).",
        "SCB OE0101 TAB3600 (skattekraft) och BE0101 (folkmängd), alla kommuner; SCB OE0115 (utjämningens utfall, Örebro län); "
        "SCB TAB2017 och Skatteverket (skattesatser)."], steg=steg)


def _antaganden(data, prognos, egna) -> dict:
    """Antagandena som arbetsbokens formler använder: prognos, förvalda planår, egna värden och (med ``data``)
    bladet Data."""
    from ..budget import antaganden_ur_data

    egna = {"prognos": prognos, "planar": SOB_PLANAR, **(egna or {})}
    return egna if data is None else antaganden_ur_data(data, egna)


def datakalla(data: pd.DataFrame | None) -> str:
    """Källa och period för datat (texten i Rapport)."""
    kalla = "medföljande data i xlmodel: SCB (OE0115, OE0101, TAB2017) och Skatteverket, Örebro läns kommuner"
    if data is None or "ar" not in data or not len(data):
        return f"Data: {kalla}."
    return (f"Data: bladet Data, utjämningsår {int(data['ar'].min())}–{int(data['ar'].max())} "
            f"({data.attrs.get('kalla') or kalla}).")


def budgetnot(block, rad_for: dict | None = None) -> str:
    """Den röda noten under budgetblocket ur motorns resultat: vilka delar som inte var angivna när filen
    skrevs (``attrs["ej_angivna"]``), tom text när alla delar finns. ``rad_for`` (variabel → rad i Indata): noten
    nämner raderna för de listade delarna som har en gul cell (slutavräkningen året innan: den bokförda)."""
    ej = list(block.attrs.get("ej_angivna") or [])
    if not ej:
        return ""
    variabel = {rubrik: namn for namn, rubrik in {**_KR_PER_INV, **_KR}.items()} | {SLUTAVR_FG: "bokford_slutavrakning"}
    nr = [str(n) for n in sorted(rad_for[variabel[r]] for r in ej if variabel.get(r) in (rad_for or {}))]
    rader = "" if not nr else f" (rad {', '.join(nr[:-1])} och {nr[-1]})" if len(nr) > 1 else f" (rad {nr[0]})"
    return (f"Obs: {' och '.join(ej)} var inte ifyllda i Indata{rader} när filen skrevs: summaraderna saknar "
            "dessa delar. Fyll i de gula cellerna och kör xlmodel uppdatera, eller räkna om med xlwings.")


def rapport_och_not(block, rapport_mnkr, rapport_kr, indata: dict, data: pd.DataFrame | None) -> dict[str, dict]:
    """Cellerna som ``uppdatera`` skriver om som värden: bladet Rapport (``rapport_*``: blocket med kolumnerna
    Bokslut, Budget, Plan) och noten under budgetblocket (``block``: årtalskolumnerna som bladet Budget)."""
    import datetime as dt

    from .rapport import rapport_celler, uppdaterade_celler

    prognos = indata["antaganden"].get("prognos")
    celler, lay = rapport_celler(rapport_mnkr, rapport_kr, indata["kommunkod"], indata["ar"],
                                 datakalla(data) + f" Planåren: prognosfilen {prognos}.", dt.date.today().isoformat())
    rad_for = {namn: i for i, namn in enumerate(SOB_ANTAGANDEN, start=11)}
    return {"Rapport": uppdaterade_celler(celler, lay["n"] + 2),
            "Budget": {f"A{4 + len(block.index) + 1}": budgetnot(block, rad_for) or None}}


_SOB_VARDEN = ("folkmangd", "skattesats", "upprakningsfaktor", "skattekraft", "medelskattekraft", "inkomstutjamning_kr_per_inv")
