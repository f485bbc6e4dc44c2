"""Mall 2: Resursfördelning socialnämnden (resursfordelning_socialnamnden.xlsx)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl.chart import BarChart, Reference
from openpyxl.worksheet.datavalidation import DataValidation

from .mall import (fet, format_omrade, indatacell, indatatabell, konf_flik, matrisformel, ny_arbetsbok, om_flik, rubrikstil,
                   spara, vardeblad)
from .utskrift import FORMAT, axlar_synliga

# Exempelvärden för mallen Resursfördelning socialnämnden: en tänkt kommun med ca 19 000 invånare.
# De är ILLUSTRATIVA (inte en verklig kommuns prognos eller priser) och ska ersättas av användaren.
RESURS_AR = list(range(2025, 2030))  # mallens förvalda horisont (Inställningar!B2:B3)
RESURS_MAX_AR = 10  # matrisformlerna rymmer högst så många år (B3 begränsas med dataverifiering); efter sista året tomt
RESURS_ALLA_AR = list(range(RESURS_AR[0], RESURS_AR[0] + RESURS_MAX_AR))  # Befolkning och PKV: alla år mallen rymmer
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
        [[g, *[n + d * i for i in range(RESURS_MAX_AR)]] for g, (n, d) in RESURS_BEFOLKNING.items()],
        columns=["grupp", *RESURS_ALLA_AR],
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
    pkv = pd.DataFrame({"ar": RESURS_ALLA_AR[1:], "pkv": [0.03] * (RESURS_MAX_AR - 1)})
    pkv_omr = indatatabell(p, pkv, rad=1, kolumn=5, format_="0.0%")
    p.cell(row=len(pr) + 3, column=1, value="Pris år 1 i kr per volymenhet (IFO: kommunens standardkostnad kr/inv). Senare år räknas upp med PKV.")

    st = wb.create_sheet("Inställningar")
    st.column_dimensions["A"].width = 30
    st.column_dimensions["B"].width = 70
    modell = indatacell(st, "B1", "Modeller", RESURS_MODELLER)
    fran = indatacell(st, "B2", "Första budgetår", RESURS_AR[0])
    till = indatacell(st, "B3", "Sista budgetår", RESURS_AR[-1])
    dv = DataValidation(type="whole", operator="between", formula1="$B$2", formula2=f"$B$2+{RESURS_MAX_AR - 1}",
                        showErrorMessage=True, errorTitle="Sista budgetår",
                        error=f"Sista budgetår ska vara ett helt år från första budgetåret (B2) och högst {RESURS_MAX_AR - 1} år senare: "
                              f"mallens tabeller rymmer {RESURS_MAX_AR} år.")
    st.add_data_validation(dv)
    dv.add("B3")
    st["C3"] = f"Högst {RESURS_MAX_AR} år (B2 till B2+{RESURS_MAX_AR - 1}); efter sista året är raderna i Ramar och Detalj tomma."

    args = f"{modell},'Befolkning'!{bef_omr},{fran},{till},'Priser'!{pr_omr},'Priser'!{pkv_omr}"
    n_ram, n_komp = RESURS_MAX_AR + 1, len(RESURS_PRISER)
    n_detalj = n_komp * RESURS_MAX_AR + 1
    r = wb.create_sheet("Ramar", 1)
    r["A1"] = "Socialnämndens ram per år"
    r["A1"].font = fet(size=12)
    ramomr = matrisformel(r, "A3", n_ram, 8, f"=XLM_RESURS_RAMAR({args},{n_ram})")
    for rad in r.iter_rows(min_row=4, max_row=n_ram + 2, min_col=3, max_col=8):
        for c in rad:
            c.number_format = FORMAT["mnkr"] if c.column == 4 else FORMAT["kr_per_inv"]
    rubrikstil(r, "A3:H3")
    r.column_dimensions["A"].width = 16
    r.freeze_panes = "A4"
    r["A2"] = "Belopp i kronor; ram_mnkr i miljoner kronor. Förändringen mot året före delas upp i volym-, pris- och påslagseffekt."
    diagram = BarChart()
    diagram.title, diagram.y_axis.title = "Socialnämndens ram per år, mnkr", "mnkr"
    diagram.add_data(Reference(r, min_col=4, min_row=3, max_row=n_ram + 2), titles_from_data=True)
    diagram.set_categories(Reference(r, min_col=2, min_row=4, max_row=n_ram + 2))
    axlar_synliga(diagram)
    diagram.legend = None
    diagram.y_axis.numFmt = "#,##0"
    diagram.width, diagram.height = 18, 9
    r.add_chart(diagram, f"A{n_ram + 4}")
    # varför en förändring saknas (tomma celler i ramen och i Detalj): en anmärkning per modell och år högst
    n_anm = 1 + len(RESURS_MODELLER.split(";")) * RESURS_MAX_AR
    anmomr = matrisformel(r, "J3", n_anm, 1, f"=XLM_RESURS_ANMARKNINGAR({args},{n_anm})")
    rubrikstil(r, "J3:J3")
    r.column_dimensions["J"].width = 110

    d = wb.create_sheet("Detalj", 2)
    detaljomr = matrisformel(d, "A1", n_detalj, 15, f"=XLM_RESURS_TABELL({args},{n_detalj})")
    rubrikstil(d, "A1:O1")
    for kol, fmt in zip("EFHIJKLMNO", (FORMAT["antal"], FORMAT["antal"], FORMAT["antal"], "0%", FORMAT["kr_per_inv"],
                                        FORMAT["mnkr"], *[FORMAT["kr_per_inv"]] * 4)):
        format_omrade(d, f"{kol}2:{kol}{n_detalj}", fmt)
    d.column_dimensions["B"].width = 26
    d.column_dimensions["D"].width = 24
    d.freeze_panes = "E2"

    om_flik(wb, "Resursfördelning socialnämnden", [
        "Volym multiplicerat med ett ersättningsbelopp per volymenhet (seed 001): IFO, äldreomsorg, LSS, hälso- och sjukvård.",
        "IFO = kommunens standardkostnad för IFO (kr/inv) × (1 + påslag: 10 % före 2023, 5 % från 2023) × invånare.",
        "LSS = Σ antal insatser × genomsnittskostnad per insats (LSS-utjämningens prislappar).",
        f"Ramarna räknas av =XLM_RESURS_RAMAR(...) i Ramar!{ramomr}; varje komponent i Detalj!{detaljomr}.",
        "Förändringen mot året före delas upp i volym-, pris- och påslagseffekt.",
        f"Där förändringen saknas (tomma celler, t.ex. första året utan befolkning året före) säger Ramar!{anmomr} varför.",
        "Rapport: ramarna och anmärkningarna som värden när filen skrevs (läses i alla kalkylprogram, också utan xlwings).",
        f"Horisonten (Inställningar!B2:B3) är högst {RESURS_MAX_AR} år; raderna efter sista året är tomma.",
        "Befolkning och priser är EXEMPELVÄRDEN för en tänkt kommun: ersätt de gula cellerna med kommunens egna.",
        "Kriterier (seed 001): opåverkbarhet, låga kostnader, stabilitet utan tröskeleffekter, offentliga data senast i februari.",
    ], ["Seed 001: Uppdrag resursfördelningsmodell socialnämnden.", "Förordning (2008:776) 5 § och bilaga (LSS-prislappar)."])
    _rapportblad(wb, bef, pr, dict(zip(pkv["ar"], pkv["pkv"])))
    konf_flik(wb)
    spara(wb, sokvag)
    return Path(sokvag)


def _rapportblad(wb, befolkning: pd.DataFrame, priser: pd.DataFrame, pkv: dict) -> None:
    """Bladet Rapport (efter Om): ramarna per nämnd och år och anmärkningarna som värden, räknade av motorn med
    mallens exempelvärden när filen skrevs. Det läses i varje kalkylprogram; de levande tabellerna (som räknar om
    med xlwings) är Ramar och Detalj."""
    import xlmodel

    res = xlmodel.resursfordelning(RESURS_MODELLER.split(";"), befolkning, RESURS_AR, priser=priser, prisupprakning=pkv)
    ramar = xlmodel.resursfordelning_ramar(res)
    vardeblad(wb, f"Socialnämndens ram {RESURS_AR[0]}–{RESURS_AR[-1]} (EXEMPELVÄRDEN)",
              "Värden när filen skrevs, med mallens exempelvärden (Befolkning, Priser). De levande tabellerna, som "
              "räknar om när du ändrar en gul cell, är Ramar och Detalj. Anmärkningarna säger varför en förändring saknas.",
              ramar, {"namnd": ("Nämnd", None), "ar": ("År", None), "ram_mnkr": ("Ram, mnkr", FORMAT["mnkr"]),
                      "forandring": ("Förändring, kr", FORMAT["kr_per_inv"]),
                      "volymeffekt": ("Volymeffekt, kr", FORMAT["kr_per_inv"]),
                      "priseffekt": ("Priseffekt, kr", FORMAT["kr_per_inv"]),
                      "paslagseffekt": ("Påslagseffekt, kr", FORMAT["kr_per_inv"])}, res.attrs["anmarkningar"])

