"""Mall 3: LSS-utjämning enligt Ds 1999:72 modell 1 (lss_ds1999_72.xlsx)."""
from __future__ import annotations

from pathlib import Path

from openpyxl.chart import Reference, ScatterChart, Series
from openpyxl.utils import get_column_letter

from .mall import (fet, format_omrade, indatacell, indatatabell, konf_flik, kolumnforklaring, matrisformel, ny_arbetsbok,
                   om_flik, rubrikstil, spara, vardeblad)
from .utskrift import FORMAT, axlar_synliga


#: Schablonerna och valen i fliken Schabloner (Ds 1999:72 avsnitt 5.1.3–5.1.4): förvalda värden.
SCHABLONER = {"schablon_personkrets": 102_000, "schablon_boende": 500_000, "schablon_daglig_verksamhet": 138_000,
              "andel_boende": 1, "sparregler": 1, "riksgenomsnitt": 1_750}
SCHABLONCELLER = [  # (namn, etikett, talformat) i cellerna B3:B8
    ("schablon_personkrets", "Personkrets 1–2, kr per person", "#,##0"),
    ("schablon_boende", "Särskilt boende, kr per person", "#,##0"),
    ("schablon_daglig_verksamhet", "Daglig verksamhet, kr per person", "#,##0"),
    ("andel_boende", "Andel av boendeschablonen (1 eller 0,9)", "0.00"),
    ("sparregler", "Spärregler (1 = ja, 0 = nej)", "0"),
    ("riksgenomsnitt", "Rikets genomsnittliga LSS-kostnad, kr/inv", "#,##0"),
]
#: Tabell H i bladet Rapport: kolumn → (rubrik, talformat).
RAPPORT_KOLUMNER = {
    "kommun": ("Kommun", None), "invanare": ("Invånare", FORMAT["antal"]),
    "standardkostnad": ("Standardkostnad, kr/inv", FORMAT["kr_per_inv"]), "kostnad": ("Kostnad RS 1998, kr/inv", FORMAT["kr_per_inv"]),
    "bidrag_utan_sparr": ("Bidrag (+) / avgift (−) utan spärr, kr/inv", FORMAT["kr_per_inv"]),
    "bidrag_med_sparr": ("Bidrag (+) / avgift (−) med spärr, kr/inv", FORMAT["kr_per_inv"]),
    "netto_med_sparr": ("Netto med spärr, kr/inv", FORMAT["kr_per_inv"]),
}


def bygg_lss_ds1999(sokvag) -> Path:
    """Mall 3: LSS-utjämning enligt Ds 1999:72 modell 1: Tabell G in, Tabell H ut, med spärreglerna."""
    from ..lss_ds1999 import ds1999_tabell_g, ds1999_tabell_h

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
    ref = [indatacell(s, f"B{rad}", text, SCHABLONER[namn], fmt)
           for rad, (namn, text, fmt) in enumerate(SCHABLONCELLER, start=3)]
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
    diagram = ScatterChart(scatterStyle="marker")  # c:scatterStyle krävs av schemat (ECMA-376)
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

    _rapportblad(wb, indata)
    om_flik(wb, "LSS-utjämning enligt Ds 1999:72, modell 1", [
        "Tabell G (personer per 10 000 invånare, Socialstyrelsen 1999) in, Tabell H ut.",
        f"Tabell H räknas av =XLM_LSS1999_TABELL(...) i {utomrade} (matrisformel).",
        "Ändra schablonerna i fliken Schabloner, eller siffrorna i Tabell G, så räknas Tabell H om.",
        f"{len(g) - len(indata)} kommuner med i.u. i Tabell G saknas (kan inte räknas).",
    ], ["Ds 1999:72 Utjämning av LSS-kostnader mellan kommuner, bilaga 2 tabell G och bilaga 3 tabell H."])
    konf_flik(wb)
    spara(wb, sokvag)
    return Path(sokvag)


def _rapportblad(wb, indata) -> None:
    """Bladet Rapport: Tabell H som värden med de förvalda schablonerna, räknad av motorn när filen skrevs (läses i
    varje kalkylprogram; den levande tabellen, som räknar om med xlwings, är Tabell H)."""
    import xlmodel

    val = dict(SCHABLONER)
    sparregler, riksgenomsnitt = bool(val.pop("sparregler")), val.pop("riksgenomsnitt")
    kostnad = indata.set_index("kommun")["kostnad"]
    res = xlmodel.lss_ds1999_modell1(indata.drop(columns="kostnad"), kostnad, schabloner=val, sparregler=sparregler,
                                     riksgenomsnitt=riksgenomsnitt).reset_index()
    vardeblad(wb, "LSS-utjämning enligt Ds 1999:72, modell 1: Tabell H",
              "Värden när filen skrevs, med schablonerna i fliken Schabloner som förvalda. Den levande tabellen, som räknar "
              "om när du ändrar en gul cell, är Tabell H.", res, RAPPORT_KOLUMNER, index=0)


# Exempelvärden för mallen Resursfördelning socialnämnden: en tänkt kommun med ca 19 000 invånare.
